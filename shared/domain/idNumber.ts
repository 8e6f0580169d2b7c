import type { IdType } from '../contract/application';
import { isCalendarDate } from './age';
import { format } from '../i18n/format';
import { idNumberText as t } from '../i18n/zhCN.domain';

export type IdCheck =
  | { ok: true; value: string; birthDate?: string; sex?: 'M' | 'F' }
  | { ok: false; message: string };

/**
 * Full-width digits and Latin letters (０-９, Ａ-Ｚ, ａ-ｚ) to ASCII. Only these: a Chinese input
 * method in full-width mode produces them, and nothing else in an ID number or phone number
 * should be folded (we never run NFKC; see names.ts).
 */
export function toHalfWidthAlnum(raw: string): string {
  return raw.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

// GB 11643-1999 weights for positions 1–17.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/** GB 11643-1999 (ISO 7064 MOD 11-2) check character for the first 17 digits: '0'–'9' or 'X'. */
export function checkDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('checkDigit expects exactly 17 ASCII digits');
  let sum = 0;
  WEIGHTS.forEach((w, i) => {
    sum += (first17.charCodeAt(i) - 48) * w;
  });
  const c = (12 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

// Provincial-level codes (GB/T 2260 first two digits) that appear on resident ID numbers.
// County codes are deliberately not checked: codes revoked by later re-zoning stay valid on
// the cards issued under them, so any list would reject real, valid IDs.
const PROVINCES = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71',
]);
// Hong Kong, Macao, Taiwan.
const HMT_PREFIXES = new Set(['810000', '820000', '830000']);

const ID18 = /^\d{17}[\dX]$/;

/**
 * What people put between the groups of a number (spaces, hyphens and dashes, dots, slashes, in half and full
 * width) and what copying brings along unseen (zero-width spaces and joiners, direction marks, soft hyphens,
 * byte-order marks, variation selectors, control characters). No identity number contains any of them, so all
 * are removed alike: a number typed in groups or pasted from a chat is the same number.
 */
const SEPARATORS = new RegExp(
  [
    '[\\p{Z}\\s\\p{Cc}\\p{Cf}\\u115F\\u1160\\u3164\\uFFA0]', // spaces, controls, format characters (zero width, direction, BOM)
    '\\p{M}', // combining marks and variation selectors: nothing in a number combines
    '[\\-\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D\\u30FC]', // hyphens and dashes
    '[.\\uFF0E\\u3002\\uFF61\\u00B7\\u30FB\\uFF65]', // dots
    '[/\\uFF0F\\\\\\uFF3C_\\uFF3F]', // slashes, underscores
  ].join('|'),
  'gu',
);

/** Drop separators and invisible characters, fold full-width, upper-case the letters. */
function normalise(raw: string): string {
  return toHalfWidthAlnum(raw).replace(SEPARATORS, '').toUpperCase();
}

function sexFromSequence(value: string): 'M' | 'F' {
  // GB 11643: the 17th digit is odd for men, even for women.
  return (value.charCodeAt(16) - 48) % 2 === 1 ? 'M' : 'F';
}

function checkBirthDate(
  yyyymmdd: string,
  today: string,
  where: string,
  shown = yyyymmdd,
): { birthDate: string } | { message: string } {
  const birthDate = `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
  if (!isCalendarDate(birthDate)) {
    return { message: format(t.birthDateInvalid, { shown, where }) };
  }
  if (birthDate < '1900-01-01') {
    return { message: format(t.birthDateBefore1900, { date: birthDate, where }) };
  }
  if (birthDate > today) {
    return { message: format(t.birthDateFuture, { date: birthDate, today, where }) };
  }
  return { birthDate };
}

function checkCharacter(value: string, label: string): string | null {
  const expected = checkDigit(value.slice(0, 17));
  const actual = value.charAt(17);
  return actual === expected
    ? null
    : format(t.checkCharacter, { label, expected, actual });
}

function lengthMessage(label: string, expected: string, value: string): string {
  return format(t.length, { label, expected, length: [...value].length });
}

/** Hints when the number clearly belongs to another document type than the one selected. */
function otherTypeHint(value: string): string | null {
  if (ID18.test(value) && HMT_PREFIXES.has(value.slice(0, 6))) {
    return t.hintHmt;
  }
  if (ID18.test(value) && value.startsWith('9') && PROVINCES.has(value.slice(1, 3))) {
    return t.hintForeign;
  }
  if (ID18.test(value) && PROVINCES.has(value.slice(0, 2))) {
    return t.hintResident;
  }
  return null;
}

function validate18(value: string, label: string, prefixCheck: () => string | null, today: string, withSex: boolean): IdCheck {
  if (value.length !== 18) return { ok: false, message: lengthMessage(label, t.lengths.id18, value) };
  if (!ID18.test(value)) {
    return { ok: false, message: format(t.shape18, { label }) };
  }
  const prefixProblem = prefixCheck();
  if (prefixProblem !== null) return { ok: false, message: prefixProblem };
  const date = checkBirthDate(value.slice(6, 14), today, t.birthDateAt.id18);
  if ('message' in date) return { ok: false, message: date.message };
  const checkProblem = checkCharacter(value, label);
  if (checkProblem !== null) return { ok: false, message: checkProblem };
  return withSex ? { ok: true, value, birthDate: date.birthDate, sex: sexFromSequence(value) } : { ok: true, value, birthDate: date.birthDate };
}

/**
 * Check and normalise an identity document number. `today` ('YYYY-MM-DD') comes from the
 * caller's clock port so tests and a counter PC with a wrong clock behave predictably.
 * `birthDate`/`sex` are returned only when the number encodes them.
 */
export function validateId(idType: IdType, raw: string, today: string): IdCheck {
  // A number already in canonical form (the usual case, and every row of a department extract) skips the
  // separator scan, which costs more than the whole check.
  const value = ID18.test(raw) ? raw : normalise(raw);
  if (value === '') return { ok: false, message: t.required };

  switch (idType) {
    case 'resident_id': {
      if (/^\d{15}$/.test(value)) {
        return { ok: false, message: t.firstGeneration };
      }
      return validate18(
        value,
        t.number.resident_id,
        () => {
          const province = value.slice(0, 2);
          if (PROVINCES.has(province)) return null;
          return otherTypeHint(value) ?? format(t.badProvince, { province });
        },
        today,
        true,
      );
    }
    case 'hmt_residence_permit':
      return validate18(
        value,
        t.number.hmt_residence_permit,
        () =>
          HMT_PREFIXES.has(value.slice(0, 6))
            ? null
            : (otherTypeHint(value) ?? t.hmtPrefix),
        today,
        true,
      );
    case 'foreign_permanent_id': {
      // 2017 form (still valid until it expires): 3 Latin letters for the nationality, then 12
      // digits: characters 4–5 the issuing place, 6–11 the birth date YYMMDD, then a sequence.
      // No check-digit rule for this form has been published, so none is applied here; an
      // invented rule would reject genuine cards.
      if (/^[A-Z]{3}\d{12}$/.test(value)) {
        const yymmdd = value.slice(5, 11);
        // Two-digit years: the latest century that does not put the birth in the future.
        // Right for children; guardians are not compared against the birth date.
        const thisCentury = `${today.slice(0, 2)}${yymmdd}`;
        const previousCentury = `${String(Number(today.slice(0, 2)) - 1)}${yymmdd}`;
        const asDate = (s: string) => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
        const full = asDate(thisCentury) <= today ? thisCentury : previousCentury;
        const date = checkBirthDate(full, today, t.birthDateAt.foreign2017, yymmdd);
        if ('message' in date) return { ok: false, message: date.message };
        return { ok: true, value, birthDate: date.birthDate };
      }
      if (value.length === 15) {
        return { ok: false, message: t.foreignOld };
      }
      if (value.length !== 18) {
        return {
          ok: false,
          message: format(t.foreignLength, { length: value.length }),
        };
      }
      // 2023 form: '9' + issuing province (2) + nationality (3) + YYYYMMDD + sequence (3) + GB 11643 check.
      // The sequence's sex parity is not relied on here, so no sex is returned.
      return validate18(
        value,
        t.number.foreign_permanent_id,
        () => {
          if (!value.startsWith('9')) return otherTypeHint(value) ?? t.foreignStart;
          // Characters 2–3 are the issuing province (GB/T 2260), as on a resident ID: '900840…' or '999840…' is no card.
          const province = value.slice(1, 3);
          return PROVINCES.has(province)
            ? null
            : format(t.foreignProvince, { province });
        },
        today,
        false,
      );
    }
    case 'passport':
      if (!/^[A-Z0-9]+$/.test(value)) return { ok: false, message: t.passportCharacters };
      if (value.length < 5 || value.length > 20) return { ok: false, message: lengthMessage(t.number.passport, t.lengths.passport, value) };
      return { ok: true, value };
    case 'birth_certificate':
      if (!/^[A-Z]\d{9}$/.test(value)) {
        return {
          ok: false,
          message: format(t.birthCertificate, { value }),
        };
      }
      return { ok: true, value };
  }
}
