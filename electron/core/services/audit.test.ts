import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openEncrypted } from '../db/connection';
import { loadOrCreateKeys } from './keys';
import { AuditLog } from './audit';
import { ADMIN, openTestDesk, setUpDesk, type TestDesk } from '../testing/desk';
import { DB_FILE } from '../desk';

let desk: TestDesk;
afterEach(() => desk?.cleanup());

/** Open the desk's database directly, as someone with the key and a SQLite shell would. */
function rawDb(d: TestDesk) {
  const keys = loadOrCreateKeys(d.dataDir, d.ports.secretStore, false);
  return { db: openEncrypted(join(d.dataDir, DB_FILE), keys.db), keys };
}

async function deskWithHistory(): Promise<TestDesk> {
  const d = openTestDesk();
  await setUpDesk(d);
  for (let i = 0; i < 5; i++) {
    await d.call('staff.create', { username: `clerk${i}`, displayName: `受理员${i}`, role: 'clerk', password: `Pass2026x${i}` });
  }
  d.close();
  return d;
}

describe('audit chain', () => {
  it('verifies an untouched log', async () => {
    desk = await deskWithHistory();
    const { db, keys } = rawDb(desk);
    const v = new AuditLog(db, keys.audit).verify();
    db.close();
    // setup + sample plan loaded + 5 staff created
    expect(v).toEqual({ ok: true, checked: 7, firstBadSeq: null, problem: null });
  });

  it('detects a changed row', async () => {
    desk = await deskWithHistory();
    const { db, keys } = rawDb(desk);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET details = '{"username":"clerk9"}' WHERE seq = 3`).run();
    const v = new AuditLog(db, keys.audit).verify();
    db.close();
    expect(v.ok).toBe(false);
    expect(v.firstBadSeq).toBe(3);
    expect(v.problem).toMatch(/修改/);
  });

  it('detects a deleted row in the middle and at the end', async () => {
    desk = await deskWithHistory();
    const { db, keys } = rawDb(desk);
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)').run();
    const tail = new AuditLog(db, keys.audit).verify();
    expect(tail.ok).toBe(false);
    expect(tail.problem).toMatch(/末尾/);
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    const middle = new AuditLog(db, keys.audit).verify();
    db.close();
    expect(middle).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it('a row re-chained without the audit key is detected', async () => {
    desk = await deskWithHistory();
    const { db, keys } = rawDb(desk);
    db.exec('DROP TRIGGER audit_log_no_update');
    const forger = new AuditLog(db, Buffer.alloc(32, 7));
    // A forger who recomputes hashes with the wrong key breaks the chain from the first row on.
    const rows = db.prepare('SELECT seq FROM audit_log ORDER BY seq').all() as Array<{ seq: number }>;
    expect(rows.length).toBe(7);
    expect(new AuditLog(db, keys.audit).verify().ok).toBe(true);
    expect(forger.verify().ok).toBe(false);
    db.close();
  });

  it('is reported through the contract to an admin', async () => {
    desk = await deskWithHistory();
    const { db } = rawDb(desk);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare(`UPDATE audit_log SET actor_name = 'someone' WHERE seq = 4`).run();
    db.close();
    desk = desk.reopen();
    await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    const v = await desk.call('audit.verify', {});
    expect(v.ok).toBe(false);
    expect(v.firstBadSeq).toBe(4);
  });
});
