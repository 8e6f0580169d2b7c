import { isCalendarDate } from './age';
import { toHalfWidthAlnum } from './idNumber';
import { format } from '../i18n/format';
import { receiptNumberText as t } from '../i18n/zhCN.domain';

// Receipt numbers are read aloud on the phone and typed back from paper, so the check character
// must catch every single-character typo and every swap of two neighbouring characters.
//
// Neither scheme one would reach for first does that over 0-9A-Z: ISO 7064 MOD 37,36 (hybrid)
// misses about 1 in 600 adjacent transpositions, and Luhn mod 36 misses swaps of 0 and Z.
// (ISO 7064 MOD 37-2 catches both, but its check character can be '*'.) We therefore use Damm's
// method: fold the characters through a totally anti-symmetric quasigroup of order 36, which
// provably detects all single substitutions and all adjacent transpositions (H. M. Damm, 2004).
//
// The quasigroup is the direct product of two totally anti-symmetric quasigroups x∘y = a·x + y:
// over GF(4) with a = ω, and over Z/9 with a = 2 (a and a−1 invertible in both). A character of
// value v (0–35) is the pair (v mod 4, ⌊v / 4⌋). Product of TA quasigroups is TA, so the
// guarantee carries over; the tests check it exhaustively on samples.

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
// Multiplication by ω in GF(4) = {0, 1, ω, ω²} encoded as 0, 1, 2, 3 (addition is XOR).
const TIMES_OMEGA = [0, 2, 3, 1] as const;

function step(state: number, v: number): number {
  const a = (TIMES_OMEGA[state % 4] ?? 0) ^ (v % 4);
  const b = (2 * Math.floor(state / 4) + Math.floor(v / 4)) % 9;
  return a + 4 * b;
}

function fold(alnum: string): number {
  let state = 0;
  for (const ch of alnum) state = step(state, ALPHABET.indexOf(ch));
  return state;
}

/** The check character that brings the fold of `alnum` (0-9, A-Z only) back to zero. */
function checkCharacter(alnum: string): string {
  const state = fold(alnum);
  const a = TIMES_OMEGA[state % 4] ?? 0; // c_a with ω·s_a XOR c_a = 0
  const b = (9 - ((2 * Math.floor(state / 4)) % 9)) % 9; // c_b with 2·s_b + c_b ≡ 0 (mod 9)
  return ALPHABET.charAt(a + 4 * b);
}

export interface ReceiptParts {
  countyCode: string;
  counterCode: string;
  /** 'YYYY-MM-DD'; the number carries YYMMDD, read as 20YY. */
  date: string;
  seq: number;
}

/**
 * `379901-A01-260615-0042-K`: county code, counter code, YYMMDD, sequence of the day (4 digits,
 * more past 9999), check character over all the letters and digits. Throws on invalid parts:
 * they come from validated settings, so a bad value is a programming error.
 */
export function makeReceiptNumber(parts: ReceiptParts): string {
  const { countyCode, counterCode, date, seq } = parts;
  if (!/^\d{6}$/.test(countyCode)) throw new RangeError(`county code must be 6 digits: ${countyCode}`);
  if (!/^[A-Z0-9]{2,8}$/.test(counterCode)) throw new RangeError(`counter code must be 2-8 of A-Z0-9: ${counterCode}`);
  if (!isCalendarDate(date) || !date.startsWith('20')) throw new RangeError(`date must be a 20YY-MM-DD date: ${date}`);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`seq must be a positive integer: ${seq}`);
  const body = [countyCode, counterCode, date.slice(2, 4) + date.slice(5, 7) + date.slice(8, 10), String(seq).padStart(4, '0')];
  return `${body.join('-')}-${checkCharacter(body.join(''))}`;
}

const FORMAT = /^(\d{6})-([A-Z0-9]{2,8})-(\d{6})-(\d{4,})-([0-9A-Z])$/;

export type ReceiptParse = { ok: true; value: ReceiptParts & { receiptNumber: string } } | { ok: false; message: string };

/** Accepts what people type: lower case, full-width characters, spaces, other dash characters. */
export function parseReceiptNumber(raw: string): ReceiptParse {
  const s = toHalfWidthAlnum(raw)
    .replace(/[\s\u3000]+/gu, '')
    .replace(/[\u2010-\u2015\uFF0D\u2212]/gu, '-')
    .toUpperCase();
  const m = FORMAT.exec(s);
  if (!m) {
    return { ok: false, message: t.format };
  }
  const [, countyCode = '', counterCode = '', yymmdd = '', seqText = '', check = ''] = m;
  if (seqText.length > 4 && seqText.startsWith('0')) {
    return { ok: false, message: t.sequenceDigits };
  }
  if (checkCharacter(countyCode + counterCode + yymmdd + seqText) !== check) {
    return { ok: false, message: t.checkCharacter };
  }
  const date = `20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
  if (!isCalendarDate(date)) return { ok: false, message: format(t.date, { date: yymmdd }) };
  const seq = Number(seqText);
  if (seq < 1) return { ok: false, message: t.zeroSequence };
  return { ok: true, value: { countyCode, counterCode, date, seq, receiptNumber: s } };
}

export function isValidReceiptNumber(raw: string): boolean {
  return parseReceiptNumber(raw).ok;
}
