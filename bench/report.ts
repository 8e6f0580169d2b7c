// report.daily_ms: the 日报 (reports.summary for one day, through the real core) over a season of 20,000 applications,
// beside one plain GROUP BY query over the same day's rows measured in the same run.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ADMIN, openTestDesk, setUpDesk, tempDataDir } from '../electron/core/testing/desk';
import { houseHukouApplication, makeId } from '../electron/core/testing/fixtures';
import { openEncrypted } from '../electron/core/db/connection';
import { loadOrCreateKeys } from '../electron/core/services/keys';
import { derivedColumns, phonesOf, searchEntries } from '../electron/core/services/applications';
import { ApplicationRepo } from '../electron/core/db/repos/applicationRepo';
import { AuditLog } from '../electron/core/services/audit';
import { DB_FILE } from '../electron/core/desk';
import { localDay, localDayStart } from '../electron/core/time';
import { makeReceiptNumber } from '../shared/domain/receiptNumber';
import type { Ctx } from '../electron/core/context';
import { figure, percentile, type Figure } from './lib';

const APPS = Number(process.env.BENCH_REPORT_APPS ?? 20_000);
/** A season: 40 counter days (500 applications a day at this size). */
const DAYS = 40;
const RUNS = 30;

export async function benchReport(): Promise<Figure[]> {
  const dataDir = tempDataDir();
  let desk = await openTestDesk(dataDir);
  await setUpDesk(desk);
  const { plan } = await desk.call('plans.getActive', {});
  desk.close();
  const keys = await loadOrCreateKeys(dataDir, desk.ports.secretStore, false);
  const db = openEncrypted(join(dataDir, DB_FILE), keys.db);
  const planKey = (db.prepare('SELECT plan_key FROM plans WHERE active = 1').get() as { plan_key: string }).plan_key;
  const repo = new ApplicationRepo(db);
  const audit = new AuditLog(db, keys);
  audit.check({ nowIso: new Date().toISOString(), setUp: true });
  const ctxLike = { keys } as unknown as Ctx;
  const first = localDayStart(localDay(new Date(Date.now() - DAYS * 86_400_000)));
  const days: string[] = [];
  const t0 = performance.now();
  for (let start = 0; start < APPS; start += 5_000) {
    db.transaction(() => {
      for (let i = start; i < Math.min(APPS, start + 5_000); i++) {
        const dayIndex = Math.floor((i * DAYS) / APPS);
        const at = new Date(first.getTime() + dayIndex * 86_400_000 + 8 * 3600_000 + (i % 500) * 60_000);
        const day = localDay(at);
        if (days.at(-1) !== day) days.push(day);
        const birth = `2020-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
        const data = houseHukouApplication(plan, { name: `测${'安邦春德恩芳国浩佳杰'[i % 10]}${'康乐明宁琪睿思婷伟欣'[Math.floor(i / 10) % 10]}`, birthDate: birth, idNumber: makeId(`37${String(i % 10_000).padStart(4, '0')}`, birth, String(Math.floor(i / 10_000) * 2 + 1).padStart(3, '0')) });
        // One in twenty still misses a material; one in a hundred is voided.
        if (i % 20 === 7) data.materials = (data.materials ?? []).map((m, k) => (k === 0 ? { ...m, state: 'missing' as const } : m));
        const voided = i % 100 === 3;
        const receipt = makeReceiptNumber({ countyCode: '371102', counterCode: 'A01', date: day, seq: (i % 500) + 1 });
        const id = `bench-${i}`;
        const iso = at.toISOString();
        const json = JSON.stringify(data);
        const rowId = repo.insertDraft({ id, status: voided ? 'void' : 'accepted', receipt_no: receipt, plan_key: planKey, revision: 1, data: json, ...derivedColumns(ctxLike, data), sync_state: i % 3 === 0 ? 'unsynced' : 'confirmed', created_at: iso, created_by: ADMIN.username, updated_at: iso, updated_by: ADMIN.username, submitted_at: iso, submitted_by: ADMIN.username, void_reason: voided ? '家长撤回' : null });
        const { body, grams } = searchEntries(data, receipt);
        repo.reindex(rowId, id, body, grams, phonesOf(data));
        repo.insertRevision({ application_id: id, revision: 1, data: json, sha256: createHash('sha256').update(json).digest('hex'), created_at: iso, created_by: ADMIN.username, reason: null, kind: 'form' });
        audit.append({ at: iso, actorId: null, actorName: ADMIN.username, action: 'application.submitted', target: id });
        if (voided) audit.append({ at: iso, actorId: null, actorName: ADMIN.username, action: 'application.voided', target: id, details: { reason: '家长撤回' } });
      }
    })();
  }
  console.error(`bench: report seeded ${APPS} applications over ${days.length} days in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Baseline: one GROUP BY over the day's rows, on a connection of its own (the desk closed).
  const plain = db.prepare('SELECT enrollment_type, count(*) AS n FROM applications WHERE submitted_at >= ? AND submitted_at < ? GROUP BY enrollment_type');
  const base: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const day = days[r % days.length]!;
    const t = performance.now();
    plain.all(localDayStart(day).toISOString(), localDayStart(day, 1).toISOString());
    base.push(performance.now() - t);
  }
  db.close();

  desk = await openTestDesk(dataDir);
  await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
  const ours: number[] = [];
  let rows = 0;
  for (let r = 0; r < RUNS; r++) {
    const day = days[r % days.length]!;
    const t = performance.now();
    const report = await desk.call('reports.summary', { from: day, to: day });
    ours.push(performance.now() - t);
    rows = Math.max(rows, report.taken);
    if (report.taken === 0) throw new Error(`no applications on ${day}`);
  }
  const season = performance.now();
  const whole = await desk.call('reports.summary', { from: days[0]!, to: days.at(-1)! });
  const seasonMs = performance.now() - season;
  desk.cleanup();
  const p95 = percentile(ours, 95);
  console.error(`bench: daily report p50 ${percentile(ours, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (≈${rows} applications a day); whole season (${whole.taken}) ${seasonMs.toFixed(0)} ms`);
  return [figure('report.daily_ms', p95, 'ms', percentile(base, 95), `one plain GROUP BY over the same day's rows (${APPS} applications in the season, p95 of ${RUNS})`, { max: 200 })];
}
