import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { api, query } from './api.js';
import { showError } from './auth.js';
import { compoundSearch } from './compound-search.js';
import { field, h, replace } from './dom.js';
import { categoryName, currentLang, t } from './i18n.js';
import {
  bboxParam,
  centerOn,
  createMap,
  pickedLocation,
  pickWithEnter,
  outletsToGeoJson,
  circlesToGeoJson,
  pointsToGeoJson,
  roundCoordinate,
  setData,
  whenLoaded,
} from './map.js';
import { followBaseLayers } from './base-layers.js';
import type { Category, Circle, LngLat, NearbyOutlet, PublicOutlet } from './types.js';

/** Formats offered in elderly mode: daily needs only, so there are fewer choices. */
const ELDERLY_CATEGORIES = ['breakfast', 'fresh_grocery', 'pharmacy', 'repair_point', 'community_canteen', 'community_health'];

/** Shared state the shell passes in. */
export interface ResidentContext {
  categories: Category[];
  isElderlyMode: boolean;
  attribution: string;
}

type OpenMode = 'any' | 'now' | 'at';

/** How many nearest outlets elderly mode lists. */
const ELDERLY_LIST_LENGTH = 5;

/**
 * Opening hours in words (the library's reading), with the OSM text beside them; '—' without hours. The
 * library (with every country's holidays) is loaded on first use, so the resident map starts without it.
 */
function hoursInWords(text: string | null): HTMLElement {
  const cell = h('dd', { class: 'hours' }, text === null || text.trim() === '' ? '—' : text);
  if (text === null || text.trim() === '') return cell;
  void import('./core/weekly-hours.js').then(({ describeOpeningHours }) => {
    const words = describeOpeningHours(text, currentLang());
    if (words !== null) replace(cell, words, h('span', { class: 'meta raw-hours', lang: 'en' }, ` (${text})`));
  });
  return cell;
}

/** Today's date in China (UTC+8) as `YYYY-MM-DD`: the API reads an `openAt` without offset as China time. */
export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The resident home page: map, format chips, search, nearest-first list, outlet card, reports and requests. */
export function renderResident(root: HTMLElement, context: ResidentContext): () => void {
  const { categories, isElderlyMode } = context;
  const byId = new Map(categories.map((category) => [category.id, category]));
  // Walk-evaluated formats: those the guide gives a walking-time target.
  const chipIds = isElderlyMode
    ? ELDERLY_CATEGORIES.filter((id) => byId.has(id))
    : categories.filter((category) => category.defaultWalkMinutes !== null).map((category) => category.id);
  const state = {
    categoryId: 'breakfast' as string | undefined,
    profile: (isElderlyMode ? 'elderly' : 'adult') as 'adult' | 'elderly',
    openMode: 'any' as OpenMode,
    openTime: '07:00',
    origin: null as LngLat | null,
  };
  const nameOf = (id: string) => (id === 'repair_point' ? t('repairChip') : categoryName(byId.get(id), id));
  // Chips carry the short name: the part before " / " or " (" of the English names.
  const chipName = (id: string) => nameOf(id).split(/ \/ | \(/)[0]!;

  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' }, t('tapMap'));
  const list = h('ol', { class: 'outlet-list', id: 'results-list' });
  const resultsTitle = h('h2', {}, t('results'));
  const card = h('section', { class: 'card', id: 'outlet-card', hidden: true, 'aria-live': 'polite' });
  const requestBox = h('section', { class: 'request-box', hidden: true });

  // Search box.
  const keywordInput = h('input', { type: 'search', name: 'keyword', id: 'keyword', autocomplete: 'off' });
  const searchForm = h(
    'form',
    { class: 'search', role: 'search', onsubmit: (event: Event) => (event.preventDefault(), void runSearch()) },
    field(t('search'), keywordInput),
    h('button', { type: 'submit' }, t('searchButton')),
  );

  // Format chips.
  // One Tab stop for all chips (the chosen one); arrow keys move between them, Enter or Space chooses (toolbar pattern).
  const chips = h('div', { class: 'chips', role: 'toolbar', 'aria-label': t('categories') });
  const drawChips = () =>
    replace(
      chips,
      ...[undefined, ...chipIds].map((id) =>
        h(
          'button',
          {
            type: 'button',
            class: 'chip',
            'data-category': id ?? 'all',
            'aria-pressed': String(state.categoryId === id),
            tabindex: state.categoryId === id ? 0 : -1,
            onclick: () => {
              state.categoryId = id;
              drawChips();
              chips.querySelector<HTMLElement>('[tabindex="0"]')?.focus();
              void refreshOutlets();
              showNearby();
            },
          },
          id === undefined ? t('allFormats') : chipName(id),
        ),
      ),
    );
  chips.addEventListener('keydown', (event: KeyboardEvent) => {
    const buttons = [...chips.querySelectorAll<HTMLButtonElement>('button.chip')];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = {
      ArrowRight: index + 1,
      ArrowDown: index + 1,
      ArrowLeft: index - 1,
      ArrowUp: index - 1,
      Home: 0,
      End: buttons.length - 1,
    }[event.key];
    if (next === undefined || index < 0) return;
    event.preventDefault();
    const target = buttons[(next + buttons.length) % buttons.length]!;
    for (const button of buttons) button.tabIndex = button === target ? 0 : -1;
    target.focus();
  });
  drawChips();

  // Walking profile (hidden in elderly mode, which always uses the elderly speed).
  const profileSelect = h(
    'select',
    { name: 'profile', id: 'profile' },
    h('option', { value: 'adult' }, t('adult')),
    h('option', { value: 'elderly' }, t('elderly')),
  );
  profileSelect.value = state.profile;
  profileSelect.addEventListener('change', () => {
    state.profile = profileSelect.value === 'elderly' ? 'elderly' : 'adult';
    showNearby();
  });

  // Opening-time filter.
  const openSelect = h(
    'select',
    { name: 'open', id: 'open-filter' },
    h('option', { value: 'any' }, t('anyTime')),
    h('option', { value: 'now' }, t('openNow')),
    h('option', { value: 'at' }, t('openAt')),
  );
  const timeInput = h('input', { type: 'time', name: 'openTime', id: 'open-time', value: state.openTime, step: 60 });
  const timeField = field(t('openAtTime'), timeInput);
  timeField.hidden = true;
  openSelect.addEventListener('change', () => {
    state.openMode = openSelect.value as OpenMode;
    timeField.hidden = state.openMode !== 'at';
    refreshList();
  });
  timeInput.addEventListener('change', () => {
    state.openTime = timeInput.value || '07:00';
    refreshList();
  });
  /** Whether the list shows search results (a filter change then searches again) rather than nearby ones. */
  let isSearchShown = false;
  const refreshList = () => (isSearchShown ? void runSearch() : showNearby());

  const requestButton = h(
    'button',
    { type: 'button', class: 'secondary', disabled: true, onclick: () => showRequestForm() },
    t('requestService'),
  );

  // The device's position when the browser may give it (https or localhost); tapping the map always works.
  const locateButton = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      id: 'locate',
      onclick: () =>
        navigator.geolocation.getCurrentPosition(
          (position) => {
            const origin: LngLat = [roundCoordinate(position.coords.longitude), roundCoordinate(position.coords.latitude)];
            centerOn(map, origin);
            setOrigin(origin);
          },
          () => (status.textContent = t('noGeolocation')),
          { enableHighAccuracy: true, timeout: 10_000 },
        ),
    },
    t('useDeviceLocation'),
  );
  // The large-print sheet of the chosen point; shown once there is one.
  const printLink = h('a', { id: 'print-link', class: 'print-link', hidden: true }, t('printSheet'));
  const mapElement = h('div', { class: 'map', id: 'map', role: 'region', 'aria-label': t('myLocation') });
  const panel = h(
    'section',
    { class: 'panel', 'aria-label': t('categories') },
    searchForm,
    chips,
    h(
      'div',
      { class: 'filters' },
      isElderlyMode ? null : field(t('profile'), profileSelect),
      field(t('openFilter'), openSelect),
      timeField,
    ),
    'geolocation' in navigator ? locateButton : null,
    compoundSearch((compound) => {
      centerOn(map, compound.location);
      setOrigin(compound.location);
    }),
    status,
    printLink,
  );
  const results = h('section', { class: 'results', 'aria-label': t('results') }, resultsTitle, list, requestButton, requestBox);
  replace(root, h('main', { class: 'resident' }, panel, h('div', { class: 'map-wrap' }, mapElement), results, card));

  const map: MapLibreMap = createMap(mapElement, context.attribution, isElderlyMode ? 14 : 13);
  let disposed = false;
  // Keyboard: arrow keys pan (MapLibre), Enter sets my location at the map's middle (marked while focused).
  pickWithEnter(map, t('mapKeyboard'), setOrigin);

  whenLoaded(map, () => {
    void api<{ circles: Circle[] }>('GET', '/api/circles').then(({ circles }) =>
      setData(map, 'circles', circlesToGeoJson(circles)),
    );
    void refreshOutlets();
    followBaseLayers(map);
    map.on('moveend', () => void refreshOutlets());
    map.on('click', 'outlets', (event) => {
      const id = Number(event.features?.[0]?.properties?.id);
      if (Number.isInteger(id)) void showOutlet(id);
    });
    map.on('mouseenter', 'outlets', () => (map.getCanvas().style.cursor = 'pointer'));
    map.on('mouseleave', 'outlets', () => (map.getCanvas().style.cursor = ''));
    map.on('click', (event: MapMouseEvent) => {
      if (map.queryRenderedFeatures(event.point, { layers: ['outlets'] }).length > 0) return;
      setOrigin(pickedLocation(event.lngLat));
    });
  });

  let outletsRequest = 0;
  async function refreshOutlets(): Promise<void> {
    const ticket = ++outletsRequest;
    const answer = await api<{ items: PublicOutlet[] }>(
      'GET',
      `/api/outlets?${query({ bbox: bboxParam(map), category: state.categoryId, limit: 500 })}`,
    );
    if (ticket === outletsRequest && !disposed) setData(map, 'outlets', outletsToGeoJson(answer.items));
  }

  function setOrigin(origin: LngLat): void {
    state.origin = origin;
    list.dataset.origin = `${origin[0]},${origin[1]}`;
    printLink.href = `#/print?${query({ lng: origin[0], lat: origin[1] })}`;
    printLink.hidden = false;
    requestButton.disabled = false;
    setData(map, 'marks', pointsToGeoJson([{ location: origin, color: '#111111' }]));
    showNearby();
  }

  let nearbyRequest = 0;
  /** Refreshes the nearest-first list; a failed request (no network, rate limit) is said in the status line. */
  function showNearby(): void {
    refreshNearby().catch((error: unknown) => {
      list.removeAttribute('aria-busy');
      showError(status, error);
    });
  }

  async function refreshNearby(): Promise<void> {
    const origin = state.origin;
    if (origin === null) return;
    isSearchShown = false;
    const ticket = ++nearbyRequest;
    list.setAttribute('aria-busy', 'true');
    status.textContent = t('loading');
    const answer = await api<{ results: NearbyOutlet[]; note?: string }>(
      'GET',
      `/api/outlets/nearby?${query({ lng: origin[0], lat: origin[1], category: state.categoryId, profile: state.profile, limit: 50 })}`,
    );
    let found = answer.results;
    if (state.openMode === 'now') found = found.filter((outlet) => outlet.isOpenNow === true);
    if (state.openMode === 'at') {
      // Nearby answers "open now" only; for another time, keep the outlets the list says are open then.
      const around = [origin[0] - 0.03, origin[1] - 0.03, origin[0] + 0.03, origin[1] + 0.03]
        .map((value) => value.toFixed(5))
        .join(',');
      const open = await api<{ items: PublicOutlet[] }>(
        'GET',
        `/api/outlets?${query({ bbox: around, category: state.categoryId, openAt: `${chinaToday()}T${state.openTime}`, limit: 500 })}`,
      );
      const openIds = new Set(open.items.map((outlet) => outlet.id));
      found = found.filter((outlet) => openIds.has(outlet.id));
    }
    if (ticket !== nearbyRequest || disposed) return;
    resultsTitle.textContent = t('results');
    list.dataset.profile = state.profile;
    // Elderly mode shows the few nearest only: fewer choices, bigger rows.
    const shown = found.slice(0, isElderlyMode ? ELDERLY_LIST_LENGTH : found.length);
    replace(list, ...shown.map((outlet) => nearbyItem(outlet)));
    list.removeAttribute('aria-busy');
    // Said by screen readers (the status line is a polite live region): how many, and the nearest.
    const nearest = shown[0];
    status.textContent =
      nearest === undefined
        ? (answer.note ?? t('noResults'))
        : `${t('results')}: ${shown.length}。${t('nearest')}：${nearest.name}，${t('walk')} ${nearest.walkMinutes} ${t('minutes')}`;
  }

  /** The API's `openAt` for the opening-time filter: now (an instant), today at the chosen China time, or none. */
  function openAtParam(): string | undefined {
    if (state.openMode === 'now') return new Date().toISOString();
    if (state.openMode === 'at') return `${chinaToday()}T${state.openTime}`;
    return undefined;
  }

  /** "Open" now, or at the chosen time (the list then holds only outlets open at that time). */
  function openLabel(outlet: NearbyOutlet): HTMLElement | null {
    if (state.openMode === 'at') return h('span', { class: 'open' }, `${state.openTime} ${t('open')}`);
    if (outlet.isOpenNow === null) return null;
    return h('span', { class: outlet.isOpenNow ? 'open' : 'closed' }, outlet.isOpenNow ? t('open') : t('closed'));
  }

  function nearbyItem(outlet: NearbyOutlet): HTMLLIElement {
    return h(
      'li',
      { 'data-outlet-id': outlet.id },
      h(
        'button',
        { type: 'button', class: 'outlet-row', onclick: () => void showOutlet(outlet.id, outlet) },
        h('span', { class: 'name' }, outlet.name),
        h('span', { class: 'meta' }, outlet.categoryIds.map(nameOf).join('、')),
        h(
          'span',
          { class: 'walk' },
          `${t('walk')} `,
          h('strong', { class: 'walk-minutes', 'data-minutes': outlet.walkMinutes }, String(outlet.walkMinutes)),
          ` ${t('minutes')}`,
        ),
        openLabel(outlet),
      ),
    );
  }

  async function runSearch(): Promise<void> {
    const keyword = keywordInput.value.trim();
    if (keyword === '') return;
    isSearchShown = true;
    // The opening-time filter applies to searches too ("早餐" open at 07:00).
    const answer = await api<{ items: PublicOutlet[]; total: number }>(
      'GET',
      `/api/outlets?${query({ keyword, limit: 30, openAt: openAtParam() })}`,
    );
    resultsTitle.textContent = `${t('searchResults')}: ${answer.total}`;
    // The found outlets on the map too (until the next move redraws the chosen format).
    setData(map, 'outlets', outletsToGeoJson(answer.items));
    replace(
      list,
      ...answer.items.map((outlet) =>
        h(
          'li',
          { 'data-outlet-id': outlet.id },
          h(
            'button',
            { type: 'button', class: 'outlet-row', onclick: () => void showOutlet(outlet.id, outlet) },
            h('span', { class: 'name' }, outlet.name),
            h('span', { class: 'meta' }, outlet.categoryIds.map(nameOf).join('、')),
          ),
        ),
      ),
    );
    status.textContent = `${t('searchResults')}: ${answer.total}`;
  }

  async function showOutlet(id: number, known?: PublicOutlet): Promise<void> {
    const outlet = known ?? (await api<PublicOutlet>('GET', `/api/outlets/${id}`));
    const feedback = h('p', { class: 'status', role: 'status' });
    const report = (kind: 'closed' | 'wrong_info') => async () => {
      // A rate-limited or failed report says why (the API's message, in the user's language).
      await api('POST', '/api/reports', { outletId: outlet.id, kind })
        .then(() => (feedback.textContent = t('reportThanks')))
        .catch((error: unknown) => showError(feedback, error));
    };
    const walk = (outlet as Partial<NearbyOutlet>).walkMinutes;
    replace(
      card,
      h('h2', { tabindex: -1, id: 'outlet-card-title' }, outlet.name),
      h('p', { class: 'meta' }, outlet.categoryIds.map(nameOf).join('、')),
      walk === undefined ? null : h('p', {}, `${t('walk')} ${walk} ${t('minutes')}`),
      h(
        'dl',
        {},
        h('dt', {}, t('hours')),
        hoursInWords(outlet.openingHours),
        h('dt', {}, t('services')),
        h('dd', {}, outlet.services.length === 0 ? '—' : outlet.services.join('、')),
        h('dt', {}, t('phone')),
        h('dd', {}, outlet.phone === null ? '—' : h('a', { href: `tel:${outlet.phone}` }, outlet.phone)),
        h('dt', {}, t('address')),
        h('dd', {}, outlet.address ?? '—'),
        h('dt', {}, t('lastVerified')),
        h('dd', {}, outlet.lastVerified === null ? t('never') : outlet.lastVerified.slice(0, 10)),
      ),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', onclick: () => void report('closed')() }, t('reportClosed')),
        h('button', { type: 'button', class: 'secondary', onclick: () => void report('wrong_info')() }, t('reportWrong')),
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              card.hidden = true;
              setData(map, 'route', { type: 'FeatureCollection', features: [] });
            },
          },
          t('close'),
        ),
      ),
      feedback,
    );
    card.hidden = false;
    card.scrollIntoView({ block: 'nearest' });
    // The card's title takes the focus, so keyboard and screen-reader users land on what they opened.
    card.querySelector<HTMLElement>('#outlet-card-title')?.focus();
    // Close enough to see the streets around it.
    centerOn(map, outlet.location, 16);
    // The walking route from my location, drawn over the streets (the same minutes as the list).
    setData(map, 'route', { type: 'FeatureCollection', features: [] });
    const origin = state.origin;
    if (origin !== null) {
      await api<{ geometry: GeoJSON.LineString; walkMinutes: number }>(
        'GET',
        `/api/outlets/${outlet.id}/route?${query({ lng: origin[0], lat: origin[1], profile: state.profile })}`,
      )
        .then((route) => {
          setData(map, 'route', {
            type: 'FeatureCollection',
            features: [{ type: 'Feature', geometry: route.geometry, properties: {} }],
          });
          card.dataset.routeMinutes = String(route.walkMinutes);
        })
        .catch(() => {
          // No route (off the network or too far): the card stands without one.
        });
    }
  }

  function showRequestForm(): void {
    const origin = state.origin;
    if (origin === null) return;
    const needInput = h('input', {
      name: 'need',
      required: true,
      maxlength: 100,
      value: state.categoryId ? nameOf(state.categoryId) : '',
    });
    const feedback = h('p', { class: 'status', role: 'status' });
    const form = h(
      'form',
      {
        onsubmit: (event: Event) => {
          event.preventDefault();
          void api('POST', '/api/requests', {
            need: needInput.value.trim(),
            lng: origin[0],
            lat: origin[1],
            ...(state.categoryId === undefined ? {} : { categoryId: state.categoryId }),
          })
            .then(() => (feedback.textContent = t('reportThanks')))
            .catch((error: unknown) => showError(feedback, error));
        },
      },
      field(t('need'), needInput),
      h('button', { type: 'submit' }, t('send')),
      feedback,
    );
    replace(requestBox, form);
    requestBox.hidden = false;
  }

  document.documentElement.dataset.lang = currentLang();
  return () => {
    disposed = true;
    map.remove();
  };
}
