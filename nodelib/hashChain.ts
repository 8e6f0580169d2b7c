// Keyed hash chains for append-only audit logs: the desk's `audit_log` and the county server's admin log.
// Node-only (node:crypto); shared by electron/core and server/, so it may import only shared/ and Node builtins.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../shared/sync/protocol';

/** `prev_hash` of the first row. */
export const GENESIS = '0'.repeat(64);

/** A position in a chain: the sequence number of a row and its MAC (`{ seq: 0, hash: GENESIS }` before the first). */
export interface ChainPoint {
  seq: number;
  hash: string;
}

export const ORIGIN: ChainPoint = { seq: 0, hash: GENESIS };

/** One stored row as the verifier sees it: `fields` in the order the MAC covers them. */
export interface ChainRow {
  seq: number;
  prevHash: string;
  hash: string;
  fields: readonly unknown[];
}

/**
 * The MAC of one row: HMAC-SHA-256 over `[seq, ...fields, prevHash]` as JSON. Changing, inserting or deleting a
 * row breaks the chain, and re-chaining needs the key.
 */
export function linkMac(key: Buffer, seq: number, fields: readonly unknown[], prevHash: string): string {
  return createHmac('sha256', key).update(JSON.stringify([seq, ...fields, prevHash]), 'utf8').digest('hex');
}

export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A small record (the head, a checkpoint) stored beside the chain with its own MAC. The label separates record kinds,
 * so a sealed checkpoint can never be passed off as a head.
 */
export function seal<T extends object>(key: Buffer, label: string, value: T): string {
  return JSON.stringify({ ...value, mac: sealMac(key, label, value) });
}

/** The record if its MAC verifies, otherwise null (missing, unparsable, forged, or sealed under another label). */
export function unseal<T extends object>(key: Buffer, label: string, text: string | undefined | null): T | null {
  if (typeof text !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const { mac, ...value } = parsed as Record<string, unknown>;
  if (typeof mac !== 'string') return null;
  return sameHex(mac, sealMac(key, label, value)) ? (value as T) : null;
}

function sealMac(key: Buffer, label: string, value: object): string {
  return createHmac('sha256', key).update(`${label}\n${canonicalJson(value)}`, 'utf8').digest('hex');
}

/** What went wrong at one place in a chain. Messages are the caller's (the desk and the server word them apart). */
export type ChainProblem =
  /** Rows are missing before `seq` (a gap in the sequence). */
  | { kind: 'missing'; seq: number; expected: number }
  /** Row `seq` does not link to the row before it (rows removed or reordered). */
  | { kind: 'relinked'; seq: number }
  /** Row `seq`'s content does not match its MAC (edited, or re-chained without the key). */
  | { kind: 'altered'; seq: number }
  /** The starting point (checkpoint, anchor) is not in the chain as recorded. */
  | { kind: 'startBroken'; seq: number }
  /** Rows after the authenticated head's position have gone. */
  | { kind: 'truncated'; seq: number; headSeq: number; lastSeq: number }
  /** The last row is not the authenticated head (rows after it were replaced). */
  | { kind: 'headMismatch'; seq: number }
  /** The head is missing or its MAC does not verify. */
  | { kind: 'headInvalid'; seq: number };

export interface ChainResult {
  /** Rows checked (including the starting row when it was re-checked). */
  checked: number;
  /** Where the chain ends as stored. */
  last: ChainPoint;
  /** In chain order; empty when intact. */
  problems: ChainProblem[];
}

export interface VerifierOptions {
  /** MAC key for row `seq` (a chain may change keys once, e.g. a desk upgraded from derived to random audit keys). */
  keyFor: (seq: number) => Buffer;
  /** Verify from here: rows before it were verified earlier (a checkpoint). Default: the beginning. */
  from?: ChainPoint;
}

/**
 * Checks rows one at a time in `seq` order, so the same code serves a synchronous SQLite iterator and pages of an
 * async query. It keeps going after a problem (each problem is reported once, at the row where it shows) so that
 * a verifier can tell one edited row from a destroyed log.
 */
export class ChainVerifier {
  private readonly keyFor: (seq: number) => Buffer;
  private readonly from: ChainPoint;
  private prev: ChainPoint;
  private checked = 0;
  private started: boolean;
  private readonly problems: ChainProblem[] = [];

  constructor(options: VerifierOptions) {
    this.keyFor = options.keyFor;
    this.from = options.from ?? ORIGIN;
    this.prev = this.from;
    // From the origin there is no starting row to find.
    this.started = this.from.seq === 0;
  }

  /**
   * Feed every row with `seq >= from.seq` (the starting row itself is re-checked: its MAC must still verify and
   * equal the checkpoint's hash).
   */
  push(row: ChainRow): void {
    if (!this.started) {
      this.started = true;
      if (row.seq !== this.from.seq || row.hash !== this.from.hash || !this.macOk(row)) {
        this.problems.push({ kind: 'startBroken', seq: this.from.seq });
        if (row.seq === this.from.seq) {
          this.prev = { seq: row.seq, hash: row.hash };
          this.checked++;
          return;
        }
      } else {
        this.checked++;
        return;
      }
    }
    const expected = this.prev.seq + 1;
    if (row.seq !== expected) this.problems.push({ kind: 'missing', seq: row.seq, expected });
    else if (row.prevHash !== this.prev.hash) this.problems.push({ kind: 'relinked', seq: row.seq });
    if (!this.macOk(row)) this.problems.push({ kind: 'altered', seq: row.seq });
    this.prev = { seq: row.seq, hash: row.hash };
    this.checked++;
  }

  /**
   * Ends the check against the authenticated head: `null` when there is no valid head (missing or forged), and then
   * an empty chain from the origin is the only acceptable state.
   */
  finish(head: ChainPoint | null): ChainResult {
    if (!this.started) this.problems.push({ kind: 'startBroken', seq: this.from.seq });
    const last = this.prev;
    if (head === null) {
      if (last.seq > 0 || this.from.seq > 0) this.problems.push({ kind: 'headInvalid', seq: last.seq });
    } else if (head.seq > last.seq) {
      this.problems.push({ kind: 'truncated', seq: last.seq + 1, headSeq: head.seq, lastSeq: last.seq });
    } else if (head.seq < last.seq || head.hash !== last.hash) {
      this.problems.push({ kind: 'headMismatch', seq: head.seq < last.seq ? head.seq + 1 : last.seq });
    }
    return { checked: this.checked, last, problems: this.problems };
  }

  // Row MACs are stored beside the rows for anyone with the database to read: a plain comparison leaks nothing.
  private macOk(row: ChainRow): boolean {
    return row.hash === linkMac(this.keyFor(row.seq), row.seq, row.fields, row.prevHash);
  }
}

/** Verify a whole synchronous iterable of rows (see `ChainVerifier`). */
export function verifyChain(rows: Iterable<ChainRow>, head: ChainPoint | null, options: VerifierOptions): ChainResult {
  const verifier = new ChainVerifier(options);
  for (const row of rows) verifier.push(row);
  return verifier.finish(head);
}
