import { describe, it, expect } from 'vitest';
import { levelOfGrade, PLAN_SCHEMA_VERSION, schoolScope, typesInPriorityOrder, validatePlan, type CountyPlan } from './schema';

// Loaded by path at run time: a static JSON import would pull the file into the TypeScript
// project, whose `include` does not cover resources/.
const SAMPLE_PATH = '../../resources/plans/sample-county-2026.json';
const raw = ((await import(/* @vite-ignore */ SAMPLE_PATH)) as { default: unknown }).default;
// The sample as it was in format version 1 (before placement rules), frozen: the migration is pinned to it forever.
const V1_PATH = './fixtures/sample-county-2026.v1.json';
const rawV1 = ((await import(/* @vite-ignore */ V1_PATH)) as { default: unknown }).default;

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

  it('states the placement rules: batches, tie-breakers, special placements, reassignment nearest first', () => {
    const plan = loaded();
    expect(plan.schemaVersion).toBe(PLAN_SCHEMA_VERSION);
    expect(plan.placement.batches.map((b) => b.types)).toEqual([['house_hukou'], ['house_only'], ['hukou_only'], ['migrant'], ['other']]);
    for (const b of plan.placement.batches) expect(b.tieBreakers.at(-1)).toBe('lottery');
    expect(plan.placement.special).toMatchObject({ preferential: 'ahead', regularClass: 'ahead', homeTeaching: 'special_school' });
    expect(plan.placement.special.specialSchool?.places).toBeGreaterThan(0);
    const publicIds = plan.schools.filter((s) => s.ownership === 'public').map((s) => s.id);
    expect(plan.placement.reassignment.order.map((o) => o.from).sort()).toEqual([...publicIds].sort());
    expect(plan.placement.reassignment.onRefusal).toBe('hukou_school');
    // A private junior school for the lottery ceremony's second pool.
    expect(plan.schools.filter((s) => s.level === 'junior' && s.ownership === 'private').map((s) => s.id)).toEqual(['j-boya']);
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
    ['registration window reversed', (p) => set(p, 'registrationWindow', { start: '2026-07-10', end: '2026-06-15', outside: 'approval' }), 'registrationWindow.end', /早于开始日/],
    ['oversized classes', (p) => set(p, 'schools.0.plannedPlaces', 500), 'schools.0.plannedPlaces', /大班额/],
    ['sample without 示例 in the name', (p) => set(p, 'county.name', '某县'), 'county.name', /必须含“（示例）”/],
    ['version of another year', (p) => set(p, 'version', '2025.3'), 'version', /应以招生年度 2026 开头/],
    ['alternative group on an optional item', (p) => set(p, 'materials.2.anyOf', 'property'), 'materials.2.required', /可替代组只用于必需材料/],
    ['batch without a closing lottery', (p) => set(p, 'placement.batches.0.tieBreakers', ['hukou_move_in']), 'placement.batches.0.tieBreakers', /最后一条必须是 lottery/],
    ['tie-breaker twice', (p) => set(p, 'placement.batches.1.tieBreakers', ['points', 'points', 'lottery']), 'placement.batches.1.tieBreakers.1', /重复/],
    ['type in two batches', (p) => set(p, 'placement.batches.4.types', ['other', 'migrant']), 'placement.batches.4.types.1', /已列入第 4 批次/],
    [
      'type in no batch',
      (p) => set(p, 'placement.batches', list(p, 'placement.batches').filter((b) => !(b.types as string[]).includes('migrant'))),
      'placement.batches',
      /外来务工随迁子女（migrant） 没有列入任何录取批次/,
    ],
    ['preferential both ahead and in a batch', (p) => set(p, 'placement.batches.4.types', ['other', 'preferential']), 'placement.batches.4.types.1', /不能再列入批次/],
    [
      'batches against the types order',
      (p) => {
        const b = list(p, 'placement.batches');
        set(p, 'placement.batches', [b[1], b[0], ...b.slice(2)]);
      },
      'placement.batches.0',
      /批次顺序与招生类型顺序不一致/,
    ],
    ['reassignment to a private school', (p) => set(p, 'placement.reassignment.order.0.to.0', 'p-yucai'), 'placement.reassignment.order.0.to.0', /民办学校/],
    ['reassignment across levels', (p) => set(p, 'placement.reassignment.order.0.to.0', 'j-erzhong'), 'placement.reassignment.order.0.to.0', /学段不同/],
    ['reassignment to itself', (p) => set(p, 'placement.reassignment.order.0.to.0', 'p-chengguan'), 'placement.reassignment.order.0.to.0', /不能调剂到本校/],
    ['reassignment from an unknown school', (p) => set(p, 'placement.reassignment.order.1.from', 'p-nowhere'), 'placement.reassignment.order.1.from', /不存在/],
    ['reassignment order twice for a school', (p) => set(p, 'placement.reassignment.order.1.from', 'p-chengguan'), 'placement.reassignment.order.1.from', /与 order\.0 重复/],
    ['special school id taken', (p) => set(p, 'placement.special.specialSchool.id', 'p-beishan'), 'placement.special.specialSchool.id', /重复/],
    ['home teaching by a missing special school', (p) => set(p, 'placement.special.specialSchool', null), 'placement.special.homeTeaching', /没有设置特教学校/],
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

describe('older plan files are migrated (pinned to the frozen version-1 sample)', () => {
  it('a version-1 file validates, with the defaults written into placement and stated in the notes', () => {
    expect((rawV1 as Record<string, unknown>).schemaVersion).toBeUndefined();
    const r = validatePlan(rawV1);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.migratedFrom).toBe(1);
    expect(r.plan.schemaVersion).toBe(PLAN_SCHEMA_VERSION);
    expect(r.plan.placement).toEqual({
      batches: [
        { name: '房户一致', types: ['house_hukou'], tieBreakers: ['hukou_move_in', 'property_registration', 'lottery'] },
        { name: '有房无户', types: ['house_only'], tieBreakers: ['property_registration', 'lottery'] },
        { name: '有户无房', types: ['hukou_only'], tieBreakers: ['hukou_move_in', 'lottery'] },
        { name: '外来务工随迁子女', types: ['migrant'], tieBreakers: ['points', 'lottery'] },
        { name: '其他', types: ['other'], tieBreakers: ['lottery'] },
      ],
      special: { preferential: 'ahead', regularClass: 'ahead', specialSchool: null, homeTeaching: 'zone_school' },
      reassignment: { order: [], onRefusal: 'bureau' },
    });
    expect(r.notes.join('')).toMatch(/旧格式（第 1 版）.*补全/);
    expect(r.notes.join('')).toContain('由县教育和体育局统筹安排');
    // Everything else is the file's own content, unchanged.
    expect(r.plan.registrationWindow.outside).toBe('approval');
    expect(r.notes.join('')).toMatch(/旧格式（第 2 版）.*须经主管批准后受理/);
    const { schemaVersion: _v, placement: _p, registrationWindow: w, ...rest } = r.plan;
    const { registrationWindow: w1, ...rest1 } = rawV1 as typeof r.plan;
    expect(rest).toEqual(rest1);
    expect({ start: w.start, end: w.end }).toEqual(w1);
  });

  it('a version-2 file gains registrationWindow.outside = approval, said in the notes; refuse and approval are kept as written', () => {
    const p = copy();
    set(p, 'schemaVersion', 2);
    del(p, 'registrationWindow.outside');
    const r = validatePlan(p);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect([r.migratedFrom, r.plan.schemaVersion, r.plan.registrationWindow.outside]).toEqual([2, 4, 'approval']);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toContain('"refuse"');
    const refuse = copy();
    set(refuse, 'registrationWindow.outside', 'refuse');
    const rr = validatePlan(refuse);
    expect(rr.ok && [rr.plan.registrationWindow.outside, rr.notes]).toEqual(['refuse', []]);
  });

  it('a version-3 file must say what happens outside the window, in Chinese', () => {
    const p = copy();
    set(p, 'registrationWindow.outside', 'warn');
    const r = validatePlan(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([{ path: 'registrationWindow.outside', message: expect.stringContaining('须经主管批准后受理') as string }]);
    del(p, 'registrationWindow.outside');
    expect(validatePlan(p).ok).toBe(false);
  });

  it('a version-3 file gains nothing but the version; the notes say its city and province are not named (issue: addresses of other counties)', () => {
    const p = copy();
    set(p, 'schemaVersion', 3);
    del(p, 'county.city');
    del(p, 'county.province');
    const r = validatePlan(p);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect([r.migratedFrom, r.plan.schemaVersion, r.plan.county]).toEqual([3, 4, { code: '379901', name: '示例县（示例）' }]);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatch(/旧格式（第 3 版）.*county\.city.*county\.province/);
    // The v1 sample passes through every step: its notes end with this one.
    const v1 = validatePlan(rawV1);
    expect(v1.ok && v1.notes.at(-1)).toBe(r.notes[0]);
  });

  it('a version-4 file may name the county’s city and province, or leave them out; a misspelt key is refused', () => {
    expect(loaded().county).toEqual({ code: '379901', name: '示例县（示例）', city: '示例市', province: '示例省' });
    const p = copy();
    del(p, 'county.city');
    expect(validatePlan(p).ok).toBe(true);
    set(p, 'county.citi', '示例市');
    const r = validatePlan(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((x) => x.path)).toEqual(['county']);
  });

  it('a current file is not migrated and has no notes', () => {
    const r = validatePlan(raw);
    expect(r.ok && [r.migratedFrom, r.notes]).toEqual([PLAN_SCHEMA_VERSION, []]);
  });

  it('the migrated plan, stored and read back as the desk does, validates unchanged (no second migration)', () => {
    const first = validatePlan(rawV1);
    if (!first.ok) throw new Error('v1 invalid');
    const again = validatePlan(JSON.parse(JSON.stringify(first.plan)));
    expect(again.ok && again.plan).toEqual(first.plan);
    expect(again.ok && again.migratedFrom).toBe(PLAN_SCHEMA_VERSION);
  });

  it.each([
    [5, /版本 5 比本程序支持的版本 4 新/],
    ['2', /应为正整数/],
    [0, /应为正整数/],
  ])('refuses schemaVersion %j', (version, message) => {
    const p = copy();
    set(p, 'schemaVersion', version);
    const r = validatePlan(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual([{ path: 'schemaVersion', message: expect.stringMatching(message) as string }]);
  });

  it('refuses placement rules without a schemaVersion rather than overwrite them with defaults', () => {
    const p = copy();
    del(p, 'schemaVersion');
    const r = validatePlan(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ path: 'schemaVersion', message: expect.stringContaining('缺少 "schemaVersion": 4') as string });
  });

  it('a version-1 file with a broken zone still reports the exact path in the file', () => {
    const p = JSON.parse(JSON.stringify(rawV1)) as Obj;
    set(p, 'zones.12.schoolIds', ['p-nowhere']);
    const r = validatePlan(p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((x) => x.path)).toEqual(['zones.12.schoolIds.0']);
  });
});

describe('helpers', () => {
  it('maps grades to school levels', () => {
    expect(levelOfGrade('primary1')).toBe('primary');
    expect(levelOfGrade('junior1')).toBe('junior');
  });
});
