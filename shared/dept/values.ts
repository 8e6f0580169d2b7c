import { isCalendarDate } from '../domain/age';
import { validateId, toHalfWidthAlnum } from '../domain/idNumber';
import { MIDDLE_DOT, describeCharacter, normaliseName } from '../domain/names';
import { format } from '../i18n/zhCN';
import { deptFieldNames, deptText } from '../i18n/zhCN.dept';
import { DATE_WRITTEN, MONTH_SEPARATOR, MONTH_WRITTEN, SEX_WORDS } from './cellWords';
import { type FieldSpec } from './sources';
import { calendarDayOf } from '../chinaTime';

// One cell of a department extract → the value we keep, or the problem to list. The same rules as the desk's
// (shared/domain): ID numbers with the GB 11643 check, names kept exactly (never NFC/NFKC; only the look-alikes of
// the middle dot and surrounding spaces are tidied, as the desk does), so a department name compares equal to what
// a clerk typed from the same 户口簿.

/** What a reader hands over: CSV gives text; XLSX may give numbers and dates (UTC midnight). */
export type Cell = string | number | Date | null | undefined;

export type CellResult = { ok: true; value: string } | { ok: false; message: string };

const MAX_TEXT = 200;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const PRIVATE_USE = /\p{Co}/u;

const label = (spec: FieldSpec) => deptFieldNames[spec.key] ?? spec.key;

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return calendarDayOf(cell);
  return String(cell).trim();
}

/** 2024-05-01, 2024/5/1, 2024.5.1, 20240501, 2024年5月1日, a spreadsheet date; null when it is none of them. */
export function parseDate(raw: string): string | null {
  const s = toHalfWidthAlnum(raw).trim();
  const m = DATE_WRITTEN.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isCalendarDate(iso) ? iso : null;
}

/** 2024-05, 2024/5, 202405, 2024年5月 → `2024-05`; null otherwise. */
export function parseMonth(raw: string): string | null {
  const s = toHalfWidthAlnum(raw).trim();
  const m = MONTH_WRITTEN.exec(s);
  if (!m || (m[2]!.length === 1 && !MONTH_SEPARATOR.test(s))) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}`;
}

/**
 * Any identity number a department may hold, by its shape: a resident ID, an HMT residence permit (81/82/83), a
 * 2023 foreign permanent residence ID (9…) or the older 15-character one.
 */
export function checkAnyId(raw: string, today: string): { ok: true; value: string } | { ok: false; message: string } {
  const s = CANONICAL_ID.test(raw) ? raw : toHalfWidthAlnum(raw).replace(/\s+/g, '').toUpperCase();
  const type = /^8[123]0000/.test(s) ? 'hmt_residence_permit' : /^9/.test(s) || /^[A-Z]{3}\d{12}$/.test(s) ? 'foreign_permanent_id' : 'resident_id';
  const r = validateId(type, s, today);
  return r.ok ? { ok: true, value: r.value } : { ok: false, message: r.message };
}

const CANONICAL_ID = /^\d{17}[\dX]$/;
const PLAIN_HAN = /^[\u3400-\u4DBF\u4E00-\u9FFF\u{20000}-\u{3FFFF}]{1,60}$/u;
const NAME_CHAR = /^(?:\p{Script=Han}|(?=\p{Script=Latin})\p{L}|[\u00B7 '-])$/u;
const RADICAL = /^[\u2E80-\u2EFF\u2F00-\u2FDF]$/u;

/**
 * A department's name is the reference: every Han character counts, also one the desk's printing fonts lack (the
 * desk's validatePersonName refuses those because it must print them). Refused: radicals, symbols, digits, a dot at
 * either end or doubled.
 */
function checkDeptName(name: string): string | null {
  for (const ch of name) if (!NAME_CHAR.test(ch) || RADICAL.test(ch)) return format(deptText.nameProblem.character, { character: describeCharacter(ch) });
  if (name.startsWith(MIDDLE_DOT) || name.endsWith(MIDDLE_DOT) || name.includes(MIDDLE_DOT + MIDDLE_DOT)) return deptText.nameProblem.middleDot;
  return null;
}

/** Checks and normalises one cell for its field. `today` is the server's day (no birth or move-in date after it). */
export function checkCell(spec: FieldSpec, cell: Cell, today: string): CellResult {
  const field = label(spec);
  if (spec.kind === 'id' && typeof cell === 'number') {
    return { ok: false, message: format(deptText.cell.idNumeric, { field, value: String(cell) }) };
  }
  const text = cellText(cell);
  if (text === '') return spec.required ? { ok: false, message: format(deptText.cell.required, { field }) } : { ok: true, value: '' };
  if (CONTROL.test(text) || /[\r\n\t]/.test(text)) return { ok: false, message: format(deptText.cell.control, { field }) };
  if (text.length > MAX_TEXT && [...text].length > MAX_TEXT) return { ok: false, message: format(deptText.cell.tooLong, { field, max: MAX_TEXT }) };
  switch (spec.kind) {
    case 'text':
      return { ok: true, value: text };
    case 'id': {
      if (/^\d{15}$/.test(text)) return { ok: false, message: format(deptText.cell.idOld15, { field }) };
      const r = checkAnyId(text, today);
      return r.ok ? r : { ok: false, message: format(deptText.cell.idInvalid, { field, reason: r.message }) };
    }
    case 'name': {
      // Plain Han names (CJK unified ideographs and extensions, no radicals, no compatibility forms) need no tidying.
      if (PLAIN_HAN.test(text)) return { ok: true, value: text };
      const pua = PRIVATE_USE.exec(text);
      if (pua) return { ok: false, message: format(deptText.cell.namePrivateUse, { field, code: `U+${pua[0].codePointAt(0)!.toString(16).toUpperCase()}` }) };
      const name = normaliseName(text);
      const problem = checkDeptName(name);
      return problem === null ? { ok: true, value: name } : { ok: false, message: format(deptText.cell.nameInvalid, { field, reason: problem }) };
    }
    case 'date': {
      const iso = parseDate(text);
      if (iso === null) return { ok: false, message: format(deptText.cell.date, { field, value: text }) };
      if (iso > today && !spec.future) return { ok: false, message: format(deptText.cell.dateFuture, { field, value: iso }) };
      return { ok: true, value: iso };
    }
    case 'month': {
      const ym = parseMonth(text);
      return ym === null ? { ok: false, message: format(deptText.cell.month, { field, value: text }) } : { ok: true, value: ym };
    }
    case 'sex': {
      const v = toHalfWidthAlnum(text).toUpperCase();
      if ((SEX_WORDS.M as readonly string[]).includes(v)) return { ok: true, value: 'M' };
      if ((SEX_WORDS.F as readonly string[]).includes(v)) return { ok: true, value: 'F' };
      return { ok: false, message: format(deptText.cell.sex, { field, value: text }) };
    }
    case 'area': {
      const v = toHalfWidthAlnum(text);
      return /^\d{6}$/.test(v) ? { ok: true, value: v } : { ok: false, message: format(deptText.cell.area, { field, value: text }) };
    }
  }
}
