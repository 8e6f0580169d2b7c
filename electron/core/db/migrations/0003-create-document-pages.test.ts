import { describe, expect, it } from 'vitest';
import { memoryDbAt, snapshot } from '../../testing/migrationKit';
import { migrate } from '../migrate';

describe('migration 0003 create-document-pages (2 → 3)', () => {
  it('keeps every version-2 row exactly and adds the page table with its rules', () => {
    const db = memoryDbAt(2);
    db.prepare("INSERT INTO meta (key, value) VALUES ('counter', '{\"counterCode\":\"A01\"}')").run();
    db.prepare(
      `INSERT INTO staff (id, username, display_name, role, password_hash, created_at, updated_at)
       VALUES ('s1', 'admin', '王管理', 'admin', 'scrypt$x', '2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z')`,
    ).run();
    db.prepare("INSERT INTO plans VALUES ('p@1', 'p', '2026.1', '379901', 2026, 1, '{}', 'h', 't', NULL, 1)").run();
    db.prepare(
      `INSERT INTO applications (id, status, plan_key, data, dup_key, created_at, created_by, updated_at, updated_by)
       VALUES ('a1', 'accepted', 'p@1', '{"child":{"name":"阿依古丽"}}', 'id:1', 't', 'admin', 't', 'admin')`,
    ).run();
    db.prepare("INSERT INTO application_revisions VALUES ('a1', 1, '{}', 'h', 't', 'admin', NULL)").run();
    const before = snapshot(db);

    migrate(db, 3);
    const after = snapshot(db);
    for (const [name, table] of Object.entries(before.tables)) expect(after.tables[name], name).toEqual(table);
    expect(Object.keys(after.tables).filter((t) => !(t in before.tables))).toEqual(['document_pages']);
    expect(after.tables.document_pages?.sql).toMatch(/STRICT/);

    const h = 'a'.repeat(64);
    const insert = db.prepare(
      `INSERT INTO document_pages (id, application_id, material_key, page_no, sha256, bytes, mime, thumb_sha256, source, created_at, created_by)
       VALUES (?, ?, 'hukou', ?, ?, 10, ?, ?, ?, 't', 'admin')`,
    );
    insert.run('p1', 'a1', 1, h, 'image/jpeg', h, 'camera');
    // Two live pages cannot share a position; a removed one frees it.
    expect(() => insert.run('p2', 'a1', 1, h, 'image/jpeg', h, 'file')).toThrow(/UNIQUE/);
    db.prepare("UPDATE document_pages SET removed_at = 't2' WHERE id = 'p1'").run();
    insert.run('p2', 'a1', 1, h, 'image/jpeg', h, 'file');
    expect(() => insert.run('p3', 'nope', 2, h, 'image/jpeg', h, 'file')).toThrow(/FOREIGN KEY/);
    expect(() => insert.run('p4', 'a1', 2, h, 'image/gif', h, 'file')).toThrow(/CHECK/);
    expect(() => insert.run('p5', 'a1', 2, 'short', 'image/png', h, 'file')).toThrow(/CHECK/);
    expect(() => insert.run('p6', 'a1', 2, h, 'image/png', h, 'fax')).toThrow(/CHECK/);
  });
});
