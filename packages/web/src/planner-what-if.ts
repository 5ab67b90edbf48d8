import type { Map as MapLibreMap, MapLayerMouseEvent, MapLayerTouchEvent, MapMouseEvent, MapTouchEvent } from 'maplibre-gl';
import { api, query } from './api.js';
import { showError } from './auth.js';
import {
  addOutlet,
  drawnOutlets,
  moveOutlet,
  removeOutlet,
  toScenarioEdits,
  touchedCategories,
  undoEdit,
  type BaseOutlet,
  type DrawnOutlet,
  type EditTarget,
  type WhatIfEdit,
} from './core/what-if-edits.js';
import { field, h, replace } from './dom.js';
import { categoryName, t, type StringKey } from './i18n.js';
import { bboxParam, CATEGORY_COLORS, pickedLocation, setData, whenLoaded } from './map.js';
import { walkFormatSelect } from './planner-tools.js';
import type { Category, LngLat, PublicOutlet } from './types.js';

/** What a tap on the planner's map does. */
export type MapMode = 'inspect' | 'add' | 'remove' | 'move';

interface CategoryChange {
  categoryId: string;
  shareBefore: number | null;
  shareAfter: number;
  coveredResidentsChange: number;
}

interface WhatIfAnswer {
  district: { gradeBefore: string; gradeAfter: string; categories: CategoryChange[] };
  circles: { circleId: number; name: string; gradeBefore: string; gradeAfter: string; categories: CategoryChange[] }[];
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const signed = (value: number, digits = 0) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;
const REMOVED_COLOR = '#bdbdbd';

/**
 * What-if editing on the planner's map: outlets of the chosen format drawn from the API; a tap adds one
 * (or type coordinates), a tap on an outlet removes it, a drag moves it (added ones too). The edits are
 * listed beside the map, each undoable by keyboard, and after every change the whole list is evaluated by
 * `POST /api/planner/what-if`: the district's and each changed circle's coverage before and after.
 * `baselineShare` gives the district's share now, shown for a format the edits leave unchanged.
 */
export function whatIfPanel(
  map: MapLibreMap,
  categories: Category[],
  baselineShare: (categoryId: string) => number,
): { element: HTMLElement; result: HTMLElement; mode: () => MapMode; dispose: () => void } {
  const byId = new Map(categories.map((category) => [category.id, category]));
  const nameOf = (id: string) => categoryName(byId.get(id), id);
  let edits: WhatIfEdit[] = [];
  let base: BaseOutlet[] = [];
  let mode: MapMode = 'inspect';
  let disposed = false;

  const categorySelect = walkFormatSelect(categories, 'whatIfCategory', 'whatif-category');
  categorySelect.addEventListener('change', () => void loadOutlets());

  const modes: [MapMode, StringKey][] = [
    ['inspect', 'modeInspect'],
    ['add', 'modeAdd'],
    ['remove', 'modeRemove'],
    ['move', 'modeMove'],
  ];
  const modeHint = h('p', { class: 'meta', id: 'whatif-mode-hint' }, t('modeInspectHint'));
  const modeGroup = h(
    'fieldset',
    { class: 'checks', id: 'whatif-mode' },
    h('legend', {}, t('mapMode')),
    ...modes.map(([value, label]) =>
      h(
        'label',
        {},
        h('input', {
          type: 'radio',
          name: 'whatif-mode',
          value,
          checked: value === mode,
          onchange: () => {
            mode = value;
            modeHint.textContent = t(`${label}Hint` as StringKey);
          },
        }),
        t(label),
      ),
    ),
  );

  // Planners may also type a site's coordinates (WGS-84).
  const lngInput = h('input', { name: 'lng', type: 'number', step: 'any', min: -180, max: 180, required: true });
  const latInput = h('input', { name: 'lat', type: 'number', step: 'any', min: -90, max: 90, required: true });
  const coordinateForm = h(
    'form',
    {
      id: 'whatif-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        add([Number(lngInput.value), Number(latInput.value)]);
      },
    },
    h('div', { class: 'coords' }, field(t('lng'), lngInput), field(t('lat'), latInput)),
    h('button', { type: 'submit' }, t('whatIfRun')),
  );

  const editList = h('ol', { class: 'edit-list', id: 'whatif-edits', 'aria-label': t('whatIfEdits') });
  const clearButton = h(
    'button',
    { type: 'button', class: 'secondary', id: 'whatif-clear', onclick: () => setEdits([]) },
    t('whatIfClear'),
  );
  const result = h('section', { class: 'card', id: 'whatif-result', 'aria-live': 'polite' });

  const element = h(
    'section',
    { class: 'tool', id: 'whatif' },
    h('h2', {}, t('whatIf')),
    field(t('categories'), categorySelect),
    modeGroup,
    modeHint,
    coordinateForm,
    h('h3', { id: 'whatif-edits-title' }, t('whatIfEdits')),
    editList,
    clearButton,
  );

  function add(location: LngLat): void {
    const categoryId = categorySelect.value;
    lngInput.value = String(location[0]);
    latInput.value = String(location[1]);
    setEdits(addOutlet(edits, { name: `${t('whatIfNew')} ${nameOf(categoryId)}`, location, categoryIds: [categoryId] }));
  }

  const targetOf = (ref: unknown): EditTarget => (typeof ref === 'number' ? { outletId: ref } : { key: String(ref) });
  const baseOutlet = (target: EditTarget) => base.find((outlet) => outlet.id === target.outletId);

  function setEdits(next: WhatIfEdit[]): void {
    edits = next;
    draw();
    renderEdits();
    void evaluate();
  }

  /** The outlets on the map: the chosen format's, with the edits applied; `dragged` is drawn where it is being dragged. */
  function draw(dragged?: { ref: number | string; location: LngLat }): void {
    const outlets = drawnOutlets(base, edits).map((outlet) =>
      dragged !== undefined && outlet.ref === dragged.ref ? { ...outlet, location: dragged.location } : outlet,
    );
    setData(map, 'outlets', {
      type: 'FeatureCollection',
      features: outlets.map((outlet: DrawnOutlet) => ({
        type: 'Feature',
        properties: {
          ref: outlet.ref,
          state: outlet.state,
          color: outlet.state === 'removed' ? REMOVED_COLOR : (CATEGORY_COLORS[outlet.categoryIds[0] ?? ''] ?? null),
        },
        geometry: { type: 'Point', coordinates: outlet.location },
      })),
    });
  }

  function describe(edit: WhatIfEdit): string {
    const at = (location: LngLat) => `${location[0].toFixed(5)}, ${location[1].toFixed(5)}`;
    if (edit.kind === 'add_outlet') return `${t('editAdd')} ${edit.categoryIds.map(nameOf).join('、')} @ ${at(edit.location)}`;
    if (edit.kind === 'remove_outlet') return `${t('editRemove')} ${edit.name}`;
    return `${t('editMove')} ${edit.name} → ${at(edit.location)}`;
  }

  function renderEdits(): void {
    clearButton.hidden = edits.length === 0;
    if (edits.length === 0) {
      replace(editList, h('li', { class: 'empty' }, t('whatIfNoEdits')));
      return;
    }
    replace(
      editList,
      ...edits.map((edit, index) => {
        const text = describe(edit);
        return h(
          'li',
          {
            'data-kind': edit.kind,
            'data-outlet-id': edit.kind === 'add_outlet' ? null : edit.outletId,
            'data-location': edit.location.join(','),
          },
          h('span', {}, text),
          h(
            'button',
            {
              type: 'button',
              class: 'secondary undo',
              'aria-label': `${t('undo')}：${text}`,
              onclick: () => {
                setEdits(undoEdit(edits, index));
                // Keep the keyboard in the list: the next edit's undo, or the list's heading.
                const buttons = editList.querySelectorAll<HTMLButtonElement>('button.undo');
                (buttons[Math.min(index, buttons.length - 1)] ?? clearButton).focus();
              },
            },
            t('undo'),
          ),
        );
      }),
    );
  }

  let ticket = 0;
  async function evaluate(): Promise<void> {
    const mine = ++ticket;
    if (edits.length === 0) {
      replace(result);
      delete result.dataset.edits;
      return;
    }
    result.textContent = t('loading');
    try {
      const body = { edits: toScenarioEdits(edits), profile: 'adult' };
      const answer = await api<WhatIfAnswer>('POST', '/api/planner/what-if', body);
      if (mine !== ticket || disposed) return;
      renderResult(answer);
      result.dataset.edits = JSON.stringify(body.edits);
    } catch (error) {
      if (mine === ticket) showError(result, error);
    }
  }

  function renderResult(answer: WhatIfAnswer): void {
    const row = (label: string, before: number, after: number, residents: number, data: Record<string, string | number>) =>
      h(
        'tr',
        { ...data, 'data-share-before': before, 'data-share-after': after, 'data-residents-change': residents },
        h('th', { scope: 'row' }, label),
        h('td', {}, percent(before)),
        h('td', {}, percent(after)),
        h('td', { class: 'change' }, `${signed((after - before) * 100, 1)} pp · ${signed(residents)} ${t('residents')}`),
      );
    const rows: HTMLElement[] = [];
    for (const categoryId of touchedCategories(edits)) {
      const district = answer.district.categories.find((entry) => entry.categoryId === categoryId);
      const now = baselineShare(categoryId);
      rows.push(
        h('tr', { class: 'group' }, h('th', { colspan: 4, scope: 'rowgroup' }, nameOf(categoryId))),
        district === undefined
          ? row(t('district'), now, now, 0, { 'data-area': 'district', 'data-category-id': categoryId })
          : row(t('district'), district.shareBefore ?? 0, district.shareAfter, district.coveredResidentsChange, {
              'data-area': 'district',
              'data-category-id': categoryId,
            }),
      );
      for (const circle of answer.circles) {
        const change = circle.categories.find((entry) => entry.categoryId === categoryId);
        if (change === undefined) continue;
        rows.push(
          row(circle.name, change.shareBefore ?? 0, change.shareAfter, change.coveredResidentsChange, {
            'data-area': 'circle',
            'data-circle-id': circle.circleId,
            'data-category-id': categoryId,
          }),
        );
      }
    }
    replace(
      result,
      h('h2', {}, `${t('whatIf')} · ${edits.length} ${t('whatIfEditCount')}`),
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, h('th', {}, ''), h('th', {}, t('before')), h('th', {}, t('after')), h('th', {}, t('change')))),
        h('tbody', {}, ...rows),
      ),
      answer.district.categories.length === 0 ? h('p', {}, t('noChange')) : null,
      h('p', {}, `${t('grade')}: ${answer.district.gradeBefore} → ${answer.district.gradeAfter}`),
    );
  }

  let outletsTicket = 0;
  async function loadOutlets(): Promise<void> {
    const mine = ++outletsTicket;
    try {
      const answer = await api<{ items: PublicOutlet[] }>(
        'GET',
        `/api/outlets?${query({ bbox: bboxParam(map), category: categorySelect.value, limit: 500 })}`,
      );
      if (mine !== outletsTicket || disposed) return;
      base = answer.items.map((outlet) => ({
        id: outlet.id,
        name: outlet.name,
        location: outlet.location,
        categoryIds: outlet.categoryIds,
      }));
      draw();
    } catch (error) {
      showError(result, error);
    }
  }

  /** Starts dragging an outlet (move mode): the map does not pan, the outlet follows, and the drop is a move. */
  function startDrag(event: MapLayerMouseEvent | MapLayerTouchEvent): void {
    if (mode !== 'move') return;
    const feature = event.features?.[0];
    if (feature === undefined || feature.properties.state === 'removed') return;
    if ('points' in event && event.points.length !== 1) return;
    event.preventDefault();
    const target = targetOf(feature.properties.ref);
    const ref = target.outletId ?? target.key!;
    const canvas = map.getCanvasContainer();
    canvas.style.cursor = 'grabbing';
    const follow = (move: MapMouseEvent | MapTouchEvent) => draw({ ref, location: pickedLocation(move.lngLat) });
    const drop = (end: MapMouseEvent | MapTouchEvent) => {
      map.off('mousemove', follow);
      map.off('touchmove', follow);
      canvas.style.cursor = '';
      setEdits(moveOutlet(edits, target, pickedLocation(end.lngLat), baseOutlet(target)));
    };
    map.on(event.type === 'touchstart' ? 'touchmove' : 'mousemove', follow);
    map.once(event.type === 'touchstart' ? 'touchend' : 'mouseup', drop);
  }

  whenLoaded(map, () => {
    void loadOutlets();
    map.on('moveend', () => void loadOutlets());
    map.on('mousedown', 'outlets', startDrag);
    map.on('touchstart', 'outlets', startDrag);
    map.on(
      'mouseenter',
      'outlets',
      () => mode !== 'inspect' && (map.getCanvas().style.cursor = mode === 'move' ? 'grab' : 'pointer'),
    );
    map.on('mouseleave', 'outlets', () => (map.getCanvas().style.cursor = ''));
    map.on('click', (event) => {
      if (mode === 'add') add(pickedLocation(event.lngLat));
      if (mode !== 'remove') return;
      const feature = map.queryRenderedFeatures(event.point, { layers: ['outlets'] })[0];
      if (feature === undefined) return;
      const target = targetOf(feature.properties.ref);
      // A tap on a removed outlet brings it back.
      if (feature.properties.state === 'removed')
        setEdits(edits.filter((edit) => !(edit.kind === 'remove_outlet' && edit.outletId === target.outletId)));
      else setEdits(removeOutlet(edits, target, baseOutlet(target)));
    });
  });
  renderEdits();

  return {
    element,
    result,
    mode: () => mode,
    dispose: () => {
      disposed = true;
    },
  };
}
