import { api } from './api.js';
import { showError } from './auth.js';
import { followBaseLayers } from './base-layers.js';
import { h, replace } from './dom.js';
import { coverageChart } from './coverage-chart.js';
import { categoryName, t } from './i18n.js';
import { circlesToGeoJson, createMap, setData, whenLoaded } from './map.js';
import { whatIfPanel } from './planner-what-if.js';
import { delineationPanel, recommendationPanel, reportButton, surfacePanel } from './planner-tools.js';
import type { Category, Circle } from './types.js';

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

/** The planner's dashboard: circles coloured by grade, a clicked circle's portrait, and what-if editing on the map. */
export function renderPlanner(root: HTMLElement, categories: Category[], attribution: string): () => void {
  const byId = new Map(categories.map((category) => [category.id, category]));
  const side = h('section', { class: 'results', id: 'planner-side', 'aria-live': 'polite' });
  const mapElement = h('div', { class: 'map', id: 'planner-map', role: 'region', 'aria-label': t('plannerMap') });
  const map = createMap(mapElement, attribution, 12);
  /** The district's coverage share per format now, shown when the edits leave a format unchanged. */
  const districtShare = new Map<string, number>();
  const whatIf = whatIfPanel(map, categories, (categoryId) => districtShare.get(categoryId) ?? 0);
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
        whatIf.element,
        legend,
        recommendation.element,
        surfacePanel(map, categories),
        delineationPanel(map),
        reports,
      ),
      h('div', { class: 'map-wrap' }, mapElement),
      side,
      whatIf.result,
    ),
  );
  // The map was made before its container joined the page (the tools need it), so it measured nothing.
  map.resize();

  let circles: Circle[] = [];
  const gradeOf = new Map<number, string>();
  /** Each circle's coverage share per format, for the portrait's chart. */
  const sharesOf = new Map<number, { categoryId: string; share: number }[]>();
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
      if (whatIf.mode() !== 'inspect') return;
      const id = Number(event.features?.[0]?.properties?.id);
      if (Number.isInteger(id)) void showPortrait(id);
    });
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

  return () => {
    whatIf.dispose();
    recommendation.dispose();
    map.remove();
  };
}
