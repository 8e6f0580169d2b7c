import { beforeAll, describe, expect, it } from 'vitest';
import { validatePlan, type CountyPlan } from '../../../../shared/plan/schema';
import { validateForSubmit } from '../../../../shared/domain/applicationRules';
import { checkDigit } from '../../../../shared/domain/idNumber';
import { materialsFor } from '../../../../shared/domain/applicationRules';
import {
  draftForSave,
  effectiveDraft,
  formIssues,
  getAt,
  leafPaths,
  normaliseDateInput,
  onlyChildParent,
  schoolChoices,
  searchZones,
  zoneFromAddress,
  setAt,
  stepOfPath,
  type Draft,
} from './model';
import { labelOfPath } from './labels';

// Loaded by a computed path: the JSON lies outside the web project's files (tsconfig.web.json).
const SAMPLE_PLAN = '../../../../resources/plans/sample-county-2026.json';
let sample: CountyPlan;
beforeAll(async () => {
  const mod = (await import(/* @vite-ignore */ SAMPLE_PLAN)) as { default: unknown };
  const checked = validatePlan(mod.default);
  if (!checked.ok) throw new Error('sample plan invalid');
  sample = checked.plan;
});

function plan(): CountyPlan {
  return sample;
}

const TODAY = '2026-06-20';

function id(area: string, birth: string, seq: string): string {
  const first17 = `${area}${birth.replace(/-/g, '')}${seq}`;
  return first17 + checkDigit(first17);
}

/** A complete 房户一致 application, as the wizard would hold it after step 7. */
function houseHukouApplication(p: CountyPlan): Draft {
  return {
    grade: 'primary1',
    child: { name: '张小明', idType: 'resident_id', idNumber: id('370102', '2020-03-15', '031'), birthDate: '2020-03-15', sex: 'M' },
    guardians: [{ relation: 'father', name: '张大伟', idType: 'resident_id', idNumber: id('370102', '1988-01-01', '015'), mobile: '13800000001' }],
    hukou: { inCounty: true, address: '示例县城关街道幸福路 8 号', moveInDate: '2021-01-10' },
    housing: { kind: 'property_certificate', certificateNumber: 'X-1', owner: 'parents', registrationDate: '2019-05-20', address: '书香苑' },
    school: { zoneEntryId: 'zp09', schoolId: 'p-chengguan' },
    materials: materialsFor('house_hukou', p, { proxy: false, disability: false }).map((m) => ({ itemId: m.id, state: 'original_seen' as const })),
  };
}

describe('paths', () => {
  it('reads and writes dotted paths immutably, creating arrays for numeric keys', () => {
    const before: Draft = { child: { name: '张三' } };
    const after = setAt(before, 'guardians.1.mobile', '13800000000');
    expect(before).toEqual({ child: { name: '张三' } });
    expect(Array.isArray(after.guardians)).toBe(true);
    expect(getAt(after, 'guardians.1.mobile')).toBe('13800000000');
    expect(getAt(after, 'child.name')).toBe('张三');
    expect(after.child).toBe(before.child);
  });

  it('removes a key when set to undefined', () => {
    expect(setAt({ child: { name: 'x', sex: 'M' } }, 'child.sex', undefined)).toEqual({ child: { name: 'x' } });
  });

  it('lists non-empty leaves', () => {
    expect(leafPaths({ child: { name: '𠮷祥', idNumber: '' }, guardians: [{ mobile: '1' }] })).toEqual(['child.name', 'guardians.0.mobile']);
  });

  it('knows the step of every field the rules report', () => {
    expect(stepOfPath('child.idNumber')).toBe(0);
    expect(stepOfPath('guardians.1.idNumber')).toBe(1);
    expect(stepOfPath('guardians.0.onlyChild')).toBe(2);
    expect(stepOfPath('guardians.1.migrant.socialInsuranceMonths')).toBe(3);
    expect(stepOfPath('school.schoolId')).toBe(4);
    expect(stepOfPath('acceptsReassignment')).toBe(4);
    expect(stepOfPath('siblings.1.idNumber')).toBe(4);
    expect(stepOfPath('typeDecision.overrideReason')).toBe(5);
    expect(stepOfPath('materials.3.itemId')).toBe(6);
    expect(stepOfPath('editReason')).toBe(7);
  });

  it('names fields in Chinese for the review list', () => {
    expect(labelOfPath('guardians.1.mobile')).toBe('监护人 2 手机号码');
    expect(labelOfPath('child.idNumber')).toBe('儿童证件号码');
    expect(labelOfPath('siblings.1.idNumber')).toBe('同胞 2 证件号码');
    expect(labelOfPath('materials')).toBe('材料');
  });
});

describe('what is saved and submitted', () => {
  it('leaves refused values out of the save and reports them, keeping the rest', () => {
    const data: Draft = { child: { name: '张'.repeat(61), idNumber: '3701' }, hukou: { moveInDate: '2020-1' }, remarks: 'ok' };
    const { payload, issues } = draftForSave(data);
    expect(payload.child?.name).toBeUndefined();
    expect(payload.child?.idNumber).toBe('3701');
    expect(payload.hukou?.moveInDate).toBeUndefined();
    expect(payload.remarks).toBe('ok');
    expect(issues.map((i) => i.path).sort()).toEqual(['child.name', 'hukou.moveInDate']);
  });

  it('refuses control characters at the field', () => {
    const { payload, issues } = draftForSave({ child: { name: '张\u0007三' }, guardians: [{ name: '李四' }] });
    expect(payload.child?.name).toBeUndefined();
    expect(payload.guardians?.[0]?.name).toBe('李四');
    expect(issues[0]?.path).toBe('child.name');
    expect(issues[0]?.message).toContain('控制字符');
  });

  it('a complete application passes the same rules the core applies', () => {
    const p = plan();
    const form = houseHukouApplication(p);
    const eff = effectiveDraft(form, p);
    expect(validateForSubmit(eff, p, TODAY).ok).toBe(true);
    expect(formIssues(form, p, TODAY)).toEqual([]);
  });

  it('drops answers that no longer apply: migrant months of a local family, marks of another type', () => {
    const p = plan();
    const form = houseHukouApplication(p);
    const data: Draft = {
      ...form,
      guardians: form.guardians?.map((g) => ({ ...g, migrant: { residencePermitMonths: 12 } })),
      materials: [...(form.materials ?? []), { itemId: 'rental-registration', state: 'original_seen' }],
      typeDecision: undefined,
    };
    const eff = effectiveDraft(data, p);
    expect(eff.guardians?.every((g) => g.migrant === undefined)).toBe(true);
    expect(eff.materials?.some((m) => m.itemId === 'rental-registration')).toBe(false);
    expect(eff.typeDecision).toEqual({ derived: 'house_hukou', chosen: 'house_hukou' });
    expect(eff.proxy).toBeNull();
    expect(eff.disability).toBeNull();
  });

  it('asks the only-child flag only for a grandparent home under the plan rule', () => {
    const p = plan();
    expect(onlyChildParent({ housing: { owner: 'paternal_grandparent' } }, p)).toBe('father');
    expect(onlyChildParent({ housing: { owner: 'maternal_grandparent' } }, p)).toBe('mother');
    expect(onlyChildParent({ housing: { owner: 'parents' } }, p)).toBeNull();
  });

  it('reports a guardian with the child’s ID number at that guardian', () => {
    const p = plan();
    const form = houseHukouApplication(p);
    const data: Draft = { ...form, guardians: [{ ...form.guardians?.[0], idNumber: form.child?.idNumber }] };
    expect(formIssues(data, p, TODAY).find((i) => i.path === 'guardians.0.idNumber')?.message).toContain('与儿童的证件号码相同');
  });
});

describe('zones and schools', () => {
  it('finds zone entries by name, alias and street, for the grade’s level only', () => {
    const p = plan();
    expect(searchZones(p, 'primary1', '书香').map((h) => h.zone.id)).toEqual(['zp09']);
    const alias = searchZones(p, 'primary1', '老县委');
    expect(alias[0]?.zone.name).toBe('县委家属院');
    expect(alias[0]?.alias).toBe('老县委宿舍');
    expect(searchZones(p, 'junior1', '锦绣').map((h) => h.zone.id)).toEqual(['zj03', 'zj02']);
    expect(searchZones(p, 'primary1', '不存在的小区')).toEqual([]);
  });

  it('finds zones by pinyin initials and full pinyin, as the name search does', () => {
    const p = plan();
    expect(searchZones(p, 'primary1', 'sxy')[0]?.zone.name).toBe('书香苑');
    expect(searchZones(p, 'primary1', 'shuxiang')[0]?.zone.name).toBe('书香苑');
    // An alias by its initials: 老县委宿舍.
    const alias = searchZones(p, 'primary1', 'lxw');
    expect(alias[0]?.zone.name).toBe('县委家属院');
    expect(alias[0]?.alias).toBe('老县委宿舍');
  });

  it('suggests the zone an address names: a compound before its street and community', () => {
    const p = plan();
    expect(zoneFromAddress(p, 'primary1', '示例县城关街道书香苑 3 号楼 201')?.name).toBe('书香苑');
    expect(zoneFromAddress(p, 'primary1', '示例县城关街道老县委宿舍 2 排')?.name).toBe('县委家属院');
    expect(zoneFromAddress(p, 'primary1', '示例县文化路 12 号')?.name).toBe('文化路');
    // Another province's 建设路 is not the county's (the county has 建设路（东段） and 建设路（西段）).
    expect(zoneFromAddress(p, 'primary1', '河南省郑州市中原区建设路 1 号')).toBeUndefined();
    expect(zoneFromAddress(p, 'primary1', '邻县城关镇建设路 1 号')).toBeUndefined();
    expect(zoneFromAddress(p, 'primary1', '示例县建设路 1 号')?.kind).toBe('street');
    expect(zoneFromAddress(p, 'primary1', '北京市朝阳区')).toBeUndefined();
    expect(zoneFromAddress(p, 'primary1', undefined)).toBeUndefined();
  });

  it('offers both schools of an overlap zone and the county-wide private school', () => {
    const p = plan();
    const zone = p.zones.find((z) => z.id === 'zp23');
    const { zoneSchools, countyWide } = schoolChoices(p, zone, 'primary1');
    expect(zoneSchools.map((s) => s.id)).toEqual(['p-dongcheng', 'p-nanyuan']);
    expect(countyWide.map((s) => s.id)).toEqual(['p-yucai']);
  });
});

describe('dates as typed', () => {
  it.each([
    ['20200315', '2020-03-15'],
    ['2020/3/5', '2020-03-05'],
    ['2020.03.15', '2020-03-15'],
    ['2020年3月15日', '2020-03-15'],
    ['２０２０-03-15', '2020-03-15'],
    ['2020-02-30', '2020-02-30'],
  ])('%s → %s', (raw, iso) => {
    expect(normaliseDateInput(raw)).toBe(iso);
  });
});
