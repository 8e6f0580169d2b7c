import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Ctx } from '../../context';
import type { OutboxRow } from '../../db/repos/outboxRepo';
import { backoffDelay, type Backoff } from '../../../../shared/backoff';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import { ackString, contentHashInput, type BatchItem, type ItemResult, type PageRef } from '../../../../shared/sync/protocol';
import { reviseUnchangedForm } from '../applications';
import { BlobUploader } from './blobUpload';
import { hashChildId, idHashKeyOf, type SyncConfig } from './config';
import { CountyError, type Credentials } from './countyApi';
import { recordDuplicates, syncLog, type Round } from './round';

// Push (docs/adr/0008-sync-engine.md, "A round" 2–3): due revisions go up in batches after their pages; a batch's
// answer counts only under a valid signed acknowledgement, and then every per-item result applies in one transaction.

/** Meta key: when the engine last looked for pages changed after their upload. */
const PAGES_CHECKED_KEY = 'sync.pagesCheckedAt';
/** When an item the server answered retry_later comes due again, by how often it was sent. */
const RETRY_LATER: Backoff = { firstMs: 1_000, maxMs: 60_000 };

interface Prepared {
  row: OutboxRow;
  item: BatchItem;
  blobProblem: boolean;
  /** When the form and pages were read: pages changed at or after this need a new revision. */
  readAt: string;
}

/**
 * A promise awaited later, maybe after it has failed: marked handled now, so a failure while the engine is
 * awaiting something else is not an unhandled rejection (which ends a Node process). Awaiting it still throws.
 */
function handledLater<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

function rowKey(row: { application_id: string; revision: number }): string {
  return `${row.application_id}#${row.revision}`;
}

/**
 * What the county must see that has no revision yet becomes one, minted by the applications domain before the
 * outbox is queued: pages scanned or removed after a revision went up (the same form again, so the server keeps
 * every acknowledged revision intact), and voids (a revision of the same form that carries the void and its reason).
 */
export function reviseForCounty(ctx: Ctx): void {
  const now = ctx.nowIso();
  const since = ctx.repos.meta.get(PAGES_CHECKED_KEY) ?? '';
  const ids = ctx.repos.outbox.pagesChangedSince(since);
  // The watermark moves in the same transaction as the revisions it led to: a crash repeats the look.
  ctx.db.transaction(() => {
    ctx.repos.meta.set(PAGES_CHECKED_KEY, now);
    for (const id of ids) reviseUnchangedForm(ctx, id, 'pages', now);
  })();
  const voided = ctx.repos.outbox.voidedWithoutVoidRevision();
  if (voided.length === 0) return;
  const at = ctx.nowIso();
  ctx.db.transaction(() => {
    for (const id of voided) reviseUnchangedForm(ctx, id, 'void', at);
  }).immediate();
}

/**
 * Batches go up in order, each after its pages (documents first). The next batch's pages upload while the
 * current batch is in flight and being answered, so the link and the server are not idle in between.
 */
export async function push(round: Round, config: SyncConfig): Promise<void> {
  const { ctx } = round;
  const outbox = ctx.repos.outbox;
  const idKey = await idHashKeyOf(ctx, config);
  const total = outbox.countDue(ctx.nowIso());
  if (total === 0) return;
  round.progress.start(total);
  const uploader = new BlobUploader(round);
  const inFlight = new Set<string>();
  let upcoming = handledLater(nextGroup(round, uploader, idKey, inFlight));
  for (;;) {
    const prepared = await upcoming;
    if (prepared === null) return;
    const items = prepared.filter((p) => !p.blobProblem);
    if (items.length === 0) {
      upcoming = handledLater(nextGroup(round, uploader, idKey, inFlight));
      continue;
    }
    ctx.db.transaction(() => {
      for (const p of items) outbox.setState(p.row.application_id, p.row.revision, 'uploading', { attempt: true, sentAt: p.readAt });
    })();
    round.step('marked-uploading');
    const batchId = ctx.ports.ids.uuid();
    const answer = round.api.sendBatch(round.creds, { batchId, items: items.map((p) => p.item) });
    inFlight.clear();
    for (const p of items) inFlight.add(rowKey(p.row));
    upcoming = handledLater(nextGroup(round, uploader, idKey, inFlight));
    try {
      const res = await answer;
      round.step('batch-answered');
      verifyAck(round.creds, batchId, items, res.items, res.ack.signature);
      ctx.db.transaction(() => {
        for (const r of res.items) applyItemResult(ctx, r, items.find((p) => p.item.applicationId === r.applicationId && p.item.revision === r.revision)!);
      })();
    } catch (e: unknown) {
      // The round ends here: let the next batch's page upload finish (or fail) before reporting.
      await upcoming.catch(() => undefined);
      throw e;
    }
    round.step('batch-applied');
    round.announce(items.map((p) => p.item.applicationId));
    round.progress.batchDone(items.length);
  }
}

/** The next due revisions (not those of the batch in flight) with their pages uploaded; null when none is due. */
async function nextGroup(round: Round, uploader: BlobUploader, idKey: Buffer | null, inFlight: ReadonlySet<string>): Promise<Prepared[] | null> {
  const { ctx } = round;
  for (;;) {
    if (round.stopped()) return null;
    const limit = round.batchSize;
    const rows = ctx.repos.outbox
      .due(ctx.nowIso(), limit + inFlight.size)
      .filter((r) => !inFlight.has(rowKey(r)))
      .slice(0, limit);
    if (rows.length === 0) return null;
    const prepared = rows.map((row) => prepare(ctx, row, idKey)).filter((p): p is Prepared => p !== null);
    if (prepared.length === 0) continue;
    await uploadPages(ctx, uploader, prepared);
    round.step('blobs-uploaded');
    return prepared;
  }
}

/** The pages of these records; a page this desk cannot read quarantines its records with a re-scan instruction. */
async function uploadPages(ctx: Ctx, uploader: BlobUploader, prepared: Prepared[]): Promise<void> {
  const bySha = new Map<string, Prepared[]>();
  const sizeOf = new Map<string, number>();
  for (const p of prepared) {
    for (const page of p.item.pages) {
      bySha.set(page.sha256, [...(bySha.get(page.sha256) ?? []), p]);
      sizeOf.set(page.sha256, page.bytes);
    }
  }
  await uploader.upload(sizeOf, (sha, e) => {
    for (const p of bySha.get(sha) ?? []) {
      p.blobProblem = true;
      ctx.repos.outbox.setState(p.row.application_id, p.row.revision, 'quarantined', {
        reason: JSON.stringify([format(zhCN.sync.reasons.pageBroken, { sha: sha.slice(0, 12) })]),
        lastError: e instanceof Error ? e.message : String(e),
      });
    }
  });
}

function prepare(ctx: Ctx, row: OutboxRow, idKey: Buffer | null): Prepared | null {
  const app = ctx.repos.applications.byId(row.application_id);
  const rev = ctx.repos.applications.revision(row.application_id, row.revision);
  const data = rev?.data;
  if (!app || !rev || data === undefined || !app.receipt_no) {
    ctx.repos.outbox.setState(row.application_id, row.revision, 'quarantined', { reason: JSON.stringify([zhCN.sync.reasons.incomplete]) });
    return null;
  }
  const readAt = ctx.nowIso();
  const form = JSON.parse(data) as Record<string, unknown>;
  const record: Record<string, unknown> = {
    form,
    receiptNo: app.receipt_no,
    planKey: app.plan_key,
    submittedAt: app.submitted_at,
    submittedBy: app.submitted_by,
    createdAt: app.created_at,
  };
  // A void revision (see reviseForCounty) says so; taken from the immutable revision row, so a resend hashes the same.
  if (rev.kind === 'void') record.voided = { reason: rev.reason ?? '' };
  const pages: PageRef[] = ctx.repos.pages.listForApplication(app.id).map((p) => ({
    pageId: p.id,
    sha256: p.sha256,
    bytes: p.bytes,
    materialKey: p.materialKey,
    pageNo: p.pageNo,
  }));
  const contentHash = createHash('sha256').update(contentHashInput(record, pages)).digest('hex');
  const idNumber = (form.child as { idNumber?: string } | undefined)?.idNumber;
  const childIdHash = idKey && idNumber ? hashChildId(idKey, idNumber) : null;
  const baseRevision = ctx.repos.outbox.lastConfirmed(app.id);
  const item: BatchItem = {
    applicationId: app.id,
    revision: row.revision,
    baseRevision,
    contentHash,
    receiptNo: app.receipt_no,
    childIdHash,
    record,
    pages,
  };
  return { row, item, blobProblem: false, readAt };
}

function verifyAck(creds: Credentials, batchId: string, sent: Prepared[], items: ItemResult[], signature: string): void {
  const expected = createHmac('sha256', creds.secret).update(ackString(batchId, items)).digest();
  const given = Buffer.from(signature, 'hex');
  const sameSet = items.length === sent.length && sent.every((p) => items.some((r) => r.applicationId === p.item.applicationId && r.revision === p.item.revision));
  if (given.length !== expected.length || !timingSafeEqual(given, expected) || !sameSet) {
    throw new CountyError({ kind: 'transient', reason: zhCN.sync.reasons.ackSignature, notAServer: true });
  }
}

function applyItemResult(ctx: Ctx, r: ItemResult, p: Prepared): void {
  const outbox = ctx.repos.outbox;
  const id = r.applicationId;
  const now = ctx.nowIso();
  const reasons = (r.errors ?? []).map((e) => (e.path ? `${e.path}：${e.message}` : e.message));
  switch (r.result) {
    case 'accepted':
    case 'already_have':
      if (r.serverHash === p.item.contentHash) {
        outbox.setState(id, r.revision, 'confirmed', { serverHash: r.serverHash, ackedAt: now, lastError: null, reason: null });
        syncLog(ctx, { level: 'info', code: 'uploaded', applicationId: id, message: zhCN.sync.log.uploaded, details: { revision: r.revision, result: r.result } });
      } else {
        outbox.setState(id, r.revision, 'conflict', {
          serverHash: r.serverHash,
          reason: JSON.stringify([zhCN.sync.reasons.contentDiffers]),
        });
        syncLog(ctx, { level: 'error', code: 'hash_mismatch', applicationId: id, message: zhCN.sync.log.conflict, details: r });
      }
      break;
    case 'conflict':
      outbox.setState(id, r.revision, 'conflict', {
        reason: JSON.stringify(reasons.length ? reasons : [format(zhCN.sync.reasons.revisionDiffers, { revision: r.serverRevision ?? '?' })]),
      });
      syncLog(ctx, { level: 'warn', code: 'conflict', applicationId: id, message: zhCN.sync.log.conflict, details: r });
      break;
    case 'invalid':
      outbox.setState(id, r.revision, 'quarantined', { reason: JSON.stringify(reasons.length ? reasons : [zhCN.sync.reasons.refused]) });
      syncLog(ctx, { level: 'error', code: 'quarantined', applicationId: id, message: zhCN.sync.log.quarantined, details: r });
      break;
    case 'retry_later': {
      const row = outbox.get(id, r.revision);
      const delay = backoffDelay(RETRY_LATER, (row?.attempts ?? 0) + 1);
      outbox.setState(id, r.revision, 'unsynced', {
        nextAttemptAt: new Date(ctx.ports.clock.now().getTime() + delay).toISOString(),
        lastError: reasons.join('；') || 'retry_later',
      });
      break;
    }
  }
  if (r.duplicateOf?.length) recordDuplicates(ctx, id, r.duplicateOf, now);
}
