import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../../shared/sync/protocol';
import { DeviceClient, enroll, makeItem } from '../../testing/client';
import { type TestServer, startTestServer, testDialects } from '../../testing/harness';
import { TEST_ADMIN as ADMIN, recordingAudit } from '../../testing/opsAudit';
import { ENROLL_QR_PREFIX, createCounterAudited, issueCode, listCounters, revokeCounterAudited } from './counters';

// Counters in the console: a one-time code as text and QR text (the same service as `counter create`), revoking,
// and the overview: desks, last seen, applications waiting for review, open codes, plan versions.


describe.each(testDialects())('counters in the console (%s)', (dialect) => {
  let s: TestServer;
  const audit = recordingAudit();
  const audited = audit.entries;
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(async () => s?.close());

  it('creates a counter with a one-time code a desk enrolls with; lists desks, last seen, pending and open codes; revokes', async () => {
    const now = new Date();
    const created = await createCounterAudited(s.store.db, { code: 'C01', name: '城关报名点', serverUrl: s.baseUrl }, ADMIN, audit, now);
    expect(created.qrText).toBe(`${ENROLL_QR_PREFIX}|${s.baseUrl}|${created.enrollmentCode}`);
    expect(audited.at(-1)).toMatchObject({ action: 'counters.create', target: 'C01', actor: ADMIN });
    // The code is never written to the audit.
    expect(JSON.stringify(audited)).not.toContain(created.enrollmentCode);
    const second = await issueCode(s.store.db, { code: 'C01', serverUrl: s.baseUrl }, ADMIN, audit, now);
    expect(second).toMatchObject({ code: 'C01', name: '城关报名点' });
    expect(await issueCode(s.store.db, { code: 'ZZ9', serverUrl: s.baseUrl }, ADMIN, audit, now)).toBeNull();

    const r = await enroll(s.baseUrl, created.enrollmentCode, '一号机');
    expect(r.status).toBe(200);
    const desk = new DeviceClient(s.baseUrl, r.body);
    const [a, b] = [makeItem(desk, { record: { planKey: 'sample-379901-2026@2025.9' } }), makeItem(desk, { record: { planKey: 'sample-379901-2026@2026.1' } })];
    await desk.batch(randomUUID(), [a]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await desk.batch(randomUUID(), [b]);
    await s.cli(['result', 'record', a.applicationId, '--status', 'approved']);
    await desk.json('GET', paths.me);

    let [c01] = await listCounters(s.store.db, new Date());
    expect(c01).toMatchObject({ code: 'C01', name: '城关报名点', revokedAt: null, applications: 2, pending: 1, openCodes: 1 });
    expect(c01!.devices).toEqual([
      expect.objectContaining({ deviceId: r.body.deviceId, name: '一号机', revokedAt: null, planVersion: null, lastSeenAt: expect.stringMatching(/:00\.000Z$/) as string }),
    ]);
    expect(c01!.lastSeenAt).toBe(c01!.devices[0]!.lastSeenAt);
    // The plan key of the newest application the desk sent.
    expect(c01!.devices[0]!.planKeyInUse).toBe('sample-379901-2026@2026.1');

    expect(await revokeCounterAudited(s.store.db, 'C01', ADMIN, audit, new Date())).toEqual({ code: 'C01', devicesRevoked: 1 });
    expect(audited.at(-1)).toMatchObject({ action: 'counters.revoke', target: 'C01', details: { devicesRevoked: 1 } });
    [c01] = await listCounters(s.store.db, new Date());
    expect(c01).toMatchObject({ revokedAt: expect.any(String) as string, openCodes: 0 });
    expect((await desk.json('GET', paths.me)).status).toBe(403);
    await expect(revokeCounterAudited(s.store.db, 'NOPE', ADMIN, audit, new Date())).rejects.toThrow('没有编码为 NOPE 的报名点');
  });
});
