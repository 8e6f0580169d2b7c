import { createHash, createHmac } from 'node:crypto';
import { parseReceiptNumber } from '../../shared/domain/receiptNumber';
import { format } from '../../shared/i18n/zhCN';
import { serverText } from '../../shared/i18n/zhCN.server';
import {
  type BatchItem,
  type BatchRequest,
  type BatchResponse,
  type FieldError,
  type ItemResult,
  MAX_RECORD_JSON_CHARS,
  ackString,
  canonicalJson,
  contentHashInput,
  findUnsafeText,
} from '../../shared/sync/protocol';
import { type Store } from '../db/open';
import { type Repos, reposOf } from '../db/repos';
import { ProblemError, problem } from '../http/problems';
import { type Device } from './auth';
import { BatchView } from './batchView';
import { type County } from './counters';
import { projectQueue } from './console/queueProjection';
import { announceDuplicates } from './duplicates';

const t = serverText.batches;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Ingests batches with group commit: batches that arrive while one is being stored wait, then go together
 * into one durable transaction (one fsync for all of them). One group at a time per server process; across
 * replicas over one PostgreSQL, each group first takes the database's advisory locks of every key its batches
 * touch (`lockKeysOf`), so the duplicate check and the revision checks see every batch committed before, on
 * any replica. The queue is only an optimisation (fewer commits), not what keeps ingest correct.
 */
export class IngestQueue {
  private readonly waiting: Job[] = [];
  private running = false;

  constructor(
    private readonly store: Store,
    private readonly county: County,
    private readonly maxGroup = 32,
  ) {}

  submit(device: Device, batch: BatchRequest, now: Date): Promise<BatchResponse> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ device, batch, now, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length) await this.storeGroup(this.waiting.splice(0, this.maxGroup));
    } finally {
      this.running = false;
    }
  }

  /**
   * Stores a group in one durable transaction. A batch refused by the protocol (a reused id) is refused before it
   * writes anything, so the others go on. Any other failure of a batch (an error of the database, a bug) rolls the
   * whole group back, and each batch is then stored in a transaction of its own: only the failing one fails. The
   * same happens if the group's commit itself fails. So one request's failure never becomes another's, and the
   * usual case pays nothing for it (no savepoint per batch).
   */
  private async storeGroup(group: Job[], attempt = 1): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.store.durable(async (trx) => {
        // Replicas over one PostgreSQL: what this group will read and write is locked in the database first, so
        // another replica's group on the same batch, application, receipt number or child waits until this commits.
        await reposOf(trx).locks.keys(group.flatMap((job) => lockKeysOf(job.batch)));
        const out: Outcome[] = [];
        for (const job of group) {
          try {
            out.push({ ok: true, value: await ingestBatch(reposOf(trx), this.county, job.device, job.batch, job.now) });
          } catch (error: unknown) {
            if (!(error instanceof ProblemError)) throw error;
            out.push({ ok: false, error });
          }
        }
        return out;
      });
    } catch (e: unknown) {
      if (group.length > 1) {
        for (const job of group) await this.storeGroup([job]);
      } else if (attempt < 3 && isTransient(e)) await this.storeGroup(group, attempt + 1);
      else group[0]?.reject(e);
      return;
    }
    outcomes.forEach((o, i) => (o.ok ? group[i]?.resolve(o.value) : group[i]?.reject(o.error)));
  }
}

/** PostgreSQL's deadlock and serialisation failures: the transaction did nothing and may simply run again. */
function isTransient(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** The keys a batch's outcome depends on: its id, and each item's application, receipt number and child. */
function lockKeysOf(batch: BatchRequest): string[] {
  const keys = [`batch:${batch.batchId}`];
  for (const item of batch.items) {
    keys.push(`application:${item.applicationId}`, `receipt:${item.receiptNo}`);
    if (item.childIdHash) keys.push(`child:${item.childIdHash}`);
  }
  return keys;
}

interface Job {
  device: Device;
  batch: BatchRequest;
  now: Date;
  resolve: (r: BatchResponse) => void;
  reject: (e: unknown) => void;
}

type Outcome = { ok: true; value: BatchResponse } | { ok: false; error: unknown };

/** One batch inside the group's transaction: per-item results, the answer stored under the batch id, duplicate changes. */
async function ingestBatch(repos: Repos, county: County, device: Device, batch: BatchRequest, now: Date): Promise<BatchResponse> {
  const requestHash = sha256(canonicalJson(batch));
  // Refusals come before the first write (the group relies on it: a refused batch leaves nothing to roll back).
  const previous = await repos.batches.find(batch.batchId);
  if (previous) {
    if (previous.device_id === device.id && previous.request_hash === requestHash) return JSON.parse(previous.response) as BatchResponse;
    throw problem(422, 'batch_id_reused', t.idReused);
  }
  const view = await BatchView.load(repos, batch.items);
  const items: ItemResult[] = [];
  for (const item of batch.items) items.push(await ingestItem(repos, view, county, device, item, now));
  await view.flush(repos);
  // The console's queue sees the new revisions in the same transaction.
  await projectQueue(repos, items.filter((i) => i.result === 'accepted').map((i) => i.applicationId));
  const response: BatchResponse = {
    batchId: batch.batchId,
    items,
    ack: { batchId: batch.batchId, signature: createHmac('sha256', device.secret).update(ackString(batch.batchId, items)).digest('hex') },
    serverTime: now.toISOString(),
  };
  await repos.batches.insert({ batch_id: batch.batchId, device_id: device.id, request_hash: requestHash, response: JSON.stringify(response), created_at: now.toISOString() });
  return response;
}

/** One item's result, decided against what the server holds (and the batch's earlier items). */
async function ingestItem(repos: Repos, view: BatchView, county: County, device: Device, item: BatchItem, now: Date): Promise<ItemResult> {
  const base = { applicationId: item.applicationId, revision: item.revision };
  const existing = view.apps.get(item.applicationId);
  // Ownership first: an id of another counter's application learns nothing about it (no hash, no revision).
  if (existing && existing.counter_code !== device.counterCode) {
    return { ...base, result: 'conflict', serverHash: null, serverRevision: null, errors: [{ path: 'applicationId', message: t.otherCounter }] };
  }
  const current = { serverHash: existing?.content_hash ?? null, serverRevision: existing?.revision ?? null };
  const invalid = (errors: FieldError[]): ItemResult => ({ ...base, result: 'invalid', ...current, errors });
  const conflict = (message: string, path = 'revision'): ItemResult => ({ ...base, result: 'conflict', ...current, errors: [{ path, message }] });

  const unsafe = findUnsafeText(item.record, ['record']);
  if (unsafe !== null) return invalid([{ path: unsafe, message: t.unsafeText }]);
  const recordJson = canonicalJson(item.record);
  if (recordJson.length > MAX_RECORD_JSON_CHARS) return invalid([{ path: 'record', message: format(t.recordTooLarge, { chars: recordJson.length, max: MAX_RECORD_JSON_CHARS }) }]);
  if (sha256(contentHashInput(item.record, item.pages)) !== item.contentHash) return invalid([{ path: 'contentHash', message: t.contentHash }]);
  const errors = checkReceipt(item.receiptNo, county.countyCode, device.counterCode);
  if (new Set(item.pages.map((p) => p.pageId)).size !== item.pages.length) errors.push({ path: 'pages', message: t.duplicatePageIds });
  if (errors.length) return invalid(errors);

  const sameRevision = view.revisions.get(`${item.applicationId}:${item.revision}`);
  if (sameRevision) {
    if (sameRevision === item.contentHash) return { ...base, result: 'already_have', serverHash: sameRevision, serverRevision: current.serverRevision };
    return conflict(format(t.sameRevisionDiffers, { revision: item.revision }));
  }
  if ((existing?.revision ?? null) !== item.baseRevision) {
    return conflict(
      existing ? format(t.staleBase, { current: existing.revision, base: item.baseRevision ?? '—' }) : format(t.unknownBase, { base: item.baseRevision ?? '—' }),
      'baseRevision',
    );
  }
  if (existing && item.revision <= existing.revision) return invalid([{ path: 'revision', message: format(t.revisionNotNewer, { current: existing.revision }) }]);
  if (!existing || existing.receipt_no !== item.receiptNo) {
    const other = view.receiptOwner.get(item.receiptNo);
    if (other && other !== item.applicationId) return invalid([{ path: 'receiptNo', message: format(t.receiptTaken, { receiptNo: item.receiptNo }) }]);
  }

  if (item.pages.length) {
    const bytesOf = view.blobBytes;
    const missing = item.pages.flatMap((p, i) => (bytesOf.has(p.sha256) ? [] : [{ path: `pages[${i}].sha256`, message: t.pageMissing }]));
    if (missing.length) return { ...base, result: 'retry_later', ...current, errors: missing };
    const wrongSize = item.pages.flatMap((p, i) =>
      bytesOf.get(p.sha256) === p.bytes ? [] : [{ path: `pages[${i}].bytes`, message: format(t.pageSize, { declared: p.bytes, stored: bytesOf.get(p.sha256) ?? '?' }) }],
    );
    if (wrongSize.length) return invalid(wrongSize);
  }

  view.stage(item, device, recordJson, existing, now.toISOString());
  const result: ItemResult = { ...base, result: 'accepted', serverHash: item.contentHash, serverRevision: item.revision };
  const others = item.childIdHash && item.childIdHash !== existing?.child_id_hash ? (view.byChild.get(item.childIdHash) ?? []).filter((a) => a.applicationId !== item.applicationId) : [];
  view.accepted(item, device.counterCode, existing);
  if (others.length) {
    result.duplicateOf = await announceDuplicates(repos, { applicationId: item.applicationId, receiptNo: item.receiptNo, counterCode: device.counterCode, source: 'counter' }, others, now);
  }
  return result;
}

function checkReceipt(receiptNo: string, countyCode: string, counterCode: string): FieldError[] {
  const parsed = parseReceiptNumber(receiptNo);
  if (!parsed.ok) return [{ path: 'receiptNo', message: parsed.message }];
  const { value } = parsed;
  if (value.receiptNumber !== receiptNo) return [{ path: 'receiptNo', message: format(t.receiptCanonical, { canonical: value.receiptNumber }) }];
  if (value.countyCode !== countyCode) return [{ path: 'receiptNo', message: format(t.receiptCounty, { county: value.countyCode, ours: countyCode }) }];
  if (value.counterCode !== counterCode) return [{ path: 'receiptNo', message: format(t.receiptCounter, { counter: value.counterCode, ours: counterCode }) }];
  return [];
}
