import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverText } from '../shared/i18n/zhCN.server';
import { type HealthResponse, type Problem, paths } from '../shared/sync/protocol';
import { type ServerConfig } from './config';
import { dropPgSchema, openStore } from './db/open';
import { loadCounty } from './services/counters';
import { type TestServer, startTestServer, testDialects } from './testing/harness';
import { startServer } from './testing/process';

// The server as a service a county runs: its identity is required and fixed, and /health says which part fails.

describe.each(testDialects())('county server as a service (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(async () => s?.close());

  const health = async () => {
    const res = await fetch(s.baseUrl + paths.health);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Partial<HealthResponse> & Partial<Problem> };
  };

  it('/health checks the database and the page store, and answers 503 naming the part that fails', async () => {
    const ok = await health();
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'ok', database: dialect, checks: { database: 'ok', blobs: 'ok' } });

    // The page store cannot write: its uploads folder has become a file.
    const uploads = join(s.config.dataDir, 'uploads');
    rmSync(uploads, { recursive: true, force: true });
    writeFileSync(uploads, 'not a folder');
    const noBlobs = await health();
    expect(noBlobs.status).toBe(503);
    expect(noBlobs.type).toContain('application/problem+json');
    expect(noBlobs.body).toMatchObject({ code: 'unhealthy', checks: { database: 'ok', blobs: 'failed' } });
    expect(noBlobs.body.detail).toContain(serverText.http.healthParts.blobs);
    rmSync(uploads);
    mkdirSync(uploads);

    // The database no longer holds what the server reads.
    await sql`alter table settings rename to settings_gone`.execute(s.store.db);
    try {
      const noDb = await health();
      expect(noDb.status).toBe(503);
      expect(noDb.body).toMatchObject({ code: 'unhealthy', checks: { database: 'failed', blobs: 'ok' } });
      expect(noDb.body.detail).toContain(serverText.http.healthParts.database);
    } finally {
      await sql`alter table settings_gone rename to settings`.execute(s.store.db);
    }
    expect((await health()).status).toBe(200);
  });

  it('COUNTY_CODE: required on a new database, fixed at first start, a different code refused', async () => {
    const config: ServerConfig = {
      host: '127.0.0.1',
      port: 0,
      dataDir: mkdtempSync(join(tmpdir(), 'county-code-')),
      databaseUrl: dialect === 'postgres' ? process.env.TEST_DATABASE_URL : undefined,
      pgSchema: dialect === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined,
      countyCode: undefined,
    };
    const store = await openStore(config);
    try {
      await expect(loadCounty(store.db, undefined)).rejects.toThrow(serverText.admin.countyCodeMissing);
      await expect(loadCounty(store.db, '37110')).rejects.toThrow('COUNTY_CODE 应为 6 位数字');
      const first = await loadCounty(store.db, '371102');
      expect(first.countyCode).toBe('371102');
      // Admin commands may leave it out; the same code again is the same county with the same key.
      expect(await loadCounty(store.db, undefined)).toEqual(first);
      expect(await loadCounty(store.db, '371102')).toEqual(first);
      await expect(loadCounty(store.db, '379901')).rejects.toThrow('本服务器的数据库属于县代码 371102，而 COUNTY_CODE 是 379901');
    } finally {
      await store.close();
    }

    // The process: no COUNTY_CODE, or another county's, and it does not start (exit 1, the reason on stderr).
    // (The same code on either database: once is enough for the slow part.)
    if (dialect === 'sqlite') {
      await expect(startServer({ ...config, countyCode: undefined })).rejects.toThrow(/exited early \(1\)[\s\S]*COUNTY_CODE/);
      await expect(startServer({ ...config, countyCode: '379901' })).rejects.toThrow(/exited early \(1\)[\s\S]*371102/);
      const running = await startServer({ ...config, countyCode: '371102' });
      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
    }
    if (config.pgSchema && config.databaseUrl) await dropPgSchema(config.databaseUrl, config.pgSchema);
    rmSync(config.dataDir, { recursive: true, force: true });
  });
});
