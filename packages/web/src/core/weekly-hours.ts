import OpeningHours from 'opening_hours';

/**
 * The merchant's hours editor's model and its OpenStreetMap `opening_hours` text: groups of weekdays, each
 * with one or more time ranges, or open around the clock, and optionally closed on public holidays. Turned into
 * text here, read back from the simple texts it makes, checked and described in words by the `opening_hours`
 * library (the one the engine evaluates hours with).
 */

/** OSM's weekday abbreviations, Monday first (the editor's and China's week order). */
export const WEEKDAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'] as const;

/** A time range, `HH:MM` each; `to` may be `24:00`, and a `to` before `from` runs past midnight. */
export interface TimeRange {
  from: string;
  to: string;
}

/** Weekdays (Monday first) sharing the same time ranges. */
export interface DayGroup {
  days: boolean[];
  ranges: TimeRange[];
}

export interface WeeklyHours {
  isAlwaysOpen: boolean;
  groups: DayGroup[];
  isClosedOnPublicHolidays: boolean;
}

/** Something the editor must say before its hours can be saved. */
export type HoursProblem =
  | { kind: 'noDays'; group: number }
  | { kind: 'noRanges'; group: number }
  | { kind: 'badTime'; group: number; range: number }
  | { kind: 'emptyRange'; group: number; range: number }
  | { kind: 'dayTwice'; group: number; day: number };

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Minutes since midnight of `HH:MM` (`24:00` is 1440). */
function minutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

const hasDays = (group: DayGroup) => group.days.some(Boolean);

/**
 * What stops the hours from being saved, group by group. Groups with no day chosen are fine only when no group
 * has one (then there are no hours at all).
 */
export function checkWeeklyHours(hours: WeeklyHours): HoursProblem[] {
  if (hours.isAlwaysOpen || !hours.groups.some(hasDays)) return [];
  const problems: HoursProblem[] = [];
  const owner: number[] = [];
  hours.groups.forEach((group, g) => {
    if (!hasDays(group)) problems.push({ kind: 'noDays', group: g });
    if (group.ranges.length === 0) problems.push({ kind: 'noRanges', group: g });
    group.ranges.forEach((range, r) => {
      if (!TIME.test(range.from) || !(TIME.test(range.to) || range.to === '24:00'))
        problems.push({ kind: 'badTime', group: g, range: r });
      else if (minutes(range.from) === minutes(range.to) % 1440 && range.to !== '24:00')
        problems.push({ kind: 'emptyRange', group: g, range: r });
    });
    group.days.forEach((isOn, day) => {
      if (!isOn) return;
      if (owner[day] !== undefined) problems.push({ kind: 'dayTwice', group: g, day });
      else owner[day] = g;
    });
  });
  return problems;
}

/** `Mo-Fr`, `Sa,Su`, `Mo,We-Fr`: runs of three or more days as ranges, shorter runs listed. */
function formatDays(days: readonly boolean[]): string {
  const parts: string[] = [];
  for (let start = 0; start < 7; start++) {
    if (!days[start]) continue;
    let end = start;
    while (end + 1 < 7 && days[end + 1]) end++;
    if (end - start >= 2) parts.push(`${WEEKDAYS[start]}-${WEEKDAYS[end]}`);
    else for (let day = start; day <= end; day++) parts.push(WEEKDAYS[day]!);
    start = end;
  }
  return parts.join(',');
}

/** The OSM `opening_hours` text of valid hours ({@link checkWeeklyHours} empty); '' when no day is chosen. */
export function formatWeeklyHours(hours: WeeklyHours): string {
  const holidays = hours.isClosedOnPublicHolidays ? '; PH off' : '';
  // "24/7; PH off" reads ambiguously to the library (it warns), so around the clock with holidays is spelt out.
  if (hours.isAlwaysOpen) return holidays === '' ? '24/7' : `Mo-Su 00:00-24:00${holidays}`;
  const rules = hours.groups.filter(hasDays).map((group) => {
    const ranges = [...group.ranges].sort((a, b) => minutes(a.from) - minutes(b.from));
    return `${formatDays(group.days)} ${ranges.map((range) => `${range.from}-${range.to}`).join(',')}`;
  });
  return rules.length === 0 ? '' : rules.join('; ') + holidays;
}

const DAY_INDEX = new Map(WEEKDAYS.map((day, index) => [day as string, index]));
const RULE =
  /^((?:Mo|Tu|We|Th|Fr|Sa|Su)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?(?:,(?:Mo|Tu|We|Th|Fr|Sa|Su)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su))?)*) +(\d\d:\d\d-\d\d:\d\d(?:,\d\d:\d\d-\d\d:\d\d)*)$/;

/**
 * The editor's model of an `opening_hours` text it could have made (weekday rules with time ranges, `24/7`,
 * `PH off`), or null for anything else (months, sunrise, `off` days, a day in two rules…): experts keep such
 * texts in the raw field.
 */
export function parseWeeklyHours(text: string): WeeklyHours | null {
  const hours: WeeklyHours = { isAlwaysOpen: false, groups: [], isClosedOnPublicHolidays: false };
  const seen = new Set<number>();
  const rules = text
    .split(';')
    .map((rule) => rule.trim().replace(/\s+/g, ' '))
    .filter((rule) => rule !== '');
  for (const rule of rules) {
    if (rule === 'PH off') {
      hours.isClosedOnPublicHolidays = true;
      continue;
    }
    if (rule === '24/7' || rule === 'Mo-Su 00:00-24:00') {
      hours.isAlwaysOpen = true;
      continue;
    }
    const match = RULE.exec(rule);
    if (match === null) return null;
    const days = Array<boolean>(7).fill(false);
    for (const part of match[1]!.split(',')) {
      const [first, last] = part.split('-').map((day) => DAY_INDEX.get(day)!);
      // A wrapping range (Sa-Mo) is valid OSM, but not the editor's.
      if (last !== undefined && last < first!) return null;
      for (let day = first!; day <= (last ?? first!); day++) {
        if (seen.has(day)) return null;
        seen.add(day);
        days[day] = true;
      }
    }
    const ranges = match[2]!.split(',').map((range) => ({ from: range.slice(0, 5), to: range.slice(6, 11) }));
    hours.groups.push({ days, ranges });
  }
  if (hours.isAlwaysOpen && hours.groups.length > 0) return null;
  if (checkWeeklyHours(hours).length > 0) return null;
  return hours;
}

/** The library's verdict on a text: an error (the text does not parse) or warnings (it parses but is doubtful). */
export function validateOpeningHours(text: string): { error: string | null; warnings: string[] } {
  try {
    return { error: null, warnings: new OpeningHours(text, null).getWarnings() };
  } catch (error) {
    // The library throws a string naming where the text stops making sense.
    return { error: String(error), warnings: [] };
  }
}

const DAY_NAMES = {
  zh: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
};
const WORDS = {
  zh: {
    everyDay: '每天',
    through: '至',
    and: '、',
    list: '、',
    rules: '；',
    closed: '休息',
    always: '全天24小时营业',
    holidaysOff: '法定节假日休息',
    holidays: '法定节假日另有安排',
    varies: '（部分日期不同）',
  },
  en: {
    everyDay: 'Daily',
    through: '–',
    and: ' and ',
    list: ', ',
    rules: '; ',
    closed: 'closed',
    always: 'open 24 hours, every day',
    holidaysOff: 'closed on public holidays',
    holidays: 'public holidays differ',
    varies: ' (varies by date)',
  },
};

/** `HH:MM` of a Date's local time; midnight at the end of a day is `24:00`. */
function clock(date: Date, isEnd: boolean): string {
  if (isEnd && date.getHours() === 0 && date.getMinutes() === 0) return '24:00';
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/**
 * Valid hours in words, day by day as the library evaluates them over a week without holidays: days with the
 * same hours are joined ("周一至周五 07:00–19:00；周六、周日 08:00–12:00"). Null when the text does not parse.
 */
export function describeOpeningHours(text: string, lang: 'zh' | 'en'): string | null {
  let rule: OpeningHours;
  try {
    rule = new OpeningHours(text, null);
  } catch {
    return null;
  }
  const words = WORDS[lang];
  // A week of local dates (the library reads local fields); 8 January 2024 is a Monday.
  const daySpans: string[] = [];
  for (let day = 0; day < 7; day++) {
    const start = new Date(2024, 0, 8 + day);
    const end = new Date(2024, 0, 9 + day);
    const spans = rule
      .getOpenIntervals(start, end)
      .filter(([from, to, isUnknown]) => !isUnknown && to > from)
      .map(([from, to]) => `${clock(from, false)}–${clock(to, true)}`);
    daySpans.push(spans.join(words.list));
  }
  const phrases: string[] = [];
  if (daySpans.every((spans) => spans === '00:00–24:00')) phrases.push(words.always);
  else {
    for (let start = 0; start < 7; start++) {
      let end = start;
      while (end + 1 < 7 && daySpans[end + 1] === daySpans[start]) end++;
      const names = DAY_NAMES[lang];
      const days =
        start === 0 && end === 6
          ? words.everyDay
          : end === start
            ? names[start]
            : end === start + 1
              ? `${names[start]}${words.and}${names[end]}`
              : `${names[start]}${words.through}${names[end]}`;
      phrases.push(`${days} ${daySpans[start] === '' ? words.closed : daySpans[start]}`);
      start = end;
    }
  }
  if (/\bPH\s+off\b/.test(text)) phrases.push(words.holidaysOff);
  else if (/\bPH\b/.test(text)) phrases.push(words.holidays);
  return phrases.join(words.rules) + (isWeekStableApartFromHolidays(text) ? '' : words.varies);
}

/** Whether the hours repeat every week once public-holiday rules are set aside (the library counts those as changes). */
function isWeekStableApartFromHolidays(text: string): boolean {
  const weekly = text
    .split(';')
    .filter((part) => !/^\s*PH\b/.test(part))
    .join(';');
  if (weekly.trim() === '') return true;
  try {
    return new OpeningHours(weekly, null).isWeekStable();
  } catch {
    return false;
  }
}
