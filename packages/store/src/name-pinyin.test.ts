import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compactLower, namePinyin } from './name-pinyin.js';

describe('namePinyin', () => {
  it('gives toneless full pinyin and initials of hand-checked names', () => {
    assert.deepEqual(namePinyin('全家便利店'), { full: 'quanjiabianlidian', initials: 'qjbld' });
    assert.deepEqual(namePinyin('工商银行'), { full: 'gongshangyinhang', initials: 'gsyh' });
    assert.deepEqual(namePinyin('理发店'), { full: 'lifadian', initials: 'lfd' });
  });

  it('keeps non-Chinese runs whole, lower-cased and without spaces', () => {
    assert.deepEqual(namePinyin('Lawson 罗森 24h'), { full: 'lawsonluosen24h', initials: 'lawsonls24h' });
    assert.deepEqual(namePinyin(''), { full: '', initials: '' });
  });
});

describe('compactLower', () => {
  it('lower-cases and drops every kind of whitespace', () => {
    assert.equal(compactLower(' Quan\tJia\u3000 '), 'quanjia');
  });
});
