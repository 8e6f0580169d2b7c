import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, type TestDesk, openPlannedDesk } from '../testing/desk';
import { houseHukouApplication, makeId } from '../testing/fixtures';
import type { CountyPlan } from '../../../shared/plan/schema';
import { isValidReceiptNumber } from '../../../shared/domain/receiptNumber';

let desk: TestDesk;
let plan: CountyPlan;
let planKey: string;

beforeEach(async () => {
  ({ desk, plan, planKey } = await openPlannedDesk());
});
afterEach(() => desk.cleanup());

async function submitNew(data = houseHukouApplication(plan), confirmNearMatches = false) {
  const { id } = await desk.call('applications.saveDraft', { data });
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
    expect(rec.history.map((h) => h.action)).toEqual(['application.draftCreated', 'application.submitted']);
  });

  it('invalid input is refused at its fields, and the draft keeps everything typed', async () => {
    const data = houseHukouApplication(plan);
    const child = { ...data.child!, idNumber: data.child!.idNumber!.slice(0, 17) + (data.child!.idNumber!.endsWith('1') ? '2' : '1'), birthDate: '2031-02-30' };
    const bad = { ...data, child, guardians: [{ ...data.guardians![0]!, mobile: '12345', idNumber: data.child!.idNumber }, data.guardians![1]!] };
    const { id } = await desk.call('applications.saveDraft', { data: bad });
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
    const err = await desk.fail('applications.submit', { id, data: forged, planKey });
    expect(err.details?.issues?.map((i) => i.path)).toContain('child.birthDate');
    expect((await desk.fail('applications.approveAgeOverride', { id, reason: '提前入学申请', supervisorUsername: 'boss1', supervisorPassword: 'wrong' })).code).toBe('SUPERVISOR_REQUIRED');
    const ok = await desk.call('applications.approveAgeOverride', { id, reason: '经评估同意提前入学', supervisorUsername: 'boss1', supervisorPassword: 'Boss2026aa' });
    expect(ok.approvedBy).toBe('boss1');
    const r = await desk.call('applications.submit', { id, data: young, planKey });
    expect(r.status).toBe('accepted');
    expect((await desk.call('applications.get', { id })).data.ageOverride?.approvedBy).toBe('boss1');
  });
});

describe('duplicates', () => {
  it('blocks a second active application for the same child and names the existing one', async () => {
    const first = await submitNew(houseHukouApplication(plan, { idNumber: makeId('370102', '2020-02-02', '135'), birthDate: '2020-02-02' }));
    const again = houseHukouApplication(plan, { idNumber: makeId('370102', '2020-02-02', '135'), name: '张小明', birthDate: '2020-02-02' });
    const { id } = await desk.call('applications.saveDraft', { data: again });
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
    expect((await desk.fail('applications.submit', { id, data: b, planKey })).code).toBe('DUPLICATE_APPLICATION');
  });

  it('warns on near matches (same birth date and similar name, or same guardian phone) until confirmed', async () => {
    await submitNew(houseHukouApplication(plan, { name: '刘一鸣', birthDate: '2020-05-05', fatherMobile: '13800138000' }));
    const twin = houseHukouApplication(plan, { name: '刘一鸿', birthDate: '2020-05-05', fatherMobile: '13800138000' });
    const { id } = await desk.call('applications.saveDraft', { data: twin });
    const err = await desk.fail('applications.submit', { id, data: twin, planKey });
    expect(err.code).toBe('NEAR_MATCH_WARNING');
    const reasons = (err.details?.nearMatches as Array<{ reasons: string[] }>)[0]?.reasons ?? [];
    expect(reasons.join()).toMatch(/出生日期相同/);
    expect(reasons.join()).toMatch(/监护人电话相同/);
    expect((await desk.call('applications.submit', { id, data: twin, planKey, confirmNearMatches: true })).status).toBe('accepted');
  });
});

describe('revisions and void', () => {
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
    expect(revised?.actorName).toContain(ADMIN.username);
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
