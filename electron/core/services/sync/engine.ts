import type { Ctx } from '../../context';
import type { SyncPhase, SyncStatus } from '../../../../shared/contract/sync';
import { errorOf } from '../../../../shared/contract';
import { backoffDelay } from '../../../../shared/backoff';
import { MAX_BATCH_ITEMS } from '../../../../shared/sync/protocol';
import { anchorRound } from './anchor';
import { credentialsOf, loadConfig, loadLastSuccess, saveLastSuccess, type SyncConfig } from './config';
import { CountyError, type CountyApi, type CountyDriver } from './countyApi';
import { pull } from './pull';
import { push, reviseForCounty } from './push';
import { Progress, syncLog, type Round } from './round';

// The desk's sync engine (DESIGN.md §5, docs/adr/0008-sync-engine.md): when rounds run (start, pokes, 立即同步,
// timers, backoff after a failure), the phase and status, and the county API for the configured server. A round's
// jobs are files of their own: the revisions the county must see and the push (push.ts) with its page uploads
// (blobUpload.ts), the pull (pull.ts), the audit anchor (anchor.ts); they share a Round (round.ts).

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

export class SyncEngine {
  private phase: SyncPhase = 'notConfigured';
  private api: CountyApi | null = null;
  private apiKey = '';
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private rerun = false;
  private failures = 0;
  private lastError: string | null = null;
  private lastAttemptAt: string | null = null;
  private nextAttemptAt: string | null = null;
  private online = false;
  private closed = false;
  /** True while the engine itself announces changes, so its own announcements do not trigger another round. */
  private announcing = false;
  private countsCache: { at: number; value: SyncStatus['counts'] } | null = null;
  private clockOffsetMs = 0;
  private readonly opts: Required<Omit<EngineOptions, 'onStep'>> & Pick<EngineOptions, 'onStep'>;
  private readonly progress: Progress;

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
    this.progress = new Progress(ctx);
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
      progress: this.progress.current,
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
    this.phase = 'running';
    this.lastAttemptAt = this.ctx.nowIso();
    try {
      const round: Round = {
        ctx: this.ctx,
        api: this.apiFor(config),
        creds,
        batchSize: this.opts.batchSize,
        stopped: () => this.closed || loadConfig(this.ctx).paused,
        step: (name) => this.step(name),
        announce: (ids) => this.announce(ids),
        progress: this.progress,
      };
      reviseForCounty(this.ctx);
      this.ctx.repos.outbox.enqueueNewRevisions(this.ctx.nowIso());
      // Pull first: a result the county decided without seeing a local edit must meet that edit still unsent,
      // so it becomes a visible conflict instead of quietly overriding it after the edit goes up.
      await pull(round);
      await push(round, config);
      await anchorRound(round);
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
      this.progress.clear();
      this.countsCache = null;
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
    syncLog(this.ctx, { level: 'error', code: revoked ? 'revoked' : 'round_failed', message, details: { error: e instanceof Error ? e.message : String(e) } });
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

  private step(name: string): void {
    this.opts.onStep?.(name);
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
}
