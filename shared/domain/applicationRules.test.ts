import { describe, it, expect } from 'vitest';
import type { ApplicationDraft } from '../contract/application';
import type { FieldIssue } from '../contract/result';
import { validatePlan, type CountyPlan } from '../plan/schema';
import { materialsFor, missingRequiredMaterials, validateForSubmit } from './applicationRules';
import { checkDigit } from './idNumber';

// Loaded by path at run time: a static JSON import would pull resources/ into the TS project.
const SAMPLE_PATH = '../../resources/plans/sample-county-2026.json';
const loaded = validatePlan(((await import(/* @vite-ignore */ SAMPLE_PATH)) as { default: unknown }).default);
if (!loaded.ok) throw new Error(`sample plan invalid: ${JSON.stringify(loaded.problems)}`);
const plan: CountyPlan = loaded.plan;

const TODAY = '2026-06-20';
const withCheck = (first17: string) => first17 + checkDigit(first17);

const CHILD_ID = withCheck('37990120200315001'); // born 2020-03-15, male
const FATHER_ID = withCheck('37990119880101003');
const MOTHER_ID = withCheck('37990119900520002');

const zoneNamed = (name: string) => {
  const zone = plan.zones.find((z) => z.name === name && z.level === 'primary');
  if (zone === undefined) throw new Error(`no primary zone ${name}`);
  return zone;
};

/** A complete, valid 房户一致 application for primary grade 1 under the sample plan. */
function validForm(): ApplicationDraft {
  return {
    grade: 'primary1',
    child: { name: '张小明', idType: 'resident_id', idNumber: CHILD_ID, birthDate: '2020-03-15', sex: 'M' },
    guardians: [
      { relation: 'father', name: '张大伟', idType: 'resident_id', idNumber: FATHER_ID, mobile: '13812341234', onlyChild: false },
      { relation: 'mother', name: '李秀英', idType: 'resident_id', idNumber: MOTHER_ID, mobile: '', onlyChild: true },
    ],
    proxy: null,
    hukou: { inCounty: true, address: '示例县城关街道文化路 20 号', moveInDate: '2021-01-10' },
    housing: {
      kind: 'property_certificate',
      certificateNumber: '示(2020)示例县不动产权第0001234号',
      owner: 'father',
      ownerName: '张大伟',
      address: '示例县城关街道文化路 20 号 2 单元 301',
      registrationDate: '2020-06-01',
    },
    preferential: null,
    disability: null,
    school: { zoneEntryId: zoneNamed('城关社区').id, schoolId: 'p-chengguan' },
    typeDecision: { derived: 'house_hukou', chosen: 'house_hukou' },
    ageOverride: null,
    materials: [
      { itemId: 'hukou-booklet', state: 'original_seen' },
      { itemId: 'guardian-id', state: 'original_seen' },
      { itemId: 'property-certificate', state: 'copy_kept' },
    ],
  };
}

/** Structured-clone-free deep copy (shared/ has no DOM or Node globals). */
const clone = <T,>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function issuesOf(form: ApplicationDraft, p: CountyPlan = plan): FieldIssue[] {
  const r = validateForSubmit(form, p, TODAY);
  return r.ok ? [] : r.issues;
}

describe('validateForSubmit: a complete form', () => {
  it('passes', () => {
    const r = validateForSubmit(validForm(), plan, TODAY);
    expect(r.ok ? [] : r.issues).toEqual([]);
  });

  it('returns the form normalised: names, ID numbers, mobiles', () => {
    const form = validForm();
    form.child!.name = ' 阿依古丽•买买提 ';
    form.guardians![0]!.idNumber = ` ${FATHER_ID.slice(0, 6)} ${FATHER_ID.slice(6).toLowerCase()} `;
    form.guardians![0]!.name = '𠮷田　太郎'.replace('　', '');
    form.guardians![1]!.mobile = '139 1234-5678';
    const r = validateForSubmit(form, plan, TODAY);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.form.child.name).toBe('阿依古丽·买买提');
    expect(r.form.guardians[0]?.idNumber).toBe(FATHER_ID);
    expect(r.form.guardians[0]?.name).toBe('𠮷田太郎');
    expect(r.form.guardians[1]?.mobile).toBe('13912345678');
  });

  it('accepts an ID ending in X', () => {
    const first17 = Array.from({ length: 1000 }, (_, n) => `37990120200315${String(n).padStart(3, '0')}`).find((s) => checkDigit(s) === 'X') ?? '';
    const form = validForm();
    form.child!.idNumber = (first17 + 'x').toLowerCase();
    form.child!.sex = (first17.charCodeAt(16) - 48) % 2 === 1 ? 'M' : 'F';
    const r = validateForSubmit(form, plan, TODAY);
    expect(r.ok ? r.form.child.idNumber : r.issues).toBe(first17 + 'X');
  });

  it.each([
    ['the private school, from any zone (county-wide admission)', '碧水湾小区', 'p-yucai'],
    ['either school of an overlap zone: first', '锦绣花园', 'p-dongcheng'],
    ['either school of an overlap zone: second', '锦绣花园', 'p-nanyuan'],
  ])('accepts %s', (_label, zoneName, schoolId) => {
    const form = validForm();
    form.school = { zoneEntryId: zoneNamed(zoneName).id, schoolId };
    expect(issuesOf(form)).toEqual([]);
  });

  it('accepts a required item marked as missing (it goes on the supplementary notice)', () => {
    const form = validForm();
    form.materials![0]!.state = 'missing';
    expect(issuesOf(form)).toEqual([]);
  });

  it('accepts a type chosen against the derivation when a reason is given', () => {
    const form = validForm();
    form.typeDecision = { derived: 'house_hukou', chosen: 'hukou_only', overrideReason: '房产证正在办理更名，暂按有户无房登记' };
    form.materials = form.materials!.filter((m) => m.itemId !== 'property-certificate');
    expect(issuesOf(form)).toEqual([]);
  });

  it('skips the age rule when a supervisor recorded an override', () => {
    const form = validForm();
    const id = withCheck('37990120200901001');
    form.child = { ...form.child, idNumber: id, birthDate: '2020-09-01' };
    expect(issuesOf(form).map((i) => i.path)).toEqual(['child.birthDate']);
    form.ageOverride = { reason: '经评估同意提前入学', approvedBy: 'supervisor-01' };
    expect(issuesOf(form)).toEqual([]);
  });
});

type Case = [label: string, breakIt: (f: ApplicationDraft) => void, paths: string[], message: RegExp];

/** The valid form broken one way reports exactly `paths`, the first with `message`. */
function expectCase(...[, breakIt, paths, message]: Case): void {
  const form = clone(validForm());
  breakIt(form);
  const issues = issuesOf(form);
  expect(issues.map((i) => i.path)).toEqual(paths);
  expect(issues[0]?.message).toMatch(message);
}

describe('validateForSubmit: each broken rule is reported at its path', () => {
  const cases: Case[] = [
    ['child name with a digit', (f) => (f.child!.name = '张3'), ['child.name'], /不能含有“3”/],
    ['child name missing (schema)', (f) => delete f.child!.name, ['child.name'], /此项必填/],
    ['child ID with a wrong check digit', (f) => (f.child!.idNumber = CHILD_ID.slice(0, 17) + (CHILD_ID.endsWith('0') ? '1' : '0')), ['child.idNumber'], /校验位不正确/],
    ['birth date differs from the ID', (f) => (f.child!.birthDate = '2020-03-16'), ['child.birthDate'], /与居民身份证号码中的出生日期 2020-03-15 不一致/],
    ['sex differs from the ID', (f) => (f.child!.sex = 'F'), ['child.sex'], /性别“女”与身份证号码第 17 位所示的性别“男”不一致/],
    ['birth date not a calendar date', (f) => (f.child!.birthDate = '2020-02-30'), ['child.birthDate'], /“2020-02-30”不是有效日期/],
    [
      'birth date in the future',
      (f) => (f.child = { ...f.child, idType: 'birth_certificate', idNumber: 'P370012345', birthDate: '2026-07-01' }),
      ['child.birthDate'],
      /2026-07-01 晚于今天 2026-06-20/,
    ],
    [
      'child too young, no override',
      (f) => (f.child = { ...f.child, idNumber: withCheck('37990120200901001'), birthDate: '2020-09-01' }),
      ['child.birthDate'],
      /未满 6 周岁（须在 2020-08-31 或之前出生）/,
    ],
    ['guardian name invalid', (f) => (f.guardians![0]!.name = '张@伟'), ['guardians.0.name'], /不能含有“@”/],
    ['guardian ID invalid', (f) => (f.guardians![0]!.idNumber = '37990119880101'), ['guardians.0.idNumber'], /应为 18 位，当前为 14 位/],
    ['guardian ID equals the child’s', (f) => (f.guardians![1]!.idNumber = CHILD_ID), ['guardians.1.idNumber'], /与儿童的证件号码相同/],
    ['two guardians share an ID', (f) => (f.guardians![1]!.idNumber = FATHER_ID), ['guardians.1.idNumber'], /与第 1 位监护人相同/],
    ['mobile with 10 digits', (f) => (f.guardians![0]!.mobile = '1381234123'), ['guardians.0.mobile'], /应为 11 位数字，当前为 10 位/],
    ['no mobile at all', (f) => (f.guardians![0]!.mobile = ''), ['guardians.0.mobile'], /至少登记一位监护人的手机号码/],
    ['two fathers', (f) => (f.guardians![1]!.relation = 'father'), ['guardians.1.relation'], /已登记为父亲，不能重复登记/],
    ['other guardian without a note', (f) => (f.guardians![1]!.relation = 'other_guardian'), ['guardians.1.relationNote'], /请注明与儿童的关系/],
    [
      'proxy with a wrong ID (and the proxy papers become required)',
      (f) => (f.proxy = { name: '王芳', relation: '姨母', idType: 'resident_id', idNumber: '379901198501010000', mobile: '13712341234' }),
      ['proxy.idNumber', 'materials', 'materials'],
      /校验位不正确|帮办授权委托书|受托人居民身份证/,
    ],
    ['hukou moved in in the future', (f) => (f.hukou!.moveInDate = '2026-07-01'), ['hukou.moveInDate', 'typeDecision.derived'], /户口迁入日期 2026-07-01 晚于今天/],
    ['hukou in county without a move-in date', (f) => delete f.hukou!.moveInDate, ['hukou.moveInDate', 'typeDecision.derived'], /请填写迁入日期/],
    ['property registered in the future', (f) => (f.housing!.registrationDate = '2026-12-01'), ['housing.registrationDate', 'typeDecision.derived'], /房产登记日期 2026-12-01 晚于今天/],
    ['property without an owner', (f) => delete f.housing!.owner, ['housing.owner', 'typeDecision.derived'], /请选择产权人/],
    ['unknown zone', (f) => (f.school!.zoneEntryId = 'zp999'), ['school.zoneEntryId'], /片区“zp999”不在本县招生方案（2026.1 版）中/],
    ['junior zone for primary grade 1', (f) => (f.school!.zoneEntryId = plan.zones.find((z) => z.level === 'junior')!.id), ['school.zoneEntryId'], /是初中片区，与报名的小学一年级不符/],
    ['school the zone does not list', (f) => (f.school!.schoolId = 'p-shiyan'), ['school.schoolId'], /“示例县实验小学”不是“城关社区”的对口学校（对口：示例县城关第一小学）/],
    ['junior school for primary grade 1', (f) => (f.school!.schoolId = 'j-yizhong'), ['school.schoolId'], /是初中，与报名的小学一年级不符/],
    ['unknown school', (f) => (f.school!.schoolId = 'p-gone'), ['school.schoolId'], /学校“p-gone”不在本县招生方案/],
    ['type changed without a reason', (f) => {
      f.typeDecision = { derived: 'house_hukou', chosen: 'hukou_only' };
      f.materials = f.materials!.filter((m) => m.itemId !== 'property-certificate');
    }, ['typeDecision.overrideReason'], /请填写调整理由/],
    ['derived type out of date', (f) => (f.typeDecision = { derived: 'house_only', chosen: 'house_hukou', overrideReason: '原判定' }), ['typeDecision.derived'], /系统判定的招生类型为“房户一致”/],
    ['unknown preferential category', (f) => (f.preferential = { categoryId: 'vip' }), ['preferential.categoryId'], /优待类别“vip”不在本县招生方案中/],
    ['material not in the published list', (f) => f.materials!.push({ itemId: 'marriage-certificate', state: 'copy_kept' }), ['materials.3.itemId'], /不在本县公布的材料清单中，不能收取/],
    ['material of another type', (f) => f.materials!.push({ itemId: 'residence-permit', state: 'copy_kept' }), ['materials.3.itemId'], /“居住证”不在“房户一致”类型的材料清单中/],
    ['material registered twice', (f) => f.materials!.push({ itemId: 'hukou-booklet', state: 'missing' }), ['materials.3.itemId'], /已在第 1 项登记/],
    ['required item not marked', (f) => (f.materials = f.materials!.filter((m) => m.itemId !== 'hukou-booklet')), ['materials'], /必需材料“户口簿”尚未登记接收情况：请标记为“原件已核”“已留复印件”或“缺”/],
    [
      'none of the property alternatives marked',
      (f) => (f.materials = f.materials!.filter((m) => m.itemId !== 'property-certificate')),
      ['materials'],
      /“不动产权证书”或“购房合同及购房发票”或“拆迁安置协议”/,
    ],
    ['unknown enum value (schema)', (f) => (f.child!.sex = 'X' as 'M'), ['child.sex'], /应为以下之一：M、F/],
    ['ID type missing (schema)', (f) => delete f.child!.idType, ['child.idType'], /^此项必填。$/],
    ['name of the wrong type (schema)', (f) => Object.assign(f.child!, { name: 42 }), ['child.name'], /数据类型不正确/],
    ['no guardian (schema)', (f) => (f.guardians = []), ['guardians'], /至少登记 1 位监护人/],
  ];

  it.each(cases)('%s', expectCase);

  it('reports a grade the plan does not offer', () => {
    const primaryOnly: CountyPlan = { ...plan, grades: ['junior1'] };
    const issues = issuesOf(validForm(), primaryOnly);
    expect(issues.map((i) => i.path)).toEqual(['grade']);
    expect(issues[0]?.message).toMatch(/不招收小学一年级/);
  });

  it('reports a chosen type the plan does not have', () => {
    const noMigrant: CountyPlan = { ...plan, enrollmentTypes: plan.enrollmentTypes.filter((t) => t.code !== 'migrant') };
    const form = validForm();
    form.typeDecision = { derived: 'house_hukou', chosen: 'migrant', overrideReason: '测试' };
    expect(issuesOf(form, noMigrant).map((i) => i.path)).toContain('typeDecision.chosen');
  });
});

const TWIN_ID = withCheck('37990120200315011'); // the twin brother, born the same day

describe('validateForSubmit: 服从调剂 and siblings applying together (issue 13)', () => {
  it('passes with a refusal of reassignment and a twin’s ID number, both kept in the form', () => {
    const form = { ...validForm(), acceptsReassignment: false, siblings: [{ idType: 'resident_id' as const, idNumber: TWIN_ID.toLowerCase() }] };
    const r = validateForSubmit(form, plan, TODAY);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.form.acceptsReassignment).toBe(false);
      expect(r.form.siblings).toEqual([{ idType: 'resident_id', idNumber: TWIN_ID }]);
    }
  });

  it('passes a record from before issue 13 (neither field)', () => {
    const form = validForm();
    expect('siblings' in form || 'acceptsReassignment' in form).toBe(false);
    expect(validateForSubmit(form, plan, TODAY).ok).toBe(true);
  });

  const cases: Case[] = [
    ['sibling ID with a wrong check digit', (f) => (f.siblings = [{ idType: 'resident_id', idNumber: TWIN_ID.slice(0, 17) + (TWIN_ID.endsWith('0') ? '1' : '0') }]), ['siblings.0.idNumber'], /校验位不正确/],
    ['sibling ID is the child’s own', (f) => (f.siblings = [{ idType: 'resident_id', idNumber: CHILD_ID }]), ['siblings.0.idNumber'], /本儿童自己的证件号码/],
    ['sibling ID is a guardian’s', (f) => (f.siblings = [{ idType: 'resident_id', idNumber: MOTHER_ID }]), ['siblings.0.idNumber'], /与监护人 2 的证件号码相同/],
    [
      'the same sibling twice',
      (f) => (f.siblings = [{ idType: 'resident_id', idNumber: TWIN_ID }, { idType: 'resident_id', idNumber: TWIN_ID }]),
      ['siblings.1.idNumber'],
      /与同胞 1 相同/,
    ],
    ['sibling without an ID number (schema)', (f) => (f.siblings = [{ idType: 'resident_id' }]), ['siblings.0.idNumber'], /此项必填/],
    ['five siblings (schema)', (f) => (f.siblings = Array.from({ length: 5 }, (_, i) => ({ idType: 'passport' as const, idNumber: `E1234567${i}` }))), ['siblings'], /最多登记 4 人/],
  ];

  it.each(cases)('%s', expectCase);
});

describe('validateForSubmit: all issues are reported together', () => {
  it('reports schema and cross-field issues in one pass', () => {
    const form = validForm();
    delete form.child!.name; // schema
    form.guardians![0]!.mobile = '12345'; // cross-field
    form.guardians![1]!.idNumber = FATHER_ID; // cross-field
    form.school!.schoolId = 'p-shiyan'; // cross-field
    form.materials = form.materials!.filter((m) => m.itemId !== 'hukou-booklet'); // cross-field
    delete form.hukou; // schema
    const paths = issuesOf(form).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['child.name', 'hukou', 'guardians.0.mobile', 'guardians.1.idNumber', 'school.schoolId', 'materials']),
    );
  });

  it('keeps the schema’s message for a field instead of stacking a second one', () => {
    const form = validForm();
    form.child!.name = '张'.repeat(61);
    const issues = issuesOf(form).filter((i) => i.path === 'child.name');
    expect(issues).toHaveLength(1);
  });

  it('never passes an empty draft', () => {
    const r = validateForSubmit({}, plan, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['grade', 'child', 'guardians', 'school', 'typeDecision']));
  });
});

describe('materialsFor and missingRequiredMaterials', () => {
  it('lists the plan’s items for a type, conditional ones only when their case applies', () => {
    const all = materialsFor('house_hukou', plan).map((m) => m.id);
    expect(all).toEqual(expect.arrayContaining(['hukou-booklet', 'guardian-id', 'property-certificate', 'proxy-authorization']));
    expect(all).not.toContain('residence-permit');
    const plain = materialsFor('house_hukou', plan, { proxy: false, disability: false }).map((m) => m.id);
    expect(plain).not.toContain('proxy-authorization');
    expect(plain).not.toContain('disability-evidence');
    expect(materialsFor('migrant', plan).map((m) => m.id)).toEqual(expect.arrayContaining(['residence-permit', 'social-insurance', 'business-licence', 'rental-registration']));
  });

  it('is empty for a form with everything received', () => {
    expect(missingRequiredMaterials(validForm(), plan)).toEqual([]);
  });

  it('lists required items marked missing or not marked', () => {
    const form = validForm();
    form.materials![0]!.state = 'missing';
    form.materials = form.materials!.filter((m) => m.itemId !== 'guardian-id');
    expect(missingRequiredMaterials(form, plan).map((m) => m.id)).toEqual(['hukou-booklet', 'guardian-id']);
  });

  it('returns all alternatives of a group when none was received', () => {
    const form = validForm();
    form.materials![2]!.state = 'missing';
    expect(missingRequiredMaterials(form, plan).map((m) => m.id)).toEqual(['property-certificate', 'purchase-contract', 'resettlement-agreement']);
    form.materials!.push({ itemId: 'purchase-contract', state: 'original_seen' });
    expect(missingRequiredMaterials(form, plan)).toEqual([]);
  });

  it('adds the proxy papers when someone applies on the family’s behalf', () => {
    const form = validForm();
    form.proxy = { name: '王芳', relation: '姨母', idType: 'resident_id', idNumber: withCheck('37990119850101002'), mobile: '13712341234' };
    expect(missingRequiredMaterials(form, plan).map((m) => m.id)).toEqual(['proxy-authorization', 'proxy-id']);
  });

  it('works on a validated ApplicationForm too', () => {
    const r = validateForSubmit(validForm(), plan, TODAY);
    expect(r.ok && missingRequiredMaterials(r.form, plan)).toEqual([]);
  });
});
