import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestDesk } from '../../testing/desk';
import { makeId } from '../../testing/fixtures';
import {
  attachPages,
  enroll,
  enrollmentCode,
  serverApplications,
  serverHasBlob,
  signIn,
  startCounty,
  syncDesk,
  takeApplications,
  withDeskDb,
  COUNTY_DRIVERS,
  type TestCounty,
} from '../../testing/syncKit';

// The whole flow against the real county server, once per CountyApi driver: its own process over real HTTP, and
// its app in this process (no socket). Enrollment, upload with pages, results pulled back, a result held as a
// conflict when the record has local edits, two desks and one child.

describe.each(COUNTY_DRIVERS)('sync with the county server (%s driver)', (driver) => {
  let server: TestCounty;
  const desks: TestDesk[] = [];

  beforeAll(async () => {
    server = await startCounty(driver);
  });
  afterAll(async () => {
    for (const d of desks.splice(0)) d.cleanup();
    await server.stop('SIGTERM');
    rmSync(server.dataDir, { recursive: true, force: true });
  });

  async function newDesk(counter: string): Promise<TestDesk> {
    const d = await syncDesk(undefined, counter, server.deskOptions);
    desks.push(d);
    return d;
  }

  it('refuses plain http except loopback, a bad CA and a bad code, each with a specific message', async () => {
    const desk = await newDesk('A01');
    expect((await desk.fail('sync.configure', { serverUrl: 'http://zsb.example.gov.cn', caPem: null })).code).toBe('SYNC_TLS_REQUIRED');
    const bad = await desk.fail('sync.configure', {
      serverUrl: 'https://zsb.example.gov.cn',
      caPem: '-----BEGIN CERTIFICATE-----\nnot a cert\n-----END CERTIFICATE-----',
    });
    expect(bad.code).toBe('SYNC_BAD_CA');
    expect((await desk.fail('sync.syncNow', {})).code).toBe('SYNC_NOT_CONFIGURED');
    await desk.call('sync.configure', { serverUrl: server.url, caPem: null });
    const refused = await desk.fail('sync.enroll', { code: 'AAAA-BBBB-CCCC-DDDD', deviceName: '一号机' });
    expect(refused.code).toBe('SYNC_ENROLL_REFUSED');
    expect(refused.message).toMatch(/注册失败：.+/);
    expect((await desk.call('sync.getStatus', {})).phase).toBe('notConfigured');
  });

  it('enrolls, uploads applications with their pages exactly once, and pulls results back', async () => {
    const desk = await newDesk('A02');
    const apps = await takeApplications(desk, 4);
    const pages = await attachPages(desk, apps.map((a) => a.id));
    await enroll(desk, server, server.url, 'A02');
    const test = await desk.call('sync.testConnection', {});
    expect(test.ok).toBe(true);
    expect(test.message).toMatch(/连接正常/);

    const status = await desk.call('sync.syncNow', { wait: true });
    expect(status.lastError).toBeNull();
    expect(status.counts).toMatchObject({ confirmed: 4, unsynced: 0, uploading: 0 });
    expect(status.lastSuccessAt).not.toBeNull();
    const onServer = (await serverApplications(server)).filter((a) => a.counterCode === 'A02');
    expect(onServer.map((a) => a.id).sort()).toEqual(apps.map((a) => a.id).sort());
    expect(onServer.every((a) => a.pages === 3 && a.revision === 1)).toBe(true);
    for (const list of pages.values()) for (const sha of list) expect(serverHasBlob(server, sha)).toBe(true);

    // The badge in the list follows the outbox.
    const list = await desk.call('applications.search', { syncState: ['confirmed'] });
    expect(list.total).toBe(4);

    // A second round sends nothing again.
    await desk.call('sync.syncNow', { wait: true });
    expect((await serverApplications(server)).filter((a) => a.counterCode === 'A02')).toHaveLength(4);

    // A page scanned after the upload: the same form goes up again as revision 2 with all four pages.
    const late = await attachPages(desk, [apps[3]!.id], 1, 2_000, {}, 'housing');
    expect((await desk.call('sync.syncNow', { wait: true })).lastError).toBeNull();
    const a3 = (await serverApplications(server)).find((a) => a.id === apps[3]!.id);
    expect([a3?.revision, a3?.pages]).toEqual([2, 4]);
    expect(serverHasBlob(server, late.get(apps[3]!.id)![0]!)).toBe(true);
    expect((await desk.call('applications.get', { id: apps[3]!.id })).syncState).toBe('confirmed');
    await desk.call('sync.syncNow', { wait: true });
    expect((await serverApplications(server)).find((a) => a.id === apps[3]!.id)?.revision).toBe(2);

    // A void after upload reaches the county as a revision that carries it.
    await desk.call('applications.void', { id: apps[3]!.id, reason: '家长撤回申请' });
    expect((await desk.call('sync.syncNow', { wait: true })).lastError).toBeNull();
    expect((await serverApplications(server)).find((a) => a.id === apps[3]!.id)).toMatchObject({ revision: 3, voided: '家长撤回申请' });
    expect((await serverApplications(server)).find((a) => a.id === apps[2]!.id)?.voided).toBeNull();
    expect(await server.cli(['applications', 'list'])).toContain(`${apps[3]!.receiptNo}  ${apps[3]!.id}  报名点=`);
    expect(await server.cli(['applications', 'list'])).toContain('【已作废：家长撤回申请】');
    await desk.call('sync.syncNow', { wait: true });
    expect((await serverApplications(server)).find((a) => a.id === apps[3]!.id)?.revision).toBe(3);
    const voided = await desk.call('applications.get', { id: apps[3]!.id });
    expect(voided.syncState).toBe('confirmed');
    // Each revision says why it exists in its kind (not in its translated reason text); staff still read 已作废：….
    expect(voided.revisions.map((r) => [r.revision, r.kind])).toEqual([[1, 'form'], [2, 'pages'], [3, 'void']]);
    expect(voided.revisions[2]?.reason).toBe('已作废：家长撤回申请');

    // The county records results; the desk pulls them and updates statuses.
    await server.cli(['result', 'record', apps[0]!.receiptNo, '--status', 'admitted', '--school-code', 'S01', '--school', '第一小学', '--report-date', '2026-08-28']);
    await server.cli(['result', 'record', apps[1]!.receiptNo, '--status', 'needs_materials', '--reason', '请补交居住证', '--missing', 'residence']);
    await desk.call('sync.syncNow', { wait: true });
    const a0 = await desk.call('applications.get', { id: apps[0]!.id });
    expect(a0.status).toBe('admitted');
    const a1 = await desk.call('applications.get', { id: apps[1]!.id });
    expect(a1.status).toBe('needs_materials');
    expect(a1.syncState).toBe('returned');
    const attention = await desk.call('sync.listAttention', {});
    expect(attention.find((x) => x.applicationId === apps[1]!.id)).toMatchObject({ state: 'returned' });

    // An edit after upload is a new revision with its base; it reaches the server as revision 2.
    const rec = await desk.call('applications.get', { id: apps[2]!.id });
    const { info } = await desk.call('plans.getActive', {});
    await desk.call('applications.update', { id: apps[2]!.id, data: { ...rec.data, remarks: '家长更正了联系电话' }, planKey: info.planKey, reason: '家长更正' });
    expect((await desk.call('sync.syncNow', { wait: true })).lastError).toBeNull();
    expect((await serverApplications(server)).find((a) => a.id === apps[2]!.id)?.revision).toBe(2);
    expect((await desk.call('applications.get', { id: apps[2]!.id })).syncState).toBe('confirmed');

    const log = await desk.call('sync.exportLog', {});
    expect(log.entries).toBeGreaterThan(0);
    expect(log.content).toMatch(/已上传并获确认/);
  });

  it('holds a county result back as a conflict while the record has an unsent edit; a supervisor can accept it', async () => {
    const desk = await newDesk('A03');
    const [app] = await takeApplications(desk, 1);
    await enroll(desk, server, server.url, 'A03');
    await desk.call('sync.syncNow', { wait: true });
    await server.cli(['result', 'record', app!.receiptNo, '--status', 'approved']);
    // The county decided on revision 1; meanwhile the desk edits while paused (the edit stays local).
    const rec = await desk.call('applications.get', { id: app!.id });
    const { info } = await desk.call('plans.getActive', {});
    await desk.call('sync.pause', {});
    await desk.call('applications.update', { id: app!.id, data: { ...rec.data, remarks: '补充说明' }, planKey: info.planKey, reason: '补充' });
    await desk.call('sync.resume', {});
    const st = await desk.call('sync.syncNow', { wait: true });
    expect(st.lastError).toBeNull();
    const held = await desk.call('applications.get', { id: app!.id });
    expect(held.status).toBe('accepted'); // not silently overwritten
    expect(held.syncState).toBe('conflict');
    const att = (await desk.call('sync.listAttention', {})).find((x) => x.applicationId === app!.id);
    expect(att?.heldResult?.outcome).toBe('approved');
    expect(att?.advice).toMatch(/主管/);
    // The edit itself reached the server as revision 2.
    expect((await serverApplications(server)).find((a) => a.id === app!.id)?.revision).toBe(2);
    await desk.call('sync.acceptHeldResult', { applicationId: app!.id });
    const accepted = await desk.call('applications.get', { id: app!.id });
    expect(accepted.status).toBe('approved');
    expect(accepted.syncState).toBe('confirmed');
    expect((await desk.fail('sync.acceptHeldResult', { applicationId: app!.id })).code).toBe('SYNC_NO_HELD_RESULT');
  });

  it('two desks, same child at both: both accepted, both flagged as duplicates, nothing lost', async () => {
    const [d1, d2] = await Promise.all([newDesk('B01'), newDesk('B02')]);
    const shared = makeId('370102', '2020-05-05', '001');
    const a1 = await takeApplications(d1, 5, [shared]);
    const a2 = await takeApplications(d2, 5, [shared]);
    await enroll(d1, server, server.url, 'B01');
    await enroll(d2, server, server.url, 'B02');
    const [s1, s2] = await Promise.all([d1.call('sync.syncNow', { wait: true }), d2.call('sync.syncNow', { wait: true })]);
    expect(s1.counts.confirmed).toBe(5);
    expect(s2.counts.confirmed).toBe(5);
    await Promise.all([d1.call('sync.syncNow', { wait: true }), d2.call('sync.syncNow', { wait: true })]);
    const all = await serverApplications(server);
    for (const a of [...a1, ...a2]) expect(all.filter((s) => s.id === a.id)).toHaveLength(1);
    expect(all.find((s) => s.id === a1[0]!.id)?.duplicate).toBe(true);
    expect(all.find((s) => s.id === a2[0]!.id)?.duplicate).toBe(true);
    for (const [desk, mine, other] of [
      [d1, a1[0]!, a2[0]!],
      [d2, a2[0]!, a1[0]!],
    ] as const) {
      const att = await desk.call('sync.listAttention', {});
      const item = att.find((x) => x.applicationId === mine.id);
      expect(item?.duplicates.map((d) => d.receiptNo)).toContain(other.receiptNo);
      expect(item?.advice).toMatch(/重复/);
    }

    // An online application for another child of desk 1 comes back to desk 1 as a duplicate from 网上报名.
    await server.cli(['online', 'apply', '--id', a1[1]!.idNumber, '--name', '网上报名儿童']);
    await d1.call('sync.syncNow', { wait: true });
    const online = (await d1.call('sync.listAttention', {})).find((x) => x.applicationId === a1[1]!.id);
    expect(online?.duplicates.map((d) => d.source)).toEqual(['online']);

    // The county keeps desk 2's application: both desks learn it at their next sync.
    expect(await server.cli(['duplicates', 'resolve', a2[0]!.receiptNo, '--reason', '家长确认在 B02 报名'])).toContain(`已撤回 ${a1[0]!.receiptNo}`);
    await Promise.all([d1.call('sync.syncNow', { wait: true }), d2.call('sync.syncNow', { wait: true })]);
    const log1 = (await d1.call('sync.exportLog', {})).content;
    const log2 = (await d2.call('sync.exportLog', {})).content;
    expect(log1).toContain(`本申请已撤回，以回执 ${a2[0]!.receiptNo} 的申请为准`);
    expect(log1).toContain('家长确认在 B02 报名');
    expect(log2).toContain('保留本申请');
  });

  it('one bad record is quarantined with the server reasons and does not block the others; fixed, it goes up', async () => {
    const desk = await newDesk('A05');
    const apps = await takeApplications(desk, 3);
    await attachPages(desk, apps.map((a) => a.id), 1, 3_000);
    // Damage one page row: it now claims a size its blob does not have, which the server refuses as invalid.
    await withDeskDb(desk, (db) => db.prepare('UPDATE document_pages SET bytes = bytes + 1 WHERE application_id = ?').run(apps[1]!.id));
    await enroll(desk, server, server.url, 'A05');
    const st = await desk.call('sync.syncNow', { wait: true });
    expect(st.counts).toMatchObject({ confirmed: 2, quarantined: 1, unsynced: 0 });
    const bad = (await desk.call('sync.listAttention', {})).find((x) => x.applicationId === apps[1]!.id);
    expect(bad?.state).toBe('quarantined');
    expect(bad?.reasons.join('')).toMatch(/pages/);
    expect(bad?.advice).toMatch(/保存修改/);
    expect((await serverApplications(server)).filter((a) => a.counterCode === 'A05').map((a) => a.id).sort()).toEqual([apps[0]!.id, apps[2]!.id].sort());
    // Staff fix it (here: the page row repaired) and save a correction: a new revision goes up and is accepted.
    await withDeskDb(desk, (db) => db.prepare('UPDATE document_pages SET bytes = bytes - 1 WHERE application_id = ?').run(apps[1]!.id));
    const rec = await desk.call('applications.get', { id: apps[1]!.id });
    const { info } = await desk.call('plans.getActive', {});
    await desk.call('applications.update', { id: apps[1]!.id, data: { ...rec.data, remarks: '重新扫描材料' }, planKey: info.planKey, reason: '重新扫描' });
    const fixed = await desk.call('sync.syncNow', { wait: true });
    expect(fixed.counts).toMatchObject({ confirmed: 3, quarantined: 0 });
    expect((await serverApplications(server)).find((a) => a.id === apps[1]!.id)?.revision).toBe(2);
  });

  it('uploads by itself after each submission, without 立即同步', async () => {
    const desk = await newDesk('A04');
    await takeApplications(desk, 1);
    await enroll(desk, server, server.url, 'A04');
    await desk.call('sync.syncNow', { wait: true });
    const [late] = await takeApplications(desk, 1);
    let state = '';
    for (let i = 0; i < 50 && state !== 'confirmed'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      state = (await desk.call('applications.get', { id: late!.id })).syncState;
    }
    expect(state).toBe('confirmed');
    expect((await serverApplications(server)).filter((a) => a.counterCode === 'A04')).toHaveLength(2);
  });

  it('a revoked counter stops with a clear message and keeps its data', async () => {
    const desk = await newDesk('C01');
    await takeApplications(desk, 1);
    await enroll(desk, server, server.url, 'C01');
    await desk.call('sync.syncNow', { wait: true });
    await server.cli(['counter', 'revoke', 'C01']);
    await takeApplications(desk, 1);
    const st = await desk.call('sync.syncNow', { wait: true });
    expect(st.phase).toBe('revoked');
    expect(st.lastError).toMatch(/注销/);
    expect(st.counts).toMatchObject({ confirmed: 1, unsynced: 1 });
    const test = await desk.call('sync.testConnection', {});
    expect(test.ok).toBe(false);
    // A new code re-enrolls the desk and the queued application goes up.
    await desk.call('sync.enroll', { code: await enrollmentCode(server, 'C01'), deviceName: 'C01 新机' });
    const again = await desk.call('sync.syncNow', { wait: true });
    expect(again.counts).toMatchObject({ confirmed: 2, unsynced: 0 });
  });

  // Last in the file: once the county publishes a plan every desk that syncs afterwards receives it.
  it('a plan the county publishes is stored by the system, not by whoever is signed in, and becomes active', async () => {
    const desk = await newDesk('D01');
    await enroll(desk, server, server.url, 'D01');
    await signIn(desk);
    const plan = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'resources', 'plans', 'sample-county-2026.json'), 'utf8')) as Record<string, unknown>;
    const file = join(server.dataDir, 'plan-2026.2.json');
    writeFileSync(file, JSON.stringify({ ...plan, version: '2026.2', sample: false }));
    await server.cli(['plan', 'load', file]);
    expect((await desk.call('sync.syncNow', { wait: true })).lastError).toBeNull();
    expect((await desk.call('plans.getActive', {})).info).toMatchObject({ version: '2026.2', sample: false });
    const rows = await withDeskDb(desk, (db) =>
      db.prepare<[], { actor_id: string | null; actor_name: string | null; target: string }>("SELECT actor_id, actor_name, target FROM audit_log WHERE action = 'plan.received'").all(),
    );
    expect(rows).toEqual([{ actor_id: null, actor_name: null, target: `${String(plan.planId)}@2026.2` }]);
    const stored = await withDeskDb(desk, (db) => db.prepare<[], { imported_by: string | null }>("SELECT imported_by FROM plans WHERE version = '2026.2'").get());
    expect(stored).toEqual({ imported_by: null });
  });
});
