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
import { benchConsoleOpen } from './consoleOpen';
import { type Figure, figure, percentile, timedRuns } from './lib';

// console.queue_p95_ms: a filtered first page of the review queue (status + school + text search, as a reviewer
// scoped to three schools) over 100,000 applications, beside a plain SELECT … LIMIT of the same page size in the same
// run, on SQLite and (with TEST_DATABASE_URL) PostgreSQL. The rows go straight into review_queue (what the queue
// reads); building them through ingest is the server suite's job. console.open_ms is in consoleOpen.ts.

const N = Number(process.env.CONSOLE_BENCH_ROWS ?? 100_000);
const RUNS = 60;
const SURNAMES = '张王李赵刘陈杨黄周吴';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚';
const STATUSES = ['pending', 'pending', 'pending', 'needs_materials', 'approved', 'rejected'];

const session: SignedIn = {
  staffId: randomUUID(),
  username: 'bench',
  displayName: 'bench',
  role: 'reviewer',
  scope: { schoolIds: ['s01', 's02', 's03'], types: [] },
  mustChangePassword: false,
  tokenHash: '',
  csrfToken: '',
  signedInAt: new Date().toISOString(),
  expiresAt: new Date().toISOString(),
};

async function fill(store: Store): Promise<void> {
  const rows: Insertable<Database['review_queue']>[] = [];
  for (let i = 0; i < N; i++) {
    const name = `${SURNAMES[i % 10]}${GIVEN[(i * 7) % 20]}${GIVEN[(i * 13) % 20]}`;
    const receipt = `379901-A${String(i % 40).padStart(2, '0')}-260615-${String(i).padStart(6, '0')}-K`;
    rows.push({
      application_id: randomUUID(),
      receipt_no: receipt,
      receipt_key: receipt.replace(/-/g, ''),
      counter_code: `A${String(i % 40).padStart(2, '0')}`,
      source: 'counter',
      child_name: name,
      name_initials: 'x',
      id_number: `3799012019${String(i).padStart(8, '0')}`,
      grade: 'primary1',
      school_id: `s${String(i % 30).padStart(2, '0')}`,
      type: 'house_hukou',
      status: STATUSES[i % STATUSES.length]!,
      duplicate: i % 97 === 0 ? 1 : 0,
      missing_materials: i % 5 === 0 ? 1 : 0,
      requested: '[]',
      reentered: 0,
      revision: 1,
      decided_revision: null,
      pages: 6,
      plan_key: null,
      submitted_at: new Date(Date.UTC(2026, 5, 1) + i * 20_000).toISOString(),
      submitted_day: new Date(Date.UTC(2026, 5, 1) + i * 20_000).toISOString().slice(0, 10),
      received_at: new Date(Date.UTC(2026, 5, 1) + i * 20_000).toISOString(),
    });
  }
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 2000) await reposOf(trx).review.upsertQueue(rows.slice(i, i + 2000));
  });
}

const timed = (fn: () => Promise<unknown>): Promise<number[]> => timedRuns(RUNS, fn);

async function one(dialect: 'sqlite' | 'postgres'): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-console-'));
  const pgSchema = dialect === 'postgres' ? `b_${randomBytes(6).toString('hex')}` : undefined;
  const url = dialect === 'postgres' ? process.env.TEST_DATABASE_URL : undefined;
  const store = await openStore({ dataDir, databaseUrl: url, pgSchema });
  try {
    await fill(store);
    await sql`analyze review_queue`.execute(store.db);
    const queue = new ReviewQueue(store.db);
    const filtered = await timed(() => queue.list({ filter: { statuses: ['pending'], schoolIds: ['s01', 's02'], text: '张' }, order: 'oldest', limit: 50 }, session));
    const plain = await timed(() => reposOf(store.db).review.plainPage(51));
    const p95 = percentile(filtered.slice(5), 95);
    const base = percentile(plain.slice(5), 95);
    return [figure(`console.queue_p95_ms_${dialect}`, p95, 'ms', base, `plain SELECT … LIMIT 51 p95 (${N} rows)`, { max: 50 })];
  } finally {
    await store.close();
    if (pgSchema && url) await dropPgSchema(url, pgSchema);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchConsole(): Promise<Figure[]> {
  const figures = [...(await one('sqlite')), await benchConsoleOpen('sqlite')];
  if (process.env.TEST_DATABASE_URL) figures.push(...(await one('postgres')), await benchConsoleOpen('postgres'));
  else console.warn('console bench: TEST_DATABASE_URL not set, PostgreSQL skipped');
  return figures;
}
