import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Insertable, type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type QueueFilter } from '../../../shared/console';
import { type EnrollmentType } from '../../../shared/contract/application';
import { type Store, dropPgSchema, openStore } from '../open';
import { type Database } from '../schema';
import { testDialects } from '../../testing/harness';
import { ReviewQueue, queueWhere } from '../../services/console/queue';
import { type SignedIn } from '../../services/console/session';
import { type Db } from './db';
import { type QueueWhere, ReviewRepo, allVerifiedNow, applyWhere, duplicateSeen } from './reviewRepo';
import { reposOf } from '.';

// queue.counts (the totals and facets beside the review queue: one grouped scan on PostgreSQL, the verification read
// through a join) gives exactly what the five queries gave before (totals() with a correlated EXISTS per row and
// facet() per column, the old totals query kept below as the reference) on a seeded county of
// 3,000 applications with every kind of department verification (current, of an older revision, of an older data
// version, answered since, not all verified), for unscoped, school-scoped, school-user and viewer callers under
// several filters, on both dialects.

const N = 3000;
const SCHOOLS = ['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9'];
const TYPES = ['house_hukou', 'house_only', 'migrant', 'preferential'];
const STATUSES = ['pending', 'pending', 'needs_materials', 'approved', 'rejected'];
const COUNTERS = ['A01', 'A02', 'A03', 'B01'];
const DATA_VERSION = 3;

/** Seeded (no Math.random). */
function seed() {
  let x = 20261203;
  // The high bits: the low bits of this generator repeat within a few draws.
  const next = () => Math.floor((x = (x * 1103515245 + 12345) % 2147483648) / 65536);
  return Array.from({ length: N }, (_, i) => {
    const at = new Date(Date.UTC(2026, 5, 1) + i * 60_000).toISOString();
    return {
      id: randomUUID(),
      i,
      child: i < 700 ? `dup-${next() % 250}` : `child-${i}`,
      // A few rows without a school or a type (a facet leaves them out, the totals count them).
      school: i % 211 === 0 ? null : SCHOOLS[next() % SCHOOLS.length]!,
      type: i % 307 === 0 ? null : TYPES[next() % TYPES.length]!,
      status: STATUSES[next() % STATUSES.length]!,
      counter: COUNTERS[next() % COUNTERS.length]!,
      missing: next() % 4 === 0 ? 1 + (next() % 2) : 0,
      reentered: next() % 6 === 0 ? 1 : 0,
      revision: 1 + (next() % 3),
      /** 0 none, 1 current and all verified, 2 older revision, 3 older data version, 4 answered since, 5 not all verified. */
      verification: next() % 6,
      at,
    };
  });
}

const session = (role: SignedIn['role'], schoolIds: string[], types: EnrollmentType[]): SignedIn => ({
  staffId: randomUUID(),
  username: 'counts',
  displayName: 'counts',
  role,
  scope: { schoolIds, types },
  mustChangePassword: false,
  tokenHash: '',
  csrfToken: '',
  signedInAt: '2026-06-15T00:00:00.000Z',
  expiresAt: '2026-06-15T00:00:00.000Z',
});

const CALLERS: { name: string; session: SignedIn }[] = [
  { name: 'admin', session: session('admin', [], []) },
  { name: 'unscoped reviewer', session: session('reviewer', [], []) },
  { name: 'reviewer of one school', session: session('reviewer', ['s0'], []) },
  { name: 'reviewer of 3 schools + 1 type', session: session('reviewer', ['s1', 's2', 's3'], ['house_only']) },
  { name: 'school user', session: session('school', ['s4'], []) },
  { name: 'viewer', session: session('viewer', [], []) },
];

const FILTERS: { name: string; filter: QueueFilter }[] = [
  { name: 'none', filter: {} },
  { name: 'pending', filter: { statuses: ['pending'] } },
  { name: 'two statuses, two schools, a type and a counter', filter: { statuses: ['pending', 'needs_materials'], schoolIds: ['s1', 's4'], types: ['house_only', 'migrant'], counterCodes: ['A02'] } },
  { name: '重复', filter: { duplicate: true } },
  { name: 'not 重复', filter: { duplicate: false } },
  { name: 'all verified', filter: { allVerified: true } },
  { name: 'not all verified, missing materials', filter: { allVerified: false, missingMaterials: true } },
  { name: 'reentered, submitted in a range', filter: { reentered: true, submittedFrom: '2026-06-02', submittedTo: '2026-06-03' } },
  { name: 'a name', filter: { text: '张三' } },
  { name: 'nothing matches', filter: { counterCodes: ['Z99'] } },
];

const byValue = (f: { value: string; count: number }[]) => [...f].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
/** The facets in one order (PostgreSQL grouped them in any order). */
const ordered = <T extends { statuses: F; schools: F; types: F; counters: F }, F extends { value: string; count: number }[]>(c: T): T => ({
  ...c,
  statuses: byValue(c.statuses),
  schools: byValue(c.schools),
  types: byValue(c.types),
  counters: byValue(c.counters),
});

/** The totals query as it was before: every row tested with a correlated EXISTS on dept_verifications. */
async function oldTotals(db: Db, w: QueueWhere) {
  const r = await applyWhere(
    db
      .selectFrom('review_queue')
      .select((eb) => [
        eb.fn.countAll().as('total'),
        eb.fn.sum<number>(duplicateSeen(eb, w)).as('duplicate'),
        eb.fn.sum<number>(sql<number>`case when missing_materials > 0 then 1 else 0 end`).as('missing'),
        eb.fn.sum<number>('reentered').as('reentered'),
        eb.fn.sum<number>(eb.case().when(allVerifiedNow(eb)).then(1).else(0).end()).as('all_verified'),
      ]),
    w,
  ).executeTakeFirst();
  return { total: Number(r?.total ?? 0), duplicate: Number(r?.duplicate ?? 0), missing: Number(r?.missing ?? 0), reentered: Number(r?.reentered ?? 0), allVerified: Number(r?.all_verified ?? 0) };
}

/** The counts as the five queries gave them before. */
async function reference(db: Db, w: QueueWhere) {
  const repo = new ReviewRepo(db);
  const [totals, statuses, schools, types, counters] = await Promise.all([
    oldTotals(db, w),
    repo.facet(w, 'status'),
    repo.facet(w, 'school_id'),
    repo.facet(w, 'type'),
    repo.facet(w, 'counter_code'),
  ]);
  return {
    total: totals.total,
    statuses,
    schools,
    types,
    counters,
    duplicate: totals.duplicate,
    missingMaterials: totals.missing,
    reentered: totals.reentered,
    allVerified: totals.allVerified,
  };
}

describe.each(testDialects())('queue.counts as before, faster (%s)', (dialect) => {
  let store: Store;
  let dataDir: string;
  let pgSchema: string | undefined;
  const rows = seed();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'review-counts-'));
    pgSchema = dialect === 'postgres' ? `r_${randomBytes(6).toString('hex')}` : undefined;
    store = await openStore({ dataDir, databaseUrl: dialect === 'postgres' ? process.env.TEST_DATABASE_URL : undefined, pgSchema });
    const perChild = new Map<string, number>();
    for (const r of rows) perChild.set(r.child, (perChild.get(r.child) ?? 0) + 1);
    const apps: Insertable<Database['applications']>[] = rows.map((r) => ({
      id: r.id,
      counter_code: r.counter,
      device_id: null,
      source: 'counter',
      receipt_no: `R-${r.i}`,
      child_id_hash: r.child,
      revision: r.revision,
      content_hash: 'x',
      record: '{}',
      created_at: r.at,
      updated_at: r.at,
    }));
    const queue: Insertable<Database['review_queue']>[] = rows.map((r) => ({
      application_id: r.id,
      receipt_no: `R-${r.i}`,
      receipt_key: `R${r.i}`,
      counter_code: r.counter,
      source: 'counter',
      child_name: r.i % 9 === 0 ? '张三' : '李四',
      name_initials: r.i % 9 === 0 ? 'zs' : 'ls',
      id_number: String(r.i),
      grade: 'primary1',
      school_id: r.school,
      type: r.type,
      status: r.status,
      duplicate: (perChild.get(r.child) ?? 0) > 1 ? 1 : 0,
      missing_materials: r.missing,
      requested: '[]',
      reentered: r.reentered,
      revision: r.revision,
      decided_revision: null,
      pages: 1,
      plan_key: null,
      submitted_at: r.at,
      submitted_day: r.at.slice(0, 10),
      received_at: r.at,
    }));
    const verifications: Insertable<Database['dept_verifications']>[] = rows
      .filter((r) => r.verification > 0)
      .map((r) => ({
        application_id: r.id,
        revision: r.verification === 2 ? r.revision + 1 : r.revision,
        data_version: r.verification === 3 ? DATA_VERSION - 1 : DATA_VERSION,
        all_verified: r.verification === 5 ? 0 : 1,
        mismatch: 0,
        result: '{}',
        computed_at: r.at,
        answers_gen: r.verification === 4 ? 2 : 1,
        result_gen: 1,
      }));
    await store.db.transaction().execute(async (trx) => {
      await reposOf(trx).applications.insertMany(apps);
      await reposOf(trx).review.upsertQueue(queue);
      for (let i = 0; i < verifications.length; i += 200) await trx.insertInto('dept_verifications').values(verifications.slice(i, i + 200)).execute();
      await trx.insertInto('settings').values({ key: 'dept_data_version', value: String(DATA_VERSION) }).execute();
    });
    await sql`analyze`.execute(store.db);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    if (pgSchema && process.env.TEST_DATABASE_URL) await dropPgSchema(process.env.TEST_DATABASE_URL, pgSchema);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(CALLERS)('gives what the five queries gave for a caller $name under every filter', async (c) => {
    const queue = new ReviewQueue(store.db);
    for (const f of FILTERS) {
      if (c.session.role === 'viewer' && f.filter.text) continue;
      const want = await reference(store.db, queueWhere(f.filter, c.session));
      const { tookMs, ...got } = await queue.counts(f.filter, c.session);
      expect(tookMs).toBeGreaterThanOrEqual(0);
      expect({ filter: f.name, ...ordered(got) }).toEqual({ filter: f.name, ...ordered(want) });
      // totals() (the 重复 count of the scope test, bulk approval's count) agrees too.
      expect(await reposOf(store.db).review.totals(queueWhere(f.filter, c.session))).toEqual(await oldTotals(store.db, queueWhere(f.filter, c.session)));
    }
  });

  it('the seeded county exercises every count (not all zero, not all the rows)', async () => {
    const want = await reference(store.db, queueWhere({}, CALLERS[0]!.session));
    expect(want.total).toBe(N);
    for (const n of [want.duplicate, want.missingMaterials, want.reentered, want.allVerified]) {
      expect(n).toBeGreaterThan(50);
      expect(n).toBeLessThan(N);
    }
    // Current and all verified: verification 1 only (older revision, older data version, answered since, not all verified are not).
    expect(want.allVerified).toBe(rows.filter((r) => r.verification === 1).length);
    expect(want.schools.reduce((s, f) => s + f.count, 0)).toBe(rows.filter((r) => r.school !== null).length);
  });

  it('tests no row with a correlated EXISTS on dept_verifications, and PostgreSQL scans the queue once', async () => {
    const queries: string[] = [];
    const capture: KyselyPlugin = {
      transformQuery: (args) => (queries.push(store.db.getExecutor().compileQuery(args.node, args.queryId).sql), args.node),
      transformResult: (args) => Promise.resolve(args.result),
    };
    const queue = new ReviewQueue(store.db.withPlugin(capture));
    await queue.counts({ statuses: ['pending'] }, CALLERS[1]!.session);
    // Five before (the totals and a scan per facet), the totals testing every row with EXISTS (select … dept_verifications …).
    expect(queries.length).toBe(dialect === 'postgres' ? 1 : 5);
    expect(queries.filter((q) => /exists\s*\(\s*select[^)]*dept_verifications/i.test(q))).toEqual([]);
    expect(queries.filter((q) => /dept_verifications/.test(q)).length).toBe(1);
  });
});
