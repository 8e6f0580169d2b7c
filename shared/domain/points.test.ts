import { describe, it, expect } from 'vitest';
import { computeMigrantPoints } from './points';

type Plan = Parameters<typeof computeMigrantPoints>[1];
type MigrantPoints = Plan['migrantPoints'];

// The brief's example rule (Jinan Huaiyin 2024), as the sample plan writes it.
const rule = (overrides: Partial<MigrantPoints> = {}): Plan => ({
  migrantPoints: {
    items: [
      { id: 'residence-permit', name: '居住证', field: 'residencePermitMonths', pointsPerMonth: 1 },
      { id: 'social-insurance', name: '社会保险', field: 'socialInsuranceMonths', pointsPerMonth: 0.5, exclusiveGroup: 'work' },
      { id: 'business-licence', name: '营业执照', field: 'businessLicenceMonths', pointsPerMonth: 0.5, exclusiveGroup: 'work' },
    ],
    sumGuardians: true,
    countedRelations: ['father', 'mother'],
    unbrokenOnly: true,
    countBackFrom: '2026-08-31',
    capMonths: 72,
    ...overrides,
  },
});

const father = (m: { residencePermitMonths?: number; socialInsuranceMonths?: number; businessLicenceMonths?: number }) => ({ relation: 'father' as const, name: '张大伟', migrant: m });
const mother = (m: { residencePermitMonths?: number; socialInsuranceMonths?: number; businessLicenceMonths?: number }) => ({ relation: 'mother' as const, name: '李秀英', migrant: m });

describe('computeMigrantPoints', () => {
  it('adds both parents', () => {
    const r = computeMigrantPoints([father({ residencePermitMonths: 24, socialInsuranceMonths: 24 }), mother({ residencePermitMonths: 12, businessLicenceMonths: 10 })], rule());
    // father 24 + 12, mother 12 + 5
    expect(r.total).toBe(53);
    expect(r.breakdown.filter((l) => l.counted).map((l) => [l.guardianIndex, l.itemId, l.points])).toEqual([
      [0, 'residence-permit', 24],
      [0, 'social-insurance', 12],
      [1, 'residence-permit', 12],
      [1, 'business-licence', 5],
    ]);
    expect(r.explanation).toContain('父亲、母亲的积分相加');
    expect(r.explanation).toContain('合计 53 分');
  });

  it('caps months at 72 per item per guardian', () => {
    const r = computeMigrantPoints([father({ residencePermitMonths: 100, socialInsuranceMonths: 80 })], rule());
    expect(r.total).toBe(72 + 36);
    expect(r.capMonths).toBe(72);
    expect(r.breakdown.find((l) => l.itemId === 'residence-permit')).toMatchObject({ months: 100, countedMonths: 72, points: 72 });
    expect(r.explanation).toContain('居住证 100 个月（按 72 个月计）');
  });

  it('counts exactly 72 months in full', () => {
    expect(computeMigrantPoints([father({ residencePermitMonths: 72 })], rule()).total).toBe(72);
  });

  it('gives zero for zero or missing months', () => {
    const r = computeMigrantPoints([father({ residencePermitMonths: 0 }), { relation: 'mother', name: '李秀英' }], rule());
    expect(r.total).toBe(0);
    expect(r.explanation).toContain('未登记可计分的月数');
    expect(computeMigrantPoints(undefined, rule()).total).toBe(0);
    expect(computeMigrantPoints([], rule()).breakdown).toEqual([]);
  });

  it('counts only the better of alternatives in an exclusive group', () => {
    const r = computeMigrantPoints([father({ residencePermitMonths: 10, socialInsuranceMonths: 20, businessLicenceMonths: 30 })], rule());
    expect(r.total).toBe(10 + 15);
    expect(r.breakdown.find((l) => l.itemId === 'social-insurance')).toMatchObject({ counted: false, points: 0 });
    expect(r.explanation).toContain('社会保险或营业执照只计分数较高的一项');
  });

  it('counts both when the plan lists them as separate items', () => {
    const plan = rule();
    const items = plan.migrantPoints.items.map(({ exclusiveGroup: _ignored, ...item }) => item);
    const r = computeMigrantPoints([father({ residencePermitMonths: 10, socialInsuranceMonths: 20, businessLicenceMonths: 30 })], rule({ items }));
    expect(r.total).toBe(10 + 10 + 15);
  });

  it('takes only the best guardian when the plan does not add them', () => {
    const r = computeMigrantPoints([father({ residencePermitMonths: 10 }), mother({ residencePermitMonths: 30 })], rule({ sumGuardians: false }));
    expect(r.total).toBe(30);
    expect(r.breakdown.filter((l) => l.counted).every((l) => l.guardianIndex === 1)).toBe(true);
  });

  it('ignores guardians whose relation the plan does not count', () => {
    const r = computeMigrantPoints([{ relation: 'paternal_grandfather', name: '张老汉', migrant: { residencePermitMonths: 60 } }, mother({ residencePermitMonths: 6 })], rule());
    expect(r.total).toBe(6);
    expect(r.breakdown.every((l) => l.guardianIndex === 1)).toBe(true);
  });

  it('rounds fractional points per month', () => {
    const items = [{ id: 'residence-permit', name: '居住证', field: 'residencePermitMonths' as const, pointsPerMonth: 0.3 }];
    expect(computeMigrantPoints([father({ residencePermitMonths: 7 })], rule({ items })).total).toBe(2.1);
  });
});
