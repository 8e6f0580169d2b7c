import { describe, expect, it } from 'vitest';
import { memoryDbAt, snapshot } from '../../testing/migrationKit';
import { migrate } from '../migrate';

describe('migration 0004 create-printouts (3 → 4)', () => {
  it('keeps every version-3 row exactly and adds printouts and print jobs with their rules', () => {
    const db = memoryDbAt(3);
    db.prepare("INSERT INTO meta (key, value) VALUES ('counter', '{\"counterCode\":\"A01\"}')").run();
    db.prepare(
      `INSERT INTO staff (id, username, display_name, role, password_hash, created_at, updated_at)
       VALUES ('s1', 'admin', '王管理', 'admin', 'scrypt$x', '2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z')`,
    ).run();
    db.prepare("INSERT INTO plans VALUES ('p@1', 'p', '2026.1', '379901', 2026, 1, '{}', 'h', 't', NULL, 1)").run();
    db.prepare(
      `INSERT INTO applications (id, status, plan_key, data, dup_key, receipt_no, created_at, created_by, updated_at, updated_by)
       VALUES ('a1', 'accepted', 'p@1', '{"child":{"name":"𠮷田"}}', 'id:1', '379901-A01-20260601-0001', 't', 'admin', 't', 'admin')`,
    ).run();
    db.prepare(
      `INSERT INTO document_pages (id, application_id, material_key, page_no, sha256, bytes, mime, thumb_sha256, source, created_at, created_by)
       VALUES ('pg1', 'a1', 'hukou', 1, ?, 10, 'image/jpeg', ?, 'scanner', 't', 'admin')`,
    ).run('a'.repeat(64), 'b'.repeat(64));
    const before = snapshot(db);

    migrate(db, 4);
    const after = snapshot(db);
    for (const [name, table] of Object.entries(before.tables)) expect(after.tables[name], name).toEqual(table);
    expect(Object.keys(after.tables).filter((t) => !(t in before.tables)).sort()).toEqual(['print_jobs', 'printouts']);
    for (const t of ['printouts', 'print_jobs']) expect(after.tables[t]?.sql).toMatch(/STRICT/);

    const printout = db.prepare(
      `INSERT INTO printouts (id, application_id, kind, paper, version, data_hash, pdf_sha256, bytes, pages, verification_code, created_at, created_by)
       VALUES (?, ?, ?, ?, ?, 'd', 'p', 100, 1, 'K7M2Q-9XH4T', 't', 'admin')`,
    );
    printout.run('p1', 'a1', 'receipt', 'roll80', 1);
    printout.run('p2', 'a1', 'receipt', 'roll80', 2);
    expect(() => printout.run('p3', 'a1', 'receipt', 'roll80', 2)).toThrow(/UNIQUE/);
    expect(() => printout.run('p4', 'a1', 'receipt', 'A3', 3)).toThrow(/CHECK/);
    expect(() => printout.run('p5', 'a1', 'birthdayCard', 'A4', 1)).toThrow(/CHECK/);
    expect(() => printout.run('p6', 'nope', 'receipt', 'A4', 1)).toThrow(/FOREIGN KEY/);

    const job = db.prepare(
      `INSERT INTO print_jobs (id, printout_id, printer, copies, with_dialog, reprint_no, reprint_reason, status, created_at, created_by, updated_at)
       VALUES (?, 'p1', '热敏小票打印机', ?, 0, ?, ?, ?, 't', 'admin', 't')`,
    );
    job.run('j1', 1, 0, null, 'printed');
    job.run('j2', 1, 1, '家长遗失回执', 'queued');
    expect(() => job.run('j3', 1, 2, null, 'printed')).toThrow(/CHECK/); // a reprint without a reason
    expect(() => job.run('j4', 0, 0, null, 'printed')).toThrow(/CHECK/);
    expect(() => job.run('j5', 1, 0, null, 'lost')).toThrow(/CHECK/);
    expect(db.prepare("SELECT id FROM print_jobs WHERE status = 'queued'").all()).toEqual([{ id: 'j2' }]);
  });
});
