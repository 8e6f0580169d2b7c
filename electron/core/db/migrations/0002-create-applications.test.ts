import { describe, expect, it } from 'vitest';
import { memoryDbAt, snapshot } from '../../testing/migrationKit';
import { migrate } from '../migrate';

describe('migration 0002 create-applications (1 → 2)', () => {
  it('keeps every version-1 row exactly and adds the application tables', () => {
    const db = memoryDbAt(1);
    db.prepare("INSERT INTO meta (key, value) VALUES ('counter', '{\"counterCode\":\"A01\"}'), ('settings', '{\"idleLockMinutes\":5}')").run();
    db.prepare(
      `INSERT INTO staff (id, username, display_name, role, password_hash, created_at, updated_at)
       VALUES ('s1', 'admin', '王管理', 'admin', 'scrypt$x', '2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z'),
              ('s2', 'clerk1', '𠮷田·阿依', 'clerk', 'scrypt$y', '2026-06-02T00:00:00Z', '2026-06-02T00:00:00Z')`,
    ).run();
    db.prepare("INSERT INTO audit_log (seq, at, action, details, prev_hash, hash) VALUES (1, 't', 'setup.initialized', '{}', 'p', 'h')").run();
    const before = snapshot(db);

    migrate(db, 2);
    const after = snapshot(db);
    for (const table of ['meta', 'staff', 'audit_log']) expect(after.tables[table]).toEqual(before.tables[table]);
    expect(Object.keys(after.tables).filter((t) => !(t in before.tables)).sort()).toEqual(
      expect.arrayContaining(['application_phones', 'application_revisions', 'applications', 'plans', 'receipt_sequences', 'search_grams']),
    );
    for (const t of ['applications', 'plans', 'application_revisions', 'receipt_sequences', 'application_phones']) {
      expect(after.tables[t]?.sql).toMatch(/STRICT/);
    }

    // The new tables work together: a plan, an application, its search entry, and the one-active-child rule.
    db.prepare("INSERT INTO plans VALUES ('p@1', 'p', '2026.1', '379901', 2026, 1, '{}', 'h', 't', NULL, 1)").run();
    const insert = db.prepare(
      `INSERT INTO applications (id, status, plan_key, data, dup_key, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, 'p@1', '{}', ?, 't', 'admin', 't', 'admin')`,
    );
    insert.run('a1', 'accepted', 'id:1');
    insert.run('a2', 'draft', 'id:1');
    expect(() => insert.run('a3', 'accepted', 'id:1')).toThrow(/UNIQUE/);
    insert.run('a4', 'void', 'id:1');
    expect(() =>
      db
        .prepare("INSERT INTO applications (id, status, plan_key, data, created_at, created_by, updated_at, updated_by) VALUES ('a6', 'draft', 'nope', '{}', 't', 'a', 't', 'a')")
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO applications_fts (rowid, body) VALUES (1, '阿依古丽·买买提 3701')").run();
    expect(db.prepare("SELECT rowid FROM applications_fts WHERE applications_fts MATCH '\"古丽·买\"'").all()).toEqual([{ rowid: 1 }]);
    db.prepare('DELETE FROM applications_fts WHERE rowid = 1').run();
    expect(db.prepare('SELECT count(*) AS n FROM applications_fts').get()).toEqual({ n: 0 });
  });
});
