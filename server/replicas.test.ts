import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type BatchItem, type BatchResponse, type BundleResponse } from '../shared/sync/protocol';
import { runCli } from './cli';
import { type ServerConfig } from './config';
import { dropPgSchema, openStore } from './db/open';
import { DeviceClient, type Reply, enroll, makeItem, pageOf, sha256 } from './testing/client';
import { type Running, startServer } from './testing/process';
import { type RoundRobinProxy, startRoundRobin } from './testing/roundRobin';

// Three stateless replicas of the server over one PostgreSQL (pages in PostgreSQL too: BLOB_STORE=postgres),
// behind a round-robin proxy, twenty desks sending pages and batches at once, and one replica killed (SIGKILL)
// while a batch is arriving at it. Desks behave as the protocol says: resend the same request (same batch id, same
// pages) after a failure. Afterwards every application is on the server exactly once with every page, and no
// batch was answered differently twice. Runs where PostgreSQL is (TEST_DATABASE_URL; CI sets it).

const DATABASE_URL = process.env.TEST_DATABASE_URL;
const DESKS = 20;
const BATCHES_PER_DESK = 3;
const APPS_PER_BATCH = 3;
const PAGES_PER_APP = 2;

if (!DATABASE_URL) console.warn('server replicas test: TEST_DATABASE_URL is not set, so the three-replica PostgreSQL run is skipped (CI sets it in .ci/run).');

/** Sends until the answer is not a failure of the transport or of a replica (502/503/5xx): what a desk does. */
async function persist<T>(send: () => Promise<Reply<T>>, retries: { n: number }): Promise<Reply<T>> {
  for (let attempt = 0; ; attempt++) {
    try {
      const r = await send();
      if (r.status < 500) return r;
    } catch {
      // connection reset by a dying replica
    }
    retries.n++;
    if (attempt > 40) throw new Error('gave up after 40 attempts');
    await new Promise((resolve) => setTimeout(resolve, 50 + attempt * 50));
  }
}

describe.skipIf(!DATABASE_URL)('three replicas over one PostgreSQL', () => {
  const pgSchema = `r_${randomBytes(6).toString('hex')}`;
  const dirs: string[] = [];
  const replicas: Running[] = [];
  let proxy: RoundRobinProxy | undefined;
  // Replicas over one database share one console audit key, as server/README.md says to deploy them.
  const keyDir = mkdtempSync(join(tmpdir(), 'replica-key-'));
  const keyBefore = process.env.CONSOLE_AUDIT_KEY_FILE;
  process.env.CONSOLE_AUDIT_KEY_FILE = join(keyDir, 'console-audit.key');

  afterAll(async () => {
    if (keyBefore === undefined) delete process.env.CONSOLE_AUDIT_KEY_FILE;
    else process.env.CONSOLE_AUDIT_KEY_FILE = keyBefore;
    rmSync(keyDir, { recursive: true, force: true });
    await proxy?.close();
    for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGTERM');
    await Promise.all(replicas.map((r) => r.exited));
    if (DATABASE_URL) await dropPgSchema(DATABASE_URL, pgSchema);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('20 desks, one replica killed mid-batch: every application exactly once with its pages', async () => {
    const config = (): ServerConfig => {
      const dataDir = mkdtempSync(join(tmpdir(), 'replica-'));
      dirs.push(dataDir);
      return { host: '127.0.0.1', port: 0, dataDir, databaseUrl: DATABASE_URL, pgSchema, countyCode: '379901', blobStore: 'postgres' };
    };
    const env = { BLOB_STORE: 'postgres' };
    // The first start migrates and fixes the county; the others find it done.
    replicas.push(await startServer(config(), env));
    replicas.push(...(await Promise.all([startServer(config(), { ...env, LOG_LEVEL: 'trace' }), startServer(config(), env)])));
    const victim = replicas[1]!;
    proxy = await startRoundRobin(replicas.map((r) => ({ host: '127.0.0.1', port: r.port })));
    const admin = config();

    // Twenty counters, one desk each, enrolled through the proxy.
    const desks: DeviceClient[] = [];
    for (let i = 0; i < DESKS; i++) {
      const out: string[] = [];
      const code = `R${String(i).padStart(2, '0')}`;
      expect(await runCli(['counter', 'create', '--code', code, '--name', `副本测试${i}`], admin, (s) => out.push(s), () => undefined)).toBe(0);
      const enrollmentCode = /\n\s+(\S+)\n/.exec(out.join('\n'))?.[1] ?? '';
      const r = await enroll(proxy.url, enrollmentCode, `desk-${i}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      desks.push(new DeviceClient(proxy.url, r.body));
    }

    // What each desk will send: batches of applications with their pages.
    const plan = desks.map((desk) =>
      Array.from({ length: BATCHES_PER_DESK }, () => {
        const pages = Array.from({ length: APPS_PER_BATCH }, () => Array.from({ length: PAGES_PER_APP }, () => randomBytes(2_000 + Math.floor(Math.random() * 4_000))));
        const items: BatchItem[] = pages.map((p) => makeItem(desk, { pages: p.map((bytes, n) => pageOf(bytes, n + 1)) }));
        return { batchId: randomUUID(), pages: pages.flat(), items };
      }),
    );

    // The victim dies (SIGKILL) as soon as a batch body is arriving at it.
    const killed = victim
      .waitForLog((l) => l.msg === 'request body bytes received' && String(l.url).startsWith('/v1/batches'), 120_000)
      .then(() => victim.child.kill('SIGKILL'));

    const retries = { n: 0 };
    const answers = new Map<string, BatchResponse[]>();
    await Promise.all(
      desks.map(async (desk, d) => {
        for (const batch of plan[d]!) {
          const bundle = await persist<BundleResponse>(() => desk.bundle(batch.pages), retries);
          expect(bundle.status, JSON.stringify(bundle.body)).toBe(200);
          const res = await persist<BatchResponse>(() => desk.batch(batch.batchId, batch.items), retries);
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          expect(desk.ackValid(res.body)).toBe(true);
          expect(res.body.items.map((i) => i.result)).toEqual(batch.items.map(() => 'accepted'));
          answers.set(batch.batchId, [...(answers.get(batch.batchId) ?? []), res.body]);
          // The desk asks again (as after a lost answer): the same answer, from whichever replica.
          const again = await persist<BatchResponse>(() => desk.batch(batch.batchId, batch.items), retries);
          expect(again.status).toBe(200);
          expect(again.body.ack.signature).toBe(res.body.ack.signature);
        }
      }),
    );
    await killed;
    expect(victim.child.signalCode).toBe('SIGKILL');
    expect(proxy.sent().every((n) => n > 0)).toBe(true);

    const store = await openStore(admin);
    try {
      const total = DESKS * BATCHES_PER_DESK * APPS_PER_BATCH;
      const apps = await sql<{ n: string; receipts: string }>`select count(*) as n, count(distinct receipt_no) as receipts from applications`.execute(store.db);
      expect(Number(apps.rows[0]?.n)).toBe(total);
      expect(Number(apps.rows[0]?.receipts)).toBe(total);
      const revisions = await sql<{ n: string }>`select count(*) as n from application_revisions`.execute(store.db);
      expect(Number(revisions.rows[0]?.n)).toBe(total);
      const batches = await sql<{ n: string }>`select count(*) as n from batches`.execute(store.db);
      expect(Number(batches.rows[0]?.n)).toBe(DESKS * BATCHES_PER_DESK);
      const perApp = await sql<{ n: string }>`select count(*) as n from application_pages group by application_id`.execute(store.db);
      expect(perApp.rows).toHaveLength(total);
      expect(perApp.rows.every((r) => Number(r.n) === PAGES_PER_APP)).toBe(true);
      // Every page's bytes, whole, in the store every replica shares.
      const wanted = plan.flat().flatMap((b) => b.pages);
      const held = await sql<{ sha256: string; data: Buffer }>`select sha256, data from blob_data`.execute(store.db);
      const bytes = new Map(held.rows.map((r) => [r.sha256, r.data]));
      expect(wanted.filter((p) => !bytes.get(sha256(p))?.equals(p))).toEqual([]);
      const parts = await sql<{ n: string }>`select count(*) as n from blob_parts`.execute(store.db);
      expect(Number(parts.rows[0]?.n)).toBe(0);
    } finally {
      await store.close();
    }
    console.log(`replicas: ${proxy.sent().join('/')} requests per replica, ${proxy.failed()} failed at the proxy, ${retries.n} resends by desks`);
  }, 300_000);

  it('the same batch at two replicas at once is stored once and answered alike; one child at two counters at once is flagged; an upload spans replicas', async () => {
    const [a, , c] = replicas;
    if (!a || !c) throw new Error('replicas missing');
    const admin: ServerConfig = { host: '127.0.0.1', port: 0, dataDir: dirs[0] ?? '', databaseUrl: DATABASE_URL, pgSchema, countyCode: '379901' };
    const deskAt = async (code: string) => {
      const out: string[] = [];
      expect(await runCli(['counter', 'create', '--code', code, '--name', code], admin, (s) => out.push(s), () => undefined)).toBe(0);
      const r = await enroll(a.baseUrl, /\n\s+(\S+)\n/.exec(out.join('\n'))?.[1] ?? '', code);
      expect(r.status).toBe(200);
      return [new DeviceClient(a.baseUrl, r.body), new DeviceClient(c.baseUrl, r.body)] as const;
    };
    const [atA, atC] = await deskAt('S01');
    const [otherAtA] = await deskAt('S02');
    for (let round = 0; round < 10; round++) {
      // A desk's resend racing its first send, at two replicas.
      const items = Array.from({ length: 5 }, () => makeItem(atA));
      const batchId = randomUUID();
      const [one, two] = await Promise.all([atA.batch(batchId, items), atC.batch(batchId, items)]);
      expect([one.status, two.status], JSON.stringify([one.body, two.body])).toEqual([200, 200]);
      expect(one.body.ack.signature).toBe(two.body.ack.signature);
      expect(one.body.items.map((i) => i.result)).toEqual(items.map(() => 'accepted'));

      // The same child at two counters, at two replicas at once: whichever commits second sees the first.
      const childId = `37990120190101${9000 + round}`;
      const [s1, s2] = await Promise.all([
        otherAtA.batch(randomUUID(), [makeItem(otherAtA, { childId })]),
        atC.batch(randomUUID(), [makeItem(atC, { childId })]),
      ]);
      expect([s1.status, s2.status]).toEqual([200, 200]);
      const flagged = [s1, s2].filter((r) => (r.body.items[0]?.duplicateOf ?? []).length > 0);
      expect(flagged, `round ${round}`).toHaveLength(1);
    }

    // A resumable upload whose chunks go to different replicas, and one chunk sent to two replicas at once.
    const page = randomBytes(300_000);
    const hash = sha256(page);
    const first = await atA.patchChunk(hash, 0, page.length, page.subarray(0, 100_000));
    expect(first.body).toMatchObject({ offset: 100_000, complete: false });
    const twice = await Promise.all([atA.patchChunk(hash, 100_000, page.length, page.subarray(100_000, 200_000)), atC.patchChunk(hash, 100_000, page.length, page.subarray(100_000, 200_000))]);
    expect(twice.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(twice.find((r) => r.status === 409)?.body).toMatchObject({ code: 'upload_offset_mismatch', offset: 200_000 });
    const last = await atC.patchChunk(hash, 200_000, page.length, page.subarray(200_000));
    expect(last.body).toMatchObject({ offset: page.length, complete: true });

    const store = await openStore(admin);
    try {
      const stored = await sql<{ data: Buffer }>`select data from blob_data where sha256 = ${hash}`.execute(store.db);
      expect(stored.rows[0]?.data.equals(page)).toBe(true);
      const n = await sql<{ n: string }>`select count(*) as n from applications a join counters c on c.code = a.counter_code where c.code in ('S01', 'S02')`.execute(store.db);
      expect(Number(n.rows[0]?.n)).toBe(10 * 5 + 10 * 2);
    } finally {
      await store.close();
    }
  }, 120_000);
});
