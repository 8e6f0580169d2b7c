// intake.submit_* and intake.search_* figures. Real encrypted SQLite on disk, the real core.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openTestDesk, setUpDesk, tempDataDir, ADMIN, approveIfOutsideWindow } from '../electron/core/testing/desk';
import { houseHukouApplication, makeId } from '../electron/core/testing/fixtures';
import { openEncrypted } from '../electron/core/db/connection';
import { migrate } from '../electron/core/db/migrate';
import { loadOrCreateKeys } from '../electron/core/services/keys';
import { derivedColumns, phonesOf, searchEntries } from '../electron/core/services/applications';
import { ApplicationRepo } from '../electron/core/db/repos/applicationRepo';
import { AuditLog } from '../electron/core/services/audit';
import { DB_FILE } from '../electron/core/desk';
import { makeReceiptNumber } from '../shared/domain/receiptNumber';
import type { Ctx } from '../electron/core/context';
import type { ApplicationDraft } from '../shared/contract';
import { figure, percentile, type Figure } from './lib';

const SUBMITS = 400;
const SEARCH_ROWS = Number(process.env.BENCH_SEARCH_ROWS ?? 200_000);
const QUERIES_PER_KIND = 60;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '子浩宇轩梓涵一诺欣怡雨桐俊杰思远家豪佳琪晨曦博文嘉怡铭泽若曦天佑语嫣明轩紫萱皓然可馨雅静诗涵宇航昊天瑞祥'.split('');

function rand<T>(xs: readonly T[], r: () => number): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export async function benchIntake(): Promise<Figure[]> {
  return [...(await benchSubmit()), ...(await benchSearch())];
}

async function benchSubmit(): Promise<Figure[]> {
  const dataDir = tempDataDir();
  const desk = await openTestDesk(dataDir);
  await setUpDesk(desk);
  const { plan, info } = await desk.call('plans.getActive', {});
  const r = rng(7);
  const drafts: Array<{ id: string; data: ApplicationDraft }> = [];
  for (let i = 0; i < SUBMITS; i++) {
    const birth = `2020-0${1 + (i % 8)}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const data = houseHukouApplication(plan, { name: rand(SURNAMES, r) + rand(GIVEN, r) + rand(GIVEN, r), birthDate: birth, idNumber: makeId('370102', birth, String((i * 2 + 1) % 1000).padStart(3, '0')) });
    // As at the counter: autosave has stored the form before the clerk presses submit.
    const { id } = await desk.call('applications.saveDraft', { data });
    await approveIfOutsideWindow(desk, id);
    drafts.push({ id, data });
  }
  const submitTimes: number[] = [];
  for (const d of drafts) {
    const t0 = performance.now();
    const res = await desk.core.call('applications.submit', { id: d.id, data: d.data, planKey: info.planKey, confirmNearMatches: true });
    submitTimes.push(performance.now() - t0);
    if (!res.ok) throw new Error(`submit failed: ${res.error.code} ${JSON.stringify(res.error.details)}`);
  }
  desk.close();

  // Baseline: the same rows written with raw better-sqlite3 statements in one transaction each, no validation.
  const rawDir = tempDataDir();
  const keys = await loadOrCreateKeys(rawDir, (await openTestDesk(rawDir)).ports.secretStore, false);
  const raw = openEncrypted(join(rawDir, 'raw.db'), keys.db);
  migrate(raw);
  raw.prepare("INSERT INTO plans VALUES ('p@1','p','1','379901',2026,1,'{}','h','t',NULL,1)").run();
  const ctxLike = { keys } as unknown as Ctx;
  const repo = new ApplicationRepo(raw);
  const audit = new AuditLog(raw, keys);
  audit.check({ nowIso: 't', setUp: false });
  const rawTimes: number[] = [];
  drafts.forEach((d, i) => {
    const json = JSON.stringify(d.data);
    const derived = derivedColumns(ctxLike, d.data);
    const receipt = makeReceiptNumber({ countyCode: '379901', counterCode: 'A01', date: '2026-06-15', seq: i + 1 });
    const { body, grams } = searchEntries(d.data, receipt);
    const phones = phonesOf(d.data);
    const t0 = performance.now();
    raw.transaction(() => {
      const rowId = repo.insertDraft({ id: `raw-${i}`, status: 'accepted', receipt_no: receipt, plan_key: 'p@1', revision: 1, data: json, ...derived, sync_state: 'unsynced', created_at: 't', created_by: 'b', updated_at: 't', updated_by: 'b', submitted_at: 't', submitted_by: 'b', void_reason: null });
      repo.reindex(rowId, `raw-${i}`, body, grams, phones);
      repo.insertRevision({ application_id: `raw-${i}`, revision: 1, data: json, sha256: createHash('sha256').update(json).digest('hex'), created_at: 't', created_by: 'b', reason: null, kind: 'form' });
      audit.append({ at: 't', actorId: 'a', actorName: 'b', action: 'application.submitted', target: `raw-${i}` });
    })();
    rawTimes.push(performance.now() - t0);
  });
  raw.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(rawDir, { recursive: true, force: true });
  const p50 = percentile(submitTimes, 50);
  const rawP50 = percentile(rawTimes, 50);
  return [
    figure('intake.submit_p50_ms', p50, 'ms', rawP50, 'raw better-sqlite3 inserts of the same rows', { max: 3 }),
    figure('intake.submit_ratio', p50 / rawP50, 'x', 1, 'raw inserts = 1', { max: 3 }),
  ];
}

async function benchSearch(): Promise<Figure[]> {
  const dataDir = tempDataDir();
  const desk = await openTestDesk(dataDir);
  await setUpDesk(desk);
  await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password }).catch(() => undefined);
  const { plan } = await desk.call('plans.getActive', {});
  desk.close();
  const keys = await loadOrCreateKeys(dataDir, (await openTestDesk(tempDataDir())).ports.secretStore, false);
  const db = openEncrypted(join(dataDir, DB_FILE), keys.db);
  const planKey = (db.prepare('SELECT plan_key FROM plans WHERE active = 1').get() as { plan_key: string }).plan_key;
  const repo = new ApplicationRepo(db);
  const ctxLike = { keys } as unknown as Ctx;
  const r = rng(42);
  const samples: Array<{ name: string; id: string; phone: string; receipt: string }> = [];
  const t0 = performance.now();
  const BATCH = 10_000;
  for (let start = 0; start < SEARCH_ROWS; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(SEARCH_ROWS, start + BATCH); i++) {
        const month = String(1 + Math.floor(r() * 12)).padStart(2, '0');
        const day = String(1 + Math.floor(r() * 28)).padStart(2, '0');
        const birth = `2019-${month}-${day}`;
        const name = rand(SURNAMES, r) + rand(GIVEN, r) + (r() < 0.7 ? rand(GIVEN, r) : '');
        const data = houseHukouApplication(plan, { name, birthDate: birth, idNumber: makeId(`37${String(i % 10_000).padStart(4, '0')}`, birth, String(Math.floor(i / 10_000)).padStart(3, '0')), fatherMobile: `13${Math.floor(r() * 1e9).toString().padStart(9, '0')}` });
        const receipt = makeReceiptNumber({ countyCode: '379901', counterCode: 'A01', date: `2026-06-${String(1 + (i % 28)).padStart(2, '0')}`, seq: i + 1 });
        const at = new Date(Date.UTC(2026, 5, 1) + i * 1000).toISOString();
        const id = `bench-${i}`;
        const rowId = repo.insertDraft({ id, status: 'accepted', receipt_no: receipt, plan_key: planKey, revision: 1, data: JSON.stringify(data), ...derivedColumns(ctxLike, data), sync_state: 'unsynced', created_at: at, created_by: 'bench', updated_at: at, updated_by: 'bench', submitted_at: at, submitted_by: 'bench', void_reason: null });
        const { body, grams } = searchEntries(data, receipt);
        repo.reindex(rowId, id, body, grams, phonesOf(data));
        if (i % Math.floor(SEARCH_ROWS / QUERIES_PER_KIND) === 0) {
          samples.push({ name, id: data.child?.idNumber ?? '', phone: data.guardians?.[0]?.mobile ?? '', receipt });
        }
      }
    })();
  }
  console.error(`bench: seeded ${SEARCH_ROWS} applications in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const queries: Array<{ kind: string; q: string }> = samples.flatMap((s) => [
    { kind: 'name', q: [...s.name].slice(-2).join('') },
    { kind: 'id_suffix', q: s.id.slice(-6) },
    { kind: 'phone', q: s.phone },
    { kind: 'receipt', q: s.receipt },
  ]);
  const { textMatch } = await import('../electron/core/services/applications');
  const ours: number[] = [];
  const like: number[] = [];
  const likeStmt = db.prepare(
    `SELECT a.* FROM applications a WHERE a.child_name LIKE @q OR a.child_id_number LIKE @q OR a.receipt_no LIKE @q
       OR a.id IN (SELECT application_id FROM application_phones WHERE phone LIKE @q)
     ORDER BY a.updated_at DESC LIMIT 100`,
  );
  queries.forEach(({ q }, i) => {
    let t = performance.now();
    const res = repo.search(textMatch(q), { includeDrafts: true }, 0, 100);
    ours.push(performance.now() - t);
    if (res.total === 0) throw new Error(`search for ${q} found nothing`);
    // The scan takes seconds a query at this size: measured on every sixth query (each kind alike).
    if (Math.floor(i / 4) % 6 === 0) {
      t = performance.now();
      likeStmt.all({ q: `%${q}%` });
      like.push(performance.now() - t);
    }
  });
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
  const p95 = percentile(ours, 95);
  const likeP95 = percentile(like, 95);
  const perKind = ['name', 'id_suffix', 'phone', 'receipt'].map((kind) => {
    const t = queries.map((q, i) => (q.kind === kind ? ours[i] : undefined)).filter((x): x is number => x !== undefined);
    return `${kind} p95 ${percentile(t, 95).toFixed(2)} ms`;
  });
  console.error(`bench: search per kind: ${perKind.join(', ')}`);
  return [
    figure('intake.search_p95_ms', p95, 'ms', likeP95, `plain LIKE scan, ${SEARCH_ROWS} rows`, { max: 20 }),
    figure('intake.search_speedup', likeP95 / p95, 'x', 1, 'LIKE scan = 1', { min: 1 }),
  ];
}
