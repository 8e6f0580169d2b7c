import { type FastifyBaseLogger } from 'fastify';
import { type Store } from '../db/open';
import { purgeExpired } from './deptImport';
import { refreshVerifications } from './deptVerify';

const REFRESH_MS = 20_000;
const PURGE_MS = 3600_000;

/**
 * Keeps department verification current while the server runs: applications desks sent since the last round are
 * verified within REFRESH_MS, and rows past their retention day are purged hourly (also at start).
 */
export function startDeptJobs(store: Store, now: () => Date, log: FastifyBaseLogger): () => void {
  let running = false;
  let lastPurge = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      if (Date.now() - lastPurge >= PURGE_MS) {
        lastPurge = Date.now();
        const purged = await purgeExpired(store, now());
        if (purged.length) log.info({ imports: purged }, 'department data past its retention purged');
      }
      const n = await refreshVerifications(store, now());
      if (n) log.info({ applications: n }, 'department verification refreshed');
    } catch (e: unknown) {
      log.error({ err: e }, 'department verification job failed');
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), REFRESH_MS);
  timer.unref();
  return () => clearInterval(timer);
}
