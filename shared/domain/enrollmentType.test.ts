import { describe, it, expect } from 'vitest';
import type { ApplicationDraft, EnrollmentType } from '../contract/application';
import { deriveEnrollmentType } from './enrollmentType';

type Rules = Parameters<typeof deriveEnrollmentType>[1];

const TYPES: EnrollmentType[] = ['house_hukou', 'house_only', 'hukou_only', 'migrant', 'preferential', 'other'];

function rules(overrides: Omit<Partial<Rules>, 'propertyRules'> & { propertyRules?: Partial<Rules['propertyRules']> } = {}): Rules {
  const { propertyRules, ...rest } = overrides;
  return {
    enrollmentTypes: TYPES.map((code, i) => ({ code, name: code, description: code, order: i + 1 })),
    dateCutoffs: { hukouMoveIn: '2026-05-31', propertyRegistration: '2026-05-31' },
    preferentialCategories: [{ id: 'martyr', name: '烈士子女', evidence: '烈士证明书' }],
    migrantPoints: {
      items: [],
      sumGuardians: true,
      countedRelations: ['father', 'mother'],
      unbrokenOnly: true,
      countBackFrom: '2026-08-31',
      capMonths: 72,
    },
    ...rest,
    propertyRules: {
      allowedOwners: ['father', 'mother', 'parents', 'child'],
      grandparentsWhen: 'parent_only_child',
      countedKinds: ['property_certificate', 'purchase_contract', 'resettlement'],
      ...propertyRules,
    },
  };
}

const localHukou: ApplicationDraft['hukou'] = { inCounty: true, moveInDate: '2021-01-10' };
const elsewhere: ApplicationDraft['hukou'] = { inCounty: false };
const fathersHome: ApplicationDraft['housing'] = { kind: 'property_certificate', owner: 'father', registrationDate: '2020-06-01' };
const parents = (father: Partial<NonNullable<ApplicationDraft['guardians']>[number]> = {}, mother: Partial<NonNullable<ApplicationDraft['guardians']>[number]> = {}) => [
  { relation: 'father' as const, name: '张大伟', ...father },
  { relation: 'mother' as const, name: '李秀英', ...mother },
];

describe('deriveEnrollmentType: every type', () => {
  it.each<[string, ApplicationDraft, EnrollmentType, EnrollmentType[]]>([
    ['house and hukou', { hukou: localHukou, housing: fathersHome, guardians: parents() }, 'house_hukou', ['house_hukou']],
    ['house, hukou elsewhere', { hukou: elsewhere, housing: fathersHome, guardians: parents() }, 'house_only', ['house_only']],
    ['hukou, no house', { hukou: localHukou, housing: { kind: 'none' }, guardians: parents() }, 'hukou_only', ['hukou_only']],
    ['hukou, renting', { hukou: localHukou, housing: { kind: 'rental_registration' } }, 'hukou_only', ['hukou_only']],
    [
      'migrant with residence permit and social insurance',
      { hukou: elsewhere, housing: { kind: 'rental_registration' }, guardians: parents({ migrant: { residencePermitMonths: 24, socialInsuranceMonths: 24 } }) },
      'migrant',
      ['migrant'],
    ],
    [
      'migrant, self-employed mother with only a business licence',
      { hukou: elsewhere, guardians: parents({}, { migrant: { residencePermitMonths: 36, socialInsuranceMonths: 0, businessLicenceMonths: 30 } }) },
      'migrant',
      ['migrant'],
    ],
    ['preferential only', { hukou: elsewhere, preferential: { categoryId: 'martyr' } }, 'preferential', ['preferential']],
    ['nothing recorded', {}, 'other', ['other']],
    ['residence permit but no work record', { hukou: elsewhere, guardians: parents({ migrant: { residencePermitMonths: 24 } }) }, 'other', ['other']],
    [
      'a grandfather’s permit does not make the child a migrant (parents counted)',
      { hukou: elsewhere, guardians: [{ relation: 'paternal_grandfather', migrant: { residencePermitMonths: 24, socialInsuranceMonths: 24 } }] },
      'other',
      ['other'],
    ],
    [
      'local hukou is not migrant even with a residence permit',
      { hukou: { inCounty: true, moveInDate: '2026-06-01' }, guardians: parents({ migrant: { residencePermitMonths: 24, socialInsuranceMonths: 24 } }) },
      'other',
      ['other'],
    ],
  ])('%s → %s', (_label, form, type, candidates) => {
    const r = deriveEnrollmentType(form, rules());
    expect(r.type).toBe(type);
    expect(r.candidates).toEqual(candidates);
  });

  it('explains the decision with dates and owner', () => {
    const r = deriveEnrollmentType({ hukou: { inCounty: true, moveInDate: '2025-03-01' }, housing: fathersHome, guardians: parents() }, rules());
    expect(r.hukouReason).toBe('户籍在本县且迁入日期 2025-03-01 不晚于截止日 2026-05-31，户籍条件成立');
    expect(r.propertyReason).toBe('住房为父亲名下的不动产权证书，登记日期 2020-06-01 不晚于截止日 2026-05-31，房产条件成立');
    expect(r.reason).toContain('判定为“house_hukou”');
  });

  it('lets the plan’s order decide whether preferential outranks house and hukou', () => {
    const form: ApplicationDraft = { hukou: localHukou, housing: fathersHome, preferential: { categoryId: 'martyr' } };
    const sampleOrder = deriveEnrollmentType(form, rules());
    expect(sampleOrder.type).toBe('house_hukou');
    expect(sampleOrder.candidates).toEqual(['house_hukou', 'preferential']);
    expect(sampleOrder.reason).toContain('取第一位');

    const preferentialFirst = rules({
      enrollmentTypes: (['preferential', 'house_hukou', 'house_only', 'hukou_only', 'migrant', 'other'] as const).map((code, i) => ({ code, name: code, description: code, order: i + 1 })),
    });
    expect(deriveEnrollmentType(form, preferentialFirst).type).toBe('preferential');
  });

  it('uses `order`, not the position in the list', () => {
    const reversed = rules({ enrollmentTypes: [...TYPES].reverse().map((code, i) => ({ code, name: code, description: code, order: 6 - i })) });
    expect(deriveEnrollmentType({ hukou: localHukou, housing: fathersHome }, reversed).type).toBe('house_hukou');
  });

  it('ignores a preferential category the plan does not have', () => {
    const r = deriveEnrollmentType({ hukou: elsewhere, preferential: { categoryId: 'made-up' } }, rules());
    expect(r.type).toBe('other');
    expect(r.reason).toContain('“made-up”不在本县方案中');
  });
});

describe('deriveEnrollmentType: property ownership rules', () => {
  const grandparentsHome = (owner: 'paternal_grandparent' | 'maternal_grandparent'): ApplicationDraft['housing'] => ({
    kind: 'property_certificate',
    owner,
    registrationDate: '2010-05-01',
  });

  it.each<[string, ApplicationDraft, Partial<Rules['propertyRules']>, boolean, RegExp]>([
    ['father only child: paternal grandparents count', { housing: grandparentsHome('paternal_grandparent'), guardians: parents({ onlyChild: true }) }, {}, true, /父亲为独生子女/],
    ['father not only child', { housing: grandparentsHome('paternal_grandparent'), guardians: parents({ onlyChild: false }, { onlyChild: true }) }, {}, false, /父亲不是独生子女/],
    ['only-child flag not recorded', { housing: grandparentsHome('paternal_grandparent'), guardians: parents() }, {}, false, /未登记父亲是否为独生子女/],
    ['no father recorded', { housing: grandparentsHome('paternal_grandparent'), guardians: [{ relation: 'mother', onlyChild: true }] }, {}, false, /未登记父亲是否为独生子女/],
    ['mother only child: maternal grandparents count', { housing: grandparentsHome('maternal_grandparent'), guardians: parents({ onlyChild: false }, { onlyChild: true }) }, {}, true, /母亲为独生子女/],
    ['maternal grandparents need the mother, not the father', { housing: grandparentsHome('maternal_grandparent'), guardians: parents({ onlyChild: true }, { onlyChild: false }) }, {}, false, /母亲不是独生子女/],
    ['grandparents never count', { housing: grandparentsHome('paternal_grandparent'), guardians: parents({ onlyChild: true }) }, { grandparentsWhen: 'never' }, false, /不认可祖辈名下的住房/],
    ['grandparents count when parents own nothing', { housing: grandparentsHome('paternal_grandparent'), guardians: parents() }, { grandparentsWhen: 'parents_own_nothing' }, true, /父母名下无住房/],
    ['either rule, not only child', { housing: grandparentsHome('maternal_grandparent'), guardians: parents() }, { grandparentsWhen: 'either' }, true, /父母名下无住房/],
    ['small property not counted by default', { housing: { kind: 'small_property', owner: 'father', registrationDate: '2019-01-01' } }, {}, false, /小产权房，本县方案不认可/],
    [
      'small property counted when the plan says so',
      { housing: { kind: 'small_property', owner: 'father', registrationDate: '2019-01-01' } },
      { countedKinds: ['property_certificate', 'small_property'] },
      true,
      /小产权房，登记日期/,
    ],
    ['registered after the cut-off', { housing: { ...fathersHome, registrationDate: '2026-06-01' } }, {}, false, /2026-06-01 晚于截止日 2026-05-31/],
    ['registered on the cut-off day', { housing: { ...fathersHome, registrationDate: '2026-05-31' } }, {}, true, /不晚于截止日/],
    ['no registration date', { housing: { kind: 'property_certificate', owner: 'father' } }, {}, false, /未填写有效的登记/],
    ['co-owned by the parents', { housing: { kind: 'property_certificate', owner: 'parents', registrationDate: '2020-01-01' } }, {}, true, /父母共有的不动产权证书/],
    ['purchase contract without certificate', { housing: { kind: 'purchase_contract', owner: 'mother', registrationDate: '2025-12-01' } }, {}, true, /母亲名下的购房合同/],
    [
      'purchase contract when the plan wants a certificate',
      { housing: { kind: 'purchase_contract', owner: 'mother', registrationDate: '2025-12-01' } },
      { countedKinds: ['property_certificate'] },
      false,
      /购房合同，本县方案不认可该类住房（认可：不动产权证书）/,
    ],
    ['resettlement housing', { housing: { kind: 'resettlement', owner: 'father', registrationDate: '2022-01-01' } }, {}, true, /拆迁安置/],
    ['owned by someone else', { housing: { kind: 'property_certificate', owner: 'other', registrationDate: '2020-01-01' } }, {}, false, /其他人/],
    ['owned by the child', { housing: { kind: 'property_certificate', owner: 'child', registrationDate: '2020-01-01' } }, {}, true, /儿童本人/],
    ['child owner not allowed by this plan', { housing: { kind: 'property_certificate', owner: 'child', registrationDate: '2020-01-01' } }, { allowedOwners: ['father', 'mother', 'parents'] }, false, /不认可该产权人/],
    ['owner not recorded', { housing: { kind: 'property_certificate', registrationDate: '2020-01-01' } }, {}, false, /未登记产权人/],
    ['renting is not owning', { housing: { kind: 'rental_registration', owner: 'father', registrationDate: '2020-01-01' } }, {}, false, /租赁住房不是自有住房/],
  ])('%s', (_label, form, propertyRules, counts, reason) => {
    const r = deriveEnrollmentType({ hukou: localHukou, ...form }, rules({ propertyRules }));
    expect(r.propertyCounts).toBe(counts);
    expect(r.propertyReason).toMatch(reason);
    expect(r.type).toBe(counts ? 'house_hukou' : 'hukou_only');
  });
});

describe('deriveEnrollmentType: hukou rules', () => {
  it.each<[string, ApplicationDraft['hukou'], boolean, RegExp]>([
    ['moved in before the cut-off', { inCounty: true, moveInDate: '2026-05-30' }, true, /户籍条件成立/],
    ['moved in on the cut-off day', { inCounty: true, moveInDate: '2026-05-31' }, true, /不晚于截止日/],
    ['moved in after the cut-off', { inCounty: true, moveInDate: '2026-06-01' }, false, /2026-06-01 晚于截止日 2026-05-31/],
    ['no move-in date', { inCounty: true }, false, /未填写有效的迁入日期/],
    ['hukou elsewhere', { inCounty: false }, false, /户籍不在本县/],
    ['not recorded', undefined, false, /未登记户籍情况/],
  ])('%s', (_label, hukou, counts, reason) => {
    const r = deriveEnrollmentType({ hukou, housing: fathersHome }, rules());
    expect(r.hukouCounts).toBe(counts);
    expect(r.hukouReason).toMatch(reason);
    expect(r.type).toBe(counts ? 'house_hukou' : 'house_only');
  });
});
