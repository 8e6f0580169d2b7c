import { describe, expect, it } from 'vitest';
import { validatePlan, type CountyPlan } from '../plan/schema';
import { announce, draw, verifyBundle } from '../lottery/bundle';
import { commitmentOf } from '../lottery/spec';
import { hukouSchoolOf } from './hukouSchool';
import { drawOf, place } from './place';
import { sampleApplications } from './sampleCounty';
import { whatIfPlaces } from './whatIf';
import type { ChildPlacement, PlacementApplication, PlacementInput, PlacementResult } from './types';

const SAMPLE_PATH = '../../resources/plans/sample-county-2026.json';
const V1_PATH = '../plan/fixtures/sample-county-2026.v1.json';
const load = async (path: string): Promise<CountyPlan> => {
  const r = validatePlan(((await import(/* @vite-ignore */ path)) as { default: unknown }).default);
  if (!r.ok) throw new Error('plan invalid');
  return r.plan;
};
const plan = await load(SAMPLE_PATH);
const planV1 = await load(V1_PATH);

/** A primary-school child in 北山 (zone zp42, school p-beishan) unless told otherwise. */
function app(receiptNo: string, o: Partial<PlacementApplication> = {}): PlacementApplication {
  return { receiptNo, name: '张小明', grade: 'primary1', schoolId: 'p-beishan', zoneEntryId: 'zp42', type: 'house_hukou', hukouMoveInDate: '2020-01-01', propertyRegistrationDate: '2019-01-01', ...o };
}
const R = (i: number) => `R${String(i).padStart(4, '0')}`;

function run(input: PlacementInput, p: CountyPlan = plan): PlacementResult {
  const r = place(p, input);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.result;
}
/** Runs, draws every pool with `seed` (as a ceremony would, for exactly these lists), runs again. */
function runDrawn(input: PlacementInput, seed = '5e'.repeat(32), p: CountyPlan = plan): PlacementResult {
  const first = run(input, p);
  return run({ ...input, draw: { seed, listDigests: Object.fromEntries(first.pools.map((x) => [x.code, x.listDigest])) } }, p);
}
const child = (r: PlacementResult, receipt: string): ChildPlacement => {
  const c = r.children.find((x) => x.receiptNo === receipt);
  if (!c) throw new Error(`no ${receipt}`);
  return c;
};
const school = (r: PlacementResult, id: string) => r.schools.find((s) => s.schoolId === id)!;

describe('batches and tie-breakers', () => {
  // 45 places: 30 in batch 1, then batch 3 (有户无房) ranked by hukou move-in date, earlier first.
  const batch1 = Array.from({ length: 30 }, (_, i) => app(R(i)));
  const batch3 = Array.from({ length: 20 }, (_, i) =>
    app(R(100 + i), { type: 'hukou_only', propertyRegistrationDate: null, hukouMoveInDate: `2024-${String(1 + Math.floor(i / 3)).padStart(2, '0')}-${String(1 + (i % 3) * 10).padStart(2, '0')}` }),
  );
  const input = { applications: [...batch1, ...batch3], places: { 'p-beishan': 45 } };

  it('explains every child in one line, as the issue shows', () => {
    const r = run(input);
    // The 7th of batch 3 moved in on 2024-03-01… the explanation carries its own date.
    const seventh = child(r, R(106));
    expect(seventh).toMatchObject({ status: 'admitted', schoolId: 'p-beishan', batch: 3, rank: 37 });
    expect(seventh.explanation).toBe('第 3 批次 · 落户 2024-03-01 · 第 37 名 / 计划 45');
    expect(child(r, R(3)).explanation).toBe('第 1 批次 · 落户 2020-01-01 · 房产登记 2019-01-01 · 并列第 1 名 / 计划 45');
    const out = child(r, R(115));
    expect(out.status).toBe('awaiting_reassignment');
    expect(out.explanation).toMatch(/^第 3 批次 · 落户 2024-06-01 · 第 46 名 \/ 计划 45 · 待调剂/);
  });

  it('a higher batch is never pushed out by a lower one, whatever the input order', () => {
    const r = run({ ...input, applications: [...batch3, ...batch1].reverse() });
    for (const c of batch1) expect(child(r, c.receiptNo).status).toBe('admitted');
    expect(school(r, 'p-beishan')).toMatchObject({ places: 45, applicants: 50, admitted: 45, pressure: 111, pressureLevel: 'red' });
    expect(school(r, 'p-beishan').cutoff?.line).toBe('第 3 批次 · 落户 2024-05-21 · 第 45 名 / 计划 45');
  });

  it('gives byte-identical output for the same input, in any order', () => {
    const a = JSON.stringify(run(input));
    const shuffled = [...input.applications].sort((x, y) => (x.receiptNo.charCodeAt(4) * 7) % 11 - (y.receiptNo.charCodeAt(4) * 7) % 11);
    expect(JSON.stringify(run({ ...input, applications: shuffled }))).toBe(a);
    expect(JSON.stringify(run(input))).toBe(a);
  });

  it('children equal on every tie-breaker at the cut-off line wait for the lottery, then the draw decides', () => {
    const tied = Array.from({ length: 5 }, (_, i) => app(R(200 + i), { type: 'other', hukouMoveInDate: null, propertyRegistrationDate: null }));
    const inp = { applications: [...batch1.slice(0, 8), ...tied], places: { 'p-beishan': 10 } };
    const before = run(inp);
    expect(before.complete).toBe(false);
    expect(child(before, R(200))).toMatchObject({ status: 'awaiting_lottery', explanation: '第 5 批次 · 并列 5 户争 2 个学位 · 待电脑派位' });
    expect(before.pools.map((p) => p.code)).toEqual(['tiebreak.primary']);
    expect(school(before, 'p-beishan').cutoff?.line).toBe('第 5 批次 · 并列 5 户争 2 个学位 · 待电脑派位');
    const after = runDrawn(inp);
    expect(after.complete).toBe(true);
    const won = tied.map((t) => child(after, t.receiptNo)).filter((c) => c.status === 'admitted');
    expect(won).toHaveLength(2);
    expect(won.map((c) => c.explanation).sort()).toEqual(['第 5 批次 · 同分派位第 1 位 · 第 9 名 / 计划 10', '第 5 批次 · 同分派位第 2 位 · 第 10 名 / 计划 10']);
  });
});

describe('siblings', () => {
  it('twins are placed together; when only one place is left the school closes there (nobody behind takes it)', () => {
    const first = Array.from({ length: 9 }, (_, i) => app(R(i), { hukouMoveInDate: '2018-01-01' }));
    const twins = [app(R(50), { siblingGroup: 'g1', hukouMoveInDate: '2019-01-01', name: '李大宝' }), app(R(51), { siblingGroup: 'g1', hukouMoveInDate: '2019-01-01', name: '李二宝' })];
    const later = app(R(60), { hukouMoveInDate: '2020-06-01' });
    const r = runDrawn({ applications: [...first, ...twins, later], places: { 'p-beishan': 10 } });
    expect([child(r, R(50)).status, child(r, R(51)).status]).toEqual(['reassigned', 'reassigned']);
    expect(child(r, R(50)).schoolId).toBe(child(r, R(51)).schoolId);
    expect(child(r, R(50)).siblings).toEqual([R(51)]);
    expect(child(r, R(50)).explanation).toMatch(/同胞 2 人一同安排$/);
    expect(child(r, R(60)).schoolId).not.toBe('p-beishan');
    expect(school(r, 'p-beishan')).toMatchObject({ admitted: 9 });
  });

  it('refuses siblings who applied to different schools', () => {
    const r = place(plan, { applications: [app(R(1), { siblingGroup: 'g' }), app(R(2), { siblingGroup: 'g', schoolId: 'p-chengguan', zoneEntryId: 'zp01' })] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.message).toContain('同胞 R0001、R0002 报名了不同的学校');
  });
});

describe('reassignment and its refusal', () => {
  // p-beishan is full of batch 1; the batch-3 child goes to p-chengguan (first in 北山's order), unless refused.
  const full = Array.from({ length: 5 }, (_, i) => app(R(i)));
  const late = app(R(90), { type: 'hukou_only', propertyRegistrationDate: null, hukouSchoolId: 'p-xihu' });

  it("goes to the nearest school of the plan's order that has room", () => {
    const r = run({ applications: [...full, late], places: { 'p-beishan': 5, 'p-chengguan': 0 } });
    expect(child(r, R(90))).toMatchObject({ status: 'reassigned', schoolId: 'p-shiyan' });
    expect(child(r, R(90)).explanation).toBe('第 3 批次 · 计划 5 人已在第 1 批次录满 · 调剂至 示例县实验小学（调剂顺序第 2 所）');
    expect(school(r, 'p-shiyan').reassignedIn).toBe(1);
  });

  it("a refusal is recorded and the plan's rule applies: back to the hukou school's list", () => {
    const refused = { ...late, refusesReassignment: true };
    const r = run({ applications: [...full, refused], places: { 'p-beishan': 5 } });
    expect(child(r, R(90))).toMatchObject({ status: 'reassigned', schoolId: 'p-xihu', refusedReassignment: true });
    expect(child(r, R(90)).explanation).toContain('拒绝调剂 · 按方案回户籍学校 示例县西湖小学 录取');
    const noRoom = run({ applications: [...full, refused], places: { 'p-beishan': 5, 'p-xihu': 0 } });
    expect(child(noRoom, R(90))).toMatchObject({ status: 'awaiting_reassignment', schoolId: null });
    expect(child(noRoom, R(90)).explanation).toContain('按方案列入户籍学校 示例县西湖小学 名单，有空位时录取');
  });

  it('a refusing child whose hukou school is the full school it applied to stays on that list (not 户籍学校未确定)', () => {
    const refused = { ...late, refusesReassignment: true, hukouSchoolId: 'p-beishan' };
    const r = run({ applications: [...full, refused], places: { 'p-beishan': 5 } });
    expect(child(r, R(90))).toMatchObject({ status: 'awaiting_reassignment', schoolId: null, refusedReassignment: true });
    expect(child(r, R(90)).explanation).toContain('拒绝调剂 · 按方案列入户籍学校 示例县北山镇中心小学 名单，有空位时录取');
    const unknown = run({ applications: [...full, { ...refused, hukouSchoolId: null }], places: { 'p-beishan': 5 } });
    expect(child(unknown, R(90)).explanation).toContain('户籍学校未确定');
  });

  it('a refusing child whose hukou is in another county is not placed in the school of the county’s street of the same name', () => {
    // 胜利路 is 南苑小学's street in 示例县; this one is in 石家庄. The form says 户籍在本县 (a clerk's slip).
    const hukouOf = (address: string) =>
      hukouSchoolOf(plan, { grade: 'primary1', schoolId: 'p-beishan', zoneEntryId: 'zp42', type: 'house_only', hukou: { inCounty: true, address } });
    const refusing = (address: string) => ({ ...late, type: 'house_only' as const, refusesReassignment: true, hukouSchoolId: hukouOf(address) });
    const away = run({ applications: [...full, refusing('河北省石家庄市长安区胜利路 12 号')], places: { 'p-beishan': 5 } });
    expect(child(away, R(90))).toMatchObject({ status: 'awaiting_reassignment', schoolId: null, refusedReassignment: true });
    expect(child(away, R(90)).explanation).toContain('户籍学校未确定');
    expect(school(away, 'p-nanyuan').reassignedIn).toBe(0);
    // The county's own 胜利路: back to its school, as before.
    const home = run({ applications: [...full, refusing('示例县南苑街道胜利路 12 号')], places: { 'p-beishan': 5 } });
    expect(child(home, R(90))).toMatchObject({ status: 'reassigned', schoolId: 'p-nanyuan', refusedReassignment: true });
  });

  it("with the 'bureau' rule a refusing family is left to the bureau", () => {
    const doc = JSON.parse(JSON.stringify(plan)) as CountyPlan;
    doc.placement.reassignment.onRefusal = 'bureau';
    const r = run({ applications: [...full, { ...late, refusesReassignment: true }], places: { 'p-beishan': 5 } }, doc);
    expect(child(r, R(90))).toMatchObject({ status: 'awaiting_reassignment', schoolId: null });
    expect(child(r, R(90)).explanation).toContain('拒绝调剂 · 按方案由县教育和体育局统筹安排');
  });

  it('a plan migrated from format 1 (no reassignment order) leaves children to the bureau', () => {
    const r = run({ applications: [...full, late], places: { 'p-beishan': 5 } }, planV1);
    expect(child(r, R(90)).explanation).toContain('待调剂 · 方案未规定本校的调剂顺序，待县教育和体育局统筹');
  });
});

describe('special placements', () => {
  it('优待 and 随班就读 come ahead of batch 1; 特教学校 has its own places; 送教上门 takes no place', () => {
    const batch1 = Array.from({ length: 3 }, (_, i) => app(R(i), { hukouMoveInDate: `201${i}-01-01` }));
    const pref = app(R(10), { type: 'preferential', hukouMoveInDate: null, propertyRegistrationDate: null });
    const regular = app(R(11), { type: 'other', disability: 'regular_class' });
    const specialSchool = app(R(12), { disability: 'special_school' });
    const home = app(R(13), { disability: 'home_teaching' });
    const r = run({ applications: [...batch1, pref, regular, specialSchool, home], places: { 'p-beishan': 3 } });
    expect(child(r, R(10))).toMatchObject({ status: 'admitted', batch: 0, special: 'preferential', explanation: '优先安排（优待对象） · 并列第 1 名 / 计划 3' });
    expect(child(r, R(11))).toMatchObject({ status: 'admitted', batch: 0, special: 'regular_class' });
    expect(child(r, R(12))).toMatchObject({ status: 'admitted', schoolId: 's-tejiao', explanation: '特教学校 · 第 1 名 / 计划 24' });
    expect(child(r, R(13))).toMatchObject({ status: 'admitted', schoolId: 's-tejiao', explanation: '送教上门 · 由 示例县特殊教育学校 送教，不占学位' });
    expect(school(r, 'p-beishan')).toMatchObject({ admitted: 3, applicants: 5 });
    expect(r.children.filter((c) => c.batch === 1 && c.status === 'admitted')).toHaveLength(1);
  });
});

describe('private schools and the lottery', () => {
  const privateApps = (n: number) => Array.from({ length: n }, (_, i) => app(R(300 + i), { schoolId: 'p-yucai', zoneEntryId: i % 2 ? 'zp01' : 'zp24', name: `王${'小'.repeat(1 + (i % 2))}明` }));

  it('admits everyone while within its places, with no other criterion', () => {
    const r = run({ applications: privateApps(40) });
    expect(child(r, R(300))).toMatchObject({ status: 'admitted', schoolId: 'p-yucai', explanation: '民办学校 · 报名 40 人 / 计划 45 · 全部录取' });
    expect(r.pools).toEqual([]);
  });

  it('oversubscribed: all applicants go to one pool; the published draw decides; losers go to their zone school', () => {
    const input = { applications: privateApps(60) };
    const before = run(input);
    const pool = before.pools.find((p) => p.code === 'p-yucai')!;
    expect(pool).toMatchObject({ kind: 'places', places: 45, name: '示例县育才民办小学' });
    expect(pool.entries).toHaveLength(60);
    expect(pool.entries[0]).toEqual({ receipts: [R(300)], name: '王*明' });
    expect(child(before, R(300)).explanation).toBe('民办学校 · 报名 60 人 / 计划 45 · 待电脑派位');

    // The ceremony, on exactly these pools.
    const secrets = [{ party: 'notary', secret: 'N-0123456789ABCDEF' }];
    const a = announce({
      county: plan.county.code,
      year: plan.year,
      title: '示例县（示例）2026 年民办学校电脑随机派位',
      pools: before.pools,
      sources: [{ candidates: [{ id: 'ssq-2026085', description: '双色球第 2026085 期开奖号码', format: 'int-list:7' }] }],
      parties: [{ id: 'notary', name: '示例县公证处', commitment: commitmentOf(secrets[0]!.secret) }],
    });
    expect(a.pools.map((p) => p.listDigest)).toEqual(before.pools.map((p) => p.listDigest));
    const bundle = draw(a, { sources: [{ used: 1, skipped: [], value: '1 2 3 4 5 6 7' }], secrets });
    expect(verifyBundle(bundle).ok).toBe(true);

    const after = run({ ...input, draw: drawOf(bundle) });
    const ranked = bundle.results.find((x) => x.pool === 'p-yucai')!.text.trimEnd().split('\n').slice(3).map((l) => l.split('\t'));
    for (const [rank, receipt, , , status] of ranked) {
      const c = child(after, receipt!);
      expect(c.lottery).toMatchObject({ pool: 'p-yucai', rank: Number(rank), of: 60, won: status === 'admitted' });
      if (status === 'admitted') expect(c).toMatchObject({ status: 'admitted', schoolId: 'p-yucai', explanation: `民办学校电脑派位 · 第 ${rank} 位 / 共 60 位 · 中签` });
      else {
        expect(c.status).toBe('reassigned');
        expect(c.schoolId).toBe(receipt!.endsWith('1') || Number(receipt!.slice(1)) % 2 ? 'p-chengguan' : 'p-xihu');
        expect(c.explanation).toMatch(new RegExp(`^民办学校电脑派位 · 第 ${rank} 位 / 共 60 位 · 未中签 · 调剂至 示例县(城关第一|西湖)小学（调剂顺序第 1 所）$`));
      }
    }
    expect(school(after, 'p-yucai')).toMatchObject({ admitted: 45, pressure: 133, pressureLevel: 'red' });
  });

  it('refuses a draw made on other lists (an application changed after the draw)', () => {
    const input = { applications: privateApps(60) };
    const before = run(input);
    const listDigests = Object.fromEntries(before.pools.map((x) => [x.code, x.listDigest]));
    const r = place(plan, { applications: privateApps(59), draw: { seed: '00'.repeat(32), listDigests } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.message).join()).toContain('派位名单“p-yucai”与本次计算的名单不一致');
  });
});

describe('input problems are values with exact paths', () => {
  it.each([
    ['unknown school', [app(R(1), { schoolId: 'p-nowhere' })], 'applications.0.schoolId', /不在招生方案中/],
    ['a junior school for grade 1', [app(R(1), { schoolId: 'j-yizhong' })], 'applications.0.schoolId', /报名小学一年级，但“示例县第一中学（初中部）”是初中/],
    ['the same receipt twice', [app(R(1)), app(R(1))], 'applications.1.receiptNo', /出现了两次/],
    ['unknown zone', [app(R(1), { zoneEntryId: 'zz' })], 'applications.0.zoneEntryId', /片区“zz”/],
  ])('%s', (_label, applications, path, message) => {
    const r = place(plan, { applications });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.find((p) => p.path === path)?.message).toMatch(message);
  });
});

describe('the sample county', () => {
  it('dry-runs with both private schools oversubscribed, then completes after one draw', () => {
    const apps = sampleApplications(plan, { seed: 2026 });
    const before = run({ applications: apps });
    expect(before.pools.map((p) => p.code)).toEqual(['j-boya', 'p-yucai', 'tiebreak.junior', 'tiebreak.primary']);
    expect(school(before, 'p-yucai').pressureLevel).toBe('red');
    const after = runDrawn({ applications: apps });
    expect(after.complete).toBe(true);
    expect(after.children.filter((c) => c.status === 'awaiting_lottery')).toEqual([]);
    expect(after.children).toHaveLength(apps.length);
  });
});

describe('what-if on places', () => {
  it('shows per school and in total what more places would change, without touching the plan', () => {
    const apps = [...Array.from({ length: 12 }, (_, i) => app(R(i), { hukouMoveInDate: `2015-0${1 + (i % 9)}-01` }))];
    const w = whatIfPlaces(plan, apps, { 'p-beishan': 12 }, { 'p-beishan': 10 });
    if (!w.ok) throw new Error(JSON.stringify(w.problems));
    const row = w.whatIf.rows.find((r) => r.schoolId === 'p-beishan')!;
    expect(row).toMatchObject({ places: [10, 12], admitted: [10, 12], notAdmitted: [2, 0], pressure: [120, 100], pressureLevel: ['red', 'red'] });
    expect(w.whatIf.changed).toHaveLength(2);
    expect(w.whatIf.totals.admitted).toEqual([10, 12]);
    expect(plan.schools.find((s) => s.id === 'p-beishan')?.plannedPlaces).toBe(135);
  });

  it('refuses a school the plan does not have', () => {
    const w = whatIfPlaces(plan, [app(R(1))], { 'p-nowhere': 3 });
    expect(w.ok).toBe(false);
    if (!w.ok) expect(w.problems[0]?.message).toContain('“p-nowhere”不在招生方案中');
  });
});
