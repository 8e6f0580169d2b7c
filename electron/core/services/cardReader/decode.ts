// The card's 256-byte text block (GA 467, as every reader library hands it over): fixed fields of UCS-2LE code
// units, padded with spaces. Names with characters outside the BMP (𠮷 U+20BB7) arrive as surrogate pairs and
// are decoded exactly; a lone surrogate means a damaged read, never a name.
import type { IdCard } from '../../../../shared/contract/cardReader';
import { DeskError } from '../../../../shared/contract/result';
import { isCalendarDate } from '../../../../shared/domain/age';
import { ethnicityName } from '../../../../shared/domain/ethnicity';
import { validateId } from '../../../../shared/domain/idNumber';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import { CARD_LONG_TERM } from './cardWords';

export const CARD_TEXT_BYTES = 256;

/** Field widths in UTF-16 code units, in the order the card stores them. */
const LAYOUT = [
  ['name', 15],
  ['sex', 1],
  ['nation', 2],
  ['birth', 8],
  ['address', 35],
  ['id', 18],
  ['issuer', 15],
  ['start', 8],
  ['end', 8],
  ['reserved', 18],
] as const;
type FieldName = (typeof LAYOUT)[number][0];

/** Byte 248 (in the reserved part) marks the card type: ' ' resident ID, 'J' HMT residence permit, 'I' foreigner's card. */
const KIND_OFFSET = 248;

const T = zhCN.cardReader.decode;

const strictUtf16 = new TextDecoder('utf-16le', { fatal: true });

function invalid(reason: string): DeskError {
  return new DeskError('CARD_DATA_INVALID', { reason });
}

function trimPadding(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\u0000')) end--;
  return text.slice(0, end);
}

export function splitFields(raw: Buffer): Record<FieldName, string> {
  if (raw.length !== CARD_TEXT_BYTES) throw invalid(format(T.wrongLength, { length: raw.length, expected: CARD_TEXT_BYTES }));
  const out = {} as Record<FieldName, string>;
  let offset = 0;
  for (const [name, units] of LAYOUT) {
    const bytes = raw.subarray(offset, offset + units * 2);
    offset += units * 2;
    let text: string;
    try {
      text = strictUtf16.decode(bytes);
    } catch {
      throw invalid(format(T.unreadableChars, { field: T.fields[name] }));
    }
    // Padding is spaces (some libraries leave NULs); nothing inside the value is touched.
    out[name] = trimPadding(text);
  }
  return out;
}

function isoDate(yyyymmdd: string, field: FieldName): string {
  const iso = /^\d{8}$/.test(yyyymmdd) ? `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}` : '';
  if (!isCalendarDate(iso)) throw invalid(format(T.notADate, { field: T.fields[field], value: yyyymmdd }));
  return iso;
}

/** Decode a card's text block; `today` (YYYY-MM-DD, from the clock port) decides whether it has expired. */
export function decodeCard(raw: Buffer, today: string): IdCard {
  const kindMark = raw.length === CARD_TEXT_BYTES ? raw[KIND_OFFSET] : undefined;
  if (kindMark === 0x49) throw new DeskError('CARD_UNSUPPORTED', { kind: T.foreignerCard });
  const kind = kindMark === 0x4a ? 'hmt_residence_permit' : 'resident_id';
  const f = splitFields(raw);
  if (f.name === '') throw invalid(T.noName);
  const idNumber = f.id.toUpperCase();
  const check = validateId(kind, idNumber, today);
  if (!check.ok) throw invalid(format(T.idCheckFailed, { idNumber }));
  const birthDate = isoDate(f.birth, 'birth');
  const longTerm = f.end === CARD_LONG_TERM;
  const validTo = longTerm || f.end === '' ? null : isoDate(f.end, 'end');
  return {
    kind,
    name: f.name,
    sex: f.sex === '1' ? 'M' : f.sex === '2' ? 'F' : null,
    ethnicity: kind === 'resident_id' ? ethnicityName(f.nation) : null,
    birthDate,
    address: f.address,
    idNumber: check.value,
    issuer: f.issuer,
    validFrom: f.start === '' ? null : isoDate(f.start, 'start'),
    validTo,
    // Valid through its last day.
    expired: validTo !== null && validTo < today,
  };
}
