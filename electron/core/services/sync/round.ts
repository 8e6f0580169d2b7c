import type { Ctx } from '../../context';
import type { SyncStatus } from '../../../../shared/contract/sync';
import { zhCN } from '../../../../shared/i18n/zhCN';
import type { CountyApi, Credentials } from './countyApi';

// What the jobs of one sync round share (docs/adr/0008-sync-engine.md): the engine (engine.ts: schedule, backoff,
// status) makes a Round and runs the jobs in order — pull (pull.ts), push (push.ts, with the page uploads of
// blobUpload.ts), audit anchor (anchor.ts). A job reaches the county only through the CountyApi port.

export interface Round {
  readonly ctx: Ctx;
  readonly api: CountyApi;
  readonly creds: Credentials;
  /** Items per batch (≤ protocol maximum). */
  readonly batchSize: number;
  /** True once the engine closed or sync was paused: start no new work. */
  stopped(): boolean;
  /** After each step (tests kill the process at random steps). */
  step(name: string): void;
  /** Tell the renderer these applications changed, without the engine taking it as a local change. */
  announce(ids: string[]): void;
  readonly progress: Progress;
}

export interface SyncLogEntry {
  level: 'info' | 'warn' | 'error';
  code: string;
  applicationId?: string | null;
  message: string;
  details?: unknown;
}

/** A line in the sync log (the sync page's exportable error log). */
export function syncLog(ctx: Ctx, entry: SyncLogEntry): void {
  ctx.repos.outbox.log({
    at: ctx.nowIso(),
    level: entry.level,
    code: entry.code,
    application_id: entry.applicationId ?? null,
    message: entry.message,
    details: entry.details === undefined ? null : JSON.stringify(entry.details),
  });
}

/** The county says this application has duplicates (a batch answer or a pulled change). */
export function recordDuplicates(ctx: Ctx, applicationId: string, duplicates: unknown[], at: string): void {
  if (!ctx.repos.applications.byId(applicationId)) return;
  ctx.repos.outbox.setDuplicates(applicationId, duplicates, at);
  syncLog(ctx, { level: 'warn', code: 'duplicate', applicationId, message: zhCN.sync.log.duplicate, details: duplicates });
}

/** A round's upload progress: read by the status, sent to the renderer as sync.progress. */
export class Progress {
  private value: SyncStatus['progress'] = null;
  private lastSentAt = 0;
  constructor(private readonly ctx: Ctx) {}

  get current(): SyncStatus['progress'] {
    return this.value;
  }

  start(total: number): void {
    this.value = { done: 0, total, bytes: 0, totalBytes: 0 };
    this.send();
  }

  addBytes(n: number): void {
    if (!this.value) return;
    this.value = { ...this.value, bytes: this.value.bytes + n };
    this.send();
  }

  batchDone(items: number): void {
    if (this.value) this.value = { ...this.value, done: this.value.done + items };
    this.send(true);
  }

  clear(): void {
    this.value = null;
  }

  /** At most every 100 ms (a page's chunks would otherwise flood the renderer); `force` for batch ends. */
  private send(force = false): void {
    const p = this.value;
    const now = Date.now();
    if (!p || (!force && now - this.lastSentAt < 100)) return;
    this.lastSentAt = now;
    this.ctx.emit('sync.progress', { done: p.done, total: p.total, bytes: p.bytes });
  }
}
