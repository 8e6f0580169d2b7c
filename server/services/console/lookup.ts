import { randomBytes } from 'node:crypto';
import { type Kysely } from 'kysely';
import { type LookupResult } from '../../../shared/console/lookup';
import { type QueueStatus } from '../../../shared/console/queue';
import { type ReviewResult } from '../../../shared/contract/reviewResult';
import { maskName } from '../../../shared/domain/mask';
import { consoleApiText } from '../../../shared/i18n/zhCN.consoleApi';
import { parseReceiptQr } from '../../../shared/print/qr';
import { reposOf } from '../../db/repos';
import { type Database } from '../../db/schema';
import { type SyncedRecord, matchPrintedCode } from '../verify';
import { schoolNames } from './plans';

// The public lookup (/lookup): receipt number + verification code → whether the paper is genuine and where the
// application stands. Masked data only; any pair that does not match, for whatever reason (unknown receipt, no key,
// wrong code), answers the same `{ found: false }` after the same work, so the answer and its timing say nothing
// about receipts whose code the asker does not hold.

/** A key nobody holds: an unknown receipt is checked against it so that it costs what a known one costs. */
const DECOY = { id: '', receipt_no: '', counter_code: '', record: '{}', receipt_mac_key: randomBytes(32).toString('base64') };

/** Where an application stands, from what the county holds: voided at the desk, withdrawn as a duplicate, or its newest result. */
export function statusFrom(voided: boolean, withdrawn: boolean, latest: ReviewResult | undefined): QueueStatus {
  if (voided) return 'voided';
  if (withdrawn) return 'withdrawn';
  if (!latest) return 'pending';
  switch (latest.outcome) {
    case 'under_review':
      return 'pending';
    case 'needs_materials':
    case 'rejected':
    case 'approved':
    case 'admitted':
    case 'awaiting_reassignment':
    case 'reassigned':
      return latest.outcome;
  }
}

export async function lookupCheck(db: Kysely<Database>, input: { receiptNo: string; code: string }): Promise<LookupResult> {
  const qr = input.code === '' ? parseReceiptQr(input.receiptNo) : null;
  const receiptNo = (qr?.receiptNo ?? input.receiptNo).trim().toUpperCase();
  const code = qr?.verificationCode ?? input.code;
  const repos = reposOf(db);
  const app = await repos.applications.forVerification(receiptNo);
  const results = app ? await repos.reviewResults.of(app.id) : [];
  const match = matchPrintedCode(app ?? DECOY, results, code);
  if (!app || !match.ok) return { found: false };
  const record = JSON.parse(app.record) as SyncedRecord;
  const latest = results.at(-1);
  const withdrawn = (await repos.duplicates.withdrawalsOf([app.id])).length > 0;
  const status = statusFrom(!!record.voided, withdrawn, latest);
  const schoolId = record.form?.school?.schoolId;
  return {
    found: true,
    document: match.document,
    current: match.document === 'receipt' || match.resultVersion === latest?.resultVersion,
    receiptNo: app.receipt_no,
    childNameMasked: maskName(record.form?.child?.name ?? ''),
    schoolName: schoolId ? ((await schoolNames(db)).get(schoolId) ?? null) : null,
    status,
    statusText: consoleApiText.publicStatuses[status],
    submittedAt: record.submittedAt ?? null,
    decidedAt: latest?.decidedAt ?? null,
  };
}

export interface RateLimit {
  /** Requests a client may make per window. */
  perWindow: number;
  windowMs: number;
}

/** 10 lookups a minute per client: plenty for a family, useless for guessing 50-bit codes. */
export const LOOKUP_LIMIT: RateLimit = { perWindow: 10, windowMs: 60_000 };

/**
 * Counts a lookup of `client` (its address); null when allowed, else the seconds until the window ends. Fixed
 * windows in the database, so replicas behind one address count together; windows before the current one are
 * deleted as it starts.
 */
export async function takeLookup(db: Kysely<Database>, client: string, now: Date, limit: RateLimit = LOOKUP_LIMIT): Promise<number | null> {
  const start = Math.floor(now.getTime() / limit.windowMs) * limit.windowMs;
  const windowStart = new Date(start).toISOString();
  const repos = reposOf(db);
  const hits = await repos.lookups.hit(client, windowStart);
  if (hits === 1) await repos.lookups.pruneBefore(windowStart);
  return hits <= limit.perWindow ? null : Math.max(1, Math.ceil((start + limit.windowMs - now.getTime()) / 1000));
}
