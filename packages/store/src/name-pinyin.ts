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
  const syllables = pinyin(name, options);
  // One pinyin call per name (bulk imports spend most of their time here):
  // initials come from the syllables when they align with the Han
  // characters, which they do unless pinyin-pro segments a name differently.
  const tokens = name.match(HAN_OR_RUN) ?? [];
  let initials: string;
  if (tokens.length === syllables.length) {
    initials = '';
    for (let i = 0; i < tokens.length; i++) initials += HAN.test(tokens[i]!) ? syllables[i]!.charAt(0) : syllables[i]!;
  } else {
    initials = pinyin(name, { ...options, pattern: 'first' }).join('');
  }
  return { full: compactLower(syllables.join('')), initials: compactLower(initials) };
}

const HAN_OR_RUN = /\p{Script=Han}|[^\p{Script=Han}]+/gu;
const HAN = /^\p{Script=Han}$/u;

/** Lower case without whitespace: the form keywords and pinyin are compared in. */
export function compactLower(text: string): string {
  return text.toLowerCase().replace(/\s+/g, '');
}
