import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchItem, type BatchResponse, type BlobState, blobPath } from '../shared/sync/protocol';
import { runCli } from './cli';
import { type ServerConfig } from './config';
import { DeviceClient, enroll, makeItem, sha256 } from './testing/client';
import { dropPgSchema } from './db/open';
import { testDialects } from './testing/harness';
import { startServer } from './testing/process';
import { seededRng } from './testing/random';

// The real server process (`npm run server`'s entry point): graceful shutdown finishes an in-flight upload;
// SIGKILL in the middle of batches loses nothing that was acknowledged and duplicates nothing on replay.

// Each test starts real server processes (tsx: 3–13 s each on this machine, more under a loaded CI run: a 60 s
// limit was once exceeded with load 20), so they get 150 s.
describe.each(testDialects())('county server process (%s)', { timeout: 150_000 }, (dialect) => {
  let config: ServerConfig;
  let creds: Awaited<ReturnType<typeof enroll>>['body'];

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'county-proc-'));
    config = {
      host: '127.0.0.1',
      port: 0,
      dataDir,
      databaseUrl: dialect === 'postgres' ? process.env.TEST_DATABASE_URL : undefined,
      pgSchema: dialect === 'postgres' ? `t_${randomBytes(6).toString('hex')}` : undefined,
      countyCode: '379901',
    };
    const out: string[] = [];
    expect(await runCli(['counter', 'create', '--code', 'A01', '--name', '测试报名点'], config, (s) => out.push(s))).toBe(0);
    const code = /([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(out.join('\n'))?.[1] ?? '';
    const server = await startServer(config);
    creds = (await enroll(server.baseUrl, code)).body;
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  afterAll(async () => {
    if (config.pgSchema && config.databaseUrl) await dropPgSchema(config.databaseUrl, config.pgSchema);
    rmSync(config.dataDir, { recursive: true, force: true });
  });

  /** True for the trace line that says at least `bytes` of a request body to `url` reached the server. */
  const bodyArrived = (url: string, bytes: number) => (l: Record<string, unknown>) => l.msg === 'request body bytes received' && l.url === url && Number(l.received) >= bytes;

  it('finishes an in-flight upload on SIGTERM, refuses new connections, then exits 0', async () => {
    const server = await startServer(config, { LOG_LEVEL: 'trace' });
    const client = new DeviceClient(server.baseUrl, creds);
    const bytes = randomBytes(400_000);
    const hash = sha256(bytes);
    const signed = client.signedChunk(hash, 0, bytes.length, bytes);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, method: 'PATCH', path: signed.url, headers: { ...signed.headers, 'content-length': String(bytes.length) } }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.write(bytes.subarray(0, 100_000));
      // The rest is sent only after the server has the first part and has begun shutting down (both from its log).
      void server
        .waitForLog(bodyArrived(signed.url, 100_000))
        .then(() => {
          server.child.kill('SIGTERM');
          return server.waitForLog((l) => String(l.msg).startsWith('closing: new requests'));
        })
        .then(async () => {
          const late = await fetch(server.baseUrl + '/health')
            .then((r) => r.status)
            .catch(() => 'refused' as const);
          expect(late === 'refused' || late === 503).toBe(true);
          req.end(bytes.subarray(100_000));
        })
        .catch(reject);
    });
    const res = await answer;
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as BlobState).complete).toBe(true);
    expect(await server.exited).toBe(0);

    const again = await startServer(config);
    const state = await new DeviceClient(again.baseUrl, creds).json<BlobState>('GET', blobPath(hash));
    expect(state.body).toMatchObject({ complete: true, offset: bytes.length });
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('killed with SIGKILL mid-upload: after restart the desk resumes from the committed offset and the page verifies', async () => {
    const bytes = randomBytes(600_000);
    const hash = sha256(bytes);
    const server = await startServer(config, { LOG_LEVEL: 'trace' });
    const client = new DeviceClient(server.baseUrl, creds);
    expect((await client.patchChunk(hash, 0, bytes.length, bytes.subarray(0, 200_000))).body.offset).toBe(200_000);
    // The next chunk is cut off by the crash after half of it reached the server (its log says so).
    const signed = client.signedChunk(hash, 200_000, bytes.length, bytes.subarray(200_000, 400_000));
    const req = http.request({ host: '127.0.0.1', port: server.port, method: 'PATCH', path: signed.url, headers: { ...signed.headers, 'content-length': '200000' } });
    req.on('error', () => undefined);
    req.write(bytes.subarray(200_000, 300_000));
    const arrived = await server.waitForLog(bodyArrived(signed.url, 100_000));
    expect(Number(arrived.received)).toBe(100_000);
    server.child.kill('SIGKILL');
    await server.exited;
    req.destroy();

    const again = await startServer(config);
    const resumed = new DeviceClient(again.baseUrl, creds);
    const state = await resumed.json<BlobState>('GET', blobPath(hash));
    // The half chunk that arrived was never appended (a body is read whole before it is written).
    expect(state.body).toMatchObject({ offset: 200_000, complete: false, length: bytes.length });
    expect((await resumed.upload(bytes, 150_000)).complete).toBe(true);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('killed with SIGKILL mid-batches: every acknowledged answer replays identically and each application is stored once', async () => {
    const batches: { id: string; items: BatchItem[] }[] = [];
    const client0 = new DeviceClient('http://unused', creds);
    for (let i = 0; i < 40; i++) batches.push({ id: randomUUID(), items: Array.from({ length: 25 }, () => makeItem(client0)) });
    const acked = new Map<string, BatchResponse>();

    const server = await startServer(config);
    const client = new DeviceClient(server.baseUrl, creds);
    // Killed while the batch after a random number of acknowledged ones is in flight (or just landing).
    const r = seededRng(`kill mid-batches (${dialect})`);
    const killAfter = 2 + r.int(10);
    const killDelay = r.int(30);
    for (const b of batches) {
      if (acked.size === killAfter) setTimeout(() => server.child.kill('SIGKILL'), killDelay);
      try {
        const r = await client.batch(b.id, b.items);
        if (r.status === 200 && client.ackValid(r.body)) acked.set(b.id, r.body);
      } catch {
        break; // connection refused / reset: the server is gone
      }
    }
    await server.exited;
    expect(acked.size).toBeGreaterThan(0);
    expect(acked.size).toBeLessThan(batches.length);

    const again = await startServer(config);
    const after = new DeviceClient(again.baseUrl, creds);
    for (const b of batches) {
      const r = await after.batch(b.id, b.items);
      expect(r.status).toBe(200);
      expect(after.ackValid(r.body)).toBe(true);
      const first = acked.get(b.id);
      if (first) expect(r.body).toEqual(first);
      for (const item of r.body.items) expect(['accepted', 'already_have']).toContain(item.result);
    }
    const listed = await runCliJson(config);
    const ids = new Set(batches.flatMap((b) => b.items.map((i) => i.applicationId)));
    expect(listed.filter((a) => ids.has(a.id))).toHaveLength(ids.size);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });
});

async function runCliJson(config: ServerConfig): Promise<{ id: string }[]> {
  const out: string[] = [];
  await runCli(['applications', 'list', '--json'], config, (s) => out.push(s));
  return JSON.parse(out.join('\n')) as { id: string }[];
}
