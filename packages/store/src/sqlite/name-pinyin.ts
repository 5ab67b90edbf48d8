import { pinyin } from 'pinyin-pro';

/** The keyword-search forms of a name: full pinyin and initials, lower case, no tones, no whitespace. */
export interface NamePinyin {
  full: string;
  initials: string;
}

/**
 * Pinyin of a name for keyword search (全家便利店 → `quanjiabianlidian`,
 * `qjbld`). pinyin-pro reads polyphonic characters from their words (银行 →
 * `yinhang`). Non-Chinese runs are kept whole in both forms (`Lawson罗森` →
 * `lawsonluosen`, `lawsonls`).
 */
export function namePinyin(name: string): NamePinyin {
  const options = { toneType: 'none', type: 'array', nonZh: 'consecutive' } as const;
  const full = pinyin(name, options).join('');
  const initials = pinyin(name, { ...options, pattern: 'first' }).join('');
  return { full: compactLower(full), initials: compactLower(initials) };
}

/** Lower case without whitespace: the form keywords and pinyin are compared in. */
export function compactLower(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}
