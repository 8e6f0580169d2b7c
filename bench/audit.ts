// audit.startup_check_ms: the audit chain check every desk start runs (rows since the last start's checkpoint, against
// the sealed head), on a real encrypted database holding a long log, beside a full verification of the same log.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openEncrypted } from '../electron/core/db/connection';
import { migrate } from '../electron/core/db/migrate';
import { loadOrCreateKeys } from '../electron/core/services/keys';
import { AuditLog } from '../electron/core/services/audit';
import { tempDataDir } from '../electron/core/testing/desk';
import { TestSecretStore } from '../electron/harness/testPorts';
import { figure, percentile, type Figure } from './lib';

/** A busy counter's season: ~100 audited actions a day for three years. */
const LOG_ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 100_000);
/** A day's work between two starts. */
const ROWS_PER_DAY = 1_000;
const RUNS = 7;

export function benchAudit(): Promise<Figure[]> {
  return measure();
}

async function measure(): Promise<Figure[]> {
  const dir = tempDataDir();
  try {
    const keys = await loadOrCreateKeys(dir, new TestSecretStore('bench'), false);
    const db = openEncrypted(join(dir, 'audit.db'), keys.db);
    migrate(db);
    const log = new AuditLog(db, keys);
    log.check({ nowIso: new Date().toISOString(), setUp: false });
    const append = (n: number) =>
      db.transaction(() => {
        for (let i = 0; i < n; i++) {
          log.append({ at: new Date().toISOString(), actorId: 'staff-1', actorName: '王受理(clerk1)', action: 'application.submitted', target: `app-${i}`, details: { receiptNo: `379901-A01-260615-${String(i % 10000).padStart(4, '0')}-K` } });
        }
      })();
    for (let done = 0; done < LOG_ROWS; done += 10_000) append(Math.min(10_000, LOG_ROWS - done));
    const startup: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      log.check({ nowIso: new Date().toISOString(), setUp: true });
      append(ROWS_PER_DAY);
      const t0 = performance.now();
      const r = log.check({ nowIso: new Date().toISOString(), setUp: true });
      startup.push(performance.now() - t0);
      if (r.incident || r.checked !== ROWS_PER_DAY + 1) throw new Error(`start-up check: ${JSON.stringify(r)}`);
    }
    const full: number[] = [];
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      const v = log.verify();
      full.push(performance.now() - t0);
      if (!v.ok) throw new Error(`full verify failed: ${v.problem}`);
    }
    db.close();
    return [
      figure('audit.startup_check_ms', percentile(startup, 50), 'ms', percentile(full, 50), `full check of all ${LOG_ROWS + RUNS * ROWS_PER_DAY} rows`, { max: 100 }),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
