import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Store, dropPgSchema, openStore } from '../../db/open';
import { testDialects } from '../../testing/harness';
import { type Actor, ConsoleAudit, loadAuditKey, openConsoleAudit } from './audit';

// The console audit chain against the ways a database owner could cover their tracks: edit a row, delete one from
// the middle, delete the last rows (and put the head back to what it was before them), forge the head.

const actor: Actor = { id: '7b0f0d8e-5a8a-4a53-9a3e-1c3f0a6e9d11', name: '李审核', role: 'reviewer', via: 'console', ip: '10.0.0.8' };
const at = new Date('2026-06-15T02:00:00Z');

describe.each(testDialects())('console audit chain (%s)', (dialect) => {
  let store: Store;
  let dataDir: string;
  let pgSchema: string | undefined;
  let audit: ConsoleAudit;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'console-audit-'));
    pgSchema = dialect === 'postgres' ? `a_${randomBytes(6).toString('hex')}` : undefined;
    store = await openStore({ dataDir, databaseUrl: dialect === 'postgres' ? process.env.TEST_DATABASE_URL : undefined, pgSchema });
    audit = openConsoleAudit(store.db, store.dialect, dataDir);
    for (let i = 1; i <= 6; i++) await audit.record(actor, 'application.viewed', `app-${i}`, { i }, new Date(at.getTime() + i * 1000));
  });
  afterEach(async () => {
    await store.close();
    if (pgSchema && process.env.TEST_DATABASE_URL) await dropPgSchema(process.env.TEST_DATABASE_URL, pgSchema);
    rmSync(dataDir, { recursive: true, force: true });
  });
  const run = (q: string) => sql.raw(q).execute(store.db);

  it('refuses to append under a key that cannot open the head (another replica\'s key) instead of restarting the chain', async () => {
    const other = new ConsoleAudit(store.db, store.dialect, randomBytes(32), null);
    await expect(other.record(actor, 'application.viewed', 'app-x', {}, at)).rejects.toThrow(/CONSOLE_AUDIT_KEY_FILE/);
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 6, lastSeq: 6 });
  });

  it('takes its key from CONSOLE_AUDIT_KEY_FILE when set, so replicas share one key', () => {
    const before = process.env.CONSOLE_AUDIT_KEY_FILE;
    const dir = mkdtempSync(join(tmpdir(), 'console-audit-key-'));
    try {
      process.env.CONSOLE_AUDIT_KEY_FILE = join(dir, 'shared.key');
      const first = loadAuditKey(join(dir, 'replica-a'));
      expect(loadAuditKey(join(dir, 'replica-b')).equals(first)).toBe(true);
      expect(first.equals(loadAuditKey(dataDir))).toBe(true);
    } finally {
      if (before === undefined) delete process.env.CONSOLE_AUDIT_KEY_FILE;
      else process.env.CONSOLE_AUDIT_KEY_FILE = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('verifies an intact chain, concurrent appends included', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => audit.record(actor, 'decision.comment', `c-${i}`, {}, at)));
    const v = await audit.verify();
    expect(v).toMatchObject({ ok: true, checked: 16, lastSeq: 16, problems: [] });
    expect((await audit.list({ limit: 3 })).entries.map((e) => e.seq)).toEqual([16, 15, 14]);
  });

  it('shows an edited row', async () => {
    await run(`update console_audit set actor_name = '王五' where seq = 3`);
    const v = await audit.verify();
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => [p.seq, p.message])).toEqual([[3, '第 3 条的内容与其校验值不符：记录被改动过。']]);
  });

  it('shows a row deleted from the middle', async () => {
    await run(`delete from console_audit where seq = 4`);
    const v = await audit.verify();
    expect(v.ok).toBe(false);
    expect(v.problems[0]?.message).toContain('缺少记录');
  });

  it('shows the last rows deleted, with the head left as it was or put back to an earlier state or removed', async () => {
    const headAt4 = await sql<{ head: string }>`select head from console_audit_head`.execute(store.db);
    await audit.record(actor, 'decision.approve', 'app-7', {}, at);
    // Copying the head of an earlier moment back (the owner kept it) does not help: it is the head of seq 6.
    await run(`delete from console_audit where seq = 7`);
    let v = await audit.verify();
    // Both the sealed head in the database and the mark outside it show the cut.
    expect(v.problems.map((p) => p.message)).toEqual([expect.stringContaining('最后的记录被删除'), expect.stringContaining('显示日志曾记到第 7 条')]);

    await run(`delete from console_audit where seq >= 5`);
    await sql`update console_audit_head set head = ${headAt4.rows[0]!.head}`.execute(store.db);
    v = await audit.verify();
    expect(v.ok).toBe(false);
    expect(v.problems[0]?.message).toContain('最后的记录被删除');

    await run(`update console_audit_head set head = ''`);
    v = await audit.verify();
    expect(v.problems.map((p) => p.message)).toEqual([expect.stringContaining('封存缺失或无效'), expect.stringContaining('库外封存标记')]);

    await run(`update console_audit_head set head = '{"seq":4,"hash":"x","mac":"y"}'`);
    expect((await audit.verify()).ok).toBe(false);
  });

  it('cannot be re-chained without the key kept outside the database', async () => {
    await run(`update console_audit set target = 'other' where seq = 2`);
    // A new key (lost file) makes every row fail: the key is what the chain stands on.
    const other = new ConsoleAudit(store.db, store.dialect, randomBytes(32), null);
    expect((await other.verify()).problems.length).toBeGreaterThan(5);
    expect((await audit.verify()).problems).toHaveLength(1);
  });
});
