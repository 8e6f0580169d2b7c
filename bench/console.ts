import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Insertable, sql } from 'kysely';
import { type Store, dropPgSchema, openStore } from '../server/db/open';
import { type Database } from '../server/db/schema';
import { reposOf } from '../server/db/repos';
import { ReviewQueue } from '../server/services/console/queue';
import { type SignedIn } from '../server/services/console/session';
import { type QueueFilter } from '../shared/console';
import { type EnrollmentType } from '../shared/contract/application';
import { benchConsoleOpen } from './consoleOpen';
import { type Figure, figure, percentile, timedRuns } from './lib';

// console.queue_p95_ms: a filtered first page of the review queue (status + school + text search, as a reviewer
// scoped to three schools) over 100,000 applications, beside a plain SELECT … LIMIT of the same page size in the same
// run, on SQLite and (with TEST_DATABASE_URL) PostgreSQL. The rows go straight into review_queue (what the queue
// reads) and applications (what a scoped caller's duplicate flag reads: another application of the same child in the
// caller's scope); building them through ingest is the server suite's job. console.open_ms is in consoleOpen.ts.
//
// console.queue_scoped_{list,counts}_*: the queue as each scoped caller works it: queue.list with the filters of the
// page (none, 待审核, a name, 重复; p95 over all of those calls) and queue.counts, beside the same calls by an unscoped
// reviewer in the same run. Scopes: a reviewer of one school, a reviewer of three schools and one type, a school user, a viewer
// (no search for the role). A detail line per call goes to stderr.

const N = Number(process.env.CONSOLE_BENCH_ROWS ?? 100_000);
const RUNS = 60;
const SURNAMES = '张王李赵刘陈杨黄周吴';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚';
const STATUSES = ['pending', 'pending', 'pending', 'needs_materials', 'approved', 'rejected'];
const TYPES = ['house_hukou', 'house_hukou', 'house_hukou', 'house_only', 'hukou_only', 'migrant', 'preferential'];

const signedIn = (role: SignedIn['role'], schoolIds: string[], types: EnrollmentType[]): SignedIn => ({
  staffId: randomUUID(),
  username: 'bench',
  displayName: 'bench',
  role,
  scope: { schoolIds, types },
  mustChangePassword: false,
  tokenHash: '',
  csrfToken: '',
  signedInAt: new Date().toISOString(),
  expiresAt: new Date().toISOString(),
});

const session = signedIn('reviewer', ['s01', 's02', 's03'], []);

/** The scoped callers, each against an unscoped reviewer doing the same calls. */
const SCOPES: { id: string; label: string; session: SignedIn }[] = [
  { id: 'school1', label: 'reviewer of one school', session: signedIn('reviewer', ['s01'], []) },
  { id: 'schools3_type1', label: 'reviewer of 3 schools + 1 type', session: signedIn('reviewer', ['s01', 's02', 's03'], ['house_only']) },
  { id: 'school_user', label: 'school user', session: signedIn('school', ['s04'], []) },
  { id: 'viewer', label: 'viewer', session: signedIn('viewer', [], []) },
];
const unscoped = signedIn('reviewer', [], []);

/** The filters the queue page sends: first page, 待审核, a name, 重复 (a viewer may not search). */
const FILTERS: { id: string; filter: QueueFilter }[] = [
  { id: 'all', filter: {} },
  { id: 'pending', filter: { statuses: ['pending'] } },
  { id: 'name', filter: { text: '张伟' } },
  { id: 'duplicate', filter: { duplicate: true } },
];

/**
 * Every 97th child applied three times (at rows i, i + 1 and i + 30 of its block: the next school and the same
 * school again), so a scoped caller's duplicate flag finds its sibling in scope for some rows and not for others.
 */
const childOf = (i: number): { hash: string; duplicate: boolean } => {
  const k = i % 97;
  return k === 0 || k === 1 || k === 30 ? { hash: `dup-${Math.floor(i / 97)}`, duplicate: true } : { hash: `child-${i}`, duplicate: false };
};

async function fill(store: Store): Promise<void> {
  const rows: Insertable<Database['review_queue']>[] = [];
  const apps: Insertable<Database['applications']>[] = [];
  for (let i = 0; i < N; i++) {
    const name = `${SURNAMES[i % 10]}${GIVEN[(i * 7) % 20]}${GIVEN[(i * 13) % 20]}`;
    const receipt = `379901-A${String(i % 40).padStart(2, '0')}-260615-${String(i).padStart(6, '0')}-K`;
    const at = new Date(Date.UTC(2026, 5, 1) + i * 20_000).toISOString();
    const id = randomUUID();
    const child = childOf(i);
    apps.push({
      id,
      counter_code: `A${String(i % 40).padStart(2, '0')}`,
      device_id: null,
      source: 'counter',
      receipt_no: receipt,
      child_id_hash: child.hash,
      revision: 1,
      content_hash: 'bench',
      record: '{}',
      created_at: at,
      updated_at: at,
    });
    rows.push({
      application_id: id,
      receipt_no: receipt,
      receipt_key: receipt.replace(/-/g, ''),
      counter_code: `A${String(i % 40).padStart(2, '0')}`,
      source: 'counter',
      child_name: name,
      name_initials: 'x',
      id_number: `3799012019${String(i).padStart(8, '0')}`,
      grade: 'primary1',
      school_id: `s${String(i % 30).padStart(2, '0')}`,
      type: TYPES[(i * 3) % TYPES.length]!,
      status: STATUSES[i % STATUSES.length]!,
      duplicate: child.duplicate ? 1 : 0,
      missing_materials: i % 5 === 0 ? 1 : 0,
      requested: '[]',
      reentered: 0,
      revision: 1,
      decided_revision: null,
      pages: 6,
      plan_key: null,
      submitted_at: at,
      submitted_day: at.slice(0, 10),
      received_at: at,
    });
  }
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 2000) {
      await reposOf(trx).applications.insertMany(apps.slice(i, i + 2000));
      await reposOf(trx).review.upsertQueue(rows.slice(i, i + 2000));
    }
  });
}

const timed = (fn: () => Promise<unknown>): Promise<number[]> => timedRuns(RUNS, fn);

/** The samples of each call a caller makes on the queue page (the first 5 runs of each dropped: warm-up). */
async function workload(queue: ReviewQueue, who: SignedIn): Promise<Map<string, number[]>> {
  const each = new Map<string, number[]>();
  for (const f of FILTERS) {
    if (who.role === 'viewer' && f.filter.text) continue;
    each.set(`list:${f.id}`, (await timed(() => queue.list({ filter: f.filter, order: 'oldest', limit: 50 }, who))).slice(5));
  }
  each.set('counts', (await timed(() => queue.counts({}, who))).slice(5));
  return each;
}

/** p95 over these calls together. */
const pooled = (m: Map<string, number[]>, keys: Iterable<string>) => percentile([...keys].flatMap((k) => m.get(k) ?? []), 95);
const detail = (m: Map<string, number[]>) => [...m].map(([k, v]) => `${k} ${percentile(v, 95).toFixed(1)}`).join(', ');

async function one(dialect: 'sqlite' | 'postgres'): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-console-'));
  const pgSchema = dialect === 'postgres' ? `b_${randomBytes(6).toString('hex')}` : undefined;
  const url = dialect === 'postgres' ? process.env.TEST_DATABASE_URL : undefined;
  const store = await openStore({ dataDir, databaseUrl: url, pgSchema });
  try {
    await fill(store);
    await sql`analyze review_queue`.execute(store.db);
    await sql`analyze applications`.execute(store.db);
    const queue = new ReviewQueue(store.db);
    const filtered = await timed(() => queue.list({ filter: { statuses: ['pending'], schoolIds: ['s01', 's02'], text: '张' }, order: 'oldest', limit: 50 }, session));
    const plain = await timed(() => reposOf(store.db).review.plainPage(51));
    const p95 = percentile(filtered.slice(5), 95);
    const base = percentile(plain.slice(5), 95);
    const figures = [figure(`console.queue_p95_ms_${dialect}`, p95, 'ms', base, `plain SELECT … LIMIT 51 p95 (${N} rows)`, { max: 50 })];
    const baseline = await workload(queue, unscoped);
    console.error(`console bench ${dialect} unscoped reviewer p95 ms: ${detail(baseline)}`);
    for (const scope of SCOPES) {
      const w = await workload(queue, scope.session);
      console.error(`console bench ${dialect} ${scope.label} p95 ms: ${detail(w)}`);
      const lists = [...w.keys()].filter((k) => k.startsWith('list:'));
      figures.push(
        figure(`console.queue_scoped_list_p95_ms_${dialect}_${scope.id}`, pooled(w, lists), 'ms', pooled(baseline, lists), `unscoped reviewer, same ${lists.length} queue.list calls p95`, { max: 50 }),
        figure(`console.queue_scoped_counts_p95_ms_${dialect}_${scope.id}`, pooled(w, ['counts']), 'ms', pooled(baseline, ['counts']), 'unscoped reviewer queue.counts p95', { max: 50 }),
      );
    }
    return figures;
  } finally {
    await store.close();
    if (pgSchema && url) await dropPgSchema(url, pgSchema);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchConsole(): Promise<Figure[]> {
  const figures = [...(await one('sqlite'))];
  if (process.env.CONSOLE_BENCH_OPEN !== '0') figures.push(await benchConsoleOpen('sqlite'));
  if (process.env.TEST_DATABASE_URL) {
    figures.push(...(await one('postgres')));
    if (process.env.CONSOLE_BENCH_OPEN !== '0') figures.push(await benchConsoleOpen('postgres'));
  } else console.warn('console bench: TEST_DATABASE_URL not set, PostgreSQL skipped');
  return figures;
}
