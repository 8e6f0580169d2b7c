import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, type Insertable, type KyselyPlugin, type QueryId, type RootOperationNode, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Store, dropPgSchema, openStore } from '../open';
import { type Database } from '../schema';
import { testDialects } from '../../testing/harness';
import { type QueueWhere, ReviewRepo } from './reviewRepo';
import { reposOf } from '.';

// A scoped caller's duplicate flag (1 only when another application of the same child is in the caller's scope) on a
// seeded county of 3,000 applications: pages, the 重复 filter both ways and the count agree with the rule worked out
// here from the seeded rows, for callers of one school, of three schools and one type, of one type, and unscoped. On
// PostgreSQL the page must probe the flag per row through the indexes: planned as a hashed set of every in-scope
// application with a sibling, it read all of applications on every queue call (0.7 s over 100,000 in the bench).

const N = 3000;
const SCHOOLS = ['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9'];
const TYPES = ['house_hukou', 'house_only', 'migrant'];

interface Seeded {
  id: string;
  child: string;
  school: string;
  type: string;
  receivedAt: string;
}

/** Seeded (no Math.random): the first 700 rows belong to 250 children (2 or 3 applications each, any school or type). */
function seed(): Seeded[] {
  let x = 20260615;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
  return Array.from({ length: N }, (_, i) => ({
    id: randomUUID(),
    child: i < 700 ? `dup-${next() % 250}` : `child-${i}`,
    school: SCHOOLS[next() % SCHOOLS.length]!,
    type: TYPES[next() % TYPES.length]!,
    receivedAt: new Date(Date.UTC(2026, 5, 1) + i * 60_000).toISOString(),
  }));
}

const SCOPES: { name: string; scopeSchools?: string[]; scopeTypes?: string[] }[] = [
  { name: 'one school', scopeSchools: ['s0'] },
  { name: 'three schools and one type', scopeSchools: ['s1', 's2', 's3'], scopeTypes: ['house_only'] },
  { name: 'one type', scopeTypes: ['migrant'] },
  { name: 'unscoped' },
];

describe.each(testDialects())('scoped duplicate flag in the review queue (%s)', (dialect) => {
  let store: Store;
  let dataDir: string;
  let pgSchema: string | undefined;
  const rows = seed();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'review-scope-'));
    pgSchema = dialect === 'postgres' ? `r_${randomBytes(6).toString('hex')}` : undefined;
    store = await openStore({ dataDir, databaseUrl: dialect === 'postgres' ? process.env.TEST_DATABASE_URL : undefined, pgSchema });
    const perChild = new Map<string, number>();
    for (const r of rows) perChild.set(r.child, (perChild.get(r.child) ?? 0) + 1);
    const apps: Insertable<Database['applications']>[] = rows.map((r, i) => ({
      id: r.id,
      counter_code: 'A01',
      device_id: null,
      source: 'counter',
      receipt_no: `R-${i}`,
      child_id_hash: r.child,
      revision: 1,
      content_hash: 'x',
      record: '{}',
      created_at: r.receivedAt,
      updated_at: r.receivedAt,
    }));
    const queue: Insertable<Database['review_queue']>[] = rows.map((r, i) => ({
      application_id: r.id,
      receipt_no: `R-${i}`,
      receipt_key: `R${i}`,
      counter_code: 'A01',
      source: 'counter',
      child_name: '张三',
      name_initials: 'zs',
      id_number: String(i),
      grade: 'primary1',
      school_id: r.school,
      type: r.type,
      status: 'pending',
      duplicate: (perChild.get(r.child) ?? 0) > 1 ? 1 : 0,
      missing_materials: 0,
      requested: '[]',
      reentered: 0,
      revision: 1,
      decided_revision: null,
      pages: 1,
      plan_key: null,
      submitted_at: r.receivedAt,
      submitted_day: r.receivedAt.slice(0, 10),
      received_at: r.receivedAt,
    }));
    await store.db.transaction().execute(async (trx) => {
      await reposOf(trx).applications.insertMany(apps);
      await reposOf(trx).review.upsertQueue(queue);
    });
    await sql`analyze`.execute(store.db);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    if (pgSchema && process.env.TEST_DATABASE_URL) await dropPgSchema(process.env.TEST_DATABASE_URL, pgSchema);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const inScope = (r: Seeded, s: (typeof SCOPES)[number]) => (!s.scopeSchools || s.scopeSchools.includes(r.school)) && (!s.scopeTypes || s.scopeTypes.includes(r.type));
  /** The rule: flagged when another application of the same child is in the scope too (any, when unscoped). */
  const expected = (s: (typeof SCOPES)[number]) =>
    rows.filter((r) => inScope(r, s)).map((r) => ({ id: r.id, duplicate: rows.some((o) => o.id !== r.id && o.child === r.child && inScope(o, s)) ? 1 : 0 }));

  it.each(SCOPES)('pages, the 重复 filter both ways and the count follow the rule for a caller of $name', async (s) => {
    const repo = reposOf(store.db).review;
    const where: QueueWhere = { scopeSchools: s.scopeSchools, scopeTypes: s.scopeTypes };
    const want = expected(s);
    expect(want.filter((r) => r.duplicate).length).toBeGreaterThan(5);
    expect(want.filter((r) => !r.duplicate).length).toBeGreaterThan(5);

    const all = await repo.page(where, 'oldest', null, N + 1);
    expect(all.map((r) => ({ id: r.application_id, duplicate: r.duplicate }))).toEqual(want);
    // Keyset pages of 40 from the newest give the same rows backwards.
    const back: { id: string; duplicate: number }[] = [];
    for (let after: [string, string] | null = null; ; ) {
      const page = await repo.page(where, 'newest', after, 40);
      back.push(...page.map((r) => ({ id: r.application_id, duplicate: r.duplicate })));
      if (page.length < 40) break;
      after = [page[39]!.received_at, page[39]!.application_id];
    }
    expect(back).toEqual([...want].reverse());

    for (const only of [true, false]) {
      const ids = (await repo.page({ ...where, duplicate: only }, 'oldest', null, N + 1)).map((r) => r.application_id);
      expect(ids).toEqual(want.filter((r) => (r.duplicate === 1) === only).map((r) => r.id));
      expect((await repo.idsOf({ ...where, duplicate: only }, N + 1)).map((r) => r.application_id)).toEqual(ids);
    }
    const totals = await repo.totals(where);
    expect({ total: totals.total, duplicate: totals.duplicate }).toEqual({ total: want.length, duplicate: want.filter((r) => r.duplicate).length });
  });

  let captured: { node: RootOperationNode; queryId: QueryId } | undefined;
  const capture: KyselyPlugin = {
    transformQuery: (args) => ((captured = args), args.node),
    transformResult: (args) => Promise.resolve(args.result),
  };
  /**
   * How the plan of a repository call reads a table: one entry per access, "index <name>" or "scan". SQLite names the
   * table by its alias in the query (`a`, `b` for applications) and its primary key by an automatic name.
   */
  const reads = async (call: (repo: ReviewRepo) => Promise<unknown>, table: string, sqliteNames: readonly string[]): Promise<string[]> => {
    await call(new ReviewRepo(store.db.withPlugin(capture)));
    const q = store.db.getExecutor().compileQuery(captured!.node, captured!.queryId);
    if (dialect === 'sqlite') {
      const plan = await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]));
      return plan.rows
        .map((r) => /^(SCAN|SEARCH) (\S+)(?: USING (?:COVERING )?INDEX (\S+))?/.exec(r.detail))
        .filter((m) => m !== null && sqliteNames.includes(m[2]!))
        .map((m) => (m![3] ? `index ${m![3].replace(/^sqlite_autoindex_(\w+)_1$/, '$1_pkey')}` : 'scan'));
    }
    const plan = await store.db.executeQuery<{ 'QUERY PLAN': { Plan: Record<string, unknown> }[] }>(CompiledQuery.raw(`explain (format json) ${q.sql}`, [...q.parameters]));
    const out: string[] = [];
    const walk = (n: Record<string, unknown>) => {
      if (n['Relation Name'] === table) out.push(typeof n['Index Name'] === 'string' ? `index ${n['Index Name']}` : 'scan');
      for (const c of (n.Plans as Record<string, unknown>[] | undefined) ?? []) walk(c);
    };
    walk(plan.rows[0]!['QUERY PLAN'][0]!.Plan);
    return out;
  };

  it('probes the flag per row through the indexes: no pass over every application for a page', async () => {
    for (const s of SCOPES.filter((x) => x.scopeSchools || x.scopeTypes)) {
      const where: QueueWhere = { scopeSchools: s.scopeSchools, scopeTypes: s.scopeTypes };
      for (const w of [where, { ...where, statuses: ['pending'] }]) {
        expect({ scope: s.name, reads: await reads((repo) => repo.page(w, 'oldest', null, 51), 'applications', ['a', 'b']) }).toEqual({ scope: s.name, reads: ['index applications_pkey', 'index applications_child'] });
      }
    }
  });

  // SQLite's plan: without the index it walked every row of the type (or the schools) and read each from the table to
  // test the other half of the scope. PostgreSQL combines its school and type indexes (or reads 3,000 rows in one scan).
  if (dialect === 'sqlite')
    it('reads the rows of a caller of schools and types through the scope index (school, type, time)', async () => {
      const where: QueueWhere = { scopeSchools: ['s1', 's2', 's3'], scopeTypes: ['house_only'] };
      const queue = (call: (repo: ReviewRepo) => Promise<unknown>) => reads(call, 'review_queue', ['review_queue']);
      expect(await queue((repo) => repo.page({ ...where, text: { name: '李四' } }, 'oldest', null, 51))).toEqual(['index review_queue_scope']);
      expect(await queue((repo) => repo.page({ ...where, duplicate: true }, 'oldest', null, 51))).toEqual(['index review_queue_scope']);
      expect(await queue((repo) => repo.totals(where))).toEqual(['index review_queue_scope']);
    });
});
