import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chinaWallClock, outletOpenState } from './outlet-hours.js';

describe('outletOpenState', () => {
  // Monday 5 January 2026, local fields = China wall-clock time.
  const at = (hour: number, minute = 0) => new Date(2026, 0, 5, hour, minute);

  it('opens a breakfast shop Mo-Su 06:00-10:00 at 07:00 and closes it at 12:00', () => {
    assert.equal(outletOpenState('Mo-Su 06:00-10:00', at(7)), 'open');
    assert.equal(outletOpenState('Mo-Su 06:00-10:00', at(12)), 'closed');
    assert.equal(outletOpenState('Mo-Su 06:00-10:00', at(10, 0)), 'closed');
  });

  it('treats missing hours as always open and unparsable hours as unparsable', () => {
    assert.equal(outletOpenState(null, at(3)), 'open');
    assert.equal(outletOpenState('  ', at(3)), 'open');
    assert.equal(outletOpenState('whenever', at(12)), 'unparsable');
  });

  it('follows weekdays (Sunday 11 January is closed for Mo-Fr)', () => {
    assert.equal(outletOpenState('Mo-Fr 09:00-18:00', at(12)), 'open');
    assert.equal(outletOpenState('Mo-Fr 09:00-18:00', new Date(2026, 0, 11, 12)), 'closed');
  });
});

describe('chinaWallClock', () => {
  it('shifts an instant to UTC+8 in the local fields', () => {
    const clock = chinaWallClock(new Date('2026-01-05T23:30:00Z'));
    assert.deepEqual(
      [clock.getFullYear(), clock.getMonth(), clock.getDate(), clock.getHours(), clock.getMinutes()],
      [2026, 0, 6, 7, 30],
    );
  });
});
