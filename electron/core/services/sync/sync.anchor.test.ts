import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3-multiple-ciphers';
import type { TestDesk } from '../../testing/desk';
import { COUNTY_DRIVERS, enroll, startCounty, syncDesk, takeApplications, withDeskDb, type TestCounty } from '../../testing/syncKit';

// Audit anchors against the real county server, over each CountyApi driver: each sync anchors the desk's audit head
// there; after the desk's log is cut behind an anchor (as someone holding the desk's keys could do, resealing the
// head so the desk itself sees nothing), the next sync is refused for the anchor, logged at the desk, and recorded
// at the county.

describe.each(COUNTY_DRIVERS)('audit anchors at the county (%s driver)', (driver) => {
  let server: TestCounty;
  let desk: TestDesk;

  beforeAll(async () => {
    server = await startCounty(driver);
    desk = await syncDesk(undefined, 'A31', server.deskOptions);
  });
  afterAll(async () => {
    desk?.cleanup();
    await server.stop('SIGTERM');
    rmSync(server.dataDir, { recursive: true, force: true });
  });

  function countyRows<T>(query: string): T[] {
    const db = new Sqlite(join(server.dataDir, 'county.sqlite'), { readonly: true });
    try {
      return db.prepare(query).all() as T[];
    } finally {
      db.close();
    }
  }

  it('anchors the head at each sync; a log cut behind the anchor is refused there and recorded', async () => {
    await takeApplications(desk, 2);
    await enroll(desk, server, server.url, 'A31');
    const first = await desk.call('sync.syncNow', { wait: true });
    expect(first.lastError).toBeNull();
    const head = await withDeskDb(desk, (db) => db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string });
    const anchors = countyRows<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_anchors');
    expect(anchors.at(-1)).toEqual(head);

    // A second sync moves the anchor forward along the same chain.
    await takeApplications(desk, 1);
    await desk.call('sync.syncNow', { wait: true });
    const moved = countyRows<{ seq: number }>('SELECT seq FROM audit_anchors ORDER BY seq');
    expect(moved.at(-1)!.seq).toBeGreaterThan(head.seq);
    expect(countyRows('SELECT * FROM audit_anchor_findings')).toEqual([]);

    // The last rows, anchored at the county, are deleted from the desk's log by someone with the database key
    // (who can drop the append-only triggers).
    const anchored = moved.at(-1)!.seq;
    await withDeskDb(desk, (db) => {
      db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete');
      db.prepare('DELETE FROM audit_log WHERE seq > ?').run(anchored - 3);
    });
    await desk.call('sync.syncNow', { wait: true });
    const logged = await withDeskDb(desk, (db) => db.prepare("SELECT message FROM sync_log WHERE code = 'audit_anchor_mismatch'").all() as { message: string }[]);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[0]!.message).toMatch(/审计/);
    const findings = countyRows<{ kind: string; anchored_seq: number }>('SELECT kind, anchored_seq FROM audit_anchor_findings');
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]!.anchored_seq).toBe(anchored);
  });
});
