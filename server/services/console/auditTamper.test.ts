import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seal } from '../../../nodelib/hashChain';
import { type Store, dropPgSchema, openStore } from '../../db/open';
import { testDialects } from '../../testing/harness';
import { type Actor, type ConsoleAudit, auditMarkFile, loadAuditKey, openConsoleAudit } from './audit';

// The server's own audit log against the tampers of issue 16 that need more than the database: the head rewritten
// (even resealed with the right key) to a point the rows do not hold, every row deleted together with the head, and
// a head sealed earlier put back over the rows before it (a consistent rollback). The last two leave a database
// that is a valid chain on its own; only the mark outside the database shows them. (Edit, delete middle and delete
// tail are in audit.test.ts.)

const actor: Actor = { id: null, name: '局管理员', role: 'admin', via: 'console', ip: '10.0.0.9' };
const at = new Date('2026-06-15T02:00:00Z');

describe.each(testDialects())('console audit: rewritten head and the outside mark (%s)', (dialect) => {
  let store: Store;
  let dataDir: string;
  let pgSchema: string | undefined;
  let audit: ConsoleAudit;
  let key: Buffer;

  const record = (i: number) => audit.record(actor, 'staff.created', `s-${i}`, { i }, new Date(at.getTime() + i * 1000));
  const head = async () => (await sql<{ head: string }>`select head from console_audit_head`.execute(store.db)).rows[0]!.head;
  const setHead = (h: string) => sql`update console_audit_head set head = ${h}`.execute(store.db);
  const markSeq = () => (JSON.parse(readFileSync(auditMarkFile(dataDir), 'utf8')) as { seq: number }).seq;
  const messages = async () => (await audit.verify()).problems.map((p) => p.message);

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'console-audit-'));
    pgSchema = dialect === 'postgres' ? `a_${randomBytes(6).toString('hex')}` : undefined;
    store = await openStore({ dataDir, databaseUrl: dialect === 'postgres' ? process.env.TEST_DATABASE_URL : undefined, pgSchema });
    key = loadAuditKey(dataDir);
    audit = openConsoleAudit(store.db, store.dialect, dataDir);
    for (let i = 1; i <= 5; i++) await record(i);
  });
  afterEach(async () => {
    await store.close();
    if (pgSchema && process.env.TEST_DATABASE_URL) await dropPgSchema(process.env.TEST_DATABASE_URL, pgSchema);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('verifies an intact log with its mark, and the mark follows every append', async () => {
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 5, lastSeq: 5, problems: [] });
    expect(markSeq()).toBe(5);
  });

  it('shows the head rewritten, even resealed with the key, to a point the rows do not hold', async () => {
    // Ahead of the rows (as if rows after 5 had existed and were cut) …
    await setHead(seal(key, 'console-audit-head', { seq: 9, hash: 'a'.repeat(64) }));
    expect((await audit.verify()).ok).toBe(false);
    // … or at the last row with another hash.
    await setHead(seal(key, 'console-audit-head', { seq: 5, hash: 'b'.repeat(64) }));
    expect((await audit.verify()).ok).toBe(false);
  });

  it('shows every row deleted together with the head', async () => {
    await sql`delete from console_audit`.execute(store.db);
    await setHead('');
    const v = await audit.verify();
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.message)).toEqual(['库外封存标记（保存在数据库之外的日志末尾）显示日志曾记到第 5 条，现在数据库里的日志只到第 0 条：之后的记录被删除（整个日志连同封存被清空也显示为此）。请从备份恢复数据库，并查明谁能直接改动数据库。']);
  });

  it('shows a head sealed earlier put back over the rows before it (a consistent rollback)', async () => {
    const headAt5 = await head();
    await record(6);
    await record(7);
    const kept = await head();
    await record(8);
    // Row 8 deleted and the head of row 7 put back: the database alone is a valid chain of 7 rows.
    await sql`delete from console_audit where seq > 7`.execute(store.db);
    await setHead(kept);
    expect(await messages()).toEqual([expect.stringContaining('显示日志曾记到第 8 条，现在数据库里的日志只到第 7 条')]);
    // Further back, to the head kept after row 5.
    await sql`delete from console_audit where seq > 5`.execute(store.db);
    await setHead(headAt5);
    expect(await messages()).toEqual([expect.stringContaining('显示日志曾记到第 8 条，现在数据库里的日志只到第 5 条')]);
  });

  it('keeps the mark when the emptied log restarts and grows past it, and shows the replaced chain', async () => {
    await sql`delete from console_audit`.execute(store.db);
    await setHead('');
    // The server keeps appending from the beginning: a new chain, valid in the database, that reaches seq 5 again.
    for (let i = 1; i <= 7; i++) await record(100 + i);
    expect(markSeq()).toBe(5);
    expect(await messages()).toEqual(['第 5 条与库外封存标记不一致：日志被清空后重新开始，或这一条被替换。请从备份恢复数据库，并查明谁能直接改动数据库。']);
  });

  it('shows a forged or deleted mark, and a deleted mark is made again with an entry saying so', async () => {
    const file = auditMarkFile(dataDir);
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, seal(randomBytes(32), 'console-audit-mark', { seq: 2, hash: 'c'.repeat(64) }));
    expect(await messages()).toEqual([expect.stringContaining('无法用本服务器的密钥验证')]);
    // A forged mark is evidence: appends do not overwrite it.
    await record(6);
    expect(readFileSync(file, 'utf8')).not.toBe(good);
    expect((await audit.verify()).ok).toBe(false);

    rmSync(file);
    expect(await messages()).toEqual([expect.stringContaining('不存在')]);
    await record(7);
    const v = await audit.verify();
    expect(v).toMatchObject({ ok: true, lastSeq: 8 });
    const entries = (await audit.list({ limit: 2 })).entries;
    expect(entries.map((e) => [e.seq, e.action, e.via])).toEqual([
      [8, 'audit.markCreated', 'system'],
      [7, 'staff.created', 'console'],
    ]);
    expect(entries[0]!.details).toEqual({ file: 'console-audit.mark', fromSeq: 7 });
  });

  it('moves the mark after an entry written inside the caller\'s transaction commits', async () => {
    await store.db.transaction().execute((trx) => audit.record(actor, 'decision.approve', 'app-1', {}, at, trx));
    await expect.poll(markSeq).toBe(6);
    await sql`delete from console_audit where seq = 6`.execute(store.db);
    await setHead(seal(key, 'wrong-label', { seq: 0 }));
    expect(await messages()).toContainEqual(expect.stringContaining('显示日志曾记到第 6 条'));
  });
});
