import { type FastifyBaseLogger } from 'fastify';
import { type Store } from '../db/open';
import { purgeExpired } from './deptImport';
import { refreshVerifications } from './deptVerify';

export interface DeptJobOptions {
  /** How often stale verifications are recomputed (default 20 s). */
  refreshMs?: number;
  /** How often rows past their retention day are purged (default hourly; also at start). */
  purgeMs?: number;
}

/** The running jobs: `stop` clears the timer and waits for a round in progress (the store may be closed after). */
export interface DeptJobs {
  stop(): Promise<void>;
}

/**
 * Keeps department verification current while the server runs: applications desks sent since the last round are
 * verified within `refreshMs`, and rows past their retention day are purged every `purgeMs` (also at start). The
 * server app starts it when ready and stops it when closed (app.ts).
 */
export function startDeptJobs(store: Store, now: () => Date, log: FastifyBaseLogger, opts: DeptJobOptions = {}): DeptJobs {
  const refreshMs = opts.refreshMs ?? 20_000;
  const purgeMs = opts.purgeMs ?? 3600_000;
  let running: Promise<void> | null = null;
  let stopped = false;
  let lastPurge = 0;
  const round = async () => {
    try {
      if (Date.now() - lastPurge >= purgeMs) {
        lastPurge = Date.now();
        const purged = await purgeExpired(store, now());
        if (purged.length) log.info({ imports: purged }, 'department data past its retention purged');
      }
      const n = await refreshVerifications(store, now());
      if (n) log.info({ applications: n }, 'department verification refreshed');
    } catch (e: unknown) {
      log.error({ err: e }, 'department verification job failed');
    }
  };
  const tick = () => {
    if (running || stopped) return;
    running = round().finally(() => {
      running = null;
    });
  };
  tick();
  const timer = setInterval(tick, refreshMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
