import { api } from './api.js';
import { showError } from './auth.js';
import { followBaseLayers } from './base-layers.js';
import { field, h, replace } from './dom.js';
import { coverageChart } from './coverage-chart.js';
import { categoryName, t } from './i18n.js';
import { circlesToGeoJson, createMap, pickedLocation, pointsToGeoJson, setData, whenLoaded } from './map.js';
import { delineationPanel, recommendationPanel, reportButton, surfacePanel } from './planner-tools.js';
import type { Category, Circle, LngLat } from './types.js';

/** Fill colours of the four grades of the guide, strongest green to weakest red. */
export const GRADE_COLORS: Record<string, string> = {
  品质型: '#1a9850',
  提升型: '#a6d96a',
  基础型: '#fdae61',
  未达标: '#d73027',
};

interface AreaEvaluation {
  id: number | null;
  name: string;
  grade: string;
  residents: number;
  categories: { categoryId: string; share: number }[];
}

interface WhatIfAnswer {
  district: {
    gradeBefore: string;
    gradeAfter: string;
    categories: { categoryId: string; shareBefore: number; shareAfter: number; coveredResidentsChange: number }[];
  };
  circles: {
    circleId: number;
    name: string;
    gradeBefore: string;
    gradeAfter: string;
    categories: { categoryId: string; shareBefore: number; shareAfter: number; coveredResidentsChange: number }[];
  }[];
}

interface Portrait {
  name: string;
  residents: number;
  densityPerKm2: number;
  elderlyShare: number;
  weakest: { categoryId: string; share: number }[];
}

/** A format of a circle that misses its target, with the compounds left out (GeoJSON polygons). */
interface Shortfall {
  categoryId: string;
  targetMinutes: number;
  share: number;
  uncoveredResidents: number;
  uncoveredElderly: number;
  compounds: GeoJSON.FeatureCollection;
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The planner's dashboard: circles coloured by grade, a clicked circle's portrait, and a what-if by tapping the map. */
export function renderPlanner(root: HTMLElement, categories: Category[], attribution: string): () => void {
  const byId = new Map(categories.map((category) => [category.id, category]));
  const side = h('section', { class: 'results', id: 'planner-side', 'aria-live': 'polite' });
  const whatIfBox = h('section', { class: 'card', id: 'whatif-result', 'aria-live': 'polite' });
  const categorySelect = h(
    'select',
    { name: 'whatIfCategory', id: 'whatif-category' },
    ...categories
      .filter((category) => category.defaultWalkMinutes !== null)
      .map((category) => h('option', { value: category.id }, categoryName(category))),
  );
  let isAdding = false;
  const addButton = h('button', { type: 'button', id: 'whatif-add', 'aria-pressed': 'false' }, t('whatIfHint'));
  addButton.addEventListener('click', () => {
    isAdding = !isAdding;
    addButton.setAttribute('aria-pressed', String(isAdding));
  });
  // Tapping the map fills these; planners may also type a site's coordinates (WGS-84).
  const lngInput = h('input', { name: 'lng', type: 'number', step: 'any', min: -180, max: 180, required: true });
  const latInput = h('input', { name: 'lat', type: 'number', step: 'any', min: -90, max: 90, required: true });
  const coordinateForm = h(
    'form',
    {
      id: 'whatif-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        void runWhatIf([Number(lngInput.value), Number(latInput.value)]);
      },
    },
    h('div', { class: 'coords' }, field(t('lng'), lngInput), field(t('lat'), latInput)),
    h('button', { type: 'submit' }, t('whatIfRun')),
  );
  const mapElement = h('div', { class: 'map', id: 'planner-map', role: 'region', 'aria-label': t('whatIf') });
  const map = createMap(mapElement, attribution, 12);
  const recommendation = recommendationPanel(map, categories);
  const reportStatus = h('p', { class: 'status', role: 'status' });
  const reports = h(
    'section',
    { class: 'tool', id: 'reports' },
    h('h3', {}, t('reports')),
    reportButton(t('districtXlsx'), '/api/planner/reports/district.xlsx', 'district-report.xlsx', reportStatus),
    reportButton(t('districtPdf'), '/api/planner/reports/district.pdf', 'district-report.pdf', reportStatus),
    reportStatus,
  );
  const legend = h(
    'ul',
    { class: 'legend' },
    ...Object.entries(GRADE_COLORS).map(([grade, color]) =>
      h('li', {}, h('span', { class: 'swatch', style: `background:${color}` }), grade),
    ),
  );
  replace(
    root,
    h(
      'main',
      { class: 'resident planner' },
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, t('whatIf')),
        field(t('categories'), categorySelect),
        addButton,
        coordinateForm,
        legend,
        recommendation.element,
        surfacePanel(map, categories),
        delineationPanel(map),
        reports,
      ),
      h('div', { class: 'map-wrap' }, mapElement),
      side,
      whatIfBox,
    ),
  );
  // The map was made before its container joined the page (the tools need it), so it measured nothing.
  map.resize();

  let circles: Circle[] = [];
  const gradeOf = new Map<number, string>();
  /** Each circle's coverage share per format, for the portrait's chart. */
  const sharesOf = new Map<number, { categoryId: string; share: number }[]>();
  /** The district's coverage share per format now, shown when an added outlet changes nothing. */
  const districtShare = new Map<string, number>();
  whenLoaded(map, async () => {
    followBaseLayers(map);
    try {
      const [circleAnswer, evaluation] = await Promise.all([
        api<{ circles: Circle[] }>('GET', '/api/circles'),
        api<{ district: AreaEvaluation; circles: AreaEvaluation[] }>('GET', '/api/planner/evaluation'),
      ]);
      circles = circleAnswer.circles;
      for (const circle of evaluation.circles) {
        if (circle.id === null) continue;
        gradeOf.set(circle.id, circle.grade);
        sharesOf.set(circle.id, circle.categories);
      }
      for (const category of evaluation.district.categories) districtShare.set(category.categoryId, category.share);
      setData(
        map,
        'circles',
        circlesToGeoJson(circles, (circle) => GRADE_COLORS[gradeOf.get(circle.id) ?? '']),
      );
      replace(
        side,
        h('h2', {}, `${t('district')} · ${t('grade')} ${evaluation.district.grade}`),
        h(
          'ol',
          { class: 'outlet-list' },
          ...evaluation.circles.map((circle) =>
            h(
              'li',
              {},
              h(
                'button',
                { type: 'button', class: 'outlet-row', onclick: () => circle.id !== null && void showPortrait(circle.id) },
                h('span', { class: 'name' }, circle.name),
                h(
                  'span',
                  { class: 'meta' },
                  `${t('grade')} ${circle.grade} · ${t('residents')} ${circle.residents.toLocaleString()}`,
                ),
              ),
            ),
          ),
        ),
      );
    } catch (error) {
      showError(side, error);
    }
    map.on('click', 'circles-fill', (event) => {
      if (isAdding) return;
      const id = Number(event.features?.[0]?.properties?.id);
      if (Number.isInteger(id)) void showPortrait(id);
    });
    map.on('click', (event) => isAdding && void runWhatIf(pickedLocation(event.lngLat)));
  });

  async function showPortrait(circleId: number): Promise<void> {
    let portrait: Portrait;
    let shortfalls: Shortfall[];
    try {
      [portrait, { shortfalls }] = await Promise.all([
        api<Portrait>('GET', `/api/planner/circles/${circleId}/portrait`),
        api<{ shortfalls: Shortfall[] }>('GET', `/api/planner/circles/${circleId}/shortfalls`),
      ]);
    } catch (error) {
      showError(side, error);
      return;
    }
    // All categories' uncovered compounds at once; one compound may miss several formats.
    setData(map, 'shortfalls', {
      type: 'FeatureCollection',
      features: shortfalls.flatMap((shortfall) =>
        shortfall.compounds.features.map((feature) => ({
          ...feature,
          properties: { ...feature.properties, categoryId: shortfall.categoryId },
        })),
      ),
    });
    const name = (categoryId: string) => categoryName(byId.get(categoryId), categoryId);
    const reportStatus = h('p', { class: 'status', role: 'status' });
    replace(
      side,
      h('h2', {}, `${t('portrait')} · ${portrait.name}`),
      h(
        'dl',
        { id: 'portrait', 'data-circle-id': circleId },
        h('dt', {}, t('grade')),
        h('dd', {}, gradeOf.get(circleId) ?? '—'),
        h('dt', {}, t('residents')),
        h('dd', {}, portrait.residents.toLocaleString()),
        h('dt', {}, t('density')),
        h('dd', {}, Math.round(portrait.densityPerKm2).toLocaleString()),
        h('dt', {}, t('elderlyShare')),
        h('dd', {}, percent(portrait.elderlyShare)),
        h('dt', {}, t('weakest')),
        h(
          'dd',
          {},
          portrait.weakest
            .map((weak) => `${categoryName(byId.get(weak.categoryId), weak.categoryId)} ${percent(weak.share)}`)
            .join('、'),
        ),
      ),
      coverageChart(
        `${t('coverageChart')} · ${portrait.name}`,
        (sharesOf.get(circleId) ?? []).map((entry) => ({ label: name(entry.categoryId), share: entry.share })),
      ),
      h('h3', {}, `${t('shortfalls')} (${shortfalls.length})`),
      h(
        'ul',
        { id: 'shortfalls', class: 'outlet-list' },
        ...shortfalls.map((shortfall) =>
          h(
            'li',
            { 'data-category-id': shortfall.categoryId, 'data-compounds': shortfall.compounds.features.length },
            h('span', { class: 'name' }, `${name(shortfall.categoryId)} ${percent(shortfall.share)}`),
            h(
              'span',
              { class: 'meta' },
              ` · ${shortfall.targetMinutes} min · ${t('uncovered')} ${shortfall.uncoveredResidents.toLocaleString()} (${t('elderly')} ${shortfall.uncoveredElderly.toLocaleString()}) · ${shortfall.compounds.features.length} ${t('compounds')}`,
            ),
          ),
        ),
      ),
      reportButton(
        t('circlePdf'),
        `/api/planner/reports/circles/${circleId}/report.pdf`,
        `circle-${circleId}-report.pdf`,
        reportStatus,
      ),
      reportStatus,
    );
  }

  async function runWhatIf(location: LngLat): Promise<void> {
    const categoryId = categorySelect.value;
    setData(map, 'marks', pointsToGeoJson([{ location, color: '#6a3d9a' }]));
    whatIfBox.textContent = t('loading');
    whatIfBox.dataset.location = location.join(',');
    lngInput.value = String(location[0]);
    latInput.value = String(location[1]);
    try {
      const answer = await api<WhatIfAnswer>('POST', '/api/planner/what-if', {
        edits: [{ kind: 'add_outlet', name: 'what-if', location, categoryIds: [categoryId], openingHours: null }],
        profile: 'adult',
      });
      const district = answer.district.categories.find((category) => category.categoryId === categoryId);
      const circle = answer.circles.find((entry) => entry.categories.some((category) => category.categoryId === categoryId));
      const circleCategory = circle?.categories.find((category) => category.categoryId === categoryId);
      const row = (label: string, before: number, after: number, residents: number, id: string) =>
        h(
          'tr',
          { id, 'data-share-before': before, 'data-share-after': after, 'data-residents-change': residents },
          h('th', { scope: 'row' }, label),
          h('td', {}, percent(before)),
          h('td', {}, percent(after)),
          h(
            'td',
            { class: 'change' },
            `${after >= before ? '+' : ''}${((after - before) * 100).toFixed(1)} pp · +${residents.toLocaleString()}`,
          ),
        );
      replace(
        whatIfBox,
        h('h2', {}, `${t('whatIf')}: ${categoryName(byId.get(categoryId), categoryId)}`),
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h('tr', {}, h('th', {}, ''), h('th', {}, t('before')), h('th', {}, t('after')), h('th', {}, t('change'))),
          ),
          h(
            'tbody',
            {},
            district === undefined
              ? row(t('district'), districtShare.get(categoryId) ?? 0, districtShare.get(categoryId) ?? 0, 0, 'whatif-district')
              : row(t('district'), district.shareBefore, district.shareAfter, district.coveredResidentsChange, 'whatif-district'),
            circle === undefined || circleCategory === undefined
              ? null
              : row(
                  circle.name,
                  circleCategory.shareBefore,
                  circleCategory.shareAfter,
                  circleCategory.coveredResidentsChange,
                  'whatif-circle',
                ),
          ),
        ),
        district === undefined ? h('p', {}, t('noChange')) : null,
        h('p', {}, `${t('grade')}: ${answer.district.gradeBefore} → ${answer.district.gradeAfter}`),
      );
    } catch (error) {
      showError(whatIfBox, error);
    }
  }

  return () => {
    recommendation.dispose();
    map.remove();
  };
}
