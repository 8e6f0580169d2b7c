import type { Content, ContentTable, TDocumentDefinitions } from 'pdfmake/interfaces';
import { format } from '../i18n/zhCN';
import { printingText } from '../i18n/zhCN.printing';
import type { PaperSize, PrintData } from './types';
import { calendarDayOf, chinaDay } from '../chinaTime';

// Page set-up and the pieces every document shares. Builders return a pdfmake document definition; the
// core renders it (fonts, glyph fallback, storage). Nothing here reads the clock or draws randomness: the
// same data gives the same definition, so a reprint is byte-identical.

export const T = printingText.doc;

/** Family name the core binds to its primary CJK font (with per-glyph fallback). */
export const FONT = 'DeskSans';

export interface PaperSpec {
  pageSize: TDocumentDefinitions['pageSize'];
  margins: [number, number, number, number];
  /** Usable width in points. */
  width: number;
  fontSize: number;
  titleSize: number;
  qrSize: number;
}

const MM = 72 / 25.4;

export function paperSpec(paper: PaperSize): PaperSpec {
  switch (paper) {
    case 'A4':
      return { pageSize: 'A4', margins: [56, 44, 56, 50], width: 595.28 - 112, fontSize: 10.5, titleSize: 16, qrSize: 92 };
    case 'A5':
      return { pageSize: 'A5', margins: [30, 26, 30, 34], width: 419.53 - 60, fontSize: 7.5, titleSize: 11.5, qrSize: 72 };
    case 'roll80':
      // 80 mm roll, 72 mm printable; one page as long as the content.
      return { pageSize: { width: 80 * MM, height: 'auto' }, margins: [4 * MM, 4 * MM, 4 * MM, 6 * MM], width: 72 * MM, fontSize: 7.5, titleSize: 10, qrSize: 90 };
  }
}

/** China has one time zone and no daylight saving: UTC+8 fixed, independent of the machine's zone. */
function chinaParts(iso: string): { y: number; m: number; d: number; hh: string; mm: string } {
  const t = new Date(Date.parse(iso) + 8 * 3600_000);
  return {
    y: t.getUTCFullYear(),
    m: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    hh: String(t.getUTCHours()).padStart(2, '0'),
    mm: String(t.getUTCMinutes()).padStart(2, '0'),
  };
}

export function chinaDate(iso: string): string {
  const p = chinaParts(iso);
  return format(printingText.dates.day, { y: p.y, m: p.m, d: p.d });
}

export function chinaDateTime(iso: string): string {
  const p = chinaParts(iso);
  return format(printingText.dates.dayTime, { y: p.y, m: p.m, d: p.d, hh: p.hh, mm: p.mm });
}

export { chinaDay };

/** A calendar date (YYYY-MM-DD) as printed. */
export function calendarDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return format(printingText.dates.day, { y: String(y), m: String(m), d: String(d) });
}

/** `days` calendar days after the instant's China date, as YYYY-MM-DD. */
export function addDays(iso: string, days: number): string {
  const p = chinaParts(iso);
  const t = new Date(Date.UTC(p.y, p.m - 1, p.d + days));
  return calendarDayOf(t);
}

export function fill(template: string, values: Record<string, string | number>): string {
  return format(template, values);
}

/** Full-width characters (CJK, full-width forms and punctuation) take one em; everything else is counted generously. */
const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;

/** An upper bound of the text's width in ems, without the font: CJK is 1 em, anything else at most 0.62 em. */
export function ems(text: string): number {
  let n = 0;
  for (const ch of text) n += WIDE.test(ch) ? 1 : 0.62;
  return n;
}

/** A run pdfmake may not break inside (noWrap): render.ts keeps it together across font runs too. */
export interface KeptRun {
  text: string;
  noWrap: true;
}
export type Flow = string | (string | KeptRun)[];

const OPENING = '（(“‘《〈【〔「『';
const CLOSING = '）)”’》〉】〕」』';
/** Characters that are not letters for the tail rule: punctuation, symbols and spaces. */
const NOT_LETTER = /[\p{P}\p{S}\p{Z}]/u;
/** A bracketed phrase this short is read as one unit (（示例）, （已办理的）, （含当日）): it never breaks. */
const SHORT_GROUP = 8;

/**
 * Text laid out so that a line never holds only the end of a short bracketed phrase or a lone last character
 * (the 80 mm receipt's title once ended with a line of just `例）`): short bracketed phrases and the last two
 * letters with the punctuation after them are kept runs. Longer text still wraps anywhere CJK may.
 */
export function flow(text: string): Flow {
  const chars = [...text];
  const keep = new Array<boolean>(chars.length).fill(false);
  chars.forEach((ch, i) => {
    const close = CLOSING[OPENING.indexOf(ch)];
    if (close === undefined) return;
    const end = chars.indexOf(close, i + 1);
    if (end > i && end - i + 1 <= SHORT_GROUP) for (let k = i; k <= end; k++) keep[k] = true;
  });
  let letters = 0;
  for (let i = chars.length - 1; i >= 0 && letters < 2; i--) {
    keep[i] = true;
    if (!NOT_LETTER.test(chars[i]!)) letters++;
  }
  if (keep.every((k) => k)) return chars.length > 1 ? [{ text, noWrap: true }] : text;
  const out: (string | KeptRun)[] = [];
  let i = 0;
  while (i < chars.length) {
    let j = i;
    while (j < chars.length && keep[j] === keep[i]) j++;
    const part = chars.slice(i, j).join('');
    out.push(keep[i] ? { text: part, noWrap: true } : part);
    i = j;
  }
  return out;
}

/** The text cut into units that must stay on one line: kept runs whole, everything else per character. */
function units(text: string): string[] {
  const f = flow(text);
  if (typeof f === 'string') return [...f];
  return f.flatMap((part) => (typeof part === 'string' ? [...part] : [part.text]));
}

/** `text` in `n` or more lines of about equal width, none wider than `room` ems, never breaking a kept unit. */
function balancedLines(text: string, room: number): string[] {
  const parts = units(text);
  const total = ems(text);
  for (let n = Math.max(2, Math.ceil(total / room)); ; n++) {
    const cap = Math.min(room, (total / n) * 1.1);
    const lines: string[] = [''];
    for (const u of parts) {
      const last = lines[lines.length - 1]!;
      if (last !== '' && ems(last + u) > cap) lines.push(u);
      else lines[lines.length - 1] = last + u;
    }
    if (lines.length <= n || n >= parts.length) return lines;
  }
}

/**
 * A title on one line, shrunk to fit the paper's width down to the body size plus one point. A title too long
 * even then is set at that size in lines of equal width, so no line holds only its last characters (`例）`).
 */
export function title(text: string, spec: PaperSpec): Content {
  const room = spec.width * 0.97;
  const min = spec.fontSize + 1;
  const size = Math.min(spec.titleSize, room / ems(text));
  const margin: [number, number, number, number] = [0, 0, 0, spec.fontSize * 0.9];
  if (size >= min) return { text: [{ text, noWrap: true }], fontSize: Math.floor(size * 10) / 10, alignment: 'center', margin };
  return { stack: balancedLines(text, room / min).map((line) => ({ text: [{ text: line, noWrap: true }] })), fontSize: min, alignment: 'center', margin };
}

export function heading(text: string, spec: PaperSpec): Content {
  return { text: flow(text), fontSize: spec.fontSize + 1, margin: [0, spec.fontSize * 0.6, 0, spec.fontSize * 0.2] };
}

export function para(text: string, spec: PaperSpec): Content {
  return { text: flow(text), margin: [0, 0, 0, spec.fontSize * 0.3], lineHeight: 1.2 };
}

const ASTRAL = /[\u{10000}-\u{10FFFF}]/u;

/**
 * A data value that must wrap inside its cell whatever it holds: a long unbroken Latin or digit run (a
 * certificate number, a foreign name) would otherwise widen its table column past the page edge. pdfmake's
 * break-all splits UTF-16 units, so text with characters outside the BMP keeps normal (CJK) breaking.
 */
export function value(text: string): { text: Flow; wordBreak?: 'break-all' } {
  return ASTRAL.test(text) ? { text: flow(text) } : { text: flow(text), wordBreak: 'break-all' };
}

/** Label–value rows in a two-column grid; labels never wrap (their column fits the longest), long values wrap inside their cell. */
export function facts(rows: [string, string][], spec: PaperSpec): ContentTable {
  // Room for five characters (every label of ours but one), wider only for a longer label: values line up across sections.
  const labelWidth = Math.max(5, ...rows.map(([k]) => ems(k))) * spec.fontSize + 6;
  return {
    table: { widths: [labelWidth, '*'], body: rows.map(([k, v]) => [{ text: [{ text: k, noWrap: true }], color: '#444444' }, value(v || T.none)]) },
    // No borders and no side padding: the value column is exactly the rest of the line, so nothing overhangs.
    layout: { hLineWidth: () => 0, vLineWidth: () => 0, paddingLeft: () => 0, paddingRight: (i) => (i === 0 ? 4 : 0), paddingTop: () => 1, paddingBottom: () => 1 },
    margin: [0, 0, 0, spec.fontSize * 0.5],
  };
}

/** A bordered table with a header row. */
export function grid(header: string[], rows: string[][], widths: (number | string)[]): ContentTable {
  return {
    table: {
      headerRows: 1,
      widths,
      body: [header.map((h) => ({ text: h, fillColor: '#eeeeee' })), ...rows.map((r) => r.map((c) => value(c)))],
    },
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, hLineColor: () => '#888888', vLineColor: () => '#888888' },
    margin: [0, 2, 0, 8],
  };
}

export function hotlines(data: PrintData, spec: PaperSpec): Content {
  return {
    stack: data.county.hotlines.map((h) => ({ text: flow(`${h.name}：${h.phone}${h.hours ? `（${h.hours}）` : ''}`) })),
    fontSize: spec.fontSize - 0.5,
  };
}

/** Signature lines, side by side on sheets, stacked on a roll. */
export function signatures(labels: string[], spec: PaperSpec): Content {
  const line = (label: string): Content => ({ text: `${label}：____________    ${T.date}：${T.signDate}`, margin: [0, spec.fontSize * 1.4, 0, 0] });
  return { stack: labels.map(line), margin: [0, spec.fontSize, 0, 0] };
}

export function seal(data: PrintData, spec: PaperSpec): Content {
  return {
    // The seal hint has a line of its own: the county's name often ends in its own brackets (（示例，不具效力）).
    stack: [{ text: flow(data.county.sealText) }, { text: T.seal }, { text: `${T.issuedAt}：${chinaDate(data.issuedAt)}` }],
    alignment: 'right',
    margin: [0, spec.fontSize * 2, 0, 0],
  };
}

export function document(data: PrintData, paper: PaperSize, titleText: string, content: Content[]): TDocumentDefinitions {
  const spec = paperSpec(paper);
  const def: TDocumentDefinitions = {
    pageSize: spec.pageSize,
    pageMargins: spec.margins,
    info: {
      title: titleText,
      subject: data.application.receiptNo,
      creator: 'enroll-desk',
      producer: 'enroll-desk',
      // Fixed per version (never "now"): the same data renders to the same bytes.
      creationDate: new Date(data.issuedAt),
    },
    defaultStyle: { font: FONT, fontSize: spec.fontSize, lineHeight: 1.15 },
    content,
  };
  if (paper !== 'roll80') {
    def.footer = (page: number, pages: number) => ({ text: fill(T.pageOf, { page, pages }), alignment: 'center', fontSize: spec.fontSize - 2, color: '#666666', margin: [0, 16, 0, 0] });
  }
  return def;
}
