// server.ingest_pg_replicas: applications per second stored by 3 replicas of the county server over one
// PostgreSQL (pages in PostgreSQL too, BLOB_STORE=postgres), beside 1 replica of the same build measured in the
// same run on the same workload. 20 counters send signed batches of 10 applications with 3 pages each, after
// uploading their pages; desk i talks to replica i mod n (a load balancer with sticky connections). Reported with
// the machine's core count: with fewer cores than replicas (and PostgreSQL on the same machine) the ratio says
// what coordination costs, not what more machines would give. No goal (ADR 0016, docs/scaling.md).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerConfig } from '../server/config';
import { createCounter, loadCounty } from '../server/services/counters';
import { dropPgSchema, openStore } from '../server/db/open';
import { DeviceClient, enroll, makeItem, pageOf } from '../server/testing/client';
import { type Running, startServer } from '../server/testing/process';
import { figure, percentile, type Figure } from './lib';

const COUNTERS = 20;
const ITEMS_PER_BATCH = 10;
const BATCHES_PER_COUNTER = Number(process.env.BENCH_REPLICA_BATCHES ?? 10);
const PAGES_PER_ITEM = 3;

export async function benchServerReplicas(): Promise<Figure[]> {
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
  console.error(`bench replicas: ${cpus().length} cores, load average before ${load()}`);
  const one = await run(pgUrl, 1);
  const three = await run(pgUrl, 3);
  console.error(`bench replicas: 1 replica ${one.aps.toFixed(0)} apps/s (p99 ${one.p99.toFixed(0)} ms), 3 replicas ${three.aps.toFixed(0)} apps/s (p99 ${three.p99.toFixed(0)} ms); load after ${load()}`);
  return [figure('server.ingest_pg_replicas', three.aps, 'apps/s', one.aps, `1 replica, same workload; ${cpus().length} cores, PostgreSQL on the same machine; 3-replica p99 ${three.p99.toFixed(0)} ms vs ${one.p99.toFixed(0)} ms`, {})];
}

async function run(pgUrl: string, replicas: number): Promise<{ aps: number; p99: number }> {
  const pgSchema = `bench_r_${randomBytes(4).toString('hex')}`;
  const dirs: string[] = [];
  const config = (): ServerConfig => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-replica-'));
    dirs.push(dataDir);
    return { host: '127.0.0.1', port: 0, dataDir, databaseUrl: pgUrl, pgSchema, countyCode: '379901', blobStore: 'postgres' };
  };
  const running: Running[] = [];
  try {
    const admin = config();
    const store = await openStore(admin);
    await loadCounty(store.db, '379901');
    const codes: string[] = [];
    for (let i = 0; i < COUNTERS; i++) codes.push((await createCounter(store.db, `C${String(i).padStart(2, '0')}`, `报名点${i}`, new Date())).enrollmentCode);
    await store.close();
    for (let i = 0; i < replicas; i++) running.push(await startServer(config(), { BLOB_STORE: 'postgres' }));

    const clients = await Promise.all(
      codes.map(async (code, i) => {
        const url = running[i % replicas]!.baseUrl;
        return new DeviceClient(url, (await enroll(url, code, 'bench')).body);
      }),
    );
    const work = clients.map((c) =>
      Array.from({ length: BATCHES_PER_COUNTER }, () => {
        const pages = Array.from({ length: ITEMS_PER_BATCH * PAGES_PER_ITEM }, () => randomBytes(2_000));
        const items = Array.from({ length: ITEMS_PER_BATCH }, (_, k) => makeItem(c, { pages: pages.slice(k * PAGES_PER_ITEM, (k + 1) * PAGES_PER_ITEM).map((p, n) => pageOf(p, n + 1)) }));
        return { id: randomUUID(), pages, items };
      }),
    );

    const latencies: number[] = [];
    const t0 = performance.now();
    await Promise.all(
      clients.map(async (c, i) => {
        for (const b of work[i]!) {
          const s = performance.now();
          const up = await c.bundle(b.pages);
          if (up.status !== 200) throw new Error(`pages not stored: ${up.status} ${JSON.stringify(up.body).slice(0, 300)}`);
          const r = await c.batch(b.id, b.items);
          latencies.push(performance.now() - s);
          if (r.status !== 200 || !c.ackValid(r.body) || r.body.items.some((it) => it.result !== 'accepted')) {
            throw new Error(`batch not accepted: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
          }
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return { aps: (COUNTERS * BATCHES_PER_COUNTER * ITEMS_PER_BATCH) / seconds, p99: percentile(latencies, 99) };
  } finally {
    for (const r of running) r.child.kill('SIGTERM');
    await Promise.all(running.map((r) => r.exited));
    await dropPgSchema(pgUrl, pgSchema).catch(() => undefined);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
