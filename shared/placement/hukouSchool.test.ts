import { describe, expect, it } from 'vitest';
import { validatePlan } from '../plan/schema';
import { hukouSchoolOf, type HukouFacts } from './hukouSchool';

const SAMPLE_PATH = '../../resources/plans/sample-county-2026.json';
const checked = validatePlan(((await import(/* @vite-ignore */ SAMPLE_PATH)) as { default: unknown }).default);
if (!checked.ok) throw new Error('sample plan invalid');
const plan = checked.plan;

/** A 有房无户 child applying to 北山 (zone zp42) unless told otherwise. */
const facts = (o: Partial<HukouFacts> = {}): HukouFacts => ({ grade: 'primary1', schoolId: 'p-beishan', zoneEntryId: 'zp42', type: 'house_only', hukou: { inCounty: true }, ...o });

describe('the hukou school (户籍学校) from the plan', () => {
  it('is the public school of the zone the hukou address names', () => {
    expect(hukouSchoolOf(plan, facts({ hukou: { inCounty: true, address: '示例县城关街道书香苑 3 号楼 201' } }))).toBe('p-chengguan');
    expect(hukouSchoolOf(plan, facts({ hukou: { inCounty: true, address: '示例县老县委宿舍 2 排' } }))).toBe('p-shiyan');
    expect(hukouSchoolOf(plan, facts({ grade: 'junior1', schoolId: 'j-beishan', zoneEntryId: 'zj06', hukou: { inCounty: true, address: '示例县西湖街道滨湖路 8 号' } }))).toBe('j-erzhong');
  });

  it('for 房户一致 and 有户无房 without a matching address, is the school of the zone the application was taken in', () => {
    expect(hukouSchoolOf(plan, facts({ type: 'house_hukou' }))).toBe('p-beishan');
    expect(hukouSchoolOf(plan, facts({ type: 'hukou_only', hukou: { inCounty: true, address: '示例县某某村 1 号' } }))).toBe('p-beishan');
    // 有房无户 and 随迁子女: the zone is the property's or the residence's, not the hukou's.
    expect(hukouSchoolOf(plan, facts({ type: 'house_only' }))).toBeNull();
    expect(hukouSchoolOf(plan, facts({ type: 'migrant' }))).toBeNull();
  });

  it('is none for a hukou outside the county, whatever the address says', () => {
    expect(hukouSchoolOf(plan, facts({ type: 'house_hukou', hukou: { inCounty: false, address: '河南省郑州市中原区建设路 1 号' } }))).toBeNull();
  });

  it('is none for a hukou address in another county, city or province that has a street of the county’s name', () => {
    // 胜利路 is 南苑小学's (zp37) and 文化路 城关第一小学's (zp05) in 示例县; these are other places' streets.
    const away = (address: string, o: Partial<HukouFacts> = {}) => hukouSchoolOf(plan, facts({ hukou: { inCounty: true, address }, ...o }));
    expect(away('河北省石家庄市长安区胜利路 12 号')).toBeNull();
    expect(away('石家庄市胜利路 12 号')).toBeNull();
    expect(away('邻县城关镇文化路 5 号')).toBeNull();
    expect(away('河北省　石家庄市　长安区　胜利路 12 号', { schoolId: 'p-nanyuan', zoneEntryId: 'zp37' })).toBeNull();
    // 房户一致 applied in the zone of that street: the form's zone is not the hukou's when the address says otherwise.
    expect(away('河北省石家庄市长安区胜利路 12 号', { type: 'house_hukou', schoolId: 'p-nanyuan', zoneEntryId: 'zp37' })).toBeNull();
    // The county's own, written with its city and province or not at all, as before.
    expect(away('示例省示例市示例县胜利路 12 号')).toBe('p-nanyuan');
    expect(away('示例市胜利路 12 号')).toBe('p-nanyuan');
    expect(away('本县胜利路 12 号')).toBe('p-nanyuan');
    expect(away('胜利路 12 号')).toBe('p-nanyuan');
  });

  it('in an overlap zone or a name two zones share: the school applied to when it is one of them, else open', () => {
    const jinxiu = { inCounty: true, address: '示例县锦绣花园 5 栋' };
    expect(hukouSchoolOf(plan, facts({ schoolId: 'p-nanyuan', zoneEntryId: 'zp23', hukou: jinxiu }))).toBe('p-nanyuan');
    expect(hukouSchoolOf(plan, facts({ hukou: jinxiu }))).toBeNull();
    // 建设路 is an alias of 建设路（东段） (东城小学) and 建设路（西段） (南苑小学).
    expect(hukouSchoolOf(plan, facts({ hukou: { inCounty: true, address: '示例县建设路 88 号' } }))).toBeNull();
    expect(hukouSchoolOf(plan, facts({ schoolId: 'p-dongcheng', zoneEntryId: 'zp13', hukou: { inCounty: true, address: '示例县建设路 88 号' } }))).toBe('p-dongcheng');
  });

  it('never names a private school or one of another level', () => {
    expect(hukouSchoolOf(plan, facts({ grade: 'junior1', schoolId: 'j-boya', zoneEntryId: 'zj01', type: 'house_hukou' }))).toBe('j-yizhong');
  });
});
