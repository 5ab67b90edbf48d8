import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDecimal } from './decimal.js';

test('parseDecimal reads decimal notation and nothing else Number() would take', () => {
  for (const [text, value] of [
    ['121.4', 121.4],
    [' -0.5 ', -0.5],
    ['+3', 3],
    ['1e3', 1000],
    ['.5', 0.5],
    ['5.', 5],
    ['1E-2', 0.01],
  ] as const) {
    assert.equal(parseDecimal(text), value, text);
  }
  for (const text of [
    '',
    ' ',
    '0x79',
    '0b1',
    '0o7',
    'Infinity',
    '-Infinity',
    'NaN',
    '1,5',
    '1.2.3',
    '1e',
    'e1',
    '.',
    '-',
    '１２',
    '1_000',
  ]) {
    assert.ok(Number.isNaN(parseDecimal(text)), text);
  }
  // Overflow is a number, not a syntax error: callers check ranges.
  assert.equal(parseDecimal('1e999'), Infinity);
});
