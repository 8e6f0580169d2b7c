import { describe, expect, it } from 'vitest';
import type { ApplicationDraft } from '../contract/application';
import { validatePlan } from '../plan/schema';
import { diffSections, flattenFields, recordSections } from './sections';

// Loaded at run time: shared/ is also type-checked for the web, where resources/ is not part of the project.
const SAMPLE_PATH = '../../resources/plans/sample-county-2026.json';
const checked = validatePlan(((await import(/* @vite-ignore */ SAMPLE_PATH)) as { default: unknown }).default);
if (!checked.ok) throw new Error('sample plan invalid');
const plan = checked.plan;
const school = plan.schools[0]!;
const material = plan.materials[0]!;

const draft: ApplicationDraft = {
  grade: 'primary1',
  child: { name: '张小明', idType: 'resident_id', idNumber: '379901202001010011', birthDate: '2020-01-01', sex: 'M' },
  guardians: [{ relation: 'father', name: '张大明', idType: 'resident_id', idNumber: '379901198501010013', mobile: '13800001234' }],
  proxy: null,
  hukou: { inCounty: true, address: '城关街道 1 号', moveInDate: '2019-05-01' },
  housing: { kind: 'property_certificate', owner: 'father' },
  school: { zoneEntryId: 'nowhere', schoolId: school.id },
  typeDecision: { derived: 'house_hukou', chosen: 'house_hukou' },
  materials: [{ itemId: material.id, state: 'original_seen' }],
};

describe('recordSections (the one record → labelled fields mapping)', () => {
  it('labels every recorded value and names plan items; unrecorded values stay as null fields', () => {
    const fields = new Map(flattenFields(recordSections(draft, plan)).map((f) => [f.key, f]));
    expect(fields.get('child.name')).toEqual({ key: 'child.name', label: '儿童信息 · 姓名', value: '张小明' });
    expect(fields.get('child.sex')?.value).toBe('男');
    expect(fields.get('guardians.0.relation')).toEqual({ key: 'guardians.0.relation', label: '监护人 · 监护人 1 · 关系', value: '父亲' });
    expect(fields.get('school.school')?.value).toBe(school.name);
    // A zone the plan does not know keeps its id rather than vanishing.
    expect(fields.get('school.zone')?.value).toBe('nowhere');
    expect(fields.get(`materials.${material.id}`)).toMatchObject({ label: `材料 · ${material.name}`, value: '原件已核' });
    expect(fields.get('housing.certificateNumber')).toMatchObject({ value: null });
    expect(fields.get('hukou.inCounty')?.value).toBe('是');
  });

  it('names an approver as staff know them (钱主管), falling back to the username an older record holds', () => {
    const approved: ApplicationDraft = {
      ...draft,
      ageOverride: { reason: '经评估同意提前入学', approvedBy: 'qian', approvedByName: '钱主管' },
      windowOverride: { reason: '家长住院未能按时报名', approvedBy: 'admin', day: '2026-12-02' },
    };
    const fields = new Map(flattenFields(recordSections(approved, plan)).map((f) => [f.key, f.value]));
    expect([fields.get('ageOverride.approvedBy'), fields.get('windowOverride.approvedBy')]).toEqual(['钱主管', 'admin']);
  });

  it('shows 是否服从调剂 (是 for a record from before issue 13) and the siblings applying together; a refusal is a change', () => {
    const before = recordSections(draft, plan);
    const fields = new Map(flattenFields(before).map((f) => [f.key, f]));
    expect(fields.get('acceptsReassignment')).toEqual({ key: 'acceptsReassignment', label: '学校与片区 · 是否服从调剂', value: '是' });
    expect(fields.get('siblings')?.value).toBe('无');
    const after = recordSections({ ...draft, acceptsReassignment: false, siblings: [{ idType: 'resident_id', idNumber: '379901202001010038' }] }, plan);
    expect(diffSections(before, after).map((d) => [d.key, d.before, d.after])).toEqual([
      ['acceptsReassignment', '是', '否'],
      ['siblings', '无', '379901202001010038'],
    ]);
  });

  it('without a plan shows ids instead of names', () => {
    const fields = new Map(flattenFields(recordSections(draft)).map((f) => [f.key, f.value]));
    expect(fields.get('school.school')).toBe(school.id);
  });

  it('says so when there is no proxy or guardian', () => {
    const sections = recordSections({});
    expect(sections.find((s) => s.key === 'proxy')).toMatchObject({ groups: [], emptyText: '无帮办，由监护人本人办理。' });
    expect(sections.find((s) => s.key === 'guardians')?.groups).toEqual([]);
  });

  it('diffs two revisions field by field, including removed guardians', () => {
    const after: ApplicationDraft = {
      ...draft,
      guardians: [{ ...draft.guardians![0]!, mobile: '13900005678' }],
      housing: { ...draft.housing, certificateNumber: '鲁(2024)城关不动产权第0001号' },
    };
    const changes = diffSections(recordSections(draft, plan), recordSections(after, plan));
    expect(changes).toEqual([
      { key: 'guardians.0.mobile', label: '监护人 · 监护人 1 · 手机号码', before: '13800001234', after: '13900005678' },
      { key: 'housing.certificateNumber', label: '住房 · 证书/合同编号', before: null, after: '鲁(2024)城关不动产权第0001号' },
    ]);
    const removed = diffSections(recordSections(draft, plan), recordSections({ ...draft, guardians: [] }, plan));
    expect(removed.map((c) => c.key)).toEqual(expect.arrayContaining(['guardians.0.name', 'guardians.0.mobile']));
    expect(removed.every((c) => c.after === null)).toBe(true);
    expect(diffSections(recordSections(draft, plan), recordSections(draft, plan))).toEqual([]);
  });
});
