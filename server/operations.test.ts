import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../shared/sync/protocol';
import { type ServerConfig } from './config';
import { dropPgSchema, openStore } from './db/open';
import { runCli } from './cli';
import { type BackupManifest } from './services/backup';
import { auditKeyFile, openConsoleAudit } from './services/console/audit';
import { makeItem, pageOf } from './testing/client';
import { type TestServer, startTestServer, testDialects } from './testing/harness';

// What a county's operations need besides the protocol: Prometheus metrics, and backup/restore (database snapshot
// first, then the page files) into an empty server, refusing a damaged backup or a target that holds data.

async function cli(args: string[], config: ServerConfig): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, config, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The value of one sample of the exposition text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inner = line.slice(name.length + 1, line.indexOf('}'));
    if (want.every((w) => inner.split(',').includes(w))) return Number(line.slice(line.indexOf('}') + 1).trim());
  }
  return undefined;
}

describe.each(testDialects())('operations (%s)', (dialect) => {
  let s: TestServer;
  let backupRoot: string;
  beforeAll(async () => {
    s = await startTestServer(dialect);
    backupRoot = mkdtempSync(join(tmpdir(), 'county-backup-'));
  });
  afterAll(async () => {
    await s?.close();
    rmSync(backupRoot, { recursive: true, force: true });
  });

  it('/metrics counts answers by route template and status, batch items by result, and process figures', async () => {
    const client = await s.device('M01');
    const item = makeItem(client);
    expect((await client.batch(randomUUID(), [item])).status).toBe(200);
    expect((await client.batch(randomUUID(), [item])).status).toBe(200); // the same revision again: already_have
    expect((await fetch(`${s.baseUrl}/no/such/${randomUUID()}`)).status).toBe(404);
    expect((await fetch(s.baseUrl + paths.health)).status).toBe(200);

    const res = await fetch(`${s.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(sample(text, 'enroll_http_requests_total', { method: 'POST', route: paths.batches, status: '200' })).toBe(2);
    expect(sample(text, 'enroll_http_requests_total', { method: 'GET', route: paths.health, status: '200' })).toBe(1);
    // Unknown paths share one label: a scanner cannot blow up the number of series.
    expect(sample(text, 'enroll_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(text).not.toContain('/no/such/');
    expect(sample(text, 'enroll_batch_items_total', { result: 'accepted' })).toBe(1);
    expect(sample(text, 'enroll_batch_items_total', { result: 'already_have' })).toBe(1);
    expect(sample(text, 'enroll_http_request_duration_seconds_count', { method: 'POST', route: paths.batches })).toBe(2);
    expect(text).toMatch(/^enroll_process_resident_memory_bytes \d+/m);
  });

  it('backs up while serving (database, then pages) and restores into an empty server with every application and page', async () => {
    const src = await startTestServer(dialect);
    let srcOpen = true;
    const target: ServerConfig = { ...src.config, dataDir: mkdtempSync(join(tmpdir(), 'county-restored-')) };
    try {
      const client = await src.device('B01');
      const pages = [randomBytes(3000), randomBytes(5000)];
      expect((await client.bundle(pages)).status).toBe(200);
      const items = [makeItem(client, { pages: pages.map((p, i) => pageOf(p, i + 1)) }), makeItem(client)];
      expect((await client.batch(randomUUID(), items)).status).toBe(200);
      // Console audit entries (the first admin, made by the CLI): the restored log must verify with its key and mark.
      const admin = await cli(['staff', 'create-admin', '--username', 'juzhang', '--name', '局管理员甲'], src.config);
      expect(admin.code, admin.err).toBe(0);

      const made = await cli(['backup', backupRoot], src.config);
      expect(made.code, made.err).toBe(0);
      expect(made.out).toContain('已备份到');
      const [name] = readdirSync(backupRoot);
      const dir = join(backupRoot, name ?? '');
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
      expect(manifest).toMatchObject({ dialect, countyCode: '379901', blobs: { count: 2 } });
      expect(manifest.database.file).toBe(dialect === 'sqlite' ? 'database.sqlite' : 'database.pgdump');

      // Into a target that holds data (on PostgreSQL: the running server's schema): refused.
      const refused = await cli(['restore', dir], dialect === 'postgres' ? target : src.config);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('目标已有数据');

      // The machine is lost (its schema dropped on PostgreSQL); a new one with an empty data directory.
      await src.close();
      srcOpen = false;

      // A damaged page in the backup is found before anything is written.
      const page = pageOf(pages[0] ?? Buffer.alloc(0)).sha256;
      const pageFile = join(dir, 'blobs', page.slice(0, 2), page);
      const good = readFileSync(pageFile);
      writeFileSync(pageFile, 'tampered');
      const bad = await cli(['restore', dir], target);
      expect(bad.code).toBe(1);
      expect(bad.err).toContain('已损坏');
      expect(existsSync(join(target.dataDir, 'county.sqlite'))).toBe(false);
      writeFileSync(pageFile, good);
      // A console audit key of another server at the target (it was started once before the restore): refused.
      const strayKey = auditKeyFile(target.dataDir);
      writeFileSync(strayKey, randomBytes(32).toString('base64'));
      const stray = await cli(['restore', dir], target);
      expect(stray.code).toBe(1);
      expect(stray.err).toContain('另一份控制台审计文件');
      expect(existsSync(join(target.dataDir, 'county.sqlite'))).toBe(false);
      rmSync(strayKey);

      const restored = await cli(['restore', dir], target);
      expect(restored.code, restored.err).toBe(0);
      expect(restored.out).toContain('页面文件 2 个');
      const listed = await cli(['applications', 'list', '--json'], target);
      expect(listed.code, listed.err).toBe(0);
      const rows = JSON.parse(listed.out) as { pages: number }[];
      expect(rows.map((r) => r.pages).sort()).toEqual([0, 2]);
      for (const p of pages) {
        const sha = pageOf(p).sha256;
        expect(readFileSync(join(target.dataDir, 'blobs', sha.slice(0, 2), sha)).equals(p)).toBe(true);
      }
      // The restored server starts on it (migrations find the schema current) and serves.
      const store = await openStore(target);
      try {
        // Its console audit log verifies: the key and the outside mark came with the backup.
        expect(manifest.consoleAudit?.key).toMatch(/^[0-9a-f]{64}$/);
        expect(manifest.consoleAudit?.mark).toMatch(/^[0-9a-f]{64}$/);
        const verified = await openConsoleAudit(store.db, store.dialect, target.dataDir).verify();
        expect(verified.problems).toEqual([]);
        expect(verified).toMatchObject({ ok: true });
        expect(verified.checked).toBeGreaterThan(0);
      } finally {
        await store.close();
      }

      const again = await cli(['restore', dir], target);
      expect(again.code).toBe(1);
      expect(again.err).toContain('目标已有数据');
    } finally {
      if (srcOpen) await src.close();
      if (dialect === 'postgres') await dropPgSchema(target.databaseUrl ?? '', target.pgSchema ?? '');
      rmSync(target.dataDir, { recursive: true, force: true });
    }
  });
});
