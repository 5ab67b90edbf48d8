import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRng } from '@lifecircle/shared';
import OpeningHours from 'opening_hours';
import {
  checkWeeklyHours,
  describeOpeningHours,
  formatWeeklyHours,
  parseWeeklyHours,
  validateOpeningHours,
  type WeeklyHours,
} from './weekly-hours.js';

/** Days from a string of seven 0/1 flags, Monday first. */
const days = (flags: string) => [...flags].map((flag) => flag === '1');
const hours = (groups: WeeklyHours['groups'], isClosedOnPublicHolidays = false): WeeklyHours => ({
  isAlwaysOpen: false,
  groups,
  isClosedOnPublicHolidays,
});

test('hand-worked hours become the OSM texts a mapper would write', () => {
  const cases: [WeeklyHours, string][] = [
    [
      hours(
        [
          { days: days('1111100'), ranges: [{ from: '06:30', to: '10:00' }] },
          { days: days('0000011'), ranges: [{ from: '07:00', to: '11:00' }] },
        ],
        true,
      ),
      'Mo-Fr 06:30-10:00; Sa,Su 07:00-11:00; PH off',
    ],
    [
      hours([
        {
          days: days('1010100'),
          ranges: [
            { from: '14:00', to: '18:00' },
            { from: '08:00', to: '12:00' },
          ],
        },
      ]),
      'Mo,We,Fr 08:00-12:00,14:00-18:00',
    ],
    [hours([{ days: days('1110101'), ranges: [{ from: '09:00', to: '24:00' }] }]), 'Mo-We,Fr,Su 09:00-24:00'],
    [hours([{ days: days('0000110'), ranges: [{ from: '22:00', to: '02:00' }] }]), 'Fr,Sa 22:00-02:00'],
    [hours([{ days: days('1111111'), ranges: [{ from: '06:00', to: '22:00' }] }]), 'Mo-Su 06:00-22:00'],
    [{ isAlwaysOpen: true, groups: [], isClosedOnPublicHolidays: false }, '24/7'],
    [{ isAlwaysOpen: true, groups: [], isClosedOnPublicHolidays: true }, 'Mo-Su 00:00-24:00; PH off'],
    // No day chosen anywhere: no hours at all.
    [hours([{ days: days('0000000'), ranges: [{ from: '08:00', to: '18:00' }] }], true), ''],
  ];
  for (const [model, text] of cases) {
    assert.deepEqual(checkWeeklyHours(model), [], text);
    assert.equal(formatWeeklyHours(model), text);
    if (text !== '') assert.deepEqual(validateOpeningHours(text), { error: null, warnings: [] }, text);
  }
});

test('the editor names what must change: no day, no range, a bad or empty range, a day in two groups', () => {
  const model = hours([
    { days: days('1100000'), ranges: [] },
    {
      days: days('0100000'),
      ranges: [
        { from: '8:00', to: '10:00' },
        { from: '09:00', to: '09:00' },
      ],
    },
    { days: days('0000000'), ranges: [{ from: '08:00', to: '18:00' }] },
  ]);
  assert.deepEqual(checkWeeklyHours(model), [
    { kind: 'noRanges', group: 0 },
    { kind: 'badTime', group: 1, range: 0 },
    { kind: 'emptyRange', group: 1, range: 1 },
    { kind: 'dayTwice', group: 1, day: 1 },
    { kind: 'noDays', group: 2 },
  ]);
});

test('texts the editor cannot show are left to the raw field; broken ones are errors', () => {
  for (const text of [
    'Mo-Fr 08:00-12:00; We off',
    'sunrise-sunset',
    'Jan-Mar Mo 08:00-12:00',
    'Mo-Fr 08:00-12:00; Fr 14:00-18:00',
    'Sa-Mo 08:00-12:00',
  ])
    assert.equal(parseWeeklyHours(text), null, text);
  assert.equal(validateOpeningHours('Mo-Fr 08:00-12:00; We off').error, null);
  assert.notEqual(validateOpeningHours('Mo-Fr 25:00-12:00').error, null);
  assert.notEqual(validateOpeningHours('每天 8 点').error, null);
});

test('hours in words, from the library’s own reading of the text', () => {
  const text = 'Mo-Fr 06:30-10:00; Sa,Su 07:00-11:00; PH off';
  assert.equal(describeOpeningHours(text, 'zh'), '周一至周五 06:30–10:00；周六、周日 07:00–11:00；法定节假日休息');
  assert.equal(describeOpeningHours(text, 'en'), 'Mon–Fri 06:30–10:00; Sat and Sun 07:00–11:00; closed on public holidays');
  assert.equal(
    describeOpeningHours('Mo,We 08:00-12:00,14:00-18:00', 'zh'),
    '周一 08:00–12:00、14:00–18:00；周二 休息；周三 08:00–12:00、14:00–18:00；周四至周日 休息',
  );
  assert.equal(describeOpeningHours('24/7', 'zh'), '全天24小时营业');
  assert.equal(describeOpeningHours('Mo-Su 06:00-22:00', 'zh'), '每天 06:00–22:00');
  assert.equal(describeOpeningHours('Mo-Su 06:00-22:00; PH off', 'en'), 'Daily 06:00–22:00; closed on public holidays');
  assert.equal(describeOpeningHours('Sa 22:00-02:00', 'en'), 'Mon–Fri closed; Sat 22:00–24:00; Sun 00:00–02:00');
  assert.equal(describeOpeningHours('Mo-Fr 25:00', 'zh'), null);
  // Hours that change with the season are described for the reference week, and say so.
  assert.match(
    describeOpeningHours('Jan-Jun Mo-Fr 08:00-12:00; Jul-Dec Mo-Fr 09:00-12:00', 'zh')!,
    /^周一至周五 08:00–12:00；周六、周日 休息（部分日期不同）$/,
  );
});

test('random hours: the text reads back to the same hours, and the library opens it exactly when the hours say', () => {
  const seed = 31;
  const rng = seededRng(seed);
  const time = () => `${String(Math.floor(rng() * 24)).padStart(2, '0')}:${rng() < 0.5 ? '00' : '30'}`;
  for (let trial = 0; trial < 150; trial++) {
    // Split the week into groups: each day joins one of up to three groups or stays closed.
    const numGroups = 1 + Math.floor(rng() * 3);
    const groups = Array.from({ length: numGroups }, () => ({
      days: Array<boolean>(7).fill(false),
      ranges: [] as { from: string; to: string }[],
    }));
    for (let day = 0; day < 7; day++) {
      const g = Math.floor(rng() * (numGroups + 1));
      if (g < numGroups) groups[g]!.days[day] = true;
    }
    const used = groups.filter((group) => group.days.some(Boolean));
    for (const group of used) {
      // Ranges that neither overlap nor run past midnight, in order.
      const cuts = [...new Set(Array.from({ length: 2 * (1 + Math.floor(rng() * 2)) }, time))].sort();
      for (let i = 0; i + 1 < cuts.length; i += 2) group.ranges.push({ from: cuts[i]!, to: cuts[i + 1]! });
      if (group.ranges.length === 0) group.ranges.push({ from: '08:00', to: '18:00' });
    }
    const model = hours(used, rng() < 0.5);
    assert.deepEqual(checkWeeklyHours(model), [], `seed ${seed}, trial ${trial}`);
    const text = formatWeeklyHours(model);
    if (text === '') continue;
    assert.deepEqual(parseWeeklyHours(text), model, `seed ${seed}, trial ${trial}: ${text}`);
    const rule = new OpeningHours(text, null);
    for (let sample = 0; sample < 40; sample++) {
      const day = Math.floor(rng() * 7);
      const minute = Math.floor(rng() * 1440);
      const at = new Date(2024, 0, 8 + day, Math.floor(minute / 60), minute % 60);
      const group = used.find((candidate) => candidate.days[day]);
      const isOpen =
        group?.ranges.some((range) => {
          const from = Number(range.from.slice(0, 2)) * 60 + Number(range.from.slice(3));
          const to = Number(range.to.slice(0, 2)) * 60 + Number(range.to.slice(3));
          return minute >= from && minute < to;
        }) ?? false;
      assert.equal(rule.getState(at), isOpen, `seed ${seed}, trial ${trial}: ${text} on day ${day} at minute ${minute}`);
    }
  }
});
