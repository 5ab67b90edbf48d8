import {
  checkWeeklyHours,
  describeOpeningHours,
  formatWeeklyHours,
  parseWeeklyHours,
  validateOpeningHours,
  WEEKDAYS,
  type HoursProblem,
  type WeeklyHours,
} from './core/weekly-hours.js';
import { field, h, replace } from './dom.js';
import { currentLang, t } from './i18n.js';

const DAY_SHORT = { zh: ['一', '二', '三', '四', '五', '六', '日'], en: [...WEEKDAYS] };
const DAY_LONG = {
  zh: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};
/** The spoken name of a day toggle: it holds the visible word (WCAG 2.5.3, so "click Mo" works), then the full name. */
const DAY_SPOKEN = { zh: DAY_LONG.zh, en: DAY_LONG.en.map((long, day) => `${DAY_SHORT.en[day]} (${long})`) };

/** The hours every new group starts with. */
const newGroup = () => ({ days: Array<boolean>(7).fill(false), ranges: [{ from: '08:00', to: '18:00' }] });
const emptyHours = (): WeeklyHours => ({ isAlwaysOpen: false, groups: [newGroup()], isClosedOnPublicHolidays: false });

/** A problem of the editor in the user's language. */
function problemText(problem: HoursProblem): string {
  const group = `${t('hoursGroup')} ${problem.group + 1}`;
  switch (problem.kind) {
    case 'noDays':
      return `${group}：${t('hoursNoDays')}`;
    case 'noRanges':
      return `${group}：${t('hoursNoRanges')}`;
    case 'badTime':
      return `${group}：${t('hoursBadTime')}`;
    case 'emptyRange':
      return `${group}：${t('hoursEmptyRange')}`;
    case 'dayTwice':
      return `${group}：${DAY_LONG[currentLang()][problem.day]} ${t('hoursDayTwice')}`;
  }
}

/** The hours editor of a form. `value()` is the OSM text ('' for none), or null while it cannot be saved. */
export interface HoursEditor {
  element: HTMLElement;
  value(): string | null;
  /** Sets the hours from an OSM text (an outlet being edited, or a reset to ''). */
  set(text: string): void;
}

/**
 * The merchant's opening-hours editor: weekday toggles and time ranges per group of days, "24 hours" and "closed
 * on public holidays", writing the OSM `opening_hours` text into a raw field experts may edit directly. The text
 * is checked by the `opening_hours` library and read back in words; a text the toggles cannot show (months,
 * sunrise…) is kept as typed and the toggles step aside.
 */
export function openingHoursEditor(): HoursEditor {
  let model = emptyHours();
  let isValid = true;
  const lang = currentLang();

  const raw = h('input', {
    name: 'openingHours',
    id: 'opening-hours',
    maxlength: 500,
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'Mo-Fr 07:00-19:00; Sa,Su 08:00-18:00',
    'aria-describedby': 'hours-words hours-problem',
  });
  const words = h('p', { class: 'hours-words', id: 'hours-words', role: 'status', 'aria-live': 'polite' }, t('hoursNone'));
  const problem = h('p', { class: 'error', id: 'hours-problem', 'aria-live': 'polite' });
  const always = h('input', { type: 'checkbox', name: 'alwaysOpen', id: 'hours-always' });
  const holidays = h('input', { type: 'checkbox', name: 'closedOnHolidays', id: 'hours-holidays' });
  const groupsBox = h('div', { class: 'hour-groups' });
  const addGroup = h('button', { type: 'button', class: 'secondary', id: 'hours-add-group' }, t('hoursAddGroup'));
  const builder = h(
    'fieldset',
    { class: 'hours-builder' },
    h('legend', {}, t('hoursBuilder')),
    h('label', { class: 'inline' }, always, ` ${t('hoursAlways')}`),
    groupsBox,
    addGroup,
    h('label', { class: 'inline' }, holidays, ` ${t('hoursClosedOnHolidays')}`),
  );

  /** Day toggles and time ranges of one group. */
  function groupElement(g: number): HTMLElement {
    const group = model.groups[g]!;
    const toggles = h(
      'div',
      { class: 'day-toggles', role: 'group', 'aria-label': t('hoursDays') },
      ...DAY_SHORT[lang].map((short, day) =>
        h(
          'button',
          {
            type: 'button',
            class: 'day',
            'data-day': WEEKDAYS[day],
            'aria-pressed': String(group.days[day]),
            'aria-label': DAY_SPOKEN[lang][day],
            onclick: (event: Event) => {
              group.days[day] = !group.days[day];
              (event.currentTarget as HTMLElement).setAttribute('aria-pressed', String(group.days[day]));
              fromBuilder();
            },
          },
          short,
        ),
      ),
    );
    const ranges = group.ranges.map((range, r) => {
      const time = (part: 'from' | 'to') => {
        const input = h('input', {
          type: 'time',
          step: 60,
          name: `${part}-${g}-${r}`,
          // The time input has no 24:00: midnight at the end of a range is entered as 00:00.
          value: range[part] === '24:00' ? '00:00' : range[part],
          'aria-label': `${t('hoursGroup')} ${g + 1} ${t(part === 'from' ? 'hoursFrom' : 'hoursTo')}`,
        });
        input.addEventListener('change', () => {
          range[part] = part === 'to' && input.value === '00:00' ? '24:00' : input.value;
          fromBuilder();
        });
        return input;
      };
      return h(
        'div',
        { class: 'time-range', 'data-range': r },
        time('from'),
        ' – ',
        time('to'),
        group.ranges.length > 1
          ? h(
              'button',
              {
                type: 'button',
                class: 'secondary small',
                'aria-label': `${t('hoursRemoveRange')} ${r + 1}`,
                onclick: () => restructure(() => group.ranges.splice(r, 1), `[name="from-${g}-0"]`),
              },
              '×',
            )
          : null,
      );
    });
    return h(
      'fieldset',
      { class: 'hour-group', 'data-group': g },
      h('legend', {}, `${t('hoursGroup')} ${g + 1}`),
      toggles,
      ...ranges,
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'secondary add-range',
            onclick: () =>
              restructure(() => group.ranges.push({ from: '14:00', to: '18:00' }), `[name="from-${g}-${group.ranges.length}"]`),
          },
          t('hoursAddRange'),
        ),
        model.groups.length > 1
          ? h(
              'button',
              {
                type: 'button',
                class: 'secondary remove-group',
                onclick: () => restructure(() => model.groups.splice(g, 1), '#hours-add-group'),
              },
              t('hoursRemoveGroup'),
            )
          : null,
      ),
    );
  }

  function renderBuilder(): void {
    always.checked = model.isAlwaysOpen;
    holidays.checked = model.isClosedOnPublicHolidays;
    groupsBox.hidden = model.isAlwaysOpen;
    addGroup.hidden = model.isAlwaysOpen;
    replace(groupsBox, ...model.groups.map((_, g) => groupElement(g)));
  }

  /** A change of the builder's structure, then the focus on `focusSelector` (so keyboard users keep their place). */
  function restructure(change: () => void, focusSelector: string): void {
    change();
    renderBuilder();
    fromBuilder();
    builder.querySelector<HTMLElement>(focusSelector)?.focus();
  }

  /** Shows the text's meaning, or why it cannot be saved. */
  function showText(text: string): void {
    if (text === '') {
      words.textContent = t('hoursNone');
      return;
    }
    const verdict = validateOpeningHours(text);
    if (verdict.error !== null) {
      isValid = false;
      words.textContent = '';
      problem.textContent = `${t('hoursInvalid')} ${verdict.error}`;
      return;
    }
    words.textContent = describeOpeningHours(text, lang) ?? '';
    if (verdict.warnings.length > 0) problem.textContent = `${t('hoursWarning')} ${verdict.warnings.join(' ')}`;
  }

  function fromBuilder(): void {
    model.isAlwaysOpen = always.checked;
    model.isClosedOnPublicHolidays = holidays.checked;
    const problems = checkWeeklyHours(model);
    isValid = problems.length === 0;
    problem.textContent = problems.map(problemText).join('；');
    if (!isValid) return;
    raw.value = formatWeeklyHours(model);
    showText(raw.value);
  }

  function fromRaw(): void {
    const text = raw.value.trim();
    isValid = true;
    problem.textContent = '';
    const parsed = text === '' ? emptyHours() : parseWeeklyHours(text);
    // Texts beyond the toggles (months, sunrise, exceptions) stay as typed; the toggles step aside.
    builder.disabled = parsed === null;
    builder.title = parsed === null ? t('hoursAdvanced') : '';
    if (parsed !== null) {
      model = parsed;
      if (model.groups.length === 0) model.groups.push(newGroup());
      renderBuilder();
    } else problem.textContent = t('hoursAdvanced');
    showText(text);
  }

  always.addEventListener('change', () => {
    groupsBox.hidden = always.checked;
    addGroup.hidden = always.checked;
    fromBuilder();
  });
  holidays.addEventListener('change', fromBuilder);
  addGroup.addEventListener('click', () =>
    restructure(() => model.groups.push(newGroup()), `[data-group="${model.groups.length}"] button.day`),
  );
  raw.addEventListener('input', fromRaw);
  renderBuilder();

  return {
    element: h(
      'section',
      { class: 'hours-editor', id: 'hours-editor', 'aria-labelledby': 'hours-editor-title' },
      h('h3', { id: 'hours-editor-title' }, t('hours')),
      builder,
      field(t('hoursRaw'), raw),
      words,
      problem,
    ),
    value: () => (isValid ? raw.value.trim() : null),
    set(text: string) {
      raw.value = text;
      fromRaw();
    },
  };
}
