import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../app';
import { runCli } from '../cli';
import { type ServerConfig } from '../config';
import { type County, createCounter, loadCounty } from '../services/counters';
import { type DeptJobOptions } from '../services/deptJobs';
import { type Store, dropPgSchema, openStore } from '../db/open';
import { TABLES } from '../db/schema';
import { DeviceClient, enroll } from './client';
import { Conformance, type Exchange, recordExchanges } from './conformance';

export type DialectName = 'sqlite' | 'postgres';

/** Dialects the tests run against: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testDialects(): DialectName[] {
  if (process.env.TEST_DATABASE_URL) return ['sqlite', 'postgres'];
  console.warn('server tests: TEST_DATABASE_URL is not set, so the PostgreSQL runs are skipped (CI sets it in .ci/run).');
  return ['sqlite'];
}

export interface TestServer {
  baseUrl: string;
  app: FastifyInstance;
  store: Store;
  county: County;
  config: ServerConfig;
  /** Creates a counter and enrolls one device for it. */
  device(counterCode: string, name?: string, receiptMacKey?: Buffer): Promise<DeviceClient>;
  cli(args: string[]): Promise<{ code: number; out: string; err: string }>;
  counts(): Promise<Record<string, number>>;
  /** Every answer the server gave so far (checked against server/openapi.json when the server closes). */
  exchanges: Exchange[];
  close(): Promise<void>;
}

/**
 * `deptJobs`: the app's periodic department jobs, off unless asked for (a refresh on the timer would change what a
 * test's own import or withdrawal reports as recomputed).
 */
export async function startTestServer(dialect: DialectName, opts: { now?: () => Date; deptJobs?: DeptJobOptions } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'county-'));
  const pgSchema = dialect === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined;
  const config: ServerConfig = {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    databaseUrl: dialect === 'postgres' ? process.env.TEST_DATABASE_URL : undefined,
    pgSchema,
    countyCode: '379901',
  };
  const store = await openStore(config);
  const county = await loadCounty(store.db, config.countyCode);
  const exchanges: Exchange[] = [];
  const app = await buildApp({ store, county, dataDir, instrument: (a) => recordExchanges(a, exchanges), deptJobs: opts.deptJobs ?? false, ...(opts.now ? { now: opts.now } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    app,
    store,
    county,
    config,
    async device(counterCode, name = `${counterCode} 报名点`, receiptMacKey) {
      const { enrollmentCode } = await createCounter(store.db, counterCode, name, new Date());
      const r = await enroll(baseUrl, enrollmentCode, 'test-pc', receiptMacKey);
      if (r.status !== 200) throw new Error(`enroll failed: ${JSON.stringify(r.body)}`);
      return new DeviceClient(baseUrl, r.body);
    },
    async cli(args) {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, config, (s) => out.push(s), (s) => err.push(s));
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
    async counts() {
      const result: Record<string, number> = {};
      for (const t of TABLES) {
        const row = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(t)}`.execute(store.db);
        result[t] = Number(row.rows[0]?.n ?? 0);
      }
      return result;
    },
    exchanges,
    async close() {
      await app.close();
      await store.close();
      if (pgSchema && config.databaseUrl) await dropPgSchema(config.databaseUrl, pgSchema);
      rmSync(dataDir, { recursive: true, force: true });
      // Every answer of the test file against the published document (the fuzz alone gives thousands).
      const mismatches = new Conformance().checkAll(exchanges);
      if (mismatches.length) throw new Error(`answers the OpenAPI document does not describe (server/openapi.json):\n${mismatches.join('\n')}`);
    },
  };
}
