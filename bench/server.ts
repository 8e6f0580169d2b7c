// server.ingest_sqlite_aps, server.ingest_pg_aps, server.p99_ms: the county server as its own process,
// 20 simulated counters sending signed batches concurrently over loopback HTTP.
// Baselines, same run: the same rows written straight through the same Kysely driver (ingest ceiling),
// and a signed no-op round trip (GET /v1/devices/me) under the same concurrency (latency floor).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BatchItem, paths } from '../shared/sync/protocol';
import { type ServerConfig } from '../server/config';
import { createCounter } from '../server/services/counters';
import { dropPgSchema, openStore } from '../server/db/open';
import { DeviceClient, enroll, makeItem, pageOf } from '../server/testing/client';
import { startServer } from '../server/testing/process';
import { figure, percentile, type Figure } from './lib';

const COUNTERS = 20;
// A counter that is online syncs after each submission, so its batches are small; 10 items stands for a
// short backlog. Batch latency grows with batch size (one batch is ingested at a time), so a desk catching
// up after days offline sees proportionally longer, fewer round trips.
const ITEMS_PER_BATCH = Number(process.env.BENCH_SERVER_BATCH_ITEMS ?? 10);
const BATCHES_PER_COUNTER = Number(process.env.BENCH_SERVER_BATCHES ?? 25);
const PAGES_PER_ITEM = 3;

interface Run {
  aps: number;
  p99: number;
  baselineAps: number;
  noopP99: number;
}

export async function benchServer(): Promise<Figure[]> {
  // Both figures are sensitive to whatever else runs on the machine: say how busy it was.
  const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
  console.error(`bench server: load average before ${load()}`);
  const sqlite = await runDialect('sqlite');
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  let pg: Run | null = null;
  try {
    pg = await runDialect('postgres', pgUrl);
  } catch (e: unknown) {
    console.error(`bench server: PostgreSQL at ${pgUrl} not usable, server.ingest_pg_aps not measured: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  console.error(`bench server: load average after ${load()}`);
  const figures = [
    figure('server.ingest_sqlite_aps', sqlite.aps, 'apps/s', sqlite.baselineAps, 'same rows, multi-row inserts straight via Kysely/SQLite', { min: 500 }),
    figure('server.p99_ms', sqlite.p99, 'ms', sqlite.noopP99, 'signed no-op p99 at same concurrency; batches of ' + ITEMS_PER_BATCH + ' (SQLite)', { max: 500 }),
  ];
  if (pg) {
    figures.push(figure('server.ingest_pg_aps', pg.aps, 'apps/s', pg.baselineAps, 'same rows, multi-row inserts straight via Kysely/pg', { min: 500 }));
    figures.push(figure('server.p99_pg_ms', pg.p99, 'ms', pg.noopP99, 'signed no-op p99 at same concurrency; batches of ' + ITEMS_PER_BATCH + ' (PostgreSQL)', { max: 500 }));
  }
  return figures;
}

async function runDialect(dialect: 'sqlite' | 'postgres', pgUrl?: string): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-county-${dialect}-`));
  const config: ServerConfig = {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    databaseUrl: pgUrl,
    pgSchema: dialect === 'postgres' ? `bench_${randomBytes(4).toString('hex')}` : undefined,
    countyCode: '379901',
  };
  try {
    const store = await openStore(config);
    const codes: string[] = [];
    for (let i = 0; i < COUNTERS; i++) codes.push((await createCounter(store.db, `C${String(i).padStart(2, '0')}`, `报名点${i}`, new Date())).enrollmentCode);
    await store.close();

    const server = await startServer(config);
    try {
      const clients = await Promise.all(codes.map(async (code) => new DeviceClient(server.baseUrl, (await enroll(server.baseUrl, code, 'bench')).body)));
      // Pages are uploaded first (that is the upload figure's business); batches reference them.
      const pages = Array.from({ length: PAGES_PER_ITEM }, () => randomBytes(2000));
      for (const p of pages) await clients[0]!.upload(p);
      const work = clients.map((c) =>
        Array.from({ length: BATCHES_PER_COUNTER }, () => ({
          id: randomUUID(),
          items: Array.from({ length: ITEMS_PER_BATCH }, () => makeItem(c, { pages: pages.map((p, i) => pageOf(p, i + 1)) })),
        })),
      );

      // Warm-up and latency floor: signed no-op round trips at the same concurrency.
      const noop: number[] = [];
      await Promise.all(
        clients.map(async (c) => {
          for (let i = 0; i < 20; i++) {
            const t0 = performance.now();
            const r = await c.json('GET', paths.me);
            noop.push(performance.now() - t0);
            if (r.status !== 200) throw new Error(`no-op failed: ${r.status}`);
          }
        }),
      );

      const latencies: number[] = [];
      const t0 = performance.now();
      await Promise.all(
        clients.map(async (c, i) => {
          for (const b of work[i]!) {
            const s = performance.now();
            const r = await c.batch(b.id, b.items);
            latencies.push(performance.now() - s);
            if (r.status !== 200 || !c.ackValid(r.body) || r.body.items.some((it) => it.result !== 'accepted')) {
              throw new Error(`batch not accepted: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
            }
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      const total = COUNTERS * BATCHES_PER_COUNTER * ITEMS_PER_BATCH;
      server.child.kill('SIGTERM');
      await server.exited;

      const baselineAps = await directInsertAps(config, work.flat().map((b) => b.items));
      return { aps: total / seconds, p99: percentile(latencies, 99), baselineAps, noopP99: percentile(noop, 99) };
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  } finally {
    if (config.pgSchema && pgUrl) await dropPgSchema(pgUrl, config.pgSchema).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The same application rows written straight through the driver, one transaction per batch, into a fresh schema. */
async function directInsertAps(config: ServerConfig, batches: BatchItem[][]): Promise<number> {
  const fresh: ServerConfig = {
    ...config,
    dataDir: mkdtempSync(join(tmpdir(), 'bench-direct-')),
    pgSchema: config.pgSchema ? `${config.pgSchema}_direct` : undefined,
  };
  const store = await openStore(fresh).catch(async (e: unknown) => {
    if (fresh.pgSchema && fresh.databaseUrl) await dropPgSchema(fresh.databaseUrl, fresh.pgSchema).catch(() => undefined);
    throw e;
  });
  try {
    const now = new Date().toISOString();
    const pageBlobs = [...new Map(batches.flat().flatMap((it) => it.pages.map((p) => [p.sha256, p.bytes] as const))).entries()];
    if (pageBlobs.length) await store.db.insertInto('blobs').values(pageBlobs.map(([sha256, bytes]) => ({ sha256, bytes, created_at: now }))).execute();
    const t0 = performance.now();
    for (const items of batches) {
      // One transaction and three multi-row statements per batch: the cheapest way to store these rows.
      const renamed = items.map((it) => ({ ...it, applicationId: randomUUID() }));
      await store.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('applications')
          .values(renamed.map((it) => ({ id: it.applicationId, counter_code: 'C00', device_id: null, source: 'counter' as const, receipt_no: `${it.receiptNo}-${it.applicationId}`, child_id_hash: it.childIdHash, revision: 1, content_hash: it.contentHash, record: JSON.stringify(it.record), created_at: now, updated_at: now })))
          .execute();
        await trx
          .insertInto('application_revisions')
          .values(renamed.map((it) => ({ application_id: it.applicationId, revision: 1, content_hash: it.contentHash, record: JSON.stringify(it.record), pages: JSON.stringify(it.pages), device_id: null, received_at: now })))
          .execute();
        await trx
          .insertInto('application_pages')
          .values(renamed.flatMap((it) => it.pages.map((p) => ({ application_id: it.applicationId, page_id: p.pageId, sha256: p.sha256, bytes: p.bytes, material_key: p.materialKey, page_no: p.pageNo }))))
          .execute();
      });
    }
    return batches.flat().length / ((performance.now() - t0) / 1000);
  } finally {
    await store.close();
    if (fresh.pgSchema && fresh.databaseUrl) await dropPgSchema(fresh.databaseUrl, fresh.pgSchema).catch(() => undefined);
    rmSync(fresh.dataDir, { recursive: true, force: true });
  }
}
