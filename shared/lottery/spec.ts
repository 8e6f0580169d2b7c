import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils';
import { format } from '../i18n/format';
import { lotteryListDetails as D } from '../i18n/zhCN.lottery';

// ENROLL-LOTTERY-v1, byte for byte (docs/lottery-spec.md is the normative text; this file and the
// standalone verifier in tools/lottery-verify are two independent implementations of it, kept in
// agreement by tests and by the golden vectors in docs/lottery-vectors/).

export const LOTTERY_FORMAT = 'ENROLL-LOTTERY-v1';

export const POOL_CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const RECEIPT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const NAME_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Printable ASCII without space: a party can type it, read it aloud and hash it with any tool. */
export const SECRET = /^[\x21-\x7e]{16,128}$/;
// Free text on one line: no control characters (so no TAB, LF or CR), 1–200 characters.
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
export function isLineText(s: string): boolean {
  return s.length > 0 && [...s].length <= 200 && !CONTROL.test(s) && s.trim() === s;
}

export type PoolKind = 'places' | 'order';
export type EntryStatus = 'admitted' | 'waiting' | 'ranked';

/** One line of a pool: a child, or siblings applying together (one entry, several receipts, several seats). */
export interface PoolEntry {
  /** Ascending (byte order); the first is the entry's id. */
  receipts: string[];
  /** Masked name(s), e.g. 张*明 or 张*明、张*亮. */
  name: string;
}

export interface PoolList {
  county: string;
  year: number;
  code: string;
  name: string;
  kind: PoolKind;
  places: number;
  entries: PoolEntry[];
}

export const sha256Hex = (bytes: Uint8Array): string => bytesToHex(sha256(bytes));
export const textDigest = (text: string): string => sha256Hex(utf8ToBytes(text));
/** A party's commitment: SHA-256 of the secret's bytes, lower-case hex (`printf %s SECRET | sha256sum`). */
export const commitmentOf = (secret: string): string => textDigest(secret);

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Canonical entry: receipts ascending. */
export function canonicalEntry(entry: PoolEntry): PoolEntry {
  return { receipts: [...entry.receipts].sort(cmp), name: entry.name };
}

/** The list published before the draw: UTF-8, LF after every line, entries ascending by id. */
export function listText(list: PoolList): string {
  const entries = list.entries.map(canonicalEntry).sort((a, b) => cmp(a.receipts[0] ?? '', b.receipts[0] ?? ''));
  const head = [
    `${LOTTERY_FORMAT} LIST`,
    `county ${list.county}`,
    `year ${list.year}`,
    `pool ${list.code}`,
    `name ${list.name}`,
    `kind ${list.kind}`,
    `places ${list.places}`,
    `entries ${entries.length}`,
  ];
  return [...head, ...entries.map((e) => `${e.receipts.join('+')}\t${e.name}`)].map((l) => `${l}\n`).join('');
}

export type ListParse = { ok: true; list: PoolList } | { ok: false; line: number; detail: string };

const HEAD_KEYS = ['county', 'year', 'pool', 'name', 'kind', 'places', 'entries'] as const;

/** Reads a list text back, refusing anything that listText would not have written. */
export function parseListText(text: string): ListParse {
  if (!text.endsWith('\n')) return { ok: false, line: text.split('\n').length, detail: D.noFinalLf };
  if (text.includes('\r')) return { ok: false, line: text.slice(0, text.indexOf('\r')).split('\n').length, detail: D.carriageReturn };
  const lines = text.slice(0, -1).split('\n');
  if (lines[0] !== `${LOTTERY_FORMAT} LIST`) return { ok: false, line: 1, detail: format(D.firstLine, { expected: `${LOTTERY_FORMAT} LIST` }) };
  const head: Record<string, string> = {};
  for (let i = 0; i < HEAD_KEYS.length; i++) {
    const key = HEAD_KEYS[i]!;
    const line = lines[i + 1] ?? '';
    if (!line.startsWith(`${key} `)) return { ok: false, line: i + 2, detail: format(D.headLine, { key }) };
    head[key] = line.slice(key.length + 1);
  }
  const county = head.county ?? '';
  const year = Number(head.year);
  const kind = head.kind;
  const places = Number(head.places);
  const count = Number(head.entries);
  if (!/^\d{6}$/.test(county)) return { ok: false, line: 2, detail: D.county };
  if (!/^\d{4}$/.test(head.year ?? '')) return { ok: false, line: 3, detail: D.year };
  if (!POOL_CODE.test(head.pool ?? '')) return { ok: false, line: 4, detail: D.pool };
  if (!isLineText(head.name ?? '')) return { ok: false, line: 5, detail: D.name };
  if (kind !== 'places' && kind !== 'order') return { ok: false, line: 6, detail: D.kind };
  if (!/^(0|[1-9]\d{0,5})$/.test(head.places ?? '') || (kind === 'order' && places !== 0)) {
    return { ok: false, line: 7, detail: kind === 'order' ? D.orderPlaces : D.places };
  }
  if (!/^[1-9]\d{0,6}$/.test(head.entries ?? '')) return { ok: false, line: 8, detail: D.entries };
  const body = lines.slice(1 + HEAD_KEYS.length);
  if (body.length !== count) return { ok: false, line: 9 + Math.min(body.length, count), detail: format(D.entryCount, { actual: body.length, expected: count }) };
  const entries: PoolEntry[] = [];
  const seen = new Set<string>();
  let prev = '';
  for (let i = 0; i < body.length; i++) {
    const lineNo = 9 + i;
    const parts = (body[i] ?? '').split('\t');
    if (parts.length !== 2) return { ok: false, line: lineNo, detail: D.entryLine };
    const receipts = (parts[0] ?? '').split('+');
    const name = parts[1] ?? '';
    for (const r of receipts) {
      if (!RECEIPT.test(r)) return { ok: false, line: lineNo, detail: format(D.receipt, { receipt: r }) };
      if (seen.has(r)) return { ok: false, line: lineNo, detail: format(D.receiptRepeated, { receipt: r }) };
      seen.add(r);
    }
    for (let k = 1; k < receipts.length; k++) if (cmp(receipts[k - 1]!, receipts[k]!) >= 0) return { ok: false, line: lineNo, detail: D.siblingsOrder };
    if (!isLineText(name)) return { ok: false, line: lineNo, detail: D.childName };
    if (i > 0 && cmp(prev, receipts[0]!) >= 0) return { ok: false, line: lineNo, detail: D.entriesOrder };
    prev = receipts[0]!;
    entries.push({ receipts, name });
  }
  return { ok: true, list: { county, year, code: head.pool!, name: head.name!, kind, places, entries } };
}

// --- Source values ---------------------------------------------------------------------------------

/** `int-list:N`: N non-negative integers (e.g. lottery balls, as published); `decimal:D`: one number with D decimals (an index close). */
export const SOURCE_FORMAT = /^(int-list:([1-9]\d?)|decimal:([0-6]))$/;
const INT = '(?:0|[1-9]\\d{0,17})';

export function isCanonicalSourceValue(value: string, format: string): boolean {
  const m = SOURCE_FORMAT.exec(format);
  if (!m) return false;
  if (m[2] !== undefined) return new RegExp(`^${INT}(?: ${INT}){${Number(m[2]) - 1}}$`).test(value);
  const d = Number(m[3]);
  return new RegExp(d === 0 ? `^${INT}$` : `^${INT}\\.\\d{${d}}$`).test(value);
}

/**
 * Canonical form of a value typed at the ceremony: `03, 15, 22` → `3 15 22`; `3,056.7` → `3056.70` for
 * decimal:2. Never rounds: more decimals than the format has is an error (the official value has exactly D).
 */
export function canonicalSourceValue(raw: string, format: string): string | null {
  const m = SOURCE_FORMAT.exec(format);
  if (!m) return null;
  if (m[2] !== undefined) {
    const nums = raw.match(/\d+/g) ?? [];
    if (/[^\d\s,，、.;；-]/.test(raw) || nums.length !== Number(m[2])) return null;
    const value = nums.map((n) => n.replace(/^0+(?=\d)/, '')).join(' ');
    return isCanonicalSourceValue(value, format) ? value : null;
  }
  const d = Number(m[3]);
  const t = raw.trim().replace(/[,，]/g, '');
  const parts = /^(\d+)(?:\.(\d*))?$/.exec(t);
  if (!parts) return null;
  const frac = parts[2] ?? '';
  if (frac.length > d) return null;
  const int = (parts[1] ?? '').replace(/^0+(?=\d)/, '');
  const value = d === 0 ? int : `${int}.${frac.padEnd(d, '0')}`;
  return isCanonicalSourceValue(value, format) ? value : null;
}

// --- Seed, keys, ranking ---------------------------------------------------------------------------

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, false);
  return b;
}
/** A length-prefixed string: u32 big-endian byte length ‖ UTF-8 bytes. */
function str(s: string): Uint8Array[] {
  const b = utf8ToBytes(s);
  return [u32(b.length), b];
}
function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export interface SeedInput {
  county: string;
  year: number;
  /** Every pool's code and list digest; sorted by code here. */
  pools: { code: string; listDigest: string }[];
  /** Per source slot, in announced order: the candidate actually used and its canonical value. */
  sources: { id: string; value: string }[];
  /** Per party, in announced order. */
  secrets: { party: string; secret: string }[];
}

/** The bytes hashed into the seed (exposed for the golden vectors). */
export function seedPreimage(input: SeedInput): Uint8Array {
  const pools = [...input.pools].sort((a, b) => cmp(a.code, b.code));
  const parts: Uint8Array[] = [...str(LOTTERY_FORMAT), ...str(input.county), u32(input.year), u32(pools.length)];
  for (const p of pools) parts.push(...str(p.code), hexToBytes(p.listDigest));
  parts.push(u32(input.sources.length));
  for (const s of input.sources) parts.push(...str(s.id), ...str(s.value));
  parts.push(u32(input.secrets.length));
  for (const s of input.secrets) parts.push(...str(s.party), ...str(s.secret));
  return concat(parts);
}

export const seedOf = (input: SeedInput): string => sha256Hex(seedPreimage(input));

/** key = SHA-256(seed ‖ str(pool code) ‖ str(entry id)), read as a 256-bit big-endian number (hex compares the same way). */
export function entryKey(seedHex: string, poolCode: string, entryId: string): string {
  return sha256Hex(concat([hexToBytes(seedHex), ...str(poolCode), ...str(entryId)]));
}

export interface RankedEntry {
  rank: number;
  entry: PoolEntry;
  key: string;
  status: EntryStatus;
}

/**
 * Ascending keys; for a `places` pool entries are admitted in that order while their seats fit, and the
 * first entry that does not fit closes the list (siblings are not passed over for smaller families).
 */
export function rankList(seedHex: string, list: PoolList): RankedEntry[] {
  const keyed = list.entries.map((e) => {
    const entry = canonicalEntry(e);
    return { entry, key: entryKey(seedHex, list.code, entry.receipts[0] ?? '') };
  });
  keyed.sort((a, b) => cmp(a.key, b.key) || cmp(a.entry.receipts[0] ?? '', b.entry.receipts[0] ?? ''));
  let seats = list.places;
  let open = list.kind === 'places';
  return keyed.map(({ entry, key }, i) => {
    let status: EntryStatus = 'ranked';
    if (list.kind === 'places') {
      if (open && entry.receipts.length <= seats) {
        seats -= entry.receipts.length;
        status = 'admitted';
      } else {
        open = false;
        status = 'waiting';
      }
    }
    return { rank: i + 1, entry, key, status };
  });
}

export function resultText(code: string, seedHex: string, ranked: readonly RankedEntry[]): string {
  const head = [`${LOTTERY_FORMAT} RESULT`, `pool ${code}`, `seed ${seedHex}`];
  const rows = ranked.map((r) => `${r.rank}\t${r.entry.receipts.join('+')}\t${r.entry.name}\t${r.key}\t${r.status}`);
  return [...head, ...rows].map((l) => `${l}\n`).join('');
}

/** SHA-256 over every pool's result text, in pool-code order. */
export function resultDigestOf(results: readonly { pool: string; text: string }[]): string {
  const sorted = [...results].sort((a, b) => cmp(a.pool, b.pool));
  return textDigest(sorted.map((r) => r.text).join(''));
}

export interface AnnouncementFields {
  county: string;
  year: number;
  title: string;
  pools: { code: string; listDigest: string }[];
  sources: { candidates: { id: string; format: string; description: string }[] }[];
  parties: { id: string; name: string; commitment: string }[];
}

/** What is published days before the draw, as one text whose digest can be printed in a newspaper. */
export function announcementText(a: AnnouncementFields): string {
  const lines = [`${LOTTERY_FORMAT} ANNOUNCEMENT`, `county ${a.county}`, `year ${a.year}`, `title ${a.title}`];
  for (const p of [...a.pools].sort((x, y) => cmp(x.code, y.code))) lines.push(`pool ${p.code} ${p.listDigest}`);
  a.sources.forEach((slot, si) => slot.candidates.forEach((c, ci) => lines.push(`source ${si + 1} ${ci + 1} ${c.id} ${c.format} ${c.description}`)));
  for (const p of a.parties) lines.push(`party ${p.id} ${p.commitment} ${p.name}`);
  return lines.map((l) => `${l}\n`).join('');
}
