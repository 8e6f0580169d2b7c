import { describe, expect, it } from 'vitest';
import { memoryDbAt, snapshot } from '../../testing/migrationKit';
import { migrate } from '../migrate';

describe('migration 0008 create-follow-ups (7 → 8)', () => {
  const APP = '11111111-1111-4111-8111-111111111111';
  const printout = (id: string, kind: string, version = 1) =>
    `INSERT INTO printouts VALUES ('${id}', '${APP}', '${kind}', 'A4', ${version}, 'h', 's', 10, 1, 'C0DE', 2, 't', 'admin')`;

  it('keeps every printout and print job, still refuses unknown kinds, takes the 补充材料接收回执, and adds the follow-up tables', () => {
    const db = memoryDbAt(7);
    db.prepare("INSERT INTO plans VALUES ('p@1', 'p', '2026.1', '379901', 2026, 1, '{}', 'h', 't', NULL, 1)").run();
    db.prepare(
      `INSERT INTO applications (id, status, plan_key, revision, data, receipt_no, created_at, created_by, updated_at, updated_by)
       VALUES ('${APP}', 'admitted', 'p@1', 1, '{}', 'R-1', 't', 'admin', 't', 'admin')`,
    ).run();
    db.prepare(printout('p1', 'receipt')).run();
    db.prepare(printout('p2', 'admissionNotice')).run();
    db.prepare("INSERT INTO print_jobs (id, printout_id, printer, copies, with_dialog, reprint_no, status, created_at, created_by, updated_at) VALUES ('j1', 'p2', 'pdf', 1, 0, 0, 'queued', 't', 'admin', 't')").run();
    // Before: the kind is not allowed.
    expect(() => db.prepare(printout('p3', 'supplementReceipt')).run()).toThrow(/CHECK/);
    const before = snapshot(db);

    migrate(db, 8);
    const after = snapshot(db);
    for (const [name, t] of Object.entries(before.tables)) {
      if (name === 'printouts') expect(after.tables[name]?.rows).toEqual(t.rows);
      else expect(after.tables[name], name).toEqual(t);
    }
    expect([...after.indexes].sort()).toEqual([...before.indexes, 'supplement_visits_application', 'result_calls_application'].sort());
    expect(Object.keys(after.tables)).toEqual(expect.arrayContaining(['supplement_visits', 'result_calls']));
    db.prepare(`INSERT INTO supplement_visits VALUES ('v1', '${APP}', 2, NULL, '[]', '[]', 't', 'admin')`).run();
    db.prepare(`INSERT INTO result_calls VALUES ('c1', '${APP}', 2, '13800000000', 'no_answer', NULL, 't', 'admin')`).run();
    expect(() => db.prepare(`INSERT INTO result_calls VALUES ('c2', '${APP}', 2, '13800000000', 'busy', NULL, 't', 'admin')`).run()).toThrow(/CHECK/);
    expect(Object.keys(after.tables).filter((t) => t.endsWith('_v7'))).toEqual([]);
    db.prepare(printout('p3', 'supplementReceipt')).run();
    expect(() => db.prepare(printout('p4', 'certificate')).run()).toThrow(/CHECK/);
    // The print jobs still point at printouts (the new table): a job for a missing printout is refused.
    expect(() => db.prepare("INSERT INTO print_jobs (id, printout_id, printer, copies, with_dialog, reprint_no, status, created_at, created_by, updated_at) VALUES ('j2', 'nope', 'pdf', 1, 0, 0, 'queued', 't', 'admin', 't')").run()).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO print_jobs (id, printout_id, printer, copies, with_dialog, reprint_no, status, created_at, created_by, updated_at) VALUES ('j3', 'p3', 'pdf', 1, 0, 0, 'queued', 't', 'admin', 't')").run();
    expect(db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'print_jobs'").get()?.sql).toContain('REFERENCES printouts (id)');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});
