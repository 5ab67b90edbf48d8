import { api, query } from './api.js';
import { showError } from './auth.js';
import { h, replace } from './dom.js';
import { categoryName, t } from './i18n.js';
import type { Category, NearbyOutlet } from './types.js';

/** The walk the sheet covers: a quarter of an hour at an elderly person's pace. */
const SHEET_MINUTES = 15;
/** The API's largest page; the sheet says when the list may be longer. */
const SHEET_LIMIT = 100;

/**
 * A large-print A4 sheet of the services within 15 minutes' walk of a point (`#/print?lng=&lat=`) at the
 * elderly pace, grouped by format (each outlet under its first format, so it appears once) with walking
 * minutes, hours and phone; the page's print CSS sets A4 and at least 16 pt.
 */
export function renderPrintSheet(root: HTMLElement, categories: Category[]): () => void {
  const byId = new Map(categories.map((category) => [category.id, category]));
  const params = new URLSearchParams(location.hash.replace(/^[^?]*\??/, ''));
  const lng = Number(params.get('lng'));
  const lat = Number(params.get('lat'));
  const body = h('div', { id: 'print-body', 'aria-live': 'polite' }, t('loading'));
  const title = h('h2', {}, t('printTitle'));
  replace(
    root,
    h(
      'main',
      { class: 'print-sheet' },
      h(
        'div',
        { class: 'no-print' },
        h('button', { type: 'button', id: 'print-button', onclick: () => window.print() }, t('print')),
      ),
      title,
      body,
    ),
  );
  if (params.get('lng') === null || params.get('lat') === null || !Number.isFinite(lng) || !Number.isFinite(lat)) {
    body.textContent = t('printNeedsPoint');
    return () => undefined;
  }
  void (async () => {
    try {
      const answer = await api<{ results: NearbyOutlet[] }>(
        'GET',
        `/api/outlets/nearby?${query({ lng, lat, profile: 'elderly', maxMinutes: SHEET_MINUTES, limit: SHEET_LIMIT })}`,
      );
      const groups = new Map<string, NearbyOutlet[]>();
      for (const outlet of answer.results) {
        const key = outlet.categoryIds[0] ?? '';
        groups.set(key, [...(groups.get(key) ?? []), outlet]);
      }
      // Formats in taxonomy order, so the same sheet reads the same way every time.
      const order = new Map(categories.map((category, index) => [category.id, index]));
      const keys = [...groups.keys()].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9));
      replace(
        body,
        h('p', { class: 'print-origin' }, `${t('printOrigin')} ${lng.toFixed(5)}, ${lat.toFixed(5)}`),
        answer.results.length === 0 ? h('p', {}, t('noResults')) : null,
        answer.results.length === SHEET_LIMIT ? h('p', {}, t('printTruncated')) : null,
        ...keys.map((key) =>
          h(
            'section',
            { class: 'print-group', 'data-category-id': key },
            h('h3', {}, categoryName(byId.get(key), key)),
            h(
              'table',
              {},
              h(
                'tbody',
                {},
                ...groups
                  .get(key)!
                  .map((outlet) =>
                    h(
                      'tr',
                      { 'data-outlet-id': outlet.id },
                      h('th', { scope: 'row' }, outlet.name),
                      h('td', { class: 'walk' }, `${t('walk')} ${Math.round(outlet.walkMinutes)} ${t('minutes')}`),
                      h('td', {}, outlet.openingHours ?? '—'),
                      h('td', {}, outlet.phone ?? '—'),
                    ),
                  ),
              ),
            ),
          ),
        ),
      );
    } catch (error) {
      showError(body, error);
    }
  })();
  return () => undefined;
}
