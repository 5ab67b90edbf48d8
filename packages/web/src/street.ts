import { api } from './api.js';
import { showError } from './auth.js';
import { field, h, replace } from './dom.js';
import { categoryName, t } from './i18n.js';
import { fieldEvaluationSection } from './field-evaluation.js';
import { feedbackSection, surveySummarySection } from './street-feedback.js';
import type { Category, Outlet, User } from './types.js';

/**
 * The street office's page: the review queue (pending listings of its street, approved or rejected with a
 * reason), the field-evaluation checklist and past evaluations, residents' reports and requests, survey aggregates.
 */
export function renderStreet(root: HTMLElement, categories: Category[], user: User): () => void {
  const byId = new Map(categories.map((category) => [category.id, category]));
  const list = h('ul', { class: 'review-list', id: 'review-queue', 'aria-live': 'polite' });
  const message = h('p', { class: 'status', role: 'status' });
  replace(
    root,
    h('main', { class: 'page' }, h('h2', {}, t('reviewQueue')), message, list),
    fieldEvaluationSection(categories, user),
    surveySummarySection(),
    feedbackSection(),
  );

  async function refresh(): Promise<void> {
    const { outlets } = await api<{ outlets: Outlet[] }>('GET', '/api/street/outlets?status=pending');
    if (outlets.length === 0) {
      replace(list, h('li', { class: 'empty' }, t('queueEmpty')));
      return;
    }
    replace(list, ...outlets.map(item));
  }

  function item(outlet: Outlet): HTMLLIElement {
    const reason = h('input', { name: 'reason', maxlength: 500 });
    const review = (decision: 'approve' | 'reject') => () =>
      api('POST', `/api/street/outlets/${outlet.id}/review`, {
        decision,
        ...(decision === 'reject' && reason.value.trim() !== '' ? { reason: reason.value.trim() } : {}),
      })
        .then(refresh)
        .catch((error: unknown) => showError(message, error));
    return h(
      'li',
      { 'data-outlet-id': outlet.id },
      h('h3', {}, outlet.name),
      h('p', { class: 'meta' }, outlet.categoryIds.map((id) => categoryName(byId.get(id), id)).join('、')),
      h(
        'p',
        {},
        `${t('hours')}: ${outlet.openingHours ?? '—'} · ${t('location')}: ${outlet.location.map((v) => v.toFixed(5)).join(', ')}`,
      ),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'approve', onclick: review('approve') }, t('approve')),
        field(t('rejectReason'), reason),
        h('button', { type: 'button', class: 'secondary reject', onclick: review('reject') }, t('reject')),
      ),
    );
  }
  void refresh();
  return () => undefined;
}
