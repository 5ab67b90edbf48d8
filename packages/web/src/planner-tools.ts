import maplibregl, { type Map as MapLibreMap, type Marker } from 'maplibre-gl';
import { api } from './api.js';
import { showError } from './auth.js';
import { field, h, replace } from './dom.js';
import { downloadWithToken } from './download.js';
import { categoryName, t } from './i18n.js';
import { displayPosition, setData } from './map.js';
import type { AreaGeometry, Category } from './types.js';

/** A select of the formats the guide gives a walking-time target (the ones planners evaluate). */
export function walkFormatSelect(categories: Category[], name: string, id: string): HTMLSelectElement {
  return h(
    'select',
    { name, id },
    ...categories
      .filter((category) => category.defaultWalkMinutes !== null)
      .map((category) => h('option', { value: category.id }, categoryName(category))),
  );
}

/** A site of `POST /api/planner/recommendations`, in the order chosen. */
interface RecommendedSite {
  lng: number;
  lat: number;
  gainResidents: number;
  cumulative: number;
}

interface Recommendation {
  categoryId: string;
  targetMinutes: number;
  residents: number;
  coveredResidentsBefore: number;
  sites: RecommendedSite[];
}

/** An existing circle as the delineation diagnoses it. */
interface ExistingDiagnosis {
  circleId: number;
  name: string;
  residents: number;
  shareBeyondWalk: number;
  isTooLarge: boolean;
  isTooDense: boolean;
  isTooSmall: boolean;
  isOverlapping: boolean;
  isSplit: boolean;
}

interface Delineation {
  proposed: { circles: { residents: number; boundary: AreaGeometry | null }[] };
  existing: { circles: ExistingDiagnosis[] };
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/**
 * The recommendation form: a format and k, then numbered markers on the map (HTML markers: the map has no
 * glyphs for text) and a list with the residents each site adds. Returns a function removing the markers.
 */
export function recommendationPanel(map: MapLibreMap, categories: Category[]): { element: HTMLElement; dispose: () => void } {
  const byId = new Map(categories.map((category) => [category.id, category]));
  const select = walkFormatSelect(categories, 'categoryId', 'recommend-category');
  const kInput = h('input', { name: 'k', type: 'number', min: 1, max: 20, value: 3, required: true });
  const result = h('div', { id: 'recommend-result', 'aria-live': 'polite' });
  let markers: Marker[] = [];
  const clearMarkers = () => {
    for (const marker of markers) marker.remove();
    markers = [];
  };
  const form = h(
    'form',
    {
      id: 'recommend-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        void run();
      },
    },
    h('h3', {}, t('recommendSites')),
    h('div', { class: 'coords' }, field(t('categories'), select), field(t('numSites'), kInput)),
    h('button', { type: 'submit' }, t('recommend')),
    result,
  );

  async function run(): Promise<void> {
    clearMarkers();
    result.textContent = t('loading');
    try {
      const answer = await api<Recommendation>('POST', '/api/planner/recommendations', {
        categoryId: select.value,
        k: Number(kInput.value),
      });
      markers = answer.sites.map((site, index) => {
        const element = h('div', { class: 'site-marker', 'data-index': index + 1 }, String(index + 1));
        return new maplibregl.Marker({ element }).setLngLat(displayPosition([site.lng, site.lat])).addTo(map);
      });
      replace(
        result,
        h(
          'p',
          {},
          `${categoryName(byId.get(answer.categoryId), answer.categoryId)} · ${answer.targetMinutes} min · ${t('coveredBefore')} ${percent(answer.coveredResidentsBefore / Math.max(1, answer.residents))}`,
        ),
        h(
          'ol',
          { class: 'site-list' },
          ...answer.sites.map((site) =>
            h(
              'li',
              { 'data-gain': site.gainResidents },
              `${site.lng.toFixed(5)}, ${site.lat.toFixed(5)} · +${site.gainResidents.toLocaleString()} ${t('residentsAdded')}`,
            ),
          ),
        ),
      );
    } catch (error) {
      showError(result, error);
    }
  }
  return { element: form, dispose: clearMarkers };
}

/** The proposed delineation: proposed boundaries drawn dashed, and a diagnosis table of the existing circles. */
export function delineationPanel(map: MapLibreMap): HTMLElement {
  const result = h('div', { id: 'delineation-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', id: 'delineation-run' }, t('delineationShow'));
  button.addEventListener('click', () => void run());

  async function run(): Promise<void> {
    result.textContent = t('loading');
    try {
      const answer = await api<Delineation>('GET', '/api/planner/delineation');
      const features: GeoJSON.Feature[] = [];
      for (const circle of answer.proposed.circles) {
        if (circle.boundary === null) continue;
        features.push({
          type: 'Feature',
          properties: { residents: circle.residents },
          geometry: circle.boundary as unknown as GeoJSON.Geometry,
        });
      }
      setData(map, 'proposed', { type: 'FeatureCollection', features });
      const flags = (circle: ExistingDiagnosis) =>
        [
          circle.isTooLarge ? t('flagTooLarge') : null,
          circle.isTooSmall ? t('flagTooSmall') : null,
          circle.isTooDense ? t('flagTooDense') : null,
          circle.isOverlapping ? t('flagOverlapping') : null,
          circle.isSplit ? t('flagSplit') : null,
        ]
          .filter((flag) => flag !== null)
          .join('、') || '—';
      replace(
        result,
        h('p', { id: 'proposed-count', 'data-count': features.length }, `${t('proposedCircles')}: ${features.length}`),
        h(
          'table',
          { id: 'diagnosis' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, t('circle')),
              h('th', {}, t('residents')),
              h('th', {}, t('beyondWalk')),
              h('th', {}, t('flags')),
            ),
          ),
          h(
            'tbody',
            {},
            ...answer.existing.circles.map((circle) =>
              h(
                'tr',
                { 'data-circle-id': circle.circleId },
                h('th', { scope: 'row' }, circle.name),
                h('td', {}, circle.residents.toLocaleString()),
                h('td', {}, percent(circle.shareBeyondWalk)),
                h('td', {}, flags(circle)),
              ),
            ),
          ),
        ),
      );
    } catch (error) {
      showError(result, error);
    }
  }
  return h('section', { class: 'tool' }, h('h3', {}, t('delineation')), button, result);
}

/** A button that downloads a report with the bearer token, saying failures in `status`. */
export function reportButton(label: string, path: string, fileName: string, status: HTMLElement): HTMLButtonElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary report',
      'data-path': path,
      onclick: () => {
        status.textContent = t('loading');
        downloadWithToken(path, fileName)
          .then(() => (status.textContent = ''))
          .catch((error: unknown) => showError(status, error));
      },
    },
    label,
  );
}

/** One compound of a walking-time surface. */
interface SurfaceFeature {
  type: 'Feature';
  geometry: GeoJSON.Geometry;
  properties: { id: number; name: string; residents: number; minutes: number | null; isWithinTarget: boolean };
}

/**
 * The walking-time surface of a format and profile (GET /api/planner/surface): every compound coloured by
 * the minutes to the nearest outlet, with the residents within the format's target.
 */
export function surfacePanel(map: MapLibreMap, categories: Category[]): HTMLElement {
  const select = walkFormatSelect(categories, 'surfaceCategory', 'surface-category');
  const profile = h(
    'select',
    { name: 'surfaceProfile', id: 'surface-profile' },
    h('option', { value: 'adult' }, t('adult')),
    h('option', { value: 'elderly' }, t('elderly')),
  );
  const result = h('p', { id: 'surface-result', class: 'status', role: 'status' });
  const legend = h(
    'ul',
    { class: 'legend' },
    ...[
      ['#1a9850', '≤ 5'],
      ['#91cf60', '5–10'],
      ['#fee08b', '10–15'],
      ['#d73027', '> 15'],
      ['#969696', t('surfaceUnreachable')],
    ].map(([color, label]) => h('li', {}, h('span', { class: 'swatch', style: `background:${color}` }), `${label}`)),
  );
  const show = async () => {
    try {
      const surface = await api<{ targetMinutes: number; features: SurfaceFeature[] }>(
        'GET',
        `/api/planner/surface?category=${encodeURIComponent(select.value)}&profile=${profile.value}`,
      );
      setData(map, 'surface', { type: 'FeatureCollection', features: surface.features });
      const within = surface.features
        .filter((f) => f.properties.isWithinTarget)
        .reduce((sum, f) => sum + f.properties.residents, 0);
      const total = surface.features.reduce((sum, f) => sum + f.properties.residents, 0);
      result.dataset.within = String(within);
      result.dataset.features = String(surface.features.length);
      result.textContent = `${t('surfaceWithin')} (${surface.targetMinutes} ${t('minutes')}): ${within} / ${total} (${percent(total > 0 ? within / total : 0)})`;
    } catch (error) {
      showError(result, error);
    }
  };
  return h(
    'section',
    { class: 'tool', id: 'surface' },
    h('h3', {}, t('surface')),
    field(t('categories'), select),
    field(t('profile'), profile),
    h('button', { type: 'button', id: 'surface-show', onclick: () => void show() }, t('surfaceShow')),
    legend,
    result,
  );
}
