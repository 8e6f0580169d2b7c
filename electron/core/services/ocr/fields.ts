// Field values from the recognised lines of one page, by the printed form's labels and the value cells beside
// them. Only what passes its field's own check is offered: an ID number must have a valid check digit (a misread
// digit fails ISO 7064 MOD 11-2), dates must be calendar dates, a relation must be one the 户口簿 uses.
import type { OcrDocumentKind, SuggestionField } from '../../../../shared/contract/cardReader';
import { isCalendarDate } from '../../../../shared/domain/age';
import { checkDigit } from '../../../../shared/domain/idNumber';
import type { OcrLine } from './engine';

export interface FieldValue {
  field: SuggestionField;
  value: string;
  confidence: number;
  /**
   * Positions (code points of `value`) the recogniser was unsure of: a rare character outside its dictionary
   * comes out as a look-alike with a low probability, so the clerk is told to check those against the page.
   */
  uncertain?: number[];
  /**
   * The printed cell looks wider than the characters read: the recogniser skipped one it does not know (a rare
   * character such as 龑 or 𪚥 yields nothing). Such a value is shown for checking, never taken with a key.
   */
  incomplete?: boolean;
  /**
   * Whose value this is on a page holding several people (a 户口簿 spread: one 登记卡 each), 0, 1… in reading
   * order. Set on a person's own fields (name, ID number, birth date, relation, 迁入 date); the form matches each
   * person to its own (desk renderer, cardReader/suggestions.ts), so one person's values never go to another.
   */
  person?: number;
}

/** A character read with less probability than this is flagged as uncertain (names, owners, addresses). */
export const UNCERTAIN_BELOW = 0.8;

interface Read {
  value: string;
  confidence: number;
  /** Each character's probability, when the value is text taken as printed. */
  probs?: number[];
  incomplete?: boolean;
}

export const FIELDS_OF: Record<OcrDocumentKind, readonly SuggestionField[]> = {
  hukou_booklet: ['name', 'idNumber', 'birthDate', 'relation', 'moveInDate', 'address'],
  property_certificate: ['owner', 'address', 'registrationDate', 'certificateNumber'],
  residence_permit: ['name', 'idNumber', 'validFrom', 'validTo'],
};

interface Line extends OcrLine {
  /** Text without spaces, with full-width brackets folded. */
  flat: string;
  /** The probability of each code point of `flat` (1 where the engine gave none). */
  flatProbs: number[];
}

// Characters the recogniser confuses with digits inside a run of digits.
const DIGIT_LOOKALIKES: Record<string, string> = { O: '0', o: '0', D: '0', Q: '0', I: '1', l: '1', '|': '1', i: '1', Z: '2', z: '2', S: '5', s: '5', B: '8', g: '9', x: 'X', '×': 'X', 'Ｘ': 'X' };

const RELATIONS = new Set([
  '户主', '妻', '夫', '子', '女', '长子', '长女', '次子', '次女', '三子', '三女', '四子', '四女', '独生子', '独生女', '养子', '养女', '继子', '继女',
  '孙子', '孙女', '外孙子', '外孙女', '父亲', '母亲', '祖父', '祖母', '外祖父', '外祖母', '儿媳', '女婿', '兄', '弟', '姐', '妹', '侄子', '侄女', '其他',
]);

function prepare(lines: OcrLine[]): Line[] {
  return lines.map((l) => {
    const chars = [...l.text];
    const flatProbs: number[] = [];
    chars.forEach((c, i) => {
      if (!/\s/.test(c)) flatProbs.push(l.chars?.[i] ?? 1);
    });
    return { ...l, flat: l.text.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/：/g, ':'), flatProbs };
  });
}

/** The probabilities of `value` where it stands in the line's text (dots folded as personName folds them). */
function probsOf(line: Line, value: string): number[] | undefined {
  const hay = [...line.flat.replace(/[.•・]/g, '·')];
  const needle = [...value];
  for (let i = 0; i + needle.length <= hay.length; i++) {
    if (needle.every((c, j) => hay[i + j] === c)) return line.flatProbs.slice(i, i + needle.length);
  }
  return undefined;
}

const midY = (l: OcrLine) => l.box.y + l.box.h / 2;
const right = (l: OcrLine) => l.box.x + l.box.w;

/** Lines to the right of a label on its row (the label cell's height, give or take a line), nearest first. */
function rightOf(lines: Line[], label: Line): Line[] {
  const top = label.box.y - label.box.h * 0.6;
  const bottom = label.box.y + label.box.h * 1.6;
  return lines
    .filter((l) => l !== label && l.box.x > right(label) - label.box.h * 0.5 && midY(l) > top && midY(l) < bottom)
    .sort((a, b) => a.box.x - b.box.x);
}

/** The first line whose text matches, and what follows the label inside that same line. */
function findLabel(lines: Line[], re: RegExp): { line: Line; rest: string } | null {
  for (const line of lines) {
    const m = re.exec(line.flat);
    if (m) return { line, rest: line.flat.slice(m.index + m[0].length).replace(/^[:：]/, '') };
  }
  return null;
}

/** A value written after its label: in the same line, else the nearest line to its right. */
function valueAfter(lines: Line[], re: RegExp, accept: (s: string) => string | null): Read | null {
  const found = findLabel(lines, re);
  if (!found) return null;
  const own = found.rest ? accept(found.rest) : null;
  if (own) return { value: own, confidence: found.line.confidence, probs: probsOf(found.line, own) };
  for (const l of rightOf(lines, found.line)) {
    const v = accept(l.flat);
    if (v) return { value: v, confidence: l.confidence, probs: probsOf(l, v) };
  }
  return null;
}

const LABEL_WORDS = /^(性别|民族|出生|住址|户主|与户主|曾用名|姓名|籍贯|公民|身份|共有|坐落|权利)/;

function personName(s: string): string | null {
  const m = /^[\p{Script=Han}·]{2,8}/u.exec(s.replace(/[.•・]/g, '·'));
  // A relation (次女, 长子) stands in the next cell of the 登记卡's first row: never a name.
  return m && !LABEL_WORDS.test(m[0]) && !RELATIONS.has(m[0]) ? m[0] : null;
}

/** Han characters are about as wide as 3/4 of the line's box height here (0.65–0.85 measured, 0.9 alone). */
const HAN_WIDTH = 0.75;

/** How many characters of a pure-Han line the recogniser seems to have skipped (its box is wider than its text). */
function skipped(line: Line): number {
  if (!/^[\p{Script=Han}·]+$/u.test(line.flat)) return 0;
  const extra = line.box.w / (line.box.h * HAN_WIDTH) - [...line.flat].length;
  return extra >= 0.7 ? Math.round(extra) : 0;
}

/**
 * A name beside its label. A name cell whose box holds more characters than were read lost a rare one: still
 * offered (even a lone surname), but marked incomplete so it is only shown for checking.
 */
function nameAfter(lines: Line[], re: RegExp): Read | null {
  const found = findLabel(lines, re);
  if (!found) return null;
  const read = valueAfter(lines, re, personName);
  for (const l of rightOf(lines, found.line)) {
    if (!/^[\p{Script=Han}·]{1,8}$/u.test(l.flat) || LABEL_WORDS.test(l.flat)) continue;
    // The nearest name-like cell is the name's cell: a short read there is the name with a character skipped.
    if (skipped(l) > 0) return { value: l.flat, confidence: l.confidence, probs: l.flatProbs, incomplete: true };
    break;
  }
  return read;
}

function fixDigits(s: string): string {
  return s.replace(/[OoDQIl|iZzSsBgx×Ｘ]/g, (c) => DIGIT_LOOKALIKES[c] ?? c);
}

/** Every 18-character ID number in the text whose check digit holds (digit look-alikes read as digits). */
export function idNumbersIn(text: string): string[] {
  const out: string[] = [];
  for (const m of fixDigits(text.replace(/\s+/g, '')).matchAll(/(?<![\dX])(\d{17}[\dX])(?![\dX])/g)) {
    const id = m[1] ?? '';
    const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
    if (checkDigit(id.slice(0, 17)) === id[17] && isCalendarDate(birth)) out.push(id);
  }
  return out;
}

/** Dates written 2016年07月23日, 2016.07.23, 2016-07-23 or 20160723, as YYYY-MM-DD. */
export function datesIn(text: string): string[] {
  const out: string[] = [];
  const s = fixDigits(text.replace(/\s+/g, ''));
  for (const m of s.matchAll(/(\d{4})[年.\-/](\d{1,2})[月.\-/](\d{1,2})日?|(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/g)) {
    const [y, mo, d] = m[1] ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]];
    const iso = `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    if (isCalendarDate(iso) && Number(y) >= 1900 && Number(y) <= 2100) out.push(iso);
  }
  return out;
}

/** An address cell: the line beside the label and the lines it wraps onto below, aligned with it. */
function addressAfter(lines: Line[], re: RegExp): Read | null {
  const found = findLabel(lines, re);
  if (!found) return null;
  const first = found.rest.length >= 4 ? found.line : rightOf(lines, found.line).find((l) => /[省市区县镇乡路街号]/.test(l.flat));
  if (!first) return null;
  const parts = [first === found.line ? found.rest : first.flat];
  const probs: Array<number[] | undefined> = [probsOf(first, parts[0] ?? '')];
  let conf = first.confidence;
  let last: Line = first;
  const x0 = first === found.line ? right(found.line) - found.line.box.w * 0.5 : first.box.x;
  for (;;) {
    const next = lines.find(
      (l) => l !== last && l.box.y > midY(last) && l.box.y < last.box.y + last.box.h * 1.7 && Math.abs(l.box.x - x0) < last.box.h * 1.5 && !/^(户号|户别|不动产|权利|共有|用途|面积)/.test(l.flat),
    );
    if (!next) break;
    // A line with a label cell to its left starts the next row of the table.
    if (lines.some((l) => l !== found.line && right(l) < next.box.x && Math.abs(midY(l) - midY(next)) < next.box.h * 0.6)) break;
    parts.push(next.flat);
    probs.push(next.flatProbs);
    conf = Math.min(conf, next.confidence);
    last = next;
  }
  const value = parts.join('');
  const all = probs.every((p) => p !== undefined) ? probs.flat() : undefined;
  return /[省市区县镇乡路街号村]/.test(value) && value.length >= 6 ? { value, confidence: conf, probs: all } : null;
}

function push(out: FieldValue[], field: SuggestionField, v: Read | null): void {
  if (!v) return;
  const uncertain = (v.probs ?? []).flatMap((p, i) => (p < UNCERTAIN_BELOW ? [i] : []));
  out.push({ field, value: v.value, confidence: v.confidence, ...(uncertain.length > 0 ? { uncertain } : {}), ...(v.incomplete ? { incomplete: true } : {}) });
}

/** 鲁（2019）日照市不动产权第0012345号, written with ASCII brackets as the desk stores it. */
export function certificateNumbersIn(text: string): string[] {
  const out: string[] = [];
  const s = text.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
  for (const m of s.matchAll(/([\p{Script=Han}]{1,2})\(([\dOoIlSB]{4})\)([\p{Script=Han}]{0,12}?)不动产权第([\dOoIlSBDQZzg]{5,9})号/gu)) {
    const year = fixDigits(m[2] ?? '');
    const y = Number(year);
    if (y < 1990 || y > 2100) continue;
    out.push(`${m[1]}(${year})${m[3]}不动产权第${fixDigits(m[4] ?? '')}号`);
  }
  return out;
}

function idNumber(lines: Line[]): Read | null {
  // Beside its label first; a line may hold only part of the number, so each row is also read joined up.
  const label = findLabel(lines, /公民身份|身份证件|身份号码|证件编号/);
  const rows = label ? [label.line.flat, ...rightOf(lines, label.line).map((l) => l.flat)] : [];
  const beside = idNumbersIn(rows.join(''))[0] ?? rows.map((r) => idNumbersIn(r)[0]).find(Boolean);
  if (beside) return { value: beside, confidence: Math.min(...[label?.line, ...(label ? rightOf(lines, label.line) : [])].map((l) => l?.confidence ?? 1)) };
  for (const l of lines) {
    const id = idNumbersIn(l.flat)[0];
    if (id) return { value: id, confidence: l.confidence };
  }
  return null;
}

/** One person's fields of a 常住人口登记卡 (the lines of that card only). */
function cardFields(lines: Line[]): FieldValue[] {
  const out: FieldValue[] = [];
  if (findLabel(lines, /常住人口登记卡|公民身份|出生日期/) === null) return out;
  push(out, 'name', nameAfter(lines, /^姓名/));
  push(out, 'idNumber', idNumber(lines));
  push(out, 'birthDate', valueAfter(lines, /出生日期/, (s) => datesIn(s)[0] ?? null));
  push(out, 'relation', valueAfter(lines, /户主关系|与户主|户主或/, (s) => (RELATIONS.has(s) ? s : null)));
  // 何时由何地迁来本址: the value reads "2016年07月23日 由…迁来"; the lowest such row is 本址 (below 本市).
  const moves = lines.filter((l) => /迁来|迁入/.test(l.flat) && datesIn(l.flat).length > 0).sort((a, b) => midY(b) - midY(a));
  const move = moves[0];
  if (move) push(out, 'moveInDate', { value: datesIn(move.flat)[0] as string, confidence: move.confidence });
  return out;
}

/** How many of the lines' texts match: a label printed once on each 登记卡 counts the cards. */
const count = (lines: Line[], re: RegExp) => lines.filter((l) => re.test(l.flat)).length;

/**
 * The lines of each person's 登记卡 on a page, in reading order. A page may hold several cards (the booklet opened
 * flat: two side by side). Each card is anchored at its 姓名 label, the top-left cell of its table; a line belongs
 * to the anchor it lies right of and below, the nearest one, being left of or above an anchor costing eight times
 * as much (the pages are turned a few degrees). When the page shows more cards (titles, ID-number or birth-date
 * labels) than 姓名 labels were read, the cards cannot be told apart: no person's fields at all rather than a mix.
 */
function personRegions(lines: Line[]): Line[][] {
  const anchors = lines.filter((l) => /^姓名/.test(l.flat));
  const cards = Math.max(count(lines, /常住人口登记卡/), count(lines, /^公民身份/), count(lines, /^出生日期/));
  if (anchors.length <= 1) return cards <= 1 ? [lines] : [];
  if (anchors.length < cards) return [];
  const ordered = [...anchors].sort((a, b) => (Math.abs(a.box.y - b.box.y) < a.box.h * 3 ? a.box.x - b.box.x : a.box.y - b.box.y));
  const regions: Line[][] = ordered.map((a) => [a]);
  const origin = (a: Line) => ({ x: a.box.x - 2 * a.box.h, y: a.box.y - 3 * a.box.h });
  const cost = (a: Line, l: Line) => {
    const o = origin(a);
    const dx = l.box.x - o.x;
    const dy = l.box.y - o.y;
    return (dx < 0 ? -8 * dx : dx) + (dy < 0 ? -8 * dy : dy);
  };
  for (const l of lines) {
    if (anchors.includes(l)) continue;
    let best = 0;
    ordered.forEach((a, i) => {
      if (cost(a, l) < cost(ordered[best] as Line, l)) best = i;
    });
    regions[best]?.push(l);
  }
  // A card whose lines hold two people's numbers, or a number born on another day than its 出生日期, has taken
  // another card's lines: it is left out.
  return regions.filter((region) => {
    const ids = new Set(region.flatMap((l) => idNumbersIn(l.flat)));
    if (ids.size > 1) return false;
    const [id] = [...ids];
    const born = valueAfter(region, /出生日期/, (s) => datesIn(s)[0] ?? null)?.value;
    return !(id && born && born !== `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
  });
}

/** Suggestions for one page of a document of this kind. */
export function extractFields(kind: OcrDocumentKind, raw: OcrLine[]): FieldValue[] {
  const lines = prepare(raw);
  const out: FieldValue[] = [];
  switch (kind) {
    case 'hukou_booklet': {
      for (const [person, region] of personRegions(lines).entries()) {
        for (const f of cardFields(region)) out.push({ ...f, person });
      }
      push(out, 'address', addressAfter(lines, /^住址/));
      return out;
    }
    case 'property_certificate': {
      push(out, 'owner', nameAfter(lines, /^权利人/));
      push(out, 'address', addressAfter(lines, /^坐落/));
      // The registration date stands under 登记机构（章）; else the one full date on the page.
      const seal = findLabel(lines, /登记机构/);
      const below = seal ? lines.filter((l) => midY(l) > midY(seal.line) && midY(l) < midY(seal.line) + seal.line.box.h * 4 && datesIn(l.flat).length > 0) : [];
      const dated = below[0] ?? (lines.filter((l) => datesIn(l.flat).length === 1).length === 1 ? lines.find((l) => datesIn(l.flat).length === 1) : undefined);
      if (dated) push(out, 'registrationDate', { value: datesIn(dated.flat)[0] as string, confidence: dated.confidence });
      const numbered = lines.find((l) => certificateNumbersIn(l.flat).length > 0);
      if (numbered) push(out, 'certificateNumber', { value: certificateNumbersIn(numbered.flat)[0] as string, confidence: numbered.confidence });
      return out;
    }
    case 'residence_permit': {
      push(out, 'name', nameAfter(lines, /^姓名/));
      push(out, 'idNumber', idNumber(lines));
      const validity = valueAfter(lines, /有效期限|有效期/, (s) => (datesIn(s).length >= 2 ? s : null));
      if (validity) {
        const [from, to] = datesIn(validity.value);
        if (from && to && from < to) {
          out.push({ field: 'validFrom', value: from, confidence: validity.confidence });
          out.push({ field: 'validTo', value: to, confidence: validity.confidence });
        }
      }
      return out;
    }
  }
}
