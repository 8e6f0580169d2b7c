import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleRole } from '../shared/console';
import { type ApplicationDraft } from '../shared/contract/application';
import { checkDigit } from '../shared/domain/idNumber';
import { commitmentOf } from '../shared/lottery/spec';
import { currentPlacement } from './services/placement/current';
import { loadPlan } from './services/plans';
import { recordResult } from './services/results';
import { type DeviceClient, makeItem } from './testing/client';
import { ConsoleTestClient } from './testing/consoleClient';
import { type TestServer, startTestServer, testDialects } from './testing/harness';

// Issue 13: a family tells the bureau by phone that it refuses reassignment (不服从调剂) after the desk took a form
// that says 是. A reviewer records it in the console (placement.recordReassignment): only reviewer roles, within
// their scope, audited with who; placement then reads the record over the form, and the hukou school the reviewer
// sets decides where the plan's 'hukou_school' rule sends the child.

const NOW = new Date('2026-07-20T02:00:00Z');
const PASSWORD = 'Kaoshi2026x';
const SCHOOL = 'p-dongcheng';
const ZONE = 'zp13';
/** A private school given one place: two applicants make the draw the freeze test needs. */
const PRIVATE = 'p-yucai';
const PARTY = { id: 'notary', name: '示例县公证处', secret: 'NOTARY-2026-secret-phrase' };

const idOf = (i: number) => {
  const first17 = `37990120190202${String(100 + i)}`;
  return first17 + checkDigit(first17);
};

function form(i: number, more: Partial<ApplicationDraft> = {}): ApplicationDraft {
  return {
    grade: 'primary1',
    child: { name: `王小${'甲乙丙'[i] ?? '明'}`, idType: 'resident_id', idNumber: idOf(i), birthDate: '2019-02-02', sex: 'F' },
    guardians: [{ relation: 'mother', name: '王母', idType: 'resident_id', idNumber: '379901198202021246', mobile: '13906330002' }],
    proxy: null,
    disability: null,
    preferential: null,
    materials: [],
    // 有房无户 with a hukou elsewhere in the county the plan's zones do not name: no hukou school derived.
    hukou: { inCounty: true, moveInDate: `2020-0${1 + i}-01`, address: '示例县某某村 8 号' },
    housing: { kind: 'property_certificate', registrationDate: `2018-0${1 + i}-01` },
    school: { schoolId: SCHOOL, zoneEntryId: ZONE },
    typeDecision: { derived: 'house_only', chosen: 'house_only' },
    acceptsReassignment: true,
    ...more,
  };
}

describe.each(testDialects())('是否服从调剂 recorded in the console (%s)', (dialect) => {
  let s: TestServer;
  let desk: DeviceClient;
  let admin: ConsoleTestClient;
  const clients = new Map<string, ConsoleTestClient>();
  const apps = new Map<string, { id: string; receipt: string }>();
  const db = () => s.store.db;

  const account = async (role: ConsoleRole, username: string, schoolIds: string[] = []) => {
    const created = await admin.ok('staff.create', { username, displayName: `${username} 姓名`, role, scope: { schoolIds, types: [] } });
    const c = new ConsoleTestClient(s.baseUrl);
    await c.signIn(username, created.initialPassword, PASSWORD);
    return c;
  };
  const send = async (name: string, f: ApplicationDraft) => {
    const item = makeItem(desk, { record: { form: f, receiptNo: 'x' }, childId: f.child?.idNumber ?? null });
    expect((await desk.batch(randomUUID(), [item])).status).toBe(200);
    apps.set(name, { id: item.applicationId, receipt: item.receiptNo });
    await recordResult(db(), { ref: item.applicationId, outcome: 'approved', reasons: [], missingMaterials: [], schoolCode: null, schoolName: null, reportDate: null, reportPlace: null, decidedBy: '审核员甲' }, NOW);
  };
  const child = async (name: string) => {
    const c = await currentPlacement(db());
    const receipt = apps.get(name)!.receipt;
    return { child: c.result.children.find((x) => x.receiptNo === receipt)!, app: c.applications.find((a) => a.receiptNo === receipt)! };
  };
  const record = (who: string, input: Record<string, unknown>) => clients.get(who)!.call('placement.recordReassignment', { applicationId: apps.get('late')!.id, ...input });

  beforeAll(async () => {
    s = await startTestServer(dialect);
    const plan = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json'), 'utf8')) as { schools: { id: string; plannedPlaces: number }[] };
    for (const x of plan.schools) if (x.id === SCHOOL || x.id === PRIVATE) x.plannedPlaces = 1;
    expect(await loadPlan(db(), s.county, plan, NOW)).toHaveProperty('version');
    desk = await s.device('A01');
    await send('first', form(0));
    await send('late', form(1));
    const out = await s.cli(['staff', 'create-admin', '--username', 'admin', '--name', '王局长']);
    admin = new ConsoleTestClient(s.baseUrl);
    await admin.signIn('admin', /一次性初始密码：(\S+)/.exec(out.out)![1]!, PASSWORD);
    clients.set('admin', admin);
    clients.set('reviewer', await account('reviewer', 'rr1'));
    clients.set('second_reviewer', await account('second_reviewer', 'rr2'));
    clients.set('school', await account('school', 'sch1', [SCHOOL]));
    clients.set('viewer', await account('viewer', 'vw1'));
    clients.set('outOfScope', await account('reviewer', 'rr3', ['p-chengguan']));
  }, 90_000);
  afterAll(async () => s?.close());

  it('only reviewer roles may record, within their scope; the others are refused before anything is stored', async () => {
    const note = { accepts: true, note: '家长来电确认服从调剂' };
    for (const role of ['admin', 'school', 'viewer']) expect([(await record(role, note)).status, (await record(role, note)).body.code], role).toEqual([403, 'forbidden']);
    expect((await record('outOfScope', note)).status).toBe(404);
    expect(await db().selectFrom('reassignment_records').selectAll().execute()).toEqual([]);
    for (const role of ['reviewer', 'second_reviewer']) expect((await record(role, note)).status, role).toBe(200);
    const view = await clients.get('reviewer')!.ok('applications.get', { applicationId: apps.get('late')!.id });
    expect(view.can.recordReassignment).toBe(true);
    expect((await admin.ok('applications.get', { applicationId: apps.get('late')!.id })).can.recordReassignment).toBe(false);
  });

  it('a refusal told by phone wins over the form in placement, and the view shows who recorded it and when', async () => {
    const before = await child('late');
    expect(before.app.refusesReassignment).toBe(false);
    expect(before.child.refusedReassignment).toBe(false);

    const r = await record('reviewer', { accepts: false, note: '7 月 21 日家长来电告知不服从调剂' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ formAccepts: true, accepts: false, recorded: { accepts: false, recordedBy: 'rr1 姓名', note: '7 月 21 日家长来电告知不服从调剂' }, hukouSchool: null });
    const after = await child('late');
    expect(after.app.refusesReassignment).toBe(true);
    expect(after.child).toMatchObject({ refusedReassignment: true, status: 'awaiting_reassignment', schoolId: null });
    expect(after.child.explanation).toContain('拒绝调剂 · 户籍学校未确定');

    const view = await clients.get('second_reviewer')!.ok('applications.get', { applicationId: apps.get('late')!.id });
    expect(view.reassignment).toMatchObject({ formAccepts: true, accepts: false, recorded: { recordedBy: 'rr1 姓名' } });
    expect(view.reassignment?.recorded?.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const audit = await admin.ok('audit.list', { action: 'placement.reassignmentRecorded', limit: 50 });
    expect(audit.entries[0]).toMatchObject({ actorName: 'rr1 姓名', actorRole: 'reviewer', target: apps.get('late')!.id, details: { accepts: false, receiptNo: apps.get('late')!.receipt } });
  });

  it('the hukou school a reviewer sets is where the plan sends a refusing child; a private or other-level school is refused', async () => {
    for (const bad of ['p-yucai', 'j-yizhong', 'nope']) {
      const r = await record('reviewer', { accepts: false, hukouSchoolId: bad, note: '家长来电' });
      expect([r.status, r.body.code], bad).toEqual([422, 'validation_failed']);
      expect(String(r.body.detail)).toContain('不能作为户籍学校');
    }
    const r = await record('reviewer', { accepts: false, hukouSchoolId: 'p-xihu', note: '家长来电，户籍在西湖' });
    expect(r.body).toMatchObject({ hukouSchool: { id: 'p-xihu', source: 'recorded' } });
    const after = await child('late');
    expect(after.app.hukouSchoolId).toBe('p-xihu');
    expect(after.child).toMatchObject({ status: 'reassigned', schoolId: 'p-xihu' });
    expect(after.child.explanation).toContain('拒绝调剂 · 按方案回户籍学校 示例县西湖小学 录取');
  });

  // Once the lists are frozen the frozen input decides this year's placement, so a record could never take effect:
  // refused with a 409 that says why and what to do, which differs by the draw's state (an announced draw can be
  // cancelled and frozen again; a drawn or published one cannot, so the message must not send the bureau there).
  it('refuses a record while a draw is frozen, with what to do for its state; nothing stored or audited', async () => {
    await send('yucai1', form(2, { school: { schoolId: PRIVATE, zoneEntryId: 'zp01' } }));
    await send('yucai2', form(0, { child: { name: '王小丁', idType: 'resident_id', idNumber: idOf(3), birthDate: '2019-02-02', sex: 'M' }, school: { schoolId: PRIVATE, zoneEntryId: 'zp01' } }));
    const announcement = {
      title: '示例县 2026 年民办学校电脑随机派位',
      sources: [{ candidates: [{ id: 'ssq-2026085', description: '中国福利彩票双色球第 2026085 期开奖号码（按开奖顺序）', format: 'int-list:7' }] }],
      parties: [{ id: PARTY.id, name: PARTY.name, commitment: commitmentOf(PARTY.secret) }],
    };
    const stored = async () => (await db().selectFrom('reassignment_records').selectAll().execute()).map((r) => ({ ...r, accepts: Number(r.accepts) }));
    const audited = async () => (await admin.ok('audit.list', { action: 'placement.reassignmentRecorded', limit: 50 })).entries.length;
    const refused = async (digest: string, says: string[], never: string[]) => {
      const [records, audits] = [await stored(), await audited()];
      const r = await record('reviewer', { accepts: true, note: '家长来电改为服从调剂' });
      expect([r.status, r.body.code]).toEqual([409, 'state_conflict']);
      const detail = String(r.body.detail);
      for (const text of [digest.slice(0, 12), ...says]) expect(detail).toContain(text);
      for (const text of never) expect(detail).not.toContain(text);
      expect(await stored()).toEqual(records);
      expect(await audited()).toBe(audits);
      // The application view says the same, so the console can disable the form with the reason.
      expect((await clients.get('reviewer')!.ok('applications.get', { applicationId: apps.get('late')!.id })).reassignment?.frozen).toBe(detail);
    };

    // Checking a new plan file says that the frozen draw keeps its own plan version (a new plan does not reach it).
    const planText = readFileSync(join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json'), 'utf8');
    const frozenNote = async () => (await admin.ok('plans.check', { text: planText })).notes.filter((n) => n.includes('电脑派位已冻结'));
    expect(await frozenNote()).toEqual([]);

    const announced = await admin.ok('lottery.announce', announcement);
    const digest = announced.lottery!.announcementDigest;
    await refused(digest, ['派位名单已冻结', '先撤销派位公告'], []);
    expect(await frozenNote()).toEqual([expect.stringMatching(/^2026 年的电脑派位已冻结（已公告待开奖，按第 \d+ 版方案）.*撤销公告/)]);

    // Cancelled: the lists are no longer frozen, the record is taken again.
    expect((await admin.call('lottery.cancel', { reason: '名单需更正' })).status).toBe(200);
    expect((await record('reviewer', { accepts: false, hukouSchoolId: 'p-xihu', note: '家长再次来电，仍不服从调剂' })).status).toBe(200);
    expect(await frozenNote()).toEqual([]);

    const again = await admin.ok('lottery.announce', announcement);
    expect((await admin.call('lottery.draw', { sources: [{ used: 1, skipped: [], value: '03 11 17 22 28 31 09' }], secrets: [{ party: PARTY.id, secret: PARTY.secret }] })).status).toBe(200);
    await refused(again.lottery!.announcementDigest, ['派位已开奖', '不能再撤销', '复核'], ['撤销派位公告']);
    // …and indeed a drawn lottery cannot be cancelled.
    expect((await admin.call('lottery.cancel', { reason: '试试' })).status).toBe(409);
    expect((await admin.call('placement.publish', {})).status).toBe(200);
    await refused(again.lottery!.announcementDigest, ['派位已发布结果', '不能再撤销'], ['撤销派位公告']);
    expect(await frozenNote()).toEqual([expect.stringContaining('已公布结果')]);
  });
});
