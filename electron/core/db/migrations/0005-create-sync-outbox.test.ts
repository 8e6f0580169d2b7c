import { describe, expect, it } from 'vitest';
import { memoryDbAt, snapshot } from '../../testing/migrationKit';
import { migrate } from '../migrate';
import { OutboxRepo } from '../repos/outboxRepo';
import { ReviewResultRepo } from '../repos/reviewResultRepo';

describe('migration 0005 create-sync-outbox (4 → 5)', () => {
  it('keeps every version-4 row and adds the outbox, review results and sync log', () => {
    const db = memoryDbAt(4);
    db.prepare("INSERT INTO meta (key, value) VALUES ('counter', '{\"counterCode\":\"A01\"}')").run();
    db.prepare("INSERT INTO plans VALUES ('p@1', 'p', '2026.1', '379901', 2026, 1, '{}', 'h', 't', NULL, 1)").run();
    const app = db.prepare(
      `INSERT INTO applications (id, status, plan_key, revision, data, receipt_no, created_at, created_by, updated_at, updated_by)
       VALUES (?, ?, 'p@1', ?, '{}', ?, 't', 'admin', 't', 'admin')`,
    );
    app.run('11111111-1111-4111-8111-111111111111', 'accepted', 2, 'R-1');
    app.run('22222222-2222-4222-8222-222222222222', 'draft', 0, null);
    const rev = db.prepare("INSERT INTO application_revisions VALUES (?, ?, '{}', ?, 't', 'admin', NULL)");
    rev.run('11111111-1111-4111-8111-111111111111', 1, 'h1');
    rev.run('11111111-1111-4111-8111-111111111111', 2, 'h2');
    const before = snapshot(db);

    migrate(db, 5);
    const after = snapshot(db);
    for (const [name, t] of Object.entries(before.tables)) expect(after.tables[name]).toEqual(t);
    for (const t of ['sync_outbox', 'review_results', 'sync_log', 'sync_duplicates']) expect(after.tables[t]?.sql).toMatch(/STRICT/);

    // The fixture's submitted application is queued at its current revision; the draft is not.
    const outbox = new OutboxRepo(db);
    expect(outbox.enqueueNewRevisions('2026-06-01T00:00:00.000Z')).toBe(1);
    expect(outbox.enqueueNewRevisions('2026-06-01T00:00:01.000Z')).toBe(0);
    expect(outbox.due('2026-06-01T00:00:02.000Z', 10)).toMatchObject([
      { application_id: '11111111-1111-4111-8111-111111111111', revision: 2, content_sha256: 'h2', state: 'unsynced', base_revision: null },
    ]);
    outbox.setState('11111111-1111-4111-8111-111111111111', 2, 'confirmed', { serverHash: 'h2', ackedAt: 't' });
    expect(db.prepare("SELECT sync_state FROM applications WHERE id = '11111111-1111-4111-8111-111111111111'").get()).toEqual({ sync_state: 'confirmed' });
    expect(() => db.prepare("INSERT INTO sync_outbox (application_id, revision, content_sha256, enqueued_at) VALUES ('nope', 1, 'h', 't')").run()).toThrow(
      /FOREIGN KEY/,
    );
    expect(() =>
      db.prepare("UPDATE sync_outbox SET state = 'lost' WHERE application_id = '11111111-1111-4111-8111-111111111111'").run(),
    ).toThrow(/CHECK/);

    // Review results: versions kept, the newest wins, a repeat is a no-op.
    const results = new ReviewResultRepo(db);
    const base = {
      applicationId: '11111111-1111-4111-8111-111111111111',
      reasons: [],
      missingMaterials: [],
      schoolCode: null,
      schoolName: null,
      reportDate: null,
      reportPlace: null,
      decidedAt: '2026-07-01T08:00:00+08:00',
      decidedBy: '县教育局',
    };
    expect(results.latest(base.applicationId)).toBeNull();
    expect(results.record({ ...base, resultVersion: 1, outcome: 'under_review' })).toBe(true);
    expect(results.record({ ...base, resultVersion: 2, outcome: 'admitted', schoolCode: 'S1', schoolName: '实验小学', reportDate: '2026-08-30' })).toBe(true);
    expect(results.record({ ...base, resultVersion: 1, outcome: 'rejected' })).toBe(false);
    expect(results.latest(base.applicationId)).toMatchObject({ resultVersion: 2, outcome: 'admitted', schoolName: '实验小学' });
  });
});
