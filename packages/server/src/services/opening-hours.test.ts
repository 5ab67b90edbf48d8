import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLifecircleError } from '@lifecircle/shared';
import { chinaWallClock, isOpenAt, parseOpenAt } from './opening-hours.js';

test('the China wall clock of 23:30 UTC is 07:30 the next day', () => {
  const wall = chinaWallClock(new Date('2026-11-27T23:30:00Z'));
  assert.deepEqual(
    [wall.getFullYear(), wall.getMonth() + 1, wall.getDate(), wall.getHours(), wall.getMinutes()],
    [2026, 11, 28, 7, 30],
  );
});

test('openAt with an offset is an instant; without one it is China time', () => {
  const withOffset = parseOpenAt('2026-11-26T23:00:00Z');
  const withoutOffset = parseOpenAt('2026-11-27T07:00');
  assert.equal(withOffset.getTime(), withoutOffset.getTime());
  assert.equal(withoutOffset.getHours(), 7);
});

test('a malformed openAt is a VALIDATION error naming openAt', () => {
  for (const text of ['tomorrow', '2026-13-01T07:00', '2026-11-27 07:00', '2026-11-27T25:00']) {
    assert.throws(
      () => parseOpenAt(text),
      (error: unknown) => isLifecircleError(error, 'VALIDATION') && error.details.field === 'openAt',
      text,
    );
  }
});

test('hours are evaluated by hand-checked cases, and missing or broken hours are null', () => {
  const seven = parseOpenAt('2026-11-27T07:00');
  const ten = parseOpenAt('2026-11-27T10:00');
  assert.equal(isOpenAt('Mo-Su 06:00-10:00', seven), true);
  assert.equal(isOpenAt('Mo-Su 10:00-22:00', seven), false);
  assert.equal(isOpenAt('Mo-Su 06:00-10:00', ten), false, 'the end of a range is closed');
  assert.equal(isOpenAt('Mo-Su 10:00-22:00', ten), true);
  // 2026-11-27 is a Friday.
  assert.equal(isOpenAt('Sa-Su 06:00-22:00', seven), false);
  assert.equal(isOpenAt('Fr 06:00-08:00', seven), true);
  assert.equal(isOpenAt(null, seven), null);
  assert.equal(isOpenAt('not hours at all', seven), null);
});
