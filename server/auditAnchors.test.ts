import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditAnchorResponse, type AuditPoint, type Problem, paths } from '../shared/sync/protocol';
import { reposOf } from './db/repos';
import { type DeviceClient } from './testing/client';
import { type TestServer, startTestServer, testDialects } from './testing/harness';

// Audit anchors: the server holds each desk's audit head from every sync; a later report whose log no longer holds
// the last anchor (rows cut, the tail or the middle rewritten, everything deleted and started again) is refused
// with 409 audit_anchor_mismatch and recorded, and the last good anchor stays the reference.

/** A stand-in audit chain: row n's hash over row n−1's (only the server's view of it matters here). */
function chain(n: number, salt = 'a'): AuditPoint[] {
  const rows: AuditPoint[] = [{ seq: 0, hash: '0'.repeat(64) }];
  for (let i = 1; i <= n; i++) rows.push({ seq: i, hash: createHash('sha256').update(`${salt}:${rows[i - 1]!.hash}:${i}`).digest('hex') });
  return rows;
}

describe.each(testDialects())('audit anchors (%s)', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(async () => s?.close());

  const anchor = (desk: DeviceClient, head: AuditPoint, previous: AuditPoint | null) => desk.json<AuditAnchorResponse & Problem>('POST', paths.auditAnchor, { head, previous });

  it('anchors move forward along one chain; each tamper after an anchor is refused and recorded', async () => {
    const desk = await s.device('N01');
    const log = chain(30);
    const first = await anchor(desk, log[10]!, null);
    expect(first.status).toBe(200);
    expect(first.body.anchored).toEqual(log[10]);
    // Next sync: the log grew and still holds row 10 as anchored.
    expect((await anchor(desk, log[20]!, log[10]!)).status).toBe(200);
    // A sync with nothing new.
    expect((await anchor(desk, log[20]!, log[20]!)).status).toBe(200);

    const tampered = chain(30, 'forged');
    const cases: [string, AuditPoint, AuditPoint | null][] = [
      // The tail after the anchor deleted (and the sealed head rewritten to match).
      ['delete tail', log[15]!, log[15]!],
      // Everything deleted and the head reset: an empty log.
      ['delete all + head', log[0]!, null],
      // A row before the anchor edited or deleted: the chain from there has other hashes, row 20 among them.
      ['edit', tampered[25]!, tampered[20]!],
      ['delete middle', tampered[29]!, tampered[20]!],
      // The head rewritten to a later point of another chain, claiming no earlier anchor.
      ['rewrite head', tampered[30]!, null],
    ];
    for (const [name, head, previous] of cases) {
      const r = await anchor(desk, head, previous);
      expect(r.status, name).toBe(409);
      expect(r.body.code, name).toBe('audit_anchor_mismatch');
      expect(r.body.detail, name).toMatch(/审计/);
    }
    const findings = await reposOf(s.store.db).auditAnchors.findings(desk.creds.deviceId);
    expect(findings.map((f) => f.kind)).toEqual(['behind', 'behind', 'rewritten', 'rewritten', 'rewritten']);
    expect(findings.every((f) => Number(f.anchored_seq) === 20)).toBe(true);
    // The reference did not move: the genuine log still anchors.
    expect((await anchor(desk, log[30]!, log[20]!)).status).toBe(200);
  });

  it("one desk's anchors are its own", async () => {
    const a = await s.device('N02');
    const b = await s.device('N03');
    const log = chain(5, 'b');
    expect((await anchor(a, log[5]!, null)).status).toBe(200);
    expect((await anchor(b, log[2]!, null)).status).toBe(200);
  });
});
