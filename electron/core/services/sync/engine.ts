import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Ctx } from '../../context';
import { anchorAudit } from './anchor';
import type { OutboxRow } from '../../db/repos/outboxRepo';
import type { ReviewResult } from '../../../../shared/contract/reviewResult';
import type { SyncPhase, SyncStatus } from '../../../../shared/contract/sync';
import { assertNever } from '../../../../shared/assertNever';
import { errorOf } from '../../../../shared/contract';
import { backoffDelay, type Backoff } from '../../../../shared/backoff';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import {
  ackString,
  contentHashInput,
  MAX_BATCH_ITEMS,
  MAX_BUNDLE_BYTES,
  MAX_BUNDLE_PAGE_BYTES,
  MAX_BUNDLE_PAGES,
  MAX_CHANGES_PAGE,
  MAX_MISSING_QUERY,
  type BatchItem,
  type Change,
  type ItemResult,
  type PageRef,
} from '../../../../shared/sync/protocol';
import { actor } from '../../context';
import { reviseUnchangedForm } from '../applications';
import { receiveCountyPlan } from '../plans';
import { credentialsOf, hashChildId, idHashKeyOf, loadConfig, loadCursor, loadLastSuccess, saveCursor, saveLastSuccess, type SyncConfig } from './config';
import { CountyError, type CountyApi, type CountyDriver, type Credentials } from './countyApi';

// The desk's sync engine (DESIGN.md §5, docs/adr/0008-sync-engine.md). One round: queue new revisions,
// upload missing page blobs, send batches, apply per-item answers only after the signed acknowledgement,
// then pull changes with the cursor. All network I/O is async; each database step is a short transaction.

const CHUNK_BYTES = 4 * 1024 * 1024;
/** Meta key: when the engine last looked for pages changed after their upload. */
const PAGES_CHECKED_KEY = 'sync.pagesCheckedAt';
/** Uploads in flight at once (bundles of small pages, or resumable uploads of large ones). */
const BLOB_CONCURRENCY = 4;
/** When an item the server answered retry_later comes due again, by how often it was sent. */
const RETRY_LATER: Backoff = { firstMs: 1_000, maxMs: 60_000 };

export interface EngineOptions {
  /** First retry delay after a failed round; doubles per failure up to `backoffMaxMs`, with jitter. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  timeoutMs?: number;
  random?: () => number;
  /** Items per batch (≤ protocol maximum). */
  batchSize?: number;
  /** Called after each step (tests use it to kill the process at random points). */
  onStep?: (step: string) => void;
}

/**
 * Groups the pages to upload: small pages into bundles of at most `MAX_BUNDLE_PAGES` pages and `maxBytes`
 * bytes, in order; each page over `MAX_BUNDLE_PAGE_BYTES` alone (it goes through the resumable upload).
 */
export function planUploads(shas: readonly string[], sizeOf: (sha256: string) => number, maxBytes = MAX_BUNDLE_BYTES): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const sha of shas) {
    const n = sizeOf(sha);
    if (n > MAX_BUNDLE_PAGE_BYTES) {
      out.push([sha]);
      continue;
    }
    if (current.length > 0 && (current.length >= MAX_BUNDLE_PAGES || size + n > maxBytes)) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(sha);
    size += n;
  }
  if (current.length > 0) out.push(current);
  return out;
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

type Log = { level: 'info' | 'warn' | 'error'; code: string; applicationId?: string | null; message: string; details?: unknown };

export class SyncEngine {
  private phase: SyncPhase = 'notConfigured';
  private api: CountyApi | null = null;
  private apiKey = '';
  /** False once the server answered 404 to a page bundle this round (an older server): pages go one by one. */
  private bundlesSupported = true;
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private rerun = false;
  private failures = 0;
  private lastError: string | null = null;
  private lastAttemptAt: string | null = null;
  private nextAttemptAt: string | null = null;
  private progress: SyncStatus['progress'] = null;
  private online = false;
  private closed = false;
  /** True while the engine itself announces changes, so its own announcements do not trigger another round. */
  private announcing = false;
  private lastProgressAt = 0;
  private countsCache: { at: number; value: SyncStatus['counts'] } | null = null;
  private clockOffsetMs = 0;
  private readonly opts: Required<Omit<EngineOptions, 'onStep'>> & Pick<EngineOptions, 'onStep'>;

  constructor(
    private readonly ctx: Ctx,
    /** The county server's driver (the HTTP client in production); the engine knows only the port. */
    private readonly county: CountyDriver,
    options: EngineOptions = {},
  ) {
    this.opts = {
      backoffBaseMs: options.backoffBaseMs ?? 2_000,
      backoffMaxMs: options.backoffMaxMs ?? 5 * 60_000,
      timeoutMs: options.timeoutMs ?? 30_000,
      random: options.random ?? Math.random,
      batchSize: Math.min(options.batchSize ?? MAX_BATCH_ITEMS, MAX_BATCH_ITEMS),
      onStep: options.onStep,
    };
    this.phase = this.restingPhase(loadConfig(ctx));
  }

  /** Start automatically: a configured, enrolled, unpaused desk syncs at once and then whenever asked. */
  start(): void {
    if (this.phase === 'idle') this.schedule(0);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.api?.close();
  }

  /** Something changed locally (a submission, an edit): sync soon, unless paused or not set up. */
  poke(delayMs = 300): void {
    this.countsCache = null;
    if (this.announcing) return;
    const phase = this.restingPhase(loadConfig(this.ctx));
    if (phase === 'notConfigured' || phase === 'paused' || phase === 'revoked' || this.closed) return;
    if (this.current) {
      this.rerun = true;
      return;
    }
    // While offline the backoff timer decides; a poke does not hammer an unreachable server.
    if (this.phase === 'offline' && this.timer) return;
    this.schedule(delayMs);
  }

  /** 立即同步: run a round now, resetting the backoff. Resolves when the round ends. */
  async syncNow(): Promise<void> {
    this.failures = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A round already under way may have started before the latest change: let it finish, then run a fresh one.
    while (this.current) await this.current;
    return this.run();
  }

  /** Settings changed (URL, CA, enrollment, pause): recompute the phase and start if ready. */
  reconfigured(): void {
    this.api?.close();
    this.api = null;
    this.apiKey = '';
    // New settings or a new enrollment: forget the last round's offline/revoked verdict.
    if (!this.current) this.phase = 'idle';
    const phase = this.restingPhase(loadConfig(this.ctx));
    if (!this.current) this.phase = phase;
    if (phase === 'idle') this.syncNow().catch(() => undefined);
    else if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.nextAttemptAt = null;
    }
  }

  status(): SyncStatus {
    const config = loadConfig(this.ctx);
    return {
      phase: this.phase,
      serverUrl: config.serverUrl,
      hasCustomCa: config.caPem !== null,
      enrolled: config.device !== null,
      deviceId: config.device?.deviceId ?? null,
      counterCode: config.device?.counterCode ?? null,
      counterName: config.device?.counterName ?? null,
      online: this.online,
      paused: config.paused,
      counts: this.counts(),
      lastSuccessAt: loadLastSuccess(this.ctx),
      lastAttemptAt: this.lastAttemptAt,
      nextAttemptAt: this.nextAttemptAt,
      lastError: this.lastError,
      progress: this.progress,
    };
  }

  /**
   * Records per sync state. Status is polled (status bar, sync page); the counts are an O(n) index scan, so they
   * are reused for a second unless something changed (a local change, the engine's own step).
   */
  counts(): SyncStatus['counts'] {
    const now = Date.now();
    if (!this.countsCache || now - this.countsCache.at > 1_000) this.countsCache = { at: now, value: this.ctx.repos.outbox.counts() };
    return this.countsCache.value;
  }

  /** The county server's API for the configured server (rebuilt when URL, CA or timeout change). */
  apiFor(config: SyncConfig): CountyApi {
    const key = `${config.serverUrl}\n${config.caPem ?? ''}\n${config.timeoutMs ?? ''}`;
    if (!this.api || this.apiKey !== key) {
      this.api?.close();
      this.api = this.connect(config, config.timeoutMs ?? this.opts.timeoutMs);
      this.apiKey = key;
    }
    return this.api;
  }

  /** A separate API for one exchange with its own timeout (test connection); the caller closes it. */
  connect(config: SyncConfig, timeoutMs: number): CountyApi {
    return this.county({ baseUrl: config.serverUrl ?? '', caPem: config.caPem, timeoutMs, clockOffsetMs: () => this.clockOffsetMs });
  }

  private restingPhase(config: SyncConfig): SyncPhase {
    if (!config.serverUrl || !config.device) return 'notConfigured';
    if (config.paused) return 'paused';
    if (this.phase === 'revoked') return 'revoked';
    if (this.phase === 'offline') return 'offline';
    return 'idle';
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextAttemptAt = new Date(this.ctx.ports.clock.now().getTime() + delayMs).toISOString();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.nextAttemptAt = null;
      this.run().catch(() => undefined);
    }, delayMs);
    this.timer.unref();
  }

  private run(): Promise<void> {
    if (this.current) {
      this.rerun = true;
      return this.current;
    }
    this.current = this.round().finally(() => {
      this.current = null;
      if (this.rerun && !this.closed) {
        this.rerun = false;
        if (this.phase === 'idle') this.schedule(0);
      }
    });
    return this.current;
  }

  private async round(): Promise<void> {
    const config = loadConfig(this.ctx);
    const creds = await credentialsOf(this.ctx, config);
    if (!config.serverUrl || !creds || config.paused || this.closed) {
      this.phase = this.restingPhase(config);
      return;
    }
    // Ask again each round: the county may have upgraded its server since a bundle was last refused.
    this.bundlesSupported = true;
    this.phase = 'running';
    this.lastAttemptAt = this.ctx.nowIso();
    try {
      const api = this.apiFor(config);
      this.revisePagesChanged();
      this.reviseVoided();
      this.ctx.repos.outbox.enqueueNewRevisions(this.ctx.nowIso());
      // Pull first: a result the county decided without seeing a local edit must meet that edit still unsent,
      // so it becomes a visible conflict instead of quietly overriding it after the edit goes up.
      await this.pull(api, creds);
      await this.push(api, creds, config);
      await this.anchor(api, creds);
      this.failures = 0;
      this.lastError = null;
      this.online = true;
      const cfg = loadConfig(this.ctx);
      this.phase = cfg.paused ? 'paused' : 'idle';
      saveLastSuccess(this.ctx, this.ctx.nowIso());
      this.step('round-done');
      // Items the server asked to send later (retry_later) come due on their own time.
      const next = this.ctx.repos.outbox.nextDueAt();
      if (next && !cfg.paused) this.schedule(Math.max(0, Date.parse(next) - this.ctx.ports.clock.now().getTime()));
    } catch (e: unknown) {
      this.failed(e);
    } finally {
      this.progress = null;
      this.countsCache = null;
    }
  }

  /** The audit head anchored at the county (anchor.ts); a refusal or a failure is logged, it does not stop syncing. */
  private async anchor(api: CountyApi, creds: Credentials): Promise<void> {
    let outcome: Awaited<ReturnType<typeof anchorAudit>>;
    try {
      outcome = await anchorAudit(this.ctx, api, creds);
    } catch (e: unknown) {
      // The applications went up; the anchor is tried again next round.
      this.log({ level: 'warn', code: 'audit_anchor_failed', message: e instanceof Error ? e.message : String(e) });
      return;
    }
    switch (outcome.kind) {
      case 'anchored':
      case 'unsupported':
        return;
      case 'mismatch':
        this.log({ level: 'error', code: 'audit_anchor_mismatch', message: outcome.detail });
        return;
      default:
        assertNever(outcome, 'anchor outcome');
    }
  }

  private failed(e: unknown): void {
    this.failures++;
    let message: string;
    let revoked = false;
    if (e instanceof CountyError && e.failure.kind === 'problem') {
      const p = e.failure.problem;
      // Only an explicit revocation stops the engine; a failed signature (e.g. a body damaged in transit) is retried.
      if (p.code === 'device_revoked') {
        revoked = true;
        message = errorOf('SYNC_REVOKED').message;
      } else {
        if (p.code === 'clock_skew' && p.serverTime) this.clockOffsetMs = Date.parse(p.serverTime) - Date.now();
        message = errorOf('SYNC_SERVER_ERROR', { reason: p.detail }).message;
      }
      this.online = true;
    } else if (e instanceof CountyError) {
      this.online = false;
      message = e.failure.kind === 'transient' && e.failure.notAServer ? errorOf('SYNC_NOT_A_SERVER').message : errorOf('SYNC_UNREACHABLE', { reason: e.message }).message;
    } else {
      this.online = false;
      message = errorOf('SYNC_SERVER_ERROR', { reason: e instanceof Error ? e.message : String(e) }).message;
    }
    this.lastError = message;
    this.log({ level: 'error', code: revoked ? 'revoked' : 'round_failed', message, details: { error: e instanceof Error ? e.message : String(e) } });
    if (revoked) {
      this.phase = 'revoked';
      return;
    }
    const cfg = loadConfig(this.ctx);
    if (cfg.paused) {
      this.phase = 'paused';
      return;
    }
    this.phase = 'offline';
    this.schedule(this.backoffDelay());
  }

  /** The delay before the next round after `failures` failed ones (shared/backoff.ts, with jitter). */
  backoffDelay(failures = this.failures): number {
    return backoffDelay({ firstMs: this.opts.backoffBaseMs, maxMs: this.opts.backoffMaxMs, jitter: this.opts.random }, failures);
  }

  private log(entry: Log): void {
    this.ctx.repos.outbox.log({
      at: this.ctx.nowIso(),
      level: entry.level,
      code: entry.code,
      application_id: entry.applicationId ?? null,
      message: entry.message,
      details: entry.details === undefined ? null : JSON.stringify(entry.details),
    });
  }

  private step(name: string): void {
    this.opts.onStep?.(name);
  }

  // ---------- push ----------

  /**
   * Batches go up in order, each after its pages (documents first). The next batch's pages upload while the
   * current batch is in flight and being answered, so the link and the server are not idle in between.
   */
  private async push(api: CountyApi, creds: Credentials, config: SyncConfig): Promise<void> {
    const outbox = this.ctx.repos.outbox;
    const idKey = await idHashKeyOf(this.ctx, config);
    const total = outbox.countDue(this.ctx.nowIso());
    if (total === 0) return;
    this.progress = { done: 0, total, bytes: 0, totalBytes: 0 };
    this.emitProgress();
    const inFlight = new Set<string>();
    let upcoming = handledLater(this.nextGroup(api, creds, idKey, inFlight));
    for (;;) {
      const prepared = await upcoming;
      if (prepared === null) return;
      const items = prepared.filter((p) => !p.blobProblem);
      if (items.length === 0) {
        upcoming = handledLater(this.nextGroup(api, creds, idKey, inFlight));
        continue;
      }
      this.ctx.db.transaction(() => {
        for (const p of items) outbox.setState(p.row.application_id, p.row.revision, 'uploading', { attempt: true, sentAt: p.readAt });
      })();
      this.step('marked-uploading');
      const batchId = this.ctx.ports.ids.uuid();
      const answer = api.sendBatch(creds, { batchId, items: items.map((p) => p.item) });
      inFlight.clear();
      for (const p of items) inFlight.add(rowKey(p.row));
      upcoming = handledLater(this.nextGroup(api, creds, idKey, inFlight));
      try {
        const res = await answer;
        this.step('batch-answered');
        this.verifyAck(creds, batchId, items, res.items, res.ack.signature);
        this.ctx.db.transaction(() => {
          for (const r of res.items) this.applyItemResult(r, items.find((p) => p.item.applicationId === r.applicationId && p.item.revision === r.revision)!);
        })();
      } catch (e: unknown) {
        // The round ends here: let the next batch's page upload finish (or fail) before reporting.
        await upcoming.catch(() => undefined);
        throw e;
      }
      this.step('batch-applied');
      this.announce(items.map((p) => p.item.applicationId));
      if (this.progress) this.progress = { ...this.progress, done: this.progress.done + items.length };
      this.emitProgress(true);
    }
  }

  /** The next due revisions (not those of the batch in flight) with their pages uploaded; null when none is due. */
  private async nextGroup(api: CountyApi, creds: Credentials, idKey: Buffer | null, inFlight: ReadonlySet<string>): Promise<Prepared[] | null> {
    for (;;) {
      if (this.closed || loadConfig(this.ctx).paused) return null;
      const limit = this.opts.batchSize;
      const rows = this.ctx.repos.outbox
        .due(this.ctx.nowIso(), limit + inFlight.size)
        .filter((r) => !inFlight.has(rowKey(r)))
        .slice(0, limit);
      if (rows.length === 0) return null;
      const prepared = rows.map((row) => this.prepare(row, idKey)).filter((p): p is Prepared => p !== null);
      if (prepared.length === 0) continue;
      await this.uploadBlobs(api, creds, prepared);
      this.step('blobs-uploaded');
      return prepared;
    }
  }

  private announce(ids: string[]): void {
    this.countsCache = null;
    this.announcing = true;
    try {
      this.ctx.emit('applications.changed', { ids });
    } finally {
      this.announcing = false;
    }
  }

  /** Progress to the renderer, at most every 100 ms (a page's chunks would otherwise flood it); `force` for batch ends. */
  private emitProgress(force = false): void {
    const p = this.progress;
    const now = Date.now();
    if (!p || (!force && now - this.lastProgressAt < 100)) return;
    this.lastProgressAt = now;
    this.ctx.emit('sync.progress', { done: p.done, total: p.total, bytes: p.bytes });
  }

  /**
   * Pages scanned or removed after a revision went up are part of the application the county must see: the same
   * form goes up again as a new revision (minted by the applications domain), so the server keeps every
   * acknowledged revision intact.
   */
  private revisePagesChanged(): void {
    const now = this.ctx.nowIso();
    const since = this.ctx.repos.meta.get(PAGES_CHECKED_KEY) ?? '';
    const ids = this.ctx.repos.outbox.pagesChangedSince(since);
    // The watermark moves in the same transaction as the revisions it led to: a crash repeats the look.
    this.ctx.db.transaction(() => {
      this.ctx.repos.meta.set(PAGES_CHECKED_KEY, now);
      for (const id of ids) reviseUnchangedForm(this.ctx, id, 'pages', now);
    })();
  }

  /** A void reaches the county as a new revision of the same form that carries the void and its reason. */
  private reviseVoided(): void {
    const ids = this.ctx.repos.outbox.voidedWithoutVoidRevision();
    if (ids.length === 0) return;
    const now = this.ctx.nowIso();
    this.ctx.db.transaction(() => {
      for (const id of ids) reviseUnchangedForm(this.ctx, id, 'void', now);
    }).immediate();
  }

  private prepare(row: OutboxRow, idKey: Buffer | null): Prepared | null {
    const app = this.ctx.repos.applications.byId(row.application_id);
    const rev = this.ctx.repos.applications.revision(row.application_id, row.revision);
    const data = rev?.data;
    if (!app || !rev || data === undefined || !app.receipt_no) {
      this.ctx.repos.outbox.setState(row.application_id, row.revision, 'quarantined', { reason: JSON.stringify(['本机记录不完整，无法上传。']) });
      return null;
    }
    const readAt = this.ctx.nowIso();
    const form = JSON.parse(data) as Record<string, unknown>;
    const record: Record<string, unknown> = {
      form,
      receiptNo: app.receipt_no,
      planKey: app.plan_key,
      submittedAt: app.submitted_at,
      submittedBy: app.submitted_by,
      createdAt: app.created_at,
    };
    // A void revision (see reviseVoided) says so; taken from the immutable revision row, so a resend hashes the same.
    if (rev.kind === 'void') record.voided = { reason: rev.reason ?? '' };
    const pages: PageRef[] = this.ctx.repos.pages.listForApplication(app.id).map((p) => ({
      pageId: p.id,
      sha256: p.sha256,
      bytes: p.bytes,
      materialKey: p.materialKey,
      pageNo: p.pageNo,
    }));
    const contentHash = createHash('sha256').update(contentHashInput(record, pages)).digest('hex');
    const idNumber = (form.child as { idNumber?: string } | undefined)?.idNumber;
    const childIdHash = idKey && idNumber ? hashChildId(idKey, idNumber) : null;
    const baseRevision = this.ctx.repos.outbox.lastConfirmed(app.id);
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

  private async uploadBlobs(api: CountyApi, creds: Credentials, prepared: Prepared[]): Promise<void> {
    const bySha = new Map<string, Prepared[]>();
    const sizeOf = new Map<string, number>();
    for (const p of prepared) {
      for (const page of p.item.pages) {
        bySha.set(page.sha256, [...(bySha.get(page.sha256) ?? []), p]);
        sizeOf.set(page.sha256, page.bytes);
      }
    }
    const all = [...bySha.keys()];
    const missing: string[] = [];
    for (let i = 0; i < all.length; i += MAX_MISSING_QUERY) {
      const res = await api.missingBlobs(creds, all.slice(i, i + MAX_MISSING_QUERY));
      missing.push(...res.missing.filter((s) => bySha.has(s)));
    }
    this.step('missing-asked');
    const work = planUploads(missing, (sha) => sizeOf.get(sha) ?? 0);
    /** The page's bytes, or null after quarantining the records of a page this desk cannot read (missing or damaged file). */
    const readPage = (sha: string): Buffer | null => {
      try {
        // The county server hashes every page on arrival; a page that does not match is answered and re-sent.
        return this.ctx.blobs.read(sha, { verifyHash: false });
      } catch (e: unknown) {
        for (const p of bySha.get(sha) ?? []) {
          p.blobProblem = true;
          this.ctx.repos.outbox.setState(p.row.application_id, p.row.revision, 'quarantined', {
            reason: JSON.stringify([`材料页文件在本机缺失或损坏（${sha.slice(0, 12)}…），请重新扫描该页后保存修改。`]),
            lastError: e instanceof Error ? e.message : String(e),
          });
        }
        return null;
      }
    };
    let next = 0;
    // After one upload fails the others take no new work, and the round ends only when they have stopped:
    // nothing keeps uploading behind a failed round (or alongside the next one).
    let failure: { error: unknown } | null = null;
    const upload = async (shas: string[]) => {
      const pages: { sha256: string; bytes: Buffer }[] = [];
      for (const sha of shas) {
        const bytes = readPage(sha);
        if (bytes) pages.push({ sha256: sha, bytes });
      }
      // The plan used the recorded page sizes; the bytes read decide (a page whose file grew goes on its own).
      const total = pages.reduce((n, p) => n + p.bytes.length, 0);
      if (total <= MAX_BUNDLE_BYTES && pages.every((p) => p.bytes.length <= MAX_BUNDLE_PAGE_BYTES)) {
        if (pages.length > 0) await this.uploadBundle(api, creds, pages);
        return;
      }
      for (const p of pages) {
        if (p.bytes.length > MAX_BUNDLE_PAGE_BYTES) await this.uploadBlob(api, creds, p.sha256, p.bytes);
        else await this.uploadBundle(api, creds, [p]);
      }
    };
    const worker = async () => {
      while (failure === null && next < work.length) {
        try {
          await upload(work[next++]!);
        } catch (error: unknown) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BLOB_CONCURRENCY, work.length) }, worker));
    if (failure !== null) throw (failure as { error: unknown }).error;
  }

  /**
   * Small pages whole, several per request (protocol: POST /v1/blobs). A page the server finds corrupted is sent
   * again through the resumable upload, which restarts it from 0 a few times before giving up. A server without
   * bundles (404) gets every page through the resumable upload.
   */
  private async uploadBundle(api: CountyApi, creds: Credentials, pages: { sha256: string; bytes: Buffer }[]): Promise<void> {
    if (!this.bundlesSupported) {
      for (const p of pages) await this.uploadBlob(api, creds, p.sha256, p.bytes);
      return;
    }
    const bodyBytes = pages.reduce((n, p) => n + p.bytes.length, 0);
    let res;
    try {
      res = await api.uploadBundle(creds, pages);
    } catch (e: unknown) {
      if (e instanceof CountyError && e.failure.kind === 'problem' && (e.failure.status === 404 || e.failure.status === 405)) {
        this.bundlesSupported = false;
        return this.uploadBundle(api, creds, pages);
      }
      throw e;
    }
    this.addBytes(bodyBytes);
    this.step('chunk-sent');
    const corrupt = new Set(res.pages.filter((p) => p.status === 'corrupt').map((p) => p.sha256));
    const answered = new Set(res.pages.map((p) => p.sha256));
    for (const p of pages) {
      if (!answered.has(p.sha256)) throw new CountyError({ kind: 'transient', reason: 'HTTP 200 不是县级服务器的应答', notAServer: true });
      if (!corrupt.has(p.sha256)) continue;
      this.log({ level: 'warn', code: 'blob_resent', message: zhCN.sync.log.blobRetry, details: { sha256: p.sha256 } });
      await this.uploadBlob(api, creds, p.sha256, p.bytes);
    }
  }

  /** Resumable upload: PATCH from the server's offset; a hash mismatch discards the partial data and restarts. */
  private async uploadBlob(api: CountyApi, creds: Credentials, sha: string, bytes: Buffer): Promise<void> {
    let offset = 0;
    let restarts = 0;
    for (let guard = 0; guard < 10_000; guard++) {
      const chunk = bytes.subarray(offset, offset + CHUNK_BYTES);
      try {
        const state = await api.uploadChunk(creds, sha, offset, bytes.length, chunk);
        this.addBytes(chunk.length);
        this.step('chunk-sent');
        if (state.complete) return;
        offset = state.offset;
      } catch (e: unknown) {
        if (!(e instanceof CountyError) || e.failure.kind !== 'problem') throw e;
        const p = e.failure.problem;
        if (p.code === 'upload_offset_mismatch' && p.offset !== undefined && p.offset <= bytes.length) {
          offset = p.offset;
          if (offset === bytes.length) return;
        } else if (p.code === 'blob_hash_mismatch' && restarts < 5) {
          restarts++;
          offset = 0;
          this.log({ level: 'warn', code: 'blob_resent', message: zhCN.sync.log.blobRetry, details: { sha256: sha } });
        } else {
          throw e;
        }
      }
    }
    throw new CountyError({ kind: 'transient', reason: 'blob upload did not finish' });
  }

  private addBytes(n: number): void {
    if (!this.progress) return;
    this.progress = { ...this.progress, bytes: this.progress.bytes + n };
    this.emitProgress();
  }

  private verifyAck(creds: Credentials, batchId: string, sent: Prepared[], items: ItemResult[], signature: string): void {
    const expected = createHmac('sha256', creds.secret).update(ackString(batchId, items)).digest();
    const given = Buffer.from(signature, 'hex');
    const sameSet =
      items.length === sent.length && sent.every((p) => items.some((r) => r.applicationId === p.item.applicationId && r.revision === p.item.revision));
    if (given.length !== expected.length || !timingSafeEqual(given, expected) || !sameSet) {
      throw new CountyError({ kind: 'transient', reason: '批次应答的确认签名不符', notAServer: true });
    }
  }

  private applyItemResult(r: ItemResult, p: Prepared): void {
    const outbox = this.ctx.repos.outbox;
    const id = r.applicationId;
    const now = this.ctx.nowIso();
    const reasons = (r.errors ?? []).map((e) => (e.path ? `${e.path}：${e.message}` : e.message));
    switch (r.result) {
      case 'accepted':
      case 'already_have':
        if (r.serverHash === p.item.contentHash) {
          outbox.setState(id, r.revision, 'confirmed', { serverHash: r.serverHash, ackedAt: now, lastError: null, reason: null });
          this.log({ level: 'info', code: 'uploaded', applicationId: id, message: zhCN.sync.log.uploaded, details: { revision: r.revision, result: r.result } });
        } else {
          outbox.setState(id, r.revision, 'conflict', {
            serverHash: r.serverHash,
            reason: JSON.stringify(['县级服务器保存的内容与本机不一致。']),
          });
          this.log({ level: 'error', code: 'hash_mismatch', applicationId: id, message: zhCN.sync.log.conflict, details: r });
        }
        break;
      case 'conflict':
        outbox.setState(id, r.revision, 'conflict', {
          reason: JSON.stringify(reasons.length ? reasons : [`县级服务器已有此记录的第 ${r.serverRevision ?? '?'} 版，与本机提交的版本不一致。`]),
        });
        this.log({ level: 'warn', code: 'conflict', applicationId: id, message: zhCN.sync.log.conflict, details: r });
        break;
      case 'invalid':
        outbox.setState(id, r.revision, 'quarantined', { reason: JSON.stringify(reasons.length ? reasons : ['县级服务器拒收此记录。']) });
        this.log({ level: 'error', code: 'quarantined', applicationId: id, message: zhCN.sync.log.quarantined, details: r });
        break;
      case 'retry_later': {
        const row = outbox.get(id, r.revision);
        const delay = backoffDelay(RETRY_LATER, (row?.attempts ?? 0) + 1);
        outbox.setState(id, r.revision, 'unsynced', {
          nextAttemptAt: new Date(this.ctx.ports.clock.now().getTime() + delay).toISOString(),
          lastError: reasons.join('；') || 'retry_later',
        });
        break;
      }
    }
    if (r.duplicateOf?.length) this.recordDuplicates(id, r.duplicateOf, now);
  }

  private recordDuplicates(applicationId: string, duplicates: unknown[], at: string): void {
    if (!this.ctx.repos.applications.byId(applicationId)) return;
    this.ctx.repos.outbox.setDuplicates(applicationId, duplicates, at);
    this.log({ level: 'warn', code: 'duplicate', applicationId, message: zhCN.sync.log.duplicate, details: duplicates });
  }

  // ---------- pull ----------

  private async pull(api: CountyApi, creds: Credentials): Promise<void> {
    for (let page = 0; page < 1000; page++) {
      const res = await api.changes(creds, loadCursor(this.ctx) ?? null, MAX_CHANGES_PAGE);
      const changed: string[] = [];
      this.ctx.db.transaction(() => {
        for (const { change } of res.items) this.applyChange(change, changed);
        saveCursor(this.ctx, res.nextCursor);
      })();
      this.step('changes-applied');
      if (changed.length) this.announce(changed);
      if (!res.more) return;
    }
  }

  private applyChange(change: Change, changed: string[]): void {
    const now = this.ctx.nowIso();
    if (change.kind === 'review_result') {
      if (this.applyResult(change.result, now)) changed.push(change.result.applicationId);
    } else if (change.kind === 'duplicate') {
      this.recordDuplicates(change.applicationId, change.duplicates, change.detectedAt);
      const r = change.resolution;
      if (r && this.ctx.repos.applications.byId(change.applicationId)) {
        const message = r.withdrawn ? format(zhCN.sync.log.duplicateWithdrawn, { kept: r.keptReceiptNo, reason: r.reason }) : format(zhCN.sync.log.duplicateKept, { reason: r.reason });
        this.log({ level: 'warn', code: r.withdrawn ? 'duplicate_withdrawn' : 'duplicate_kept', applicationId: change.applicationId, message, details: r });
      }
      changed.push(change.applicationId);
    } else {
      try {
        receiveCountyPlan(this.ctx, change.plan);
        this.log({ level: 'info', code: 'plan', message: zhCN.sync.log.planReceived, details: { planVersion: change.planVersion } });
      } catch (e: unknown) {
        this.log({ level: 'error', code: 'plan_invalid', message: zhCN.sync.log.planReceived, details: { planVersion: change.planVersion, error: String(e) } });
      }
    }
  }

  /** Store a county result; apply it unless the record has unsynced local edits (then it is a visible conflict). */
  private applyResult(result: ReviewResult, now: string): boolean {
    const repos = this.ctx.repos;
    const app = repos.applications.byId(result.applicationId);
    if (!app) {
      this.log({ level: 'warn', code: 'result_unknown_app', applicationId: result.applicationId, message: '收到本机没有的记录的审核结果，已忽略。' });
      return false;
    }
    const latest = repos.reviewResults.latest(result.applicationId);
    if (latest && latest.resultVersion >= result.resultVersion) return false;
    if (app.status === 'void') {
      // Withdrawn here: the result is kept for the record, the status stays 已作废 (the void revision tells the county).
      repos.reviewResults.record(result, now, true);
      this.log({ level: 'warn', code: 'result_for_void', applicationId: app.id, message: '收到已作废记录的县级审核结果，已保存但不改变状态。', details: { outcome: result.outcome } });
      return true;
    }
    if (repos.outbox.hasUnackedRevision(app.id)) {
      repos.reviewResults.record(result, now, false);
      repos.outbox.setApplicationState(app.id, 'conflict');
      this.log({ level: 'warn', code: 'result_held', applicationId: app.id, message: zhCN.sync.log.resultHeld, details: { outcome: result.outcome } });
      return true;
    }
    repos.reviewResults.record(result, now, true);
    applyOutcome(this.ctx, app.id, result, now);
    this.log({ level: 'info', code: 'result_applied', applicationId: app.id, message: zhCN.sync.log.resultApplied, details: { outcome: result.outcome } });
    return true;
  }
}

interface Prepared {
  row: OutboxRow;
  item: BatchItem;
  blobProblem: boolean;
  /** When the form and pages were read: pages changed at or after this need a new revision. */
  readAt: string;
}

/** Set the application's status from a county result; 需补充材料 marks the record 退回 for staff. */
export function applyOutcome(ctx: Ctx, applicationId: string, result: ReviewResult, now: string): void {
  ctx.repos.applications.setStatus(applicationId, result.outcome, null, now, 'county');
  if (result.outcome === 'needs_materials') ctx.repos.outbox.setApplicationState(applicationId, 'returned');
  else ctx.repos.outbox.mirror(applicationId);
  ctx.audit.append({
    at: now,
    ...actor(ctx),
    action: 'sync.resultApplied',
    target: applicationId,
    details: { outcome: result.outcome, resultVersion: result.resultVersion, decidedBy: result.decidedBy, reasons: result.reasons.slice(0, 5) },
  });
}
