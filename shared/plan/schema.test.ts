import { describe, it, expect } from 'vitest';
import { levelOfGrade, schoolScope, typesInPriorityOrder, validatePlan, type CountyPlan } from './schema';

// Loaded by path at run time: a static JSON import would pull the file into the TypeScript
// project, whose `include` does not cover resources/.
const SAMPLE_PATH = '../../resources/plans/sample-county-2026.json';
const raw = ((await import(/* @vite-ignore */ SAMPLE_PATH)) as { default: unknown }).default;

type Obj = Record<string, unknown>;
/** A deep copy of the sample as plain JSON, to break in one place per test. */
const copy = (): Obj => JSON.parse(JSON.stringify(raw)) as Obj;

/** The object or array at a dotted path, e.g. 'zones.12'. */
function at(doc: Obj, path: string): Obj {
  let node: unknown = doc;
  for (const key of path.split('.')) node = (node as Obj)[key];
  return node as Obj;
}
function parentOf(doc: Obj, path: string): [Obj, string] {
  const keys = path.split('.');
  const last = keys.pop() ?? '';
  return [keys.length === 0 ? doc : at(doc, keys.join('.')), last];
}
function set(doc: Obj, path: string, value: unknown): void {
  const [parent, key] = parentOf(doc, path);
  parent[key] = value;
}
function del(doc: Obj, path: string): void {
  const [parent, key] = parentOf(doc, path);
  delete parent[key];
}
const list = (doc: Obj, path: string) => at(doc, path) as unknown as Obj[];

function loaded(): CountyPlan {
  const r = validatePlan(raw);
  if (!r.ok) throw new Error(`sample plan invalid: ${JSON.stringify(r.problems, null, 2)}`);
  return r.plan;
}

describe('the sample plan (resources/plans/sample-county-2026.json)', () => {
  it('passes validatePlan', () => {
    expect(validatePlan(raw)).toMatchObject({ ok: true });
  });

  it('is clearly marked as a sample of a fictional county', () => {
    const plan = loaded();
    expect(plan.sample).toBe(true);
    expect(plan.county.name).toContain('（示例）');
    expect(plan.county.code).toBe('379901');
    expect(plan.year).toBe(2026);
  });

  it('has the schools, zones and types the desk is exercised with', () => {
    const plan = loaded();
    const primary = plan.schools.filter((s) => s.level === 'primary');
    expect(primary.length).toBeGreaterThanOrEqual(5);
    expect(plan.schools.filter((s) => s.level === 'junior').length).toBeGreaterThanOrEqual(2);
    const privatePrimary = primary.filter((s) => s.ownership === 'private');
    expect(privatePrimary).toHaveLength(1);
    expect(privatePrimary[0]?.plannedPlaces).toBeLessThanOrEqual(45);
    expect(schoolScope(privatePrimary[0]!)).toBe('county');
    expect(plan.zones.length).toBeGreaterThanOrEqual(45);
    expect(new Set(plan.zones.map((z) => z.kind))).toEqual(new Set(['community', 'street', 'compound']));
    expect(plan.zones.some((z) => z.level === 'primary' && z.schoolIds.length === 2)).toBe(true);
    expect(plan.zones.some((z) => (z.aliases ?? []).length > 0)).toBe(true);
    expect(typesInPriorityOrder(plan).map((t) => t.code)).toEqual(['house_hukou', 'house_only', 'hukou_only', 'migrant', 'preferential', 'other']);
  });

  it('publishes a reason for every material and the points rule of the brief', () => {
    const plan = loaded();
    for (const m of plan.materials) expect(m.reason.length).toBeGreaterThan(10);
    const names = plan.materials.map((m) => m.name).join('|');
    for (const expected of ['户口簿', '居民身份证', '出生医学证明', '不动产权证书', '购房合同', '租赁', '居住证', '社会保险', '营业执照', '优待', '残疾', '帮办授权委托书']) {
      expect(names).toContain(expected);
    }
    expect(plan.migrantPoints).toMatchObject({ sumGuardians: true, unbrokenOnly: true, countBackFrom: '2026-08-31', capMonths: 72 });
    expect(plan.preferentialCategories.map((c) => c.id)).toEqual(expect.arrayContaining(['martyr', 'serviceman', 'police', 'covid-frontline', 'talent']));
    expect(plan.hotlines.length).toBeGreaterThan(0);
  });
});

describe('validatePlan on a broken copy reports exact paths in Chinese', () => {
  const cases: [string, (p: Obj) => void, string, RegExp][] = [
    ['unknown school in a zone', (p) => set(p, 'zones.12.schoolIds', ['p-nowhere']), 'zones.12.schoolIds.0', /学校编号“p-nowhere”在 schools 中不存在/],
    ['junior school in a primary zone', (p) => set(p, 'zones.3.schoolIds.1', 'j-yizhong'), 'zones.3.schoolIds.1', /学段不一致/],
    ['school listed twice in a zone', (p) => set(p, 'zones.0.schoolIds', ['p-chengguan', 'p-chengguan']), 'zones.0.schoolIds.1', /重复列出学校/],
    ['duplicate school id', (p) => set(p, 'schools.1.id', at(p, 'schools.0').id), 'schools.1.id', /与 schools\.0 重复/],
    ['duplicate zone id', (p) => set(p, 'zones.5.id', at(p, 'zones.4').id), 'zones.5.id', /片区编号.*与 zones\.4 重复/],
    ['indistinguishable zone entries', (p) => set(p, 'zones.1.name', at(p, 'zones.0').name), 'zones.1.name', /无法区分/],
    [
      'public school that no zone lists',
      (p) => set(p, 'zones', list(p, 'zones').filter((z) => !(z.schoolIds as string[]).includes('p-beishan'))),
      'schools.5.id',
      /没有任何片区对口该校/,
    ],
    ['duplicate type order', (p) => set(p, 'enrollmentTypes.1.order', 1), 'enrollmentTypes.1.order', /顺序 1 与 enrollmentTypes\.0 重复/],
    [
      'material for a type the plan lacks',
      (p) => set(p, 'enrollmentTypes', list(p, 'enrollmentTypes').filter((t) => t.code !== 'migrant')),
      'materials.7.appliesTo.0',
      /“migrant”不在本方案的 enrollmentTypes 中/,
    ],
    [
      'no catch-all type',
      (p) => {
        set(p, 'enrollmentTypes', list(p, 'enrollmentTypes').filter((t) => t.code !== 'other'));
        set(p, 'materials', list(p, 'materials').map((m) => ({ ...m, appliesTo: (m.appliesTo as string[]).filter((c) => c !== 'other') })));
      },
      'enrollmentTypes',
      /必须包含“其他”/,
    ],
    ['registration window reversed', (p) => set(p, 'registrationWindow', { start: '2026-07-10', end: '2026-06-15' }), 'registrationWindow.end', /早于开始日/],
    ['oversized classes', (p) => set(p, 'schools.0.plannedPlaces', 500), 'schools.0.plannedPlaces', /大班额/],
    ['sample without 示例 in the name', (p) => set(p, 'county.name', '某县'), 'county.name', /必须含“（示例）”/],
    ['version of another year', (p) => set(p, 'version', '2025.3'), 'version', /应以招生年度 2026 开头/],
    ['alternative group on an optional item', (p) => set(p, 'materials.2.anyOf', 'property'), 'materials.2.required', /可替代组只用于必需材料/],
  ];

  it.each(cases)('%s → %s', (_label, breakIt, path, message) => {
    const p = copy();
    breakIt(p);
    const r = validatePlan(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.filter((x) => x.path === path && message.test(x.message)), JSON.stringify(r.problems)).toHaveLength(1);
  });

  const structural: [string, (p: Obj) => void, string, RegExp][] = [
    [
      'typo in a key',
      (p) => {
        set(p, 'zones.3.schoolIDs', at(p, 'zones.3').schoolIds);
        del(p, 'zones.3.schoolIds');
      },
      'zones.3',
      /未定义的字段“schoolIDs”/,
    ],
    ['unknown grade', (p) => set(p, 'grades', ['grade1']), 'grades.0', /应为以下之一：primary1、junior1/],
    ['leap-day age cut-off', (p) => set(p, 'ageCutoff', '02-29'), 'ageCutoff', /不可为 02-29/],
    ['impossible cut-off date', (p) => set(p, 'dateCutoffs.hukouMoveIn', '2026-02-30'), 'dateCutoffs.hukouMoveIn', /有效日期/],
    ['cumulative months', (p) => set(p, 'migrantPoints.unbrokenOnly', false), 'migrantPoints.unbrokenOnly', /只能为 true/],
    ['rental counted as owned', (p) => set(p, 'propertyRules.countedKinds.3', 'rental_registration'), 'propertyRules.countedKinds.3', /应为以下之一/],
    ['missing reason', (p) => del(p, 'materials.0.reason'), 'materials.0.reason', /此项必填/],
    ['bad zone id', (p) => set(p, 'zones.0.id', 'Zone 1'), 'zones.0.id', /小写字母、数字/],
    ['negative places', (p) => set(p, 'schools.2.plannedPlaces', -1), 'schools.2.plannedPlaces', /不能为负数/],
    ['bad county code', (p) => set(p, 'county.code', '37990'), 'county.code', /6 位数字/],
    ['bad hotline number', (p) => set(p, 'hotlines.0.phone', '12-34'), 'hotlines.0.phone', /电话号码格式不正确/],
    ['empty zone', (p) => set(p, 'zones.7.schoolIds', []), 'zones.7.schoolIds', /至少对口 1 所学校/],
  ];

  it.each(structural)('%s → %s', (_label, breakIt, path, message) => {
    const p = copy();
    breakIt(p);
    const r = validatePlan(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.filter((x) => x.path === path && message.test(x.message)), JSON.stringify(r.problems)).toHaveLength(1);
  });

  it('reports several problems at once', () => {
    const p = copy();
    set(p, 'grades', ['grade1']);
    set(p, 'ageCutoff', '13-01');
    del(p, 'texts.receiptTitle');
    const r = validatePlan(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((x) => x.path)).toEqual(expect.arrayContaining(['grades.0', 'ageCutoff', 'texts.receiptTitle']));
  });

  it.each([null, 'plan', 42, []])('rejects a non-object document (%j)', (doc) => {
    const r = validatePlan(doc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.path).toBe('');
  });

  it('fills the default age cut-off', () => {
    const p = copy();
    del(p, 'ageCutoff');
    const r = validatePlan(p);
    expect(r.ok && r.plan.ageCutoff).toBe('08-31');
  });
});

describe('helpers', () => {
  it('maps grades to school levels', () => {
    expect(levelOfGrade('primary1')).toBe('primary');
    expect(levelOfGrade('junior1')).toBe('junior');
  });
});
