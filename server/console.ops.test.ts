import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleRole } from '../shared/console';
import { verificationCode } from '../nodelib/verification';
import { DeviceClient, enroll, makeItem } from './testing/client';
import { ConsoleTestClient } from './testing/consoleClient';
import { type TestServer, startTestServer, testDialects } from './testing/harness';

// The console's operations over HTTP through the console foundation (sessions, CSRF, roles, audit): counters with
// a code a real desk enrolls with, plans with problems at their place, duplicates resolved by a reviewer, SMS,
// results, checking a printed code and the online stand-in — each in the audit log under the signed-in account.

const PASSWORD = 'Kaoshi2026x';
const PLAN_TEXT = readFileSync(join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json'), 'utf8');

describe.each(testDialects())('console operations over HTTP (%s)', (dialect) => {
  let s: TestServer;
  let admin: ConsoleTestClient;
  let reviewer: ConsoleTestClient;

  beforeAll(async () => {
    s = await startTestServer(dialect);
    const r = await s.cli(['staff', 'create-admin', '--username', 'admin', '--name', '王局长']);
    const initial = /一次性初始密码：(\S+)/.exec(r.out)![1]!;
    admin = new ConsoleTestClient(s.baseUrl);
    await admin.signIn('admin', initial, PASSWORD);
    reviewer = await account('reviewer', 'li.reviewer');
  });
  afterAll(async () => s?.close());

  async function account(role: ConsoleRole, username: string): Promise<ConsoleTestClient> {
    const created = await admin.ok('staff.create', { username, displayName: `${role} 用户`, role, scope: { schoolIds: [], types: [] } });
    const c = new ConsoleTestClient(s.baseUrl);
    await c.signIn(username, created.initialPassword, PASSWORD);
    return c;
  }
  const audited = async (action: string) => (await admin.ok('audit.list', { action, limit: 50 })).entries;

  it('counters: a code as text and QR text that a desk enrolls with; the overview; revoking', async () => {
    const code = await admin.ok('counters.create', { code: 'h01', name: '城关报名点' });
    expect(code).toMatchObject({ code: 'H01', name: '城关报名点', qrText: `ED-ENROLL1|${s.baseUrl}|${code.enrollmentCode}` });
    const r = await enroll(s.baseUrl, code.enrollmentCode, '一号机');
    expect(r.status).toBe(200);
    const desk = new DeviceClient(s.baseUrl, r.body);
    await desk.batch(randomUUID(), [makeItem(desk)]);
    const [h01] = (await admin.ok('counters.list', {})).filter((c) => c.code === 'H01');
    expect(h01).toMatchObject({ applications: 1, pending: 1, openCodes: 0, devices: [expect.objectContaining({ name: '一号机', lastSeenAt: expect.any(String) as string })] });
    expect((await admin.call('counters.issueCode', { code: 'ZZ9' })).body).toMatchObject({ code: 'not_found' });
    expect(await admin.ok('counters.revoke', { code: 'H01' })).toEqual({ code: 'H01', devicesRevoked: 1 });
    expect((await admin.call('counters.revoke', { code: 'ZZ8' })).status).toBe(404);
    const entries = await audited('counters.create');
    expect(entries[0]).toMatchObject({ actorName: '王局长', via: 'console', target: 'H01' });
    expect(JSON.stringify(entries)).not.toContain(code.enrollmentCode);
  });

  it('plans: problems with line and column, 422 plan_invalid on publish, then a published version every desk pulls', async () => {
    const broken = PLAN_TEXT.replace('"schools"', '"schools" "x"');
    const checked = await admin.ok('plans.check', { text: broken });
    expect(checked).toMatchObject({ ok: false, summary: null, problems: [{ path: '', line: expect.any(Number) as number, column: expect.any(Number) as number }] });
    const refused = await admin.call('plans.publish', { text: broken });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'plan_invalid', errors: [{ message: expect.stringMatching(/^第 \d+ 行第 \d+ 列：/) as string }] });
    const published = await admin.ok('plans.publish', { text: PLAN_TEXT });
    expect(published).toMatchObject({ serverVersion: 1, publishedBy: '王局长', planKey: 'sample-379901-2026@2026.1' });
    expect((await admin.ok('plans.list', {})).plans.map((p) => p.serverVersion)).toEqual([1]);
    // A reviewer may not publish (the role check is the server's).
    expect((await reviewer.call('plans.publish', { text: PLAN_TEXT })).body).toMatchObject({ code: 'forbidden' });
  });

  it('duplicates: side by side for a reviewer (each view audited), resolved, the withdrawn one says so in the public lookup', async () => {
    const key = randomBytes(32);
    const [a, b] = [await s.device('H02', undefined, key), await s.device('H03', undefined, key)];
    const child = '379901202004040025';
    const record = { form: { child: { name: '陈小红', idNumber: child }, school: { schoolId: 'p-chengguan' } }, submittedAt: '2026-06-15T01:02:03.000Z' };
    const [x, y] = [makeItem(a, { record, childId: child }), makeItem(b, { record, childId: child })];
    await a.batch(randomUUID(), [x]);
    await b.batch(randomUUID(), [y]);
    const list = await reviewer.ok('duplicates.list', { state: 'open' });
    expect(list.groups).toHaveLength(1);
    const groupId = list.groups[0]!.groupId;
    const side = await reviewer.ok('duplicates.get', { groupId });
    expect(side.applications.map((r) => [r.receiptNo, r.childName, r.status])).toEqual([
      [x.receiptNo, '陈小红', 'pending'],
      [y.receiptNo, '陈小红', 'pending'],
    ]);
    expect(side.records).toHaveLength(2);
    expect((await audited('duplicates.viewed')).map((e) => e.target).sort()).toEqual([x.applicationId, y.applicationId].sort());
    // An admin is not a reviewer: the contract gives duplicates.get to reviewers only.
    expect((await admin.call('duplicates.get', { groupId })).status).toBe(403);

    const resolved = await reviewer.ok('duplicates.resolve', { groupId, keepApplicationId: x.applicationId, reason: '家长确认在 H02 报名' });
    expect(resolved.resolution).toMatchObject({ keptApplicationId: x.applicationId, resolvedBy: 'reviewer 用户' });
    expect(resolved.applications.map((r) => r.status)).toEqual(['pending', 'withdrawn']);
    // The review queue says so at once (no later change of the application needed).
    const queued = new Map((await reviewer.ok('queue.list', { filter: { text: '陈小红' } })).rows.map((r) => [r.applicationId, r.status]));
    expect([queued.get(x.applicationId), queued.get(y.applicationId)]).toEqual(['pending', 'withdrawn']);
    const code = verificationCode(key, 'receipt', { receiptNo: y.receiptNo, childName: '陈小红', childIdNumber: child, schoolId: 'p-chengguan', submittedAt: record.submittedAt });
    const lookup = await fetch(`${s.baseUrl}/lookup/api/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receiptNo: y.receiptNo, code }) });
    expect(await lookup.json()).toMatchObject({ found: true, status: 'withdrawn', childNameMasked: '陈*红' });
    // The staff check of the same paper says more (and is audited).
    expect(await reviewer.ok('receipts.verify', { receiptNo: y.receiptNo, code })).toMatchObject({ genuine: true, document: 'receipt', counterCode: 'H03', applicationId: y.applicationId });
    expect(await reviewer.ok('receipts.verify', { receiptNo: y.receiptNo, code: 'AAAAA-AAAAA' })).toMatchObject({ genuine: false, reason: expect.stringContaining('不符') as string });
    expect(await audited('receipts.verified')).toHaveLength(2);
  });

  it('results, SMS and the online stand-in: recorded under the account, the message recorded (skipped: SMS off here)', async () => {
    const desk = await s.device('H04');
    const item = makeItem(desk, { record: { form: { child: { name: '周小刚' }, guardians: [{ mobile: '13812345678' }] } } });
    await desk.batch(randomUUID(), [item]);
    // Not reviewed yet: a placement result by hand would skip the review; refused, nothing written.
    const early = await admin.call('results.record', { ref: item.receiptNo, outcome: 'admitted', schoolCode: 'S01', schoolName: '城关第一小学' });
    expect([early.status, early.body.code, early.body.detail]).toEqual([409, 'state_conflict', expect.stringContaining('待审核') as string]);
    expect(await admin.ok('sms.list', { applicationId: item.applicationId })).toEqual([]);
    await s.cli(['result', 'record', item.receiptNo, '--status', 'approved']);
    expect(await admin.ok('results.record', { ref: item.receiptNo, outcome: 'admitted', schoolCode: 'S01', schoolName: '城关第一小学' })).toMatchObject({ resultVersion: 2, status: 'admitted' });
    expect((await admin.call('results.record', { ref: 'NOPE-1', outcome: 'admitted' })).status).toBe(404);
    const [m] = await admin.ok('sms.list', { applicationId: item.applicationId });
    expect(m).toMatchObject({ template: 'result', status: 'skipped', toMasked: '138****5678', text: expect.stringContaining('已录取') as string });
    expect(await admin.ok('sms.status', {})).toMatchObject({ driver: 'off', queued: 0, templates: { result: expect.stringContaining('{child}') as string } });
    expect((await audited('results.record'))[0]).toMatchObject({ actorName: '王局长', target: item.applicationId });
    const online = await admin.ok('online.apply', { idNumber: '379901202004040025', childName: '陈小红' });
    expect(online.duplicates.map((d) => d.counterCode).sort()).toEqual(['H02', 'H03']);
  });
});
