import { describe, it, expect } from 'vitest';
import { isValidReceiptNumber, makeReceiptNumber, parseReceiptNumber } from './receiptNumber';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

// A spread of counties, counters, dates and sequences, including letters next to letters and
// digits next to letters, where weak check schemes miss swaps.
const samples = [
  { countyCode: '379901', counterCode: 'A01', date: '2026-06-15', seq: 42 },
  { countyCode: '379901', counterCode: 'ZZ', date: '2026-07-10', seq: 1 },
  { countyCode: '110105', counterCode: 'Z0A9', date: '2026-12-31', seq: 9999 },
  { countyCode: '650102', counterCode: 'B2C3D4E5', date: '2027-02-28', seq: 10_000 },
  { countyCode: '371102', counterCode: '0Z', date: '2026-06-01', seq: 123_456 },
  { countyCode: '000000', counterCode: 'AZ', date: '2026-01-09', seq: 90 },
];

describe('makeReceiptNumber / parseReceiptNumber', () => {
  it('has the documented shape', () => {
    expect(makeReceiptNumber(samples[0]!)).toMatch(/^379901-A01-260615-0042-[0-9A-Z]$/);
    expect(makeReceiptNumber(samples[3]!)).toMatch(/^650102-B2C3D4E5-270228-10000-[0-9A-Z]$/);
  });

  it.each(samples)('round-trips %o', (parts) => {
    const number = makeReceiptNumber(parts);
    expect(parseReceiptNumber(number)).toEqual({ ok: true, value: { ...parts, receiptNumber: number } });
  });

  it('accepts what people type: lower case, full width, spaces, other dashes', () => {
    const number = makeReceiptNumber(samples[0]!);
    const typed = ` ${number.toLowerCase().replace(/-/g, ' — ')} `.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const r = parseReceiptNumber(typed);
    expect(r.ok && r.value.receiptNumber).toBe(number);
  });

  it('detects every single-character substitution', () => {
    let tried = 0;
    for (const parts of samples) {
      const number = makeReceiptNumber(parts);
      for (let i = 0; i < number.length; i++) {
        for (const c of ALNUM + '-') {
          if (c === number[i]) continue;
          tried++;
          const typo = number.slice(0, i) + c + number.slice(i + 1);
          if (isValidReceiptNumber(typo)) throw new Error(`undetected typo ${typo} for ${number}`);
        }
      }
    }
    expect(tried).toBeGreaterThan(5000);
  });

  it('detects every adjacent transposition', () => {
    let tried = 0;
    for (const parts of samples) {
      const number = makeReceiptNumber(parts);
      for (let i = 0; i + 1 < number.length; i++) {
        if (number[i] === number[i + 1]) continue;
        tried++;
        const swapped = number.slice(0, i) + number[i + 1] + number[i] + number.slice(i + 2);
        expect(isValidReceiptNumber(swapped), `${swapped} for ${number}`).toBe(false);
      }
    }
    expect(tried).toBeGreaterThan(100);
  });

  it('detects adjacent transpositions of every pair of symbols in every position of the check', () => {
    // Exhaustive over symbol pairs: the property holds for the scheme, not only for our samples.
    for (const a of ALNUM) {
      for (const b of ALNUM) {
        if (a === b) continue;
        const counter = `${a}${b}`;
        const number = makeReceiptNumber({ countyCode: '379901', counterCode: counter, date: '2026-06-15', seq: 7 });
        const swapped = number.replace(`-${a}${b}-`, `-${b}${a}-`);
        expect(isValidReceiptNumber(swapped)).toBe(false);
      }
    }
  });

  it.each([
    ['not a receipt number', 'hello', /格式应为/],
    ['missing check character', '379901-A01-260615-0042', /格式应为/],
    ['zero-padded long sequence', '379901-A01-260615-00042-K', /序号位数不对/],
  ])('explains a bad number: %s', (_label, raw, message) => {
    const r = parseReceiptNumber(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('explains an impossible date even when the check character fits', () => {
    // Exactly one of the 36 check characters fits the body; that one must hit the date rule.
    const body = '379901-A01-260230-0001-';
    const messages = [...ALNUM].map((c) => {
      const r = parseReceiptNumber(body + c);
      return r.ok ? 'ok' : r.message;
    });
    expect(messages.filter((m) => m.includes('“260230”不是有效日期'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('校验位不符'))).toHaveLength(35);
  });

  it('refuses invalid parts when making a number', () => {
    expect(() => makeReceiptNumber({ countyCode: '37990', counterCode: 'A01', date: '2026-06-15', seq: 1 })).toThrow(RangeError);
    expect(() => makeReceiptNumber({ countyCode: '379901', counterCode: 'a01', date: '2026-06-15', seq: 1 })).toThrow(RangeError);
    expect(() => makeReceiptNumber({ countyCode: '379901', counterCode: 'A01', date: '2026-02-30', seq: 1 })).toThrow(RangeError);
    expect(() => makeReceiptNumber({ countyCode: '379901', counterCode: 'A01', date: '2026-06-15', seq: 0 })).toThrow(RangeError);
  });
});
