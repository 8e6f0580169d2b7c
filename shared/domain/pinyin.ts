import { pinyin } from 'pinyin-pro';
import { initialsWith, type InitialsLookup } from './names';
import { PINYIN_SUPPLEMENT } from './pinyinSupplement';

// pinyin-pro is kept out of names.ts so the name rules stay dependency-free and testable with a
// stub lookup; this file is the one place that binds them to the dictionary.

let supplement: Map<string, string> | undefined;

/**
 * The toneless reading of a Han character pinyin-pro does not know (𠮷 → 'ji', 𡈽 → 'tu'), from the
 * Unihan-derived supplement (scripts/gen-pinyin-supplement.mjs); undefined when no source has one.
 */
export function supplementReading(ch: string): string | undefined {
  if (!supplement) {
    supplement = new Map();
    for (const [syllable, chars] of Object.entries(PINYIN_SUPPLEMENT)) for (const c of chars) supplement.set(c, syllable);
  }
  return supplement.get(ch);
}

/**
 * First letters from pinyin-pro, reading the first character with surname readings (单 → s,
 * 曾 → z, 解 → x), as names start with the surname. Characters pinyin-pro does not know (many in the
 * CJK extensions, where rare name characters such as 𠮷 live) take their reading from the supplement;
 * a character no source knows is returned unchanged, which `initialsWith` keeps as itself.
 */
export const pinyinProInitials: InitialsLookup = (hanRun) => {
  const letters = pinyin(hanRun, { pattern: 'first', toneType: 'none', type: 'array', mode: 'surname', surname: 'head' });
  const chars = [...hanRun];
  if (letters.length !== chars.length) return letters;
  return letters.map((letter, i) => {
    const ch = chars[i] ?? '';
    if (letter !== ch) return letter;
    return supplementReading(ch)?.charAt(0) ?? letter;
  });
};

/**
 * Search key of pinyin initials for a person name, lower-case: '张三' → 'zs',
 * '阿依古丽·买买提' → 'ayglmmt', '王𠮷祥' → 'wjx'; characters without any known pinyin are kept.
 */
export function pinyinInitials(name: string): string {
  return initialsWith(name, pinyinProInitials);
}

/** How a label can be typed: its text, pinyin initials and full pinyin, lower-case, without spaces or punctuation. */
export interface PinyinKeys {
  text: string;
  initials: string;
  full: string;
}

const keyCache = new Map<string, PinyinKeys>();
const squash = (s: string) => s.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');

/**
 * The keys of an option label for type-to-find lists: '父亲' → { text: '父亲', initials: 'fq',
 * full: 'fuqin' }. Cached: lists ask for the same labels on every keystroke.
 */
export function pinyinKeys(label: string): PinyinKeys {
  const hit = keyCache.get(label);
  if (hit) return hit;
  const syllables = pinyin(label, { toneType: 'none', type: 'array', nonZh: 'consecutive' });
  const keys = {
    text: squash(label),
    initials: squash(syllables.map((s) => s.slice(0, 1)).join('')),
    full: squash(syllables.join('')),
  };
  keyCache.set(label, keys);
  return keys;
}
