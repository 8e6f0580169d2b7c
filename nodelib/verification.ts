import { createHmac, timingSafeEqual } from 'node:crypto';

// Verification codes printed on receipts and notices: a keyed MAC over the document's key fields, so the
// county (which receives this desk's receipt key at enrollment) can tell a genuine receipt from a forged
// or altered one. The desk prints them (electron/core/services/printing), the county server checks them
// (server/services/verify.ts): one implementation for both. 50 bits of HMAC-SHA256 in Crockford base32
// (no I, L, O, U), as two groups of five: typeable from paper, unambiguous when read aloud.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DOMAIN = 'enroll-desk/verification/v1';

/** Fields covered by a receipt's code: what a forger would want to change. */
export interface ReceiptMacFields {
  receiptNo: string;
  childName: string;
  childIdNumber: string;
  schoolId: string;
  submittedAt: string;
}

/** Fields covered by a result notice's code. */
export interface NoticeMacFields {
  receiptNo: string;
  childIdNumber: string;
  resultVersion: number;
  outcome: string;
  schoolCode: string | null;
}

function canonical(kind: string, fields: object): string {
  const entries = Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([DOMAIN, kind, entries]);
}

export function verificationCode(key: Buffer, kind: 'receipt' | 'notice', fields: ReceiptMacFields | NoticeMacFields): string {
  const mac = createHmac('sha256', key).update(canonical(kind, fields), 'utf8').digest();
  let bits = 0n;
  for (let i = 0; i < 7; i++) bits = (bits << 8n) | BigInt(mac[i] ?? 0);
  bits >>= 6n; // 56 → 50 bits
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = (ALPHABET[Number(bits & 31n)] ?? '0') + out;
    bits >>= 5n;
  }
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/** Normalise what a person typed: case, spaces, dashes, and the letters people confuse with digits. */
export function normaliseCode(typed: string): string {
  const s = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return s.length === 10 ? `${s.slice(0, 5)}-${s.slice(5)}` : s;
}

export function checkVerificationCode(
  key: Buffer,
  kind: 'receipt' | 'notice',
  fields: ReceiptMacFields | NoticeMacFields,
  typed: string,
): boolean {
  const want = Buffer.from(verificationCode(key, kind, fields));
  const got = Buffer.from(normaliseCode(typed));
  return want.length === got.length && timingSafeEqual(want, got);
}
