import { describe, expect, it } from 'vitest';
import { memoryDbAt, snapshot } from '../../testing/migrationKit';
import { migrate } from '../migrate';

// Pinned with raw SQL only: later repositories may change, this migration's effect may not.
describe('migration 0007 add-revision-kind (6 → 7)', () => {
  const A = '11111111-1111-4111-8111-111111111111';
  const B = '22222222-2222-4222-8222-222222222222';

  it('classifies the existing revisions once by the old text rule and keeps everything else', () => {
    const db = memoryDbAt(6);
    db.prepare("INSERT INTO plans VALUES ('p@1', 'p', '2026.1', '379901', 2026, 1, '{}', 'h', 't', NULL, 1)").run();
    const app = db.prepare(
      `INSERT INTO applications (id, status, plan_key, revision, data, receipt_no, void_reason, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, 'p@1', ?, '{}', ?, ?, 't', 'admin', 't', 'admin')`,
    );
    app.run(A, 'void', 4, 'R-1', '家长撤回申请');
    app.run(B, 'accepted', 3, 'R-2', null);
    const rev = db.prepare('INSERT INTO application_revisions VALUES (?, ?, ?, ?, ?, ?, ?)');
    rev.run(A, 1, '{"a":1}', 'h1', 't1', 'clerk1', null);
    rev.run(A, 2, '{"a":2}', 'h2', 't2', 'clerk1', '家长更正电话');
    rev.run(A, 3, '{"a":2}', 'h2', 't3', 'sync', '材料页在上传后有变动，自动生成新版本重新上传');
    rev.run(A, 4, '{"a":2}', 'h2', 't4', 'sync', '已作废：家长撤回申请');
    // Staff typed the same words as a correction reason: not a void, since only sync wrote void revisions.
    rev.run(B, 1, '{"b":1}', 'k1', 't1', 'clerk1', null);
    rev.run(B, 2, '{"b":2}', 'k2', 't2', 'clerk1', '已作废：其实没有');
    // A void whose reason was empty.
    rev.run(B, 3, '{"b":2}', 'k2', 't3', 'sync', '已作废：');
    const before = snapshot(db);

    migrate(db, 7);
    const after = snapshot(db);
    for (const [name, t] of Object.entries(before.tables)) if (name !== 'application_revisions') expect(after.tables[name], name).toEqual(t);
    expect(after.indexes).toEqual(before.indexes);
    expect(after.tables.application_revisions?.sql).toMatch(/STRICT/);
    expect(
      db.prepare('SELECT application_id AS id, revision, kind, reason, data, sha256, created_at, created_by FROM application_revisions ORDER BY application_id, revision').all(),
    ).toEqual([
      { id: A, revision: 1, kind: 'form', reason: null, data: '{"a":1}', sha256: 'h1', created_at: 't1', created_by: 'clerk1' },
      { id: A, revision: 2, kind: 'form', reason: '家长更正电话', data: '{"a":2}', sha256: 'h2', created_at: 't2', created_by: 'clerk1' },
      { id: A, revision: 3, kind: 'pages', reason: '材料页在上传后有变动，自动生成新版本重新上传', data: '{"a":2}', sha256: 'h2', created_at: 't3', created_by: 'sync' },
      { id: A, revision: 4, kind: 'void', reason: '家长撤回申请', data: '{"a":2}', sha256: 'h2', created_at: 't4', created_by: 'sync' },
      { id: B, revision: 1, kind: 'form', reason: null, data: '{"b":1}', sha256: 'k1', created_at: 't1', created_by: 'clerk1' },
      { id: B, revision: 2, kind: 'form', reason: '已作废：其实没有', data: '{"b":2}', sha256: 'k2', created_at: 't2', created_by: 'clerk1' },
      { id: B, revision: 3, kind: 'void', reason: '', data: '{"b":2}', sha256: 'k2', created_at: 't3', created_by: 'sync' },
    ]);

    // New rows: an insert without a kind is an ordinary form revision; an unknown kind is refused.
    db.prepare("INSERT INTO application_revisions (application_id, revision, data, sha256, created_at, created_by) VALUES (?, 5, '{}', 'h', 't', 'x')").run(A);
    expect(db.prepare('SELECT kind FROM application_revisions WHERE application_id = ? AND revision = 5').get(A)).toEqual({ kind: 'form' });
    expect(() =>
      db.prepare("INSERT INTO application_revisions (application_id, revision, data, sha256, created_at, created_by, kind) VALUES (?, 6, '{}', 'h', 't', 'x', 'deleted')").run(A),
    ).toThrow(/CHECK/);
  });
});
