import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEncrypted, type Db } from '../db/connection';
import { KEY_FILE, loadOrCreateKeys } from './keys';
import { ACK_ACTION, AuditLog, TAMPER_ACTION } from './audit';
import { ADMIN, openTestDesk, setUpDesk, type TestDesk } from '../testing/desk';
import { DB_FILE } from '../desk';
import { GENESIS, linkMac } from '../../../nodelib/hashChain';

let desk: TestDesk;
afterEach(() => desk?.cleanup());

const CLERK = { username: 'clerk0', password: 'Pass2026x0' };
const ADMIN_LOGIN = { username: ADMIN.username, password: ADMIN.password };

function keysOf(d: TestDesk) {
  return loadOrCreateKeys(d.dataDir, d.ports.secretStore, false);
}

/**
 * What someone with the database key (but not the audit key) and a SQLite shell can do: open the file, drop the
 * append-only triggers and change anything.
 */
async function withDbKey(d: TestDesk, change: (db: Db) => void): Promise<void> {
  const db = openEncrypted(join(d.dataDir, DB_FILE), (await keysOf(d)).db);
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete');
    change(db);
  } finally {
    db.close();
  }
}

const meta = (db: Db, key: string) => (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
const setMeta = (db: Db, key: string, value: string) => db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
const maxSeq = (db: Db) => (db.prepare('SELECT max(seq) AS n FROM audit_log').get() as { n: number }).n;

/** Set up, 2 staff, and a restart so the checkpoint sits after them. */
async function deskWithHistory(): Promise<TestDesk> {
  const d = await openTestDesk();
  await setUpDesk(d);
  for (let i = 0; i < 2; i++) {
    await d.call('staff.create', { username: `clerk${i}`, displayName: `受理员${i}`, role: 'clerk', password: `Pass2026x${i}` });
  }
  const reopened = await d.reopen();
  await reopened.call('auth.login', ADMIN_LOGIN);
  return reopened;
}

/** A few more rows after the checkpoint (sign-ins and sign-outs), then the desk is closed. */
async function moreRows(d: TestDesk, n = 3): Promise<void> {
  for (let i = 0; i < n; i++) {
    await d.call('auth.logout', {});
    await d.call('auth.login', ADMIN_LOGIN);
  }
  d.close();
}

/** After a tamper: raised at start, recorded in the log, clerks kept out until an admin acknowledges. */
async function expectRaised(d: TestDesk, problem: RegExp): Promise<void> {
  const status = await d.call('system.getStatus', {});
  expect(status.auditAlert?.problem).toMatch(problem);
  const refused = await d.fail('auth.login', CLERK);
  expect(refused.code).toBe('AUDIT_TAMPERED');
  expect(refused.message).toContain(status.auditAlert!.problem);
  await d.call('auth.login', ADMIN_LOGIN);
  const entries = await d.call('audit.list', { limit: 20 });
  expect(entries.some((e) => e.action === TAMPER_ACTION && e.seq === status.auditAlert!.seq)).toBe(true);
  expect(entries.some((e) => e.action === 'auth.loginRefused' && e.details.reason === 'auditTampered')).toBe(true);
  const v = await d.call('audit.verify', {});
  expect(v.ok).toBe(false);
  expect(v.incidents.map((i) => i.seq)).toContain(status.auditAlert!.seq);
}

describe('audit chain at start-up', () => {
  it('an untouched log starts without alert and verifies; the start checks only rows since the checkpoint', async () => {
    desk = await deskWithHistory();
    await moreRows(desk, 2);
    const keys = await keysOf(desk);
    const db = openEncrypted(join(desk.dataDir, DB_FILE), keys.db);
    const total = maxSeq(db);
    const log = new AuditLog(db, keys);
    // Since the last start: the sign-in after it, two sign-out/sign-in pairs, plus the checkpoint row itself.
    expect(log.check({ nowIso: 't', setUp: true })).toEqual({ checked: 6, incident: null });
    expect(log.check({ nowIso: 't', setUp: true })).toEqual({ checked: 1, incident: null });
    const v = log.verify();
    db.close();
    expect(v).toEqual({ ok: true, checked: total, firstBadSeq: null, problem: null, incidents: [] });
    desk = await desk.reopen();
    expect((await desk.call('system.getStatus', {})).auditAlert).toBeNull();
  });

  it('detects an edited row', async () => {
    desk = await deskWithHistory();
    await moreRows(desk);
    await withDbKey(desk, (db) => db.prepare(`UPDATE audit_log SET actor_name = 'someone' WHERE seq = ?`).run(maxSeq(db) - 1));
    desk = await desk.reopen();
    await expectRaised(desk, /内容被修改/);
  });

  it('finds an edit before the checkpoint in the full check (the start checks only what is new)', async () => {
    desk = await deskWithHistory();
    desk.close();
    await withDbKey(desk, (db) => db.prepare(`UPDATE audit_log SET details = '{"username":"clerk9"}' WHERE seq = 3`).run());
    desk = await desk.reopen();
    await desk.call('auth.login', ADMIN_LOGIN);
    const v = await desk.call('audit.verify', {});
    expect(v).toMatchObject({ ok: false, firstBadSeq: 3 });
    expect(v.problem).toMatch(/第 3 条记录内容被修改/);
  });

  it('detects a row deleted in the middle', async () => {
    desk = await deskWithHistory();
    await moreRows(desk);
    await withDbKey(desk, (db) => db.prepare('DELETE FROM audit_log WHERE seq = ?').run(maxSeq(db) - 2));
    desk = await desk.reopen();
    await expectRaised(desk, /缺失|链接不符/);
  });

  it('detects rows deleted at the end', async () => {
    desk = await deskWithHistory();
    await moreRows(desk);
    await withDbKey(desk, (db) => db.prepare('DELETE FROM audit_log WHERE seq >= ?').run(maxSeq(db) - 1));
    desk = await desk.reopen();
    await expectRaised(desk, /末尾缺少记录/);
  });

  it('detects the end deleted and the head rewritten, in the old format or forged', async () => {
    for (const forge of ['legacy', 'sealed'] as const) {
      desk = await deskWithHistory();
      await moreRows(desk);
      const forgerKey = (await keysOf(desk)).legacyAudit;
      await withDbKey(desk, (db) => {
        const keep = maxSeq(db) - 2;
        db.prepare('DELETE FROM audit_log WHERE seq > ?').run(keep);
        const { hash } = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(keep) as { hash: string };
        // A sealed head needs the audit key: the forger uses the key derived from the master (or any other).
        const sealed = JSON.stringify({ seq: keep, hash, legacyUntil: 0, mac: linkMac(forgerKey, keep, [], hash) });
        setMeta(db, 'audit.head', forge === 'legacy' ? `${keep}:${hash}` : sealed);
      });
      desk = await desk.reopen();
      await expectRaised(desk, /日志头|末尾/);
      desk.cleanup();
    }
  });

  it('detects everything deleted: rows, head and checkpoint', async () => {
    desk = await deskWithHistory();
    desk.close();
    await withDbKey(desk, (db) => {
      db.prepare('DELETE FROM audit_log').run();
      db.prepare("DELETE FROM meta WHERE key IN ('audit.head', 'audit.checkpoint')").run();
    });
    desk = await desk.reopen();
    await expectRaised(desk, /日志头缺失|审计日志是空的/);
  });

  it('detects an old head put back after the end was deleted', async () => {
    desk = await deskWithHistory();
    desk.close();
    let oldHead = '';
    await withDbKey(desk, (db) => (oldHead = meta(db, 'audit.head') ?? ''));
    desk = await desk.reopen();
    await moreRows(desk);
    // A start after the new rows moves the checkpoint past the saved head.
    desk = await desk.reopen();
    desk.close();
    await withDbKey(desk, (db) => {
      const old = JSON.parse(oldHead) as { seq: number };
      db.prepare('DELETE FROM audit_log WHERE seq > ?').run(old.seq);
      setMeta(db, 'audit.head', oldHead);
    });
    desk = await desk.reopen();
    // The checkpoint written by the start in between is later than the replayed head.
    await expectRaised(desk, /上次校验通过的第 \d+ 条记录已被删除或修改/);
  });

  it('a log re-chained under another key is detected from its first row', async () => {
    desk = await deskWithHistory();
    desk.close();
    const keys = await keysOf(desk);
    await withDbKey(desk, (db) => {
      // The forger rewrites every MAC with the key derived from the master key, then seals nothing (cannot).
      const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Array<Record<string, string | number | null>>;
      let prev = GENESIS;
      for (const r of rows) {
        const hash = linkMac(keys.legacyAudit, r.seq as number, [r.at, r.actor_id, r.actor_name, r.action, r.target, r.details], prev);
        db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
        prev = hash;
      }
    });
    desk = await desk.reopen();
    await expectRaised(desk, /已被删除或修改|日志头/);
    const v = await desk.call('audit.verify', {});
    expect(v.firstBadSeq).toBe(1);
  });
});

describe('audit chain while the desk runs', () => {
  it('a sign-in after the last row was deleted records the gap instead of hiding it', async () => {
    desk = await deskWithHistory();
    await desk.call('auth.logout', {});
    let deleted = 0;
    await withDbKey(desk, (db) => {
      deleted = maxSeq(db);
      db.prepare('DELETE FROM audit_log WHERE seq = ?').run(deleted);
    });
    await desk.call('auth.login', ADMIN_LOGIN);
    const [login, tamper] = await desk.call('audit.list', { limit: 2 });
    expect(login?.action).toBe('auth.login');
    expect(tamper).toMatchObject({ action: TAMPER_ACTION, seq: deleted });
    expect((await desk.call('system.getStatus', {})).auditAlert?.problem).toMatch(/末尾缺少记录/);
    // And it survives a restart until acknowledged.
    desk = await desk.reopen();
    expect((await desk.call('system.getStatus', {})).auditAlert?.seq).toBe(deleted);
  });
});

describe('acknowledging a tamper', () => {
  it('only an admin acknowledges; then staff sign in again and the alert stays gone after restarts', async () => {
    desk = await deskWithHistory();
    await moreRows(desk);
    await withDbKey(desk, (db) => db.prepare('DELETE FROM audit_log WHERE seq = ?').run(maxSeq(db)));
    desk = await desk.reopen();
    const alert = (await desk.call('system.getStatus', {})).auditAlert!;
    expect((await desk.fail('audit.acknowledgeAlert', { note: '已报告' })).code).toBe('NOT_AUTHENTICATED');
    await desk.call('auth.login', ADMIN_LOGIN);
    expect((await desk.fail('audit.acknowledgeAlert', { note: ' ' })).code).toBe('VALIDATION_FAILED');
    await desk.call('audit.acknowledgeAlert', { note: '已报告县教育局信息中心，编号 2026-17' });
    const [ack] = await desk.call('audit.list', { limit: 1 });
    expect(ack).toMatchObject({ action: ACK_ACTION, details: { incidentSeq: alert.seq, note: '已报告县教育局信息中心，编号 2026-17' } });
    await desk.call('auth.logout', {});
    await desk.call('auth.login', CLERK);
    desk = await desk.reopen();
    expect((await desk.call('system.getStatus', {})).auditAlert).toBeNull();
    await desk.call('auth.login', ADMIN_LOGIN);
    const v = await desk.call('audit.verify', {});
    // The log verifies from the incident on, but it is not a complete record: the incident stays listed.
    expect(v.ok).toBe(false);
    expect(v.incidents).toEqual([{ seq: alert.seq, at: alert.at, problem: alert.problem, acknowledgedBy: `${ADMIN.displayName}(${ADMIN.username})` }]);
  });
});

describe('audit keys', () => {
  it('the audit key is random and wrapped on its own, not derived from the master or database key', async () => {
    desk = await openTestDesk();
    await setUpDesk(desk);
    const file = JSON.parse(readFileSync(join(desk.dataDir, KEY_FILE), 'utf8')) as { version: number; audit: { wrapped: string } };
    expect(file.version).toBe(2);
    const keys = await keysOf(desk);
    expect((await desk.ports.secretStore.unwrap(Buffer.from(file.audit.wrapped, 'base64'))).equals(keys.audit)).toBe(true);
    expect(keys.audit.equals(keys.legacyAudit)).toBe(false);
    expect(keys.audit.equals(keys.db)).toBe(false);
  });

  it('upgrades a desk from before sealed heads: its rows verify under the old key, new rows under the new one', async () => {
    desk = await deskWithHistory();
    desk.close();
    // Make it look as an older version left it: key file version 1, MACs under the derived key, head `seq:hash`.
    const keys = await keysOf(desk);
    await withDbKey(desk, (db) => {
      const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Array<Record<string, string | number | null>>;
      let prev = GENESIS;
      for (const r of rows) {
        const hash = linkMac(keys.legacyAudit, r.seq as number, [r.at, r.actor_id, r.actor_name, r.action, r.target, r.details], prev);
        db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
        prev = hash;
      }
      setMeta(db, 'audit.head', `${rows.length}:${prev}`);
      db.prepare("DELETE FROM meta WHERE key = 'audit.checkpoint'").run();
    });
    const file = JSON.parse(readFileSync(join(desk.dataDir, KEY_FILE), 'utf8')) as Record<string, unknown>;
    delete file.audit;
    writeFileSync(join(desk.dataDir, KEY_FILE), JSON.stringify({ ...file, version: 1 }));

    desk = await desk.reopen();
    expect((await desk.call('system.getStatus', {})).auditAlert).toBeNull();
    expect((JSON.parse(readFileSync(join(desk.dataDir, KEY_FILE), 'utf8')) as { version: number }).version).toBe(2);
    await desk.call('auth.login', ADMIN_LOGIN);
    expect((await desk.call('audit.verify', {})).ok).toBe(true);
    desk = await desk.reopen();
    await desk.call('auth.login', ADMIN_LOGIN);
    expect((await desk.call('audit.verify', {})).ok).toBe(true);
  });

  it('a lost audit key is reported, not quietly replaced', async () => {
    desk = await deskWithHistory();
    desk.close();
    const file = JSON.parse(readFileSync(join(desk.dataDir, KEY_FILE), 'utf8')) as Record<string, unknown>;
    delete file.audit;
    writeFileSync(join(desk.dataDir, KEY_FILE), JSON.stringify(file));
    desk = await desk.reopen();
    await expectRaised(desk, /审计密钥已丢失或被替换/);
  });
});
