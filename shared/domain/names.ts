// Person names are kept exactly as written on the family's documents. In particular we never run
// NFC/NFKC: NFC maps CJK compatibility ideographs (U+F900–U+FAFF, used in real names) to other
// code points and NFKC folds far more, so a name would stop matching the public-security record.
// Rare characters outside the BMP (CJK Extension B+, e.g. 𠮷 U+20BB7) are ordinary data here:
// everything below works on code points, never on UTF-16 units.

import { NAME_GLYPHS } from './nameGlyphs';
import { format } from '../i18n/format';
import { namesText as t } from '../i18n/zhCN.domain';

export const MIDDLE_DOT = '\u00B7';

// Characters used in place of the middle dot of minority and transliterated names: bullets,
// katakana middle dots (full- and half-width), hyphenation point, bullet operators, black circle,
// Greek ano teleia, runic and other word-separator dots, the Latin sinological dot and the
// Hangul araea that Korean IMEs produce. None of them has a meaning of its own in a name.
const DOT_LOOKALIKES = /[\u2022\u30FB\uFF65\u2027\u2219\u22C5\u25CF\u25E6\u2981\u0387\u16EB\u2E31\u2E30\uA78F\u318D\u1427\u00B7]/gu;
// Full stops are only dots when they sit between two Han characters ('阿依古丽.买买提'); elsewhere
// (a Latin initial 'J. Smith') they are left alone and rejected by validation.
const HAN = '\\p{Script=Han}';
const STOP_BETWEEN_HAN = new RegExp(`(?<=${HAN})\\s*[.\uFF0E\u3002\uFE52\u2024]\\s*(?=${HAN})`, 'gu');
const SPACE_BETWEEN_HAN = new RegExp(`(?<=${HAN}) (?=${HAN})`, 'gu');
// A space or hyphen between two Han characters stands where a name's separator belongs (阿依古丽 买买提):
// never dropped silently, the clerk is offered the dot (separatorSuggestion) and the rule refuses it until then.
const SEPARATOR_BETWEEN_HAN = new RegExp(`(?<=${HAN})(?: |-)(?=${HAN})`, 'gu');
const HYPHENS = /[\u2010\u2011\u2012\u2013\uFF0D]/gu;
// What copying brings along unseen (zero-width spaces and joiners, direction marks, soft hyphens, byte-order
// marks, word joiners): treated as the space it stands for, so it is trimmed at the ends and, inside, shown.
const INVISIBLE = /[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0\u180E]/gu;
const APOSTROPHES = /[\u2019\u2018\u02BC\uFF07]/gu;
const FULL_WIDTH_LATIN = /[\uFF21-\uFF3A\uFF41-\uFF5A]/gu;

/**
 * Tidy what a clerk typed without changing any character of the name itself: trim, collapse runs of
 * whitespace and invisible characters (incl. the ideographic space) to one space, turn dot look-alikes into
 * U+00B7, drop spaces around the dot, and fold full-width Latin letters, hyphens and apostrophes of foreign
 * names. A space between two Han characters is kept: it may be a separator, which only the clerk can confirm
 * (separatorSuggestion); the rule refuses it until then.
 */
export function normaliseName(raw: string): string {
  return raw
    .replace(INVISIBLE, ' ')
    .replace(/[\s\u3000]+/gu, ' ')
    .trim()
    .replace(FULL_WIDTH_LATIN, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(HYPHENS, '-')
    .replace(APOSTROPHES, "'")
    .replace(DOT_LOOKALIKES, MIDDLE_DOT)
    .replace(STOP_BETWEEN_HAN, MIDDLE_DOT)
    .replace(/ ?\u00B7 ?/gu, MIDDLE_DOT);
}

/**
 * The name with the dot where a space or hyphen separates two Han characters ('阿依古丽 买买提' →
 * '阿依古丽·买买提'), or null when there is none: what the name field offers the clerk to confirm.
 */
export function separatorSuggestion(name: string): string | null {
  const n = normaliseName(name);
  const dotted = n.replace(SEPARATOR_BETWEEN_HAN, MIDDLE_DOT);
  return dotted === n ? null : dotted;
}

/** A name as search compares it: normalised, spaces between Han characters left out (a typed '张 三' finds 张三). */
export function nameSearchForm(raw: string): string {
  return normaliseName(raw).replace(SPACE_BETWEEN_HAN, '');
}

const MAX_NAME_LENGTH = 60;
const IS_HAN = /^\p{Script=Han}$/u;
const IS_LATIN_LETTER = /^(?=\p{Script=Latin})\p{L}$/u;
// Radicals look exactly like ordinary characters (⼈ U+2F08 vs 人 U+4EBA) and arrive by
// copy-and-paste from PDFs; the public-security record never contains them.
const IS_RADICAL = /^[\u2E80-\u2EFF\u2F00-\u2FDF]$/u;
const IS_PRIVATE_USE = /^\p{Co}$/u;

function codePointLabel(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

const UNSEEN = /^[\p{Cf}\p{Cc}\p{Z}\p{M}\u115F\u1160\u3164\uFFA0]$/u;

/** A character as a message shows it: quoted when it can be seen, described when it cannot (a message never quotes an invisible one). */
export function describeCharacter(ch: string): string {
  const code = codePointLabel(ch);
  return UNSEEN.test(ch) ? format(t.invisibleCharacter, { code }) : format(t.character, { ch, code });
}

let glyphs: Set<number> | null = null;

/** Whether the printing fonts draw this code point (the table is generated from them: nameGlyphs.ts). */
export function printable(cp: number): boolean {
  if (!glyphs) {
    glyphs = new Set();
    for (const entry of NAME_GLYPHS.split(',')) {
      const [start, extra] = entry.split('+');
      const a = parseInt(start ?? '', 36);
      const b = a + (extra ? parseInt(extra, 36) : 0);
      for (let c = a; c <= b; c++) glyphs.add(c);
    }
  }
  return glyphs.has(cp);
}

/** A character a name may hold: a Han character or Latin letter the printing fonts draw, or one of the separators. */
export function isNameCharacter(ch: string): boolean {
  if (ch === MIDDLE_DOT || ch === ' ' || ch === '-' || ch === "'") return true;
  return (IS_HAN.test(ch) || IS_LATIN_LETTER.test(ch)) && !IS_RADICAL.test(ch) && printable(ch.codePointAt(0) ?? -1);
}

/**
 * Chinese error message, or null when the (already normalised) name is acceptable:
 * Han characters incl. every CJK extension, the middle dot between parts, and for foreign
 * names Latin letters, single spaces, hyphens and apostrophes; 1–60 code points.
 */
export function validatePersonName(name: string): string | null {
  const chars = [...name];
  if (chars.length === 0 || name.trim() === '') return t.required;
  if (chars.length > MAX_NAME_LENGTH) {
    return format(t.tooLong, { max: MAX_NAME_LENGTH, length: chars.length });
  }
  for (const ch of chars) {
    if (IS_RADICAL.test(ch)) {
      return format(t.radical, { ch, code: codePointLabel(ch) });
    }
    if (IS_PRIVATE_USE.test(ch)) {
      return format(t.privateUse, { code: codePointLabel(ch) });
    }
    if (isNameCharacter(ch)) continue;
    if (IS_HAN.test(ch)) {
      return format(t.unprintableHan, { ch, code: codePointLabel(ch) });
    }
    if (IS_LATIN_LETTER.test(ch)) {
      return format(t.unprintableLatin, { ch, code: codePointLabel(ch) });
    }
    return format(t.notAllowed, { ch: describeCharacter(ch) });
  }
  const dotted = separatorSuggestion(name);
  if (dotted !== null) {
    return format(t.separator, { dotted });
  }
  const first = chars[0];
  const last = chars[chars.length - 1];
  if (first === MIDDLE_DOT || last === MIDDLE_DOT) return t.dotAtEnd;
  if (name.includes(MIDDLE_DOT + MIDDLE_DOT)) return t.doubleDot;
  if (/^[ '-]|[ '-]$/u.test(name)) return t.separatorAtEnd;
  if (/ {2}|--|''/u.test(name)) return t.separatorRepeated;
  if (!chars.some((ch) => IS_HAN.test(ch) || IS_LATIN_LETTER.test(ch))) return t.noLetter;
  return null;
}

/**
 * Gives the first letter of the pinyin of each character of a run of Han characters, one entry
 * per code point, in order. The run is passed whole so a lookup can use context (surnames such
 * as 单 shàn, 曾 zēng). An entry that is not a single Latin letter means "no pinyin known".
 */
export type InitialsLookup = (hanRun: string) => readonly string[];

/**
 * Search key of initials with a given pinyin lookup (the dictionary binding is `pinyinInitials`
 * in pinyin.ts), lower-case: '张三' → 'zs', '阿依古丽·买买提' → 'ayglmmt',
 * 'John Smith' → 'js'. Han characters the lookup does not know (many rare characters) are kept
 * as themselves, so '𠮷田' → '𠮷t' still finds the record by its first character.
 */
export function initialsWith(name: string, lookup: InitialsLookup): string {
  let out = '';
  // Han runs go to the lookup; Latin words contribute their first letter; separators vanish.
  const tokens = normaliseName(name).match(/\p{Script=Han}+|(?:(?=\p{Script=Latin})\p{L})+/gu) ?? [];
  for (const token of tokens) {
    const chars = [...token];
    if (!IS_HAN.test(chars[0] ?? '')) {
      out += (chars[0] ?? '').toLowerCase();
      continue;
    }
    const letters = lookup(token);
    chars.forEach((ch, i) => {
      const letter = letters.length === chars.length ? letters[i] : undefined;
      out += letter !== undefined && /^[a-z]$/i.test(letter) ? letter.toLowerCase() : ch;
    });
  }
  return out;
}
