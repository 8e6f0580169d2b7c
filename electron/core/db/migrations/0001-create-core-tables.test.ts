import { describe, expect, it } from 'vitest';
import { memoryDbAt, snapshot } from '../../testing/migrationKit';
import { migrate } from '../migrate';

describe('migration 0001 create-core-tables (0 → 1)', () => {
  it('creates strict meta, staff and append-only audit tables from an empty database', () => {
    const db = memoryDbAt(0);
    expect(snapshot(db).tables).toEqual({});
    migrate(db, 1);
    const snap = snapshot(db);
    expect(Object.keys(snap.tables).sort()).toEqual(['audit_log', 'meta', 'staff']);
    for (const t of Object.values(snap.tables)) expect(t.sql).toMatch(/\) STRICT$/);
    expect(snap.triggers.sort()).toEqual(['audit_log_no_delete', 'audit_log_no_update']);

    db.prepare("INSERT INTO meta (key, value) VALUES ('counter', '{}')").run();
    db.prepare(
      `INSERT INTO staff (id, username, display_name, role, password_hash, created_at, updated_at)
       VALUES ('s1', 'admin', '王管理', 'admin', 'h', '2026-01-01', '2026-01-01')`,
    ).run();
    expect(() =>
      db.prepare(
        `INSERT INTO staff (id, username, display_name, role, password_hash, created_at, updated_at)
         VALUES ('s2', 'x', 'x', 'god', 'h', '2026-01-01', '2026-01-01')`,
      ).run(),
    ).toThrow(/CHECK/);
    // STRICT: a number where text belongs is refused, not coerced.
    expect(() => db.prepare("INSERT INTO meta (key, value) VALUES ('k', ?)").run(Buffer.from('x'))).toThrow();
    db.prepare(
      "INSERT INTO audit_log (seq, at, action, details, prev_hash, hash) VALUES (1, 't', 'a', '{}', 'p', 'h')",
    ).run();
    expect(() => db.prepare("UPDATE audit_log SET action = 'b'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
  });
});
