import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ADMIN, approveIfOutsideWindow, type TestDesk, openPlannedDesk, setStatusBehindCore, withDeskFile } from '../testing/desk';
import { openEncrypted } from '../db/connection';
import { loadOrCreateKeys } from './keys';
import { DB_FILE } from '../desk';
import { houseHukouApplication, makeId } from '../testing/fixtures';
import type { CountyPlan } from '../../../shared/plan/schema';
import type { ApplicationDraft } from '../../../shared/contract';
import type { ApplicationStatus } from '../../../shared/contract/application';
import { isValidReceiptNumber } from '../../../shared/domain/receiptNumber';
import { ReviewResultRepo } from '../db/repos/reviewResultRepo';
import { lotteryOutcome, reviewResult } from '../testing/printData';
import { smallPng } from '../testing/documentFiles';
import { materialsFor } from '../../../shared/domain/applicationRules';
import { auditActionLabel, auditDetailKey, auditDetailsText, printNamesOf } from '../../../shared/i18n/auditLines';
import { zhCN } from '../../../shared/i18n/zhCN';

let desk: TestDesk;
let plan: CountyPlan;
let planKey: string;

beforeEach(async () => {
  ({ desk, plan, planKey } = await openPlannedDesk());
});
afterEach(() => desk.cleanup());

async function submitNew(data = houseHukouApplication(plan), confirmNearMatches = false) {
  const { id } = await desk.call('applications.saveDraft', { data });
  await approveIfOutsideWindow(desk, id);
  return desk.call('applications.submit', { id, data, planKey, confirmNearMatches });
}

describe('sample plan', () => {
  it('is loaded on a fresh install and marked as a sample', async () => {
    const active = await desk.call('plans.getActive', {});
    expect(active.info.sample).toBe(true);
    expect(active.plan.county.name).toMatch(/示例/);
  });

  it('an invalid plan file is rejected with the exact path of each problem; the active plan stays', async () => {
    const badYear = { ...structuredClone(plan), year: '二〇二六' };
    const err = await desk.fail('plans.import', { json: JSON.stringify(badYear) });
    expect(err.code).toBe('PLAN_INVALID');
    expect((err.details?.issues ?? []).map((i) => i.path)).toContain('year');
    const badZone = structuredClone(plan);
    badZone.zones[3]!.schoolIds[0] = 'no-such-school';
    const zoneErr = await desk.fail('plans.import', { json: JSON.stringify(badZone) });
    expect((zoneErr.details?.issues ?? []).map((i) => i.path)).toContain('zones.3.schoolIds.0');
    for (const i of zoneErr.details?.issues ?? []) expect(i.message).toMatch(/[\u4e00-\u9fff]/);
    expect((await desk.fail('plans.import', { json: '{"planId": ' })).code).toBe('PLAN_INVALID');
    expect((await desk.call('plans.getActive', {})).info.planKey).toBe(planKey);
  });

  it('an imported plan becomes active and recorded; a draft under the old plan must be re-checked', async () => {
    const data = houseHukouApplication(plan);
    const { id } = await desk.call('applications.saveDraft', { data });
    await approveIfOutsideWindow(desk, id);
    const next = { ...plan, version: `${plan.year}.99`, sample: false };
    const info = await desk.call('plans.import', { json: JSON.stringify(next) });
    expect(info.active).toBe(true);
    expect((await desk.fail('applications.submit', { id, data, planKey })).code).toBe('PLAN_CHANGED');
    expect((await desk.fail('applications.submit', { id, data, planKey: 'gone@1' })).code).toBe('PLAN_NOT_FOUND');
    // The earlier plan stays readable by its key for what was taken under it.
    expect((await desk.call('plans.get', { planKey })).info).toMatchObject({ planKey, active: false, sample: true });
    expect((await desk.fail('plans.get', { planKey: 'never@1' })).code).toBe('PLAN_UNKNOWN');
    const ok = await desk.call('applications.submit', { id, data, planKey: info.planKey });
    expect((await desk.call('applications.get', { id: ok.id })).planKey).toBe(info.planKey);
  });
});

describe('drafts and submission', () => {
  it('saves a half-typed draft, resumes it, and submits it to 已受理 with a valid receipt number', async () => {
    const full = houseHukouApplication(plan);
    const { id } = await desk.call('applications.saveDraft', { data: { grade: 'primary1', child: { name: '张小' } } });
    await approveIfOutsideWindow(desk, id);
    const draft = await desk.call('applications.get', { id });
    expect(draft.status).toBe('draft');
    expect(draft.data.child?.name).toBe('张小');
    const r = await desk.call('applications.submit', { id, data: full, planKey });
    expect(r.status).toBe('accepted');
    expect(isValidReceiptNumber(r.receiptNo)).toBe(true);
    expect(r.receiptNo.startsWith('371102-A01-')).toBe(true);
    const rec = await desk.call('applications.get', { id });
    expect(rec.status).toBe('accepted');
    expect(rec.revisions).toHaveLength(1);
    expect(rec.planKey).toBe(planKey);
    // Outside the registration window (the real date) the admin's approval sits between the two.
    expect(rec.history.map((h) => h.action).filter((a) => a !== 'application.windowOverrideApproved')).toEqual(['application.draftCreated', 'application.submitted']);
  });

  it('invalid input is refused at its fields, and the draft keeps everything typed', async () => {
    const data = houseHukouApplication(plan);
    const child = { ...data.child!, idNumber: data.child!.idNumber!.slice(0, 17) + (data.child!.idNumber!.endsWith('1') ? '2' : '1'), birthDate: '2031-02-30' };
    const bad = { ...data, child, guardians: [{ ...data.guardians![0]!, mobile: '12345', idNumber: data.child!.idNumber }, data.guardians![1]!] };
    const { id } = await desk.call('applications.saveDraft', { data: bad });
    await approveIfOutsideWindow(desk, id);
    const err = await desk.fail('applications.submit', { id, data: bad, planKey });
    expect(err.code).toBe('VALIDATION_FAILED');
    const paths = (err.details?.issues ?? []).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['child.idNumber', 'child.birthDate', 'guardians.0.mobile']));
    for (const i of err.details?.issues ?? []) expect(i.message).toMatch(/[\u4e00-\u9fff]/);
    const kept = await desk.call('applications.get', { id });
    expect(kept.status).toBe('draft');
    expect(kept.data).toMatchObject({ child: { birthDate: '2031-02-30' }, guardians: [{ mobile: '12345' }, {}] });
  });

  it('rejects oversized and control-character text without touching the stored draft', async () => {
    const data = houseHukouApplication(plan);
    const { id } = await desk.call('applications.saveDraft', { data });
    await approveIfOutsideWindow(desk, id);
    const huge = await desk.fail('applications.saveDraft', { id, data: { ...data, remarks: '备'.repeat(100_000) } });
    expect(huge.code).toBe('VALIDATION_FAILED');
    expect(huge.details?.issues?.[0]?.path).toBe('data.remarks');
    const ctrl = await desk.fail('applications.saveDraft', { id, data: { ...data, child: { ...data.child, name: '张\u202e明' } } });
    expect(ctrl.details?.issues?.[0]?.path).toBe('data.child.name');
    expect((await desk.call('applications.get', { id })).data.child?.name).toBe('张小明');
  });

  it('keeps rare characters and minority names exact, normalising look-alike dots', async () => {
    const rare = await submitNew(houseHukouApplication(plan, { name: '𠮷𡈽明' }));
    const minority = await submitNew(houseHukouApplication(plan, { name: '阿依古丽•买买提', birthDate: '2020-01-02', fatherMobile: '13700137000' }));
    expect((await desk.call('applications.get', { id: rare.id })).childName).toBe('𠮷𡈽明');
    expect((await desk.call('applications.get', { id: minority.id })).childName).toBe('阿依古丽·买买提');
    const found = await desk.call('applications.search', { query: '𠮷𡈽' });
    expect(found.rows.map((r) => r.id)).toEqual([rare.id]);
    const byDot = await desk.call('applications.search', { query: '古丽・买' });
    expect(byDot.rows.map((r) => r.id)).toEqual([minority.id]);
  });

  it('a clerk cannot grant an age override; a supervisor password can', async () => {
    await desk.call('staff.create', { username: 'clerk1', displayName: '李受理', role: 'clerk', password: 'Clerk2026a' });
    await desk.call('staff.create', { username: 'boss1', displayName: '周主管', role: 'supervisor', password: 'Boss2026aa' });
    await desk.call('auth.logout', {});
    await desk.call('auth.login', { username: 'clerk1', password: 'Clerk2026a' });
    await desk.call('auth.changePassword', { currentPassword: 'Clerk2026a', newPassword: 'Clerk2026b' });
    const young = houseHukouApplication(plan, { birthDate: `${plan.year - 6}-09-01` });
    // A forged override in the form is ignored.
    const forged = { ...young, ageOverride: { reason: '自己批准', approvedBy: 'clerk1' } };
    const { id } = await desk.call('applications.saveDraft', { data: forged });
    await approveIfOutsideWindow(desk, id);
    const err = await desk.fail('applications.submit', { id, data: forged, planKey });
    expect(err.details?.issues?.map((i) => i.path)).toContain('child.birthDate');
    expect((await desk.fail('applications.approveAgeOverride', { id, reason: '提前入学申请', supervisorUsername: 'boss1', supervisorPassword: 'wrong' })).code).toBe('SUPERVISOR_REQUIRED');
    const ok = await desk.call('applications.approveAgeOverride', { id, reason: '经评估同意提前入学', supervisorUsername: 'boss1', supervisorPassword: 'Boss2026aa' });
    expect([ok.approvedBy, ok.approvedByName]).toEqual(['boss1', '周主管']);
    const r = await desk.call('applications.submit', { id, data: young, planKey });
    expect(r.status).toBe('accepted');
    expect((await desk.call('applications.get', { id })).data.ageOverride).toMatchObject({ approvedBy: 'boss1', approvedByName: '周主管' });
    // An approval recorded before the name was (username only) is read with the staff member's display name.
    await rewriteData(id, (d) => ({ ...d, ageOverride: { reason: d.ageOverride!.reason, approvedBy: 'boss1' }, windowOverride: d.windowOverride ? { ...d.windowOverride, approvedBy: ADMIN.username, approvedByName: undefined } : d.windowOverride }));
    const old = (await desk.call('applications.get', { id })).data;
    expect(old.ageOverride?.approvedByName).toBe('周主管');
    if (old.windowOverride) expect(old.windowOverride.approvedByName).toBe(ADMIN.displayName);
  });
});

describe('duplicates', () => {
  it('blocks a second active application for the same child and names the existing one', async () => {
    const first = await submitNew(houseHukouApplication(plan, { idNumber: makeId('370102', '2020-02-02', '135'), birthDate: '2020-02-02' }));
    const again = houseHukouApplication(plan, { idNumber: makeId('370102', '2020-02-02', '135'), name: '张小明', birthDate: '2020-02-02' });
    const { id } = await desk.call('applications.saveDraft', { data: again });
    await approveIfOutsideWindow(desk, id);
    const err = await desk.fail('applications.submit', { id, data: again, planKey });
    expect(err.code).toBe('DUPLICATE_APPLICATION');
    expect(err.message).toContain(first.receiptNo);
    expect((err.details?.existing as { id: string }).id).toBe(first.id);
    // After voiding the first, the child may apply again.
    await desk.call('applications.void', { id: first.id, reason: '家长撤回' });
    expect((await desk.call('applications.submit', { id, data: again, planKey })).status).toBe('accepted');
  });

  it('blocks by name + birth date when the child has no ID number', async () => {
    const a = houseHukouApplication(plan, { idNumber: null, name: '王小丫', birthDate: '2020-04-04' });
    await submitNew(a);
    const b = houseHukouApplication(plan, { idNumber: null, name: '王小丫', birthDate: '2020-04-04', fatherMobile: '13600136000' });
    const { id } = await desk.call('applications.saveDraft', { data: b });
    await approveIfOutsideWindow(desk, id);
    expect((await desk.fail('applications.submit', { id, data: b, planKey })).code).toBe('DUPLICATE_APPLICATION');
  });

  it('warns on near matches (same birth date and similar name, or same guardian phone) until confirmed', async () => {
    await submitNew(houseHukouApplication(plan, { name: '刘一鸣', birthDate: '2020-05-05', fatherMobile: '13800138000' }));
    const twin = houseHukouApplication(plan, { name: '刘一鸿', birthDate: '2020-05-05', fatherMobile: '13800138000' });
    const { id } = await desk.call('applications.saveDraft', { data: twin });
    await approveIfOutsideWindow(desk, id);
    const err = await desk.fail('applications.submit', { id, data: twin, planKey });
    expect(err.code).toBe('NEAR_MATCH_WARNING');
    const reasons = (err.details?.nearMatches as Array<{ reasons: string[] }>)[0]?.reasons ?? [];
    expect(reasons.join()).toMatch(/出生日期相同/);
    expect(reasons.join()).toMatch(/监护人电话相同/);
    expect((await desk.call('applications.submit', { id, data: twin, planKey, confirmNearMatches: true })).status).toBe('accepted');
  });
});

describe('服从调剂 and siblings applying together (issue 13)', () => {
  it('a refusal of reassignment and a twin’s ID number are stored with the application; a record without them reads as 服从调剂', async () => {
    const data = houseHukouApplication(plan);
    const twin = makeId('370102', '2020-03-15', '990');
    const r = await submitNew({ ...data, acceptsReassignment: false, siblings: [{ idType: 'resident_id', idNumber: twin.toLowerCase() }] });
    const rec = await desk.call('applications.get', { id: r.id });
    expect(rec.data.acceptsReassignment).toBe(false);
    expect(rec.data.siblings).toEqual([{ idType: 'resident_id', idNumber: twin }]);
    // As every application before issue 13 was stored: neither field, and it loads and submits as before.
    const old = await submitNew(houseHukouApplication(plan, { name: '李小红', birthDate: '2020-05-01' }), true);
    const oldRec = await desk.call('applications.get', { id: old.id });
    expect(oldRec.status).toBe('accepted');
    expect('acceptsReassignment' in oldRec.data || 'siblings' in oldRec.data).toBe(false);
  });

  it('a sibling’s ID number with a wrong check digit, or the child’s own, is refused at its field; the draft keeps it', async () => {
    const data = houseHukouApplication(plan);
    const own = data.child!.idNumber!;
    const twin = makeId('370102', '2020-03-15', '990');
    const wrong = twin.slice(0, 17) + (twin.endsWith('1') ? '2' : '1');
    const bad = { ...data, siblings: [{ idType: 'resident_id' as const, idNumber: wrong }, { idType: 'resident_id' as const, idNumber: own }] };
    const { id } = await desk.call('applications.saveDraft', { data: bad });
    await approveIfOutsideWindow(desk, id);
    const err = await desk.fail('applications.submit', { id, data: bad, planKey });
    expect(err.code).toBe('VALIDATION_FAILED');
    const issues = err.details?.issues ?? [];
    expect(issues.map((i) => i.path)).toEqual(['siblings.0.idNumber', 'siblings.1.idNumber']);
    expect(issues[0]!.message).toMatch(/校验位不正确/);
    expect(issues[1]!.message).toMatch(/本儿童自己的证件号码/);
    expect((await desk.call('applications.get', { id })).data.siblings).toEqual(bad.siblings);
  });
});

describe('revisions and void', () => {
  it('修改记录 and 操作记录 show the display name (李云), not the username (liyun)', async () => {
    await desk.call('staff.create', { username: 'liyun', displayName: '李云', role: 'clerk', password: 'Clerk2026a' });
    await desk.call('auth.logout', {});
    await desk.call('auth.login', { username: 'liyun', password: 'Clerk2026a' });
    await desk.call('auth.changePassword', { newPassword: 'Clerk2026b' });
    const data = houseHukouApplication(plan);
    const r = await submitNew(data);
    await desk.call('applications.update', { id: r.id, data: { ...data, guardians: [{ ...data.guardians![0]!, mobile: '13512345678' }, data.guardians![1]!] }, planKey, reason: '家长更正电话' });
    const rec = await desk.call('applications.get', { id: r.id });
    expect(rec.revisions.map((x) => [x.createdBy, x.createdByName])).toEqual([
      ['liyun', '李云'],
      ['liyun', '李云'],
    ]);
    expect(rec.history.length).toBeGreaterThan(2);
    for (const h of rec.history) expect(h.actorName).toBe('李云');
    // The audit log itself keeps what was recorded.
    await desk.call('auth.logout', {});
    await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    const logged = (await desk.call('audit.list', { limit: 50 })).find((e) => e.action === 'application.revised');
    expect(logged?.actorName).toBe('李云(liyun)');
  });

  it('an edit after submission is a new revision with who/when/what in the audit log', async () => {
    const data = houseHukouApplication(plan);
    const r = await submitNew(data);
    const edited = { ...data, guardians: [{ ...data.guardians![0]!, mobile: '13512345678' }, data.guardians![1]!] };
    // A correction being typed is saved as typed beside the submitted record, which stays as it was.
    await desk.call('applications.saveEdit', { id: r.id, data: edited });
    const pending = await desk.call('applications.get', { id: r.id });
    expect(pending.pendingEdit?.guardians?.[0]?.mobile).toBe('13512345678');
    expect(pending.data.guardians?.[0]?.mobile).toBe(data.guardians![0]!.mobile);
    expect(pending.revision).toBe(1);
    const u = await desk.call('applications.update', { id: r.id, data: edited, planKey, reason: '家长更正电话' });
    expect(u.revision).toBe(2);
    const rec = await desk.call('applications.get', { id: r.id });
    expect(rec.revisions.map((x) => x.revision)).toEqual([1, 2]);
    expect(rec.pendingEdit).toBeNull();
    expect(rec.guardianPhones).toContain('13512345678');
    const revised = rec.history.find((h) => h.action === 'application.revised');
    expect(revised?.details).toMatchObject({ revision: 2, reason: '家长更正电话', changed: ['guardians.0.mobile'] });
    // 操作记录 and 修改记录 name the staff member as staff know them (王管理), not by username.
    expect(revised?.actorName).toBe(ADMIN.displayName);
    expect(rec.revisions.map((x) => x.createdByName)).toEqual([ADMIN.displayName, ADMIN.displayName]);
    expect((await desk.call('applications.search', { query: '13512345678' })).rows[0]?.id).toBe(r.id);
  });

  it('only supervisors may void, with a reason', async () => {
    const r = await submitNew();
    await desk.call('staff.create', { username: 'clerk1', displayName: '李受理', role: 'clerk', password: 'Clerk2026a' });
    await desk.call('auth.logout', {});
    await desk.call('auth.login', { username: 'clerk1', password: 'Clerk2026a' });
    await desk.call('auth.changePassword', { currentPassword: 'Clerk2026a', newPassword: 'Clerk2026b' });
    expect((await desk.fail('applications.void', { id: r.id, reason: '重复' })).code).toBe('FORBIDDEN');
    expect((await desk.call('applications.get', { id: r.id })).status).toBe('accepted');
  });
});

/** An application's stored form changed behind the core's back (as an older desk left it). */
async function rewriteData(id: string, change: (d: ApplicationDraft) => ApplicationDraft) {
  await withDeskFile(desk, (db) => {
    const row = db.prepare<[string], { data: string }>('SELECT data FROM applications WHERE id = ?').get(id)!;
    db.prepare('UPDATE applications SET data = ? WHERE id = ?').run(JSON.stringify(change(JSON.parse(row.data) as ApplicationDraft)), id);
  });
}

const setStatus = (id: string, status: ApplicationStatus) => setStatusBehindCore(desk, id, status);

describe('what may be done by status (shared/domain/applicationActions)', () => {
  it('a correction is refused once the county has decided, with what to do; before that it is a new revision', async () => {
    const data = houseHukouApplication(plan);
    const r = await submitNew(data);
    const edited = { ...data, guardians: [{ ...data.guardians![0]!, mobile: '13512345678' }, data.guardians![1]!] };
    for (const [status, label] of [['approved', '审核通过'], ['rejected', '审核不通过'], ['admitted', '已录取'], ['reassigned', '已调剂'], ['lottery_lost', '未中签'], ['reported', '已报到']] as const) {
      await setStatus(r.id, status);
      for (const e of [await desk.fail('applications.update', { id: r.id, data: edited, planKey, reason: '家长更正电话' }), await desk.fail('applications.saveEdit', { id: r.id, data: edited })]) {
        expect(e.code).toBe('APPLICATION_DECIDED');
        expect(e.message).toContain(`（${label}）`);
        expect(e.message).toContain('县教育部门招生办申请更正');
      }
    }
    const rec = await desk.call('applications.get', { id: r.id });
    expect([rec.revision, rec.pendingEdit, rec.guardianPhones.includes('13512345678')]).toEqual([1, null, false]);
    // 需补充材料: not decided yet, the correction goes through.
    await setStatus(r.id, 'needs_materials');
    expect((await desk.call('applications.update', { id: r.id, data: edited, planKey, reason: '家长更正电话' })).revision).toBe(2);
  });

  it('void only before admission; a draft is discarded, not voided', async () => {
    const admitted = await submitNew();
    await setStatus(admitted.id, 'admitted');
    const e = await desk.fail('applications.void', { id: admitted.id, reason: '家长放弃' });
    expect([e.code, e.message.includes('“已录取”'), e.message.includes('录取学校或县教育部门')]).toEqual(['APPLICATION_NOT_VOIDABLE', true, true]);
    expect((await desk.call('applications.get', { id: admitted.id })).status).toBe('admitted');
    const waiting = await submitNew(houseHukouApplication(plan, { name: '周待调', idNumber: makeId('370102', '2020-03-01', '117'), birthDate: '2020-03-01', fatherMobile: '13900139011' }));
    await setStatus(waiting.id, 'awaiting_reassignment');
    await desk.call('applications.void', { id: waiting.id, reason: '家长撤回' });
    expect((await desk.call('applications.get', { id: waiting.id })).status).toBe('void');
    const { id: draftId } = await desk.call('applications.saveDraft', { data: houseHukouApplication(plan, { name: '周草稿' }) });
    expect((await desk.fail('applications.void', { id: draftId, reason: '不要了' })).code).toBe('DRAFT_NOT_VOIDABLE');
    expect((await desk.call('applications.get', { id: draftId })).status).toBe('draft');
  });
});

describe('search', () => {
  it('finds by name part, pinyin initials, any part of the ID, guardian phone and receipt number; filters apply', async () => {
    const a = await submitNew(houseHukouApplication(plan, { name: '赵子龙', birthDate: '2020-06-01', idNumber: makeId('370102', '2020-06-01', '771'), fatherMobile: '13811112222' }));
    await submitNew(houseHukouApplication(plan, { name: '钱多多', birthDate: '2020-06-02', fatherMobile: '13833334444' }));
    const id = (await desk.call('applications.get', { id: a.id })).childIdNumber!;
    const q = async (query: string) => (await desk.call('applications.search', { query })).rows.map((r) => r.id);
    expect(await q('子龙')).toEqual([a.id]);
    expect(await q('赵')).toEqual([a.id]);
    expect(await q('zzl')).toEqual([a.id]);
    expect(await q(id.slice(-6))).toEqual([a.id]);
    expect(await q(id.slice(6, 14))).toEqual([a.id]);
    expect(await q('1111222')).toEqual([a.id]);
    expect(await q(a.receiptNo)).toEqual([a.id]);
    expect(await q(a.receiptNo.slice(-8))).toEqual([a.id]);
    expect(await q('无此人')).toEqual([]);
    const accepted = await desk.call('applications.search', { query: '', status: ['accepted'] });
    expect(accepted.total).toBe(2);
    expect((await desk.call('applications.search', { query: '', status: ['void'] })).total).toBe(0);
    expect((await desk.call('applications.search', { query: '', enrollmentType: ['migrant'] })).total).toBe(0);
    expect((await desk.call('applications.search', { query: '', syncState: ['unsynced'] })).total).toBe(2);
  });
});

describe('search with rare characters', () => {
  it('finds a name with a supplementary-plane character by its pinyin initials (王𠮷祥: 𠮷 reads jí)', async () => {
    const a = await submitNew(houseHukouApplication(plan, { name: '王𠮷祥' }));
    const q = async (query: string) => (await desk.call('applications.search', { query })).rows.map((r) => r.id);
    expect(await q('wjx')).toEqual([a.id]);
    expect(await q('jx')).toEqual([a.id]);
    expect(await q('王𠮷')).toEqual([a.id]);
  });

  it('rebuilds search entries made by an older index version when the desk opens', async () => {
    const a = await submitNew(houseHukouApplication(plan, { name: '王𠮷祥' }));
    desk.close();
    // What an older desk stored: the initials without a reading for 𠮷, and the older index version.
    const keys = await loadOrCreateKeys(desk.dataDir, desk.ports.secretStore, false);
    const db = openEncrypted(join(desk.dataDir, DB_FILE), keys.db);
    const rowId = (db.prepare('SELECT row_id FROM applications WHERE id = ?').get(a.id) as { row_id: number }).row_id;
    db.prepare('DELETE FROM applications_fts WHERE rowid = ?').run(rowId);
    db.prepare('INSERT INTO applications_fts (rowid, body) VALUES (?, ?)').run(rowId, '王𠮷祥 ␞ w𠮷x');
    db.prepare('DELETE FROM search_grams WHERE app_rowid = ?').run(rowId);
    db.prepare("UPDATE meta SET value = '1' WHERE key = 'search.indexVersion'").run();
    db.close();
    desk = await desk.reopen();
    await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    const found = await desk.call('applications.search', { query: 'wjx' });
    expect(found.rows.map((r) => r.id)).toEqual([a.id]);
  });
});

describe('search by receipt number and date', () => {
  it('finds a receipt typed whole, without dashes, by its leading part, or by its tail', async () => {
    const a = await submitNew();
    const b = await submitNew(houseHukouApplication(plan, { name: '周一', birthDate: '2020-01-09' }));
    const q = async (query: string) => (await desk.call('applications.search', { query })).rows.map((r) => r.id).sort();
    const dashless = a.receiptNo.replace(/-/g, '');
    expect(await q(a.receiptNo)).toEqual([a.id]);
    expect(await q(dashless)).toEqual([a.id]);
    expect(await q(dashless.toLowerCase())).toEqual([a.id]);
    // Leading part common to both: county, counter and day.
    expect(await q(a.receiptNo.slice(0, 17))).toEqual([a.id, b.id].sort());
    expect(await q(a.receiptNo.split('-').slice(2).join('-'))).toEqual([a.id]);
  });

  it("filters by the counter's local day, not the UTC day", async () => {
    const r = await submitNew();
    const rec = await desk.call('applications.get', { id: r.id });
    const at = new Date(rec.submittedAt!);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
    const next = new Date(at.getFullYear(), at.getMonth(), at.getDate() + 1);
    const nextDay = `${next.getFullYear()}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}`;
    expect((await desk.call('applications.search', { query: '', from: local, to: local })).total).toBe(1);
    expect((await desk.call('applications.search', { query: '', from: nextDay })).total).toBe(0);
    expect((await desk.call('applications.search', { query: '', to: local, status: ['accepted'] })).total).toBe(1);
  });
});

describe('registration window (issue 10): outside it a supervisor approves, or the plan refuses', () => {
  const at = (y: number, m: number, d: number) => new Date(y, m - 1, d, 10, 0, 0);
  /** The next counter day: the idle lock has long struck, so the admin unlocks as at the counter. */
  const nextDay = async () => {
    desk.ports.clock.advance(24 * 3600_000);
    await desk.call('auth.unlockSession', { password: ADMIN.password });
  };

  it('outside the window submit needs an approval for today: a clerk brings a supervisor, the renderer cannot forge one', async () => {
    desk.ports.clock.set(at(2026, 12, 2));
    await desk.call('staff.create', { username: 'zhao', displayName: '赵受理', role: 'clerk', password: 'Clerk2026a' });
    await desk.call('staff.create', { username: 'qian', displayName: '钱主管', role: 'supervisor', password: 'Boss2026aa' });
    await desk.call('auth.logout', {});
    await desk.call('auth.login', { username: 'zhao', password: 'Clerk2026a' });
    await desk.call('auth.changePassword', { newPassword: 'Clerk2026b' });
    const data = { ...houseHukouApplication(plan), windowOverride: { reason: '自己批准', approvedBy: 'zhao', day: '2026-12-02' } };
    const { id } = await desk.call('applications.saveDraft', { data });
    const err = await desk.fail('applications.submit', { id, data, planKey });
    expect(err.code).toBe('OUTSIDE_WINDOW_APPROVAL_REQUIRED');
    expect(err.message).toContain('今天（2026-12-02）不在招生方案规定的报名时间（2026-06-15 至 2026-07-10）内');
    expect((await desk.call('applications.get', { id })).status).toBe('draft');
    const refused = await desk.fail('applications.approveOutsideWindow', { id, reason: '家长住院未能按时报名', supervisorUsername: 'qian', supervisorPassword: 'nope' });
    expect(refused.code).toBe('SUPERVISOR_REQUIRED');
    const ok = await desk.call('applications.approveOutsideWindow', { id, reason: '家长住院未能按时报名', supervisorUsername: 'qian', supervisorPassword: 'Boss2026aa' });
    // Recorded with who is accountable (qian) and the name staff, printouts and the county read (钱主管).
    expect(ok).toEqual({ reason: '家长住院未能按时报名', approvedBy: 'qian', approvedByName: '钱主管', day: '2026-12-02' });
    // An autosave after the approval keeps it (the form as typed carries none).
    await desk.call('applications.saveDraft', { id, data: houseHukouApplication(plan) });
    const r = await desk.call('applications.submit', { id, data: houseHukouApplication(plan), planKey });
    expect(r.status).toBe('accepted');
    const rec = await desk.call('applications.get', { id });
    expect(rec.data.windowOverride).toEqual(ok);
    expect(rec.history.map((h) => h.action)).toEqual(['application.draftCreated', 'application.windowOverrideRefused', 'application.windowOverrideApproved', 'application.submitted']);
    // 操作记录 names the approver as staff know them (recorded as qian in the audit log).
    expect(rec.history.find((h) => h.action === 'application.submitted')?.details).toMatchObject({ outsideWindowApprovedBy: '钱主管' });
    // A correction later keeps the approval the application was taken with.
    await desk.call('applications.update', { id, data: { ...houseHukouApplication(plan), remarks: '补记', windowOverride: null }, planKey, reason: '补充备注' });
    expect((await desk.call('applications.get', { id })).data.windowOverride).toEqual(ok);
  });

  it('an approval holds for the day it was given: the next day the draft needs a new one', async () => {
    desk.ports.clock.set(at(2026, 7, 11));
    const data = houseHukouApplication(plan);
    const { id } = await desk.call('applications.saveDraft', { data });
    expect((await desk.call('applications.approveOutsideWindow', { id, reason: '补报，经教育局同意' })).approvedBy).toBe(ADMIN.username);
    await nextDay();
    expect((await desk.fail('applications.submit', { id, data, planKey })).message).toContain('今天（2026-07-12）');
    await desk.call('applications.approveOutsideWindow', { id, reason: '补报，经教育局同意' });
    expect((await desk.call('applications.submit', { id, data, planKey })).status).toBe('accepted');
  });

  it('inside the window nothing is needed and no approval is recorded, even one given on an earlier day', async () => {
    desk.ports.clock.set(at(2026, 6, 14));
    const data = houseHukouApplication(plan);
    const { id } = await desk.call('applications.saveDraft', { data });
    await desk.call('applications.approveOutsideWindow', { id, reason: '提前受理，经教育局同意' });
    await nextDay();
    const notNeeded = await desk.fail('applications.approveOutsideWindow', { id, reason: '提前受理' });
    expect([notNeeded.code, notNeeded.message]).toEqual(['OUTSIDE_WINDOW_NOT_NEEDED', expect.stringContaining('今天（2026-06-15）在报名时间') as string]);
    expect((await desk.call('applications.submit', { id, data, planKey })).status).toBe('accepted');
    expect((await desk.call('applications.get', { id })).data.windowOverride).toBeUndefined();
  });

  it('a plan that refuses: no submit and no approval outside the window, audited; inside it the counter works', async () => {
    const refusing = { ...structuredClone(plan), version: `${plan.year}.7`, registrationWindow: { ...plan.registrationWindow, outside: 'refuse' as const } };
    const info = await desk.call('plans.import', { json: JSON.stringify(refusing) });
    desk.ports.clock.set(at(2026, 7, 20));
    const data = houseHukouApplication(plan);
    const { id } = await desk.call('applications.saveDraft', { data });
    const noApproval = await desk.fail('applications.approveOutsideWindow', { id, reason: '家长坚持' });
    expect(noApproval.code).toBe('OUTSIDE_WINDOW_REFUSED');
    const err = await desk.fail('applications.submit', { id, data, planKey: info.planKey });
    expect([err.code, err.message]).toEqual(['OUTSIDE_WINDOW_REFUSED', expect.stringContaining('报名时间以外不予受理') as string]);
    const rec = await desk.call('applications.get', { id });
    expect(rec.status).toBe('draft');
    expect(rec.history.filter((h) => h.action === 'application.outsideWindowRefused')).toHaveLength(2);
    desk.ports.clock.set(at(2026, 7, 1));
    expect((await desk.call('applications.submit', { id, data, planKey: info.planKey })).status).toBe('accepted');
  });
});

describe('county placement results on the record and the list (issue 13)', () => {
  it('中签 / 未中签 with the pool, place, key and placed school once the result is applied; a held result shows nothing', async () => {
    const won = await submitNew(houseHukouApplication(plan, { name: '周一一', idNumber: makeId('370102', '2020-02-11', '111'), birthDate: '2020-02-11', fatherMobile: '13900139001' }));
    const lost = await submitNew(houseHukouApplication(plan, { name: '周二二', idNumber: makeId('370102', '2020-02-12', '113'), birthDate: '2020-02-12', fatherMobile: '13900139002' }));
    const held = await submitNew(houseHukouApplication(plan, { name: '周三三', idNumber: makeId('370102', '2020-02-13', '115'), birthDate: '2020-02-13', fatherMobile: '13900139003' }));
    const keys = await loadOrCreateKeys(desk.dataDir, desk.ports.secretStore, false);
    const db = openEncrypted(join(desk.dataDir, DB_FILE), keys.db);
    try {
      const repo = new ReviewResultRepo(db);
      const setStatus = db.prepare('UPDATE applications SET status = ? WHERE id = ?');
      repo.record(reviewResult({ applicationId: won.id, outcome: 'admitted', schoolName: '示例县育才民办小学', lottery: lotteryOutcome() }));
      setStatus.run('admitted', won.id);
      const lostDraw = lotteryOutcome({ rank: 7, won: false, key: '7'.repeat(64) });
      repo.record(reviewResult({ applicationId: lost.id, outcome: 'awaiting_reassignment', schoolName: null, schoolCode: null, reportDate: null, reportPlace: null, lottery: lostDraw }));
      setStatus.run('awaiting_reassignment', lost.id);
      repo.record(reviewResult({ applicationId: held.id, outcome: 'admitted', lottery: lotteryOutcome() }), new Date().toISOString(), false);
    } finally {
      db.close();
    }
    const a = await desk.call('applications.get', { id: won.id });
    expect(a.lottery).toBe('won');
    expect(a.countyResult).toMatchObject({ outcome: 'admitted', schoolName: '示例县育才民办小学', lottery: { won: true, rank: 3, of: 10, places: 4, key: lotteryOutcome().key } });
    const b = await desk.call('applications.get', { id: lost.id });
    expect([b.status, b.lottery, b.countyResult?.lottery?.rank]).toEqual(['awaiting_reassignment', 'lost', 7]);
    const c = await desk.call('applications.get', { id: held.id });
    expect([c.lottery, c.countyResult]).toEqual([undefined, null]);
    const rows = (await desk.call('applications.search', { query: '周' })).rows;
    expect(Object.fromEntries(rows.map((r) => [r.childName, r.lottery ?? null]))).toEqual({ 周一一: 'won', 周二二: 'lost', 周三三: null });
  });
});

// 申请详情 → 操作记录 reads as Chinese (issue 10: it showed `printout.generated` and
// `kind：receipt；paper：A4；sha256：…`). A real desk takes an application through what happens to it at the counter —
// submitted, receipt printed and reprinted, a page scanned, corrected — and every line of its history is named and
// detailed in Chinese by the formatter both 操作记录 and 审计日志 use.
/** Every key of a details object, nested objects and arrays of objects included. */
function keysOf(details: unknown): string[] {
  if (Array.isArray(details)) return details.flatMap(keysOf);
  if (details === null || typeof details !== 'object') return [];
  return Object.entries(details).flatMap(([k, v]) => [k, ...keysOf(v)]);
}

describe('application history (操作记录)', () => {
  it('names every action and every detail in Chinese, with the document and paper by name', async () => {
    const data = houseHukouApplication(plan);
    const { id } = await submitNew(data, true);
    const printout = await desk.call('printing.render', { applicationId: id, kind: 'receipt', paper: 'A4' });
    await desk.call('printing.print', { printoutId: printout.printoutId });
    await desk.call('printing.print', { printoutId: printout.printoutId, reason: '家长遗失回执' });
    const material = materialsFor('house_hukou', plan)[0]!.id;
    await desk.call('documents.importFile', { applicationId: id, materialKey: material, name: 'p', source: 'file', dataBase64: (await smallPng()).toString('base64') });
    await desk.call('applications.update', { id, data: { ...data, child: { ...data.child, name: '张晓明' } }, planKey, reason: '家长更正姓名用字' });

    const { history } = await desk.call('applications.get', { id });
    const actions = history.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['application.submitted', 'printout.generated', 'printout.printed', 'printout.reprinted', 'document.pagesAdded', 'application.revised']));
    for (const e of history) {
      expect(auditActionLabel(e.action), e.action).toMatch(/^[^a-zA-Z.]*[\u4e00-\u9fff][^a-zA-Z.]*$/u);
      const unnamed = keysOf(e.details).filter((k) => !auditDetailKey(e.action, k));
      expect(unnamed, `${e.action}: ${JSON.stringify(e.details)}`).toEqual([]);
    }
    const generated = history.find((e) => e.action === 'printout.generated')!;
    const line = auditDetailsText(generated.action, generated.details, (iso) => iso);
    expect(line).toContain(`文书：${zhCN.printing.kinds.receipt}`);
    expect(line).toContain(`纸张：${zhCN.printing.papers.A4}`);
    expect(line).toMatch(/文件校验值：[0-9a-f]{12}…/);
    expect(line).not.toMatch(/kind|paper|sha256|printoutId|version|bytes/);
    // A print and a reprint by the document, version, printer and reprint number, not by their ids (issue 10).
    const names = printNamesOf(history, (iso) => iso);
    for (const e of history.filter((x) => x.action.startsWith('printout.'))) {
      const text = auditDetailsText(e.action, e.details, (iso) => iso, names);
      expect(text, e.action).toContain(`文书：${zhCN.printing.kinds.receipt}`);
      expect(text, e.action).not.toContain(printout.printoutId.slice(0, 8));
      expect(text, e.action).not.toMatch(/文书编号|打印任务编号/);
    }
    expect(auditDetailsText('printout.reprinted', history.find((e) => e.action === 'printout.reprinted')!.details, (iso) => iso)).toContain('重打次数：1');
    // A correction names the fields on the form; approvers are named as staff know them, not by username.
    const added = history.find((e) => e.action === 'document.pagesAdded')!;
    expect(auditDetailsText(added.action, added.details, (iso) => iso)).toContain(`来源：${zhCN.documents.sources.file}`);
    const revised = history.find((e) => e.action === 'application.revised')!;
    expect(auditDetailsText(revised.action, revised.details, (iso) => iso)).toContain('修改项：儿童姓名');
    for (const e of history.filter((x) => ['approvedBy', 'outsideWindowApprovedBy', 'supervisor'].some((k) => k in x.details))) {
      const text = auditDetailsText(e.action, e.details, (iso) => iso);
      expect(text, e.action).toContain(ADMIN.displayName);
      expect(text, e.action).not.toMatch(new RegExp(`：${ADMIN.username}(；|$)`));
    }
  });
});
