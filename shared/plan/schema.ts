import { z } from 'zod';
import {
  enrollmentTypeSchema,
  gradeSchema,
  guardianRelationSchema,
  type EnrollmentType,
  type Grade,
} from '../contract/application';
import { fieldIssues, longText, text } from '../contract/fields';
import type { FieldIssue } from '../contract/result';
import { labels } from '../i18n/zhCN.labels';
import { isCalendarDate } from '../domain/age';
import { deptSourceSchema } from '../dept/sources';
import { checkPlacementRules, placementRulesSchema } from './placementRules';
import { migratePlanDocument, PLAN_SCHEMA_VERSION } from './migrate';

export { PLAN_SCHEMA_VERSION } from './migrate';

// The county enrollment plan (招生方案) as data (DESIGN §4). Every rule the desk applies that a
// county decides — zones, types and their order, property and points rules, the published
// materials list with the reason for each item (seed 000 §4) — is read from here, never coded.
// Strict objects throughout: in a hand-edited JSON file an unknown key is almost always a typo
// of a known one, and silently ignoring it would silently drop a rule.

const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const id = z
  .string({ error: '编号应为文字。' })
  .regex(ID_PATTERN, '编号应为 1–64 位小写字母、数字、连字符或下划线，以字母或数字开头，例如 p-chengguan。');

const isoDate = z
  .string({ error: '日期应为文字，格式 YYYY-MM-DD。' })
  .refine(isCalendarDate, '应为 YYYY-MM-DD 格式的有效日期，例如 2026-05-31。');

// Landline with area code (and extension), mobile, 400/800 numbers, or a short public hotline (12345).
const phone = z
  .string({ error: '电话号码应为文字。' })
  .trim()
  .regex(
    /^(?:0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|1[3-9]\d{9}|[48]00-?\d{3}-?\d{4}|1\d{4})$/,
    '电话号码格式不正确：固定电话写作“区号-号码”（如 0633-1234567），也可为手机号、400 电话或 12345 等短号。',
  );

const count = (what: string, max: number) =>
  z
    .number({ error: `${what}应为整数。` })
    .int(`${what}应为整数。`)
    .min(0, `${what}不能为负数。`)
    .max(max, `${what}不能超过 ${max}。`);

export const schoolLevelSchema = z.enum(['primary', 'junior']);
export type SchoolLevel = z.infer<typeof schoolLevelSchema>;

export function levelOfGrade(grade: Grade): SchoolLevel {
  return grade === 'primary1' ? 'primary' : 'junior';
}

export const gradeLabel: Record<Grade, string> = labels.grade;
export const levelLabel: Record<SchoolLevel, string> = labels.level;

export const schoolSchema = z.strictObject({
  id,
  name: text(60),
  level: schoolLevelSchema,
  ownership: z.enum(['public', 'private']),
  /**
   * 'zone': admits the zone entries that list it. 'county': admits from the whole county (a
   * private school's approved range, seed 000 §2), so it is chosen without a zone listing it.
   * Defaults to 'zone' for public and 'county' for private schools.
   */
  scope: z.enum(['zone', 'county']).optional(),
  plannedPlaces: count('计划招生人数', 5000),
  plannedClasses: count('计划班数', 100),
  address: text(120),
  phone: phone.optional(),
});
export type PlanSchool = z.infer<typeof schoolSchema>;

export function schoolScope(school: PlanSchool): 'zone' | 'county' {
  return school.scope ?? (school.ownership === 'private' ? 'county' : 'zone');
}

export const zoneEntrySchema = z.strictObject({
  id,
  kind: z.enum(['community', 'street', 'compound']),
  name: text(60),
  /** The street (街道) the entry belongs to, shown next to the name so equal names can be told apart. */
  street: text(40).optional(),
  /** Other names people use (old names, short names, former work-unit compounds); searched too. */
  aliases: z.array(text(60)).max(20, '别名最多 20 个。').optional(),
  /** More than one school: an overlap zone (交叉学区); the family chooses one. */
  schoolIds: z.array(id).min(1, '每个片区至少对口 1 所学校。').max(6, '一个片区最多对口 6 所学校。'),
  level: schoolLevelSchema,
});
export type ZoneEntry = z.infer<typeof zoneEntrySchema>;

export const planEnrollmentTypeSchema = z.strictObject({
  code: enrollmentTypeSchema,
  name: text(20),
  description: longText(300, 4),
  /** Priority: 1 is considered first. */
  order: z.number({ error: '顺序应为整数。' }).int('顺序应为整数。').min(1, '顺序从 1 开始。').max(99, '顺序不能超过 99。'),
});
export type PlanEnrollmentType = z.infer<typeof planEnrollmentTypeSchema>;

// Owners whose property always counts when listed. Grandparents are governed by
// `grandparentsWhen` instead; 'other' (non-relatives) never counts (BRIEF: direct relatives only).
export const directOwnerSchema = z.enum(['father', 'mother', 'parents', 'child']);
// Kinds that can be *owned* property. Rental registration and 'none' are not ownership, so
// listing them here would be a mistake the schema should catch.
export const ownedKindSchema = z.enum(['property_certificate', 'purchase_contract', 'small_property', 'resettlement']);

export const propertyRulesSchema = z.strictObject({
  allowedOwners: z.array(directOwnerSchema).min(1, '至少认可一种产权人。'),
  /**
   * When a grandparent's home counts: 'parent_only_child' — paternal grandparents when the father
   * is an only child, maternal when the mother is; 'parents_own_nothing' — when the parents own
   * no home (checked by the county against property data); 'either'; 'never'.
   */
  grandparentsWhen: z.enum(['parent_only_child', 'parents_own_nothing', 'either', 'never']),
  countedKinds: z.array(ownedKindSchema).min(1, '至少认可一种房产类型。'),
});

export const materialSchema = z.strictObject({
  id,
  name: text(40),
  /** The published necessity note (seed 000 §4): why this item is needed. Printed on notices. */
  reason: longText(300, 6),
  appliesTo: z.array(enrollmentTypeSchema).min(1, '至少适用于一种招生类型。'),
  required: z.boolean({ error: 'required 应为 true 或 false。' }),
  /** One per guardian (e.g. each guardian's ID card). */
  perGuardian: z.boolean().optional(),
  /** Needed only when the application has a proxy (帮办) or a disability record. */
  condition: z.enum(['proxy', 'disability']).optional(),
  /** Alternatives: a required item is satisfied when any item of the same group is marked. */
  anyOf: id.optional(),
  /**
   * Department data that verifies the item (shared/dept, 部门核验). A verified item need not be brought on paper
   * (零证明): the desk marks it 部门数据已核验. Omitted: the item is always checked on paper.
   */
  verifiedBy: z.array(deptSourceSchema).min(1, '至少列出一个部门数据来源。').max(3, '最多列出 3 个部门数据来源。').optional(),
});
export type MaterialItem = z.infer<typeof materialSchema>;

export const migrantFieldSchema = z.enum(['residencePermitMonths', 'socialInsuranceMonths', 'businessLicenceMonths']);
export type MigrantField = z.infer<typeof migrantFieldSchema>;

export const migrantPointsSchema = z.strictObject({
  items: z.array(
    z.strictObject({
      id,
      name: text(30),
      field: migrantFieldSchema,
      pointsPerMonth: z.number({ error: '每月分值应为数字。' }).positive('每月分值应大于 0。').max(100, '每月分值不能超过 100。'),
      /** Items sharing a group are alternatives ("社保或营业执照"): per guardian only the best one counts. */
      exclusiveGroup: id.optional(),
    }),
  ),
  /** Both parents' points added (true) or only the higher-scoring guardian's (false). */
  sumGuardians: z.boolean({ error: 'sumGuardians 应为 true 或 false。' }),
  /** Whose months count; usually the parents. */
  countedRelations: z.array(guardianRelationSchema).min(1, '至少指定一种计分的监护人关系。').default(['father', 'mother']),
  unbrokenOnly: z.literal(true, {
    error: 'unbrokenOnly 只能为 true：登记表记录的是截至计分日往前连续的月数，无法按累计月数计分。',
  }),
  countBackFrom: isoDate,
  capMonths: z.number({ error: '封顶月数应为整数。' }).int('封顶月数应为整数。').min(1, '封顶月数至少为 1。').max(600, '封顶月数不能超过 600。'),
});

export const preferentialCategorySchema = z.strictObject({
  id,
  name: text(40),
  /** What evidence is accepted and which authority issues it. */
  evidence: longText(300, 4),
});

export const hotlineSchema = z.strictObject({
  name: text(60),
  phone,
  /** seed 001 §9: province, city and county lines are published; schools too when they review. */
  level: z.enum(['province', 'city', 'county', 'school']).optional(),
  email: z.email('电子邮箱格式不正确。').optional(),
  hours: text(60).optional(),
});

export const planTextsSchema = z.strictObject({
  receiptTitle: text(60),
  nextSteps: longText(600, 10),
  resultsAnnouncement: longText(400, 10),
  lotteryNotice: longText(400, 10),
  sealText: text(60),
  supplementDeadlineDays: z.number({ error: '补充材料期限应为整数天数。' }).int('补充材料期限应为整数天数。').min(1, '补充材料期限至少 1 天。').max(30, '补充材料期限不能超过 30 天。'),
  supplementPlace: text(120),
  appealRoute: longText(400, 10),
  appealDeadlineDays: z.number({ error: '申请复核期限应为整数天数。' }).int('申请复核期限应为整数天数。').min(1, '申请复核期限至少 1 天。').max(60, '申请复核期限不能超过 60 天。'),
  /** 个人信息告知: the parts PIPL requires the notice to state. */
  privacyNotice: z.strictObject({
    purpose: longText(400, 4),
    scope: longText(400, 4),
    recipients: longText(400, 4),
    retention: longText(300, 4),
    rights: longText(400, 4),
    consent: longText(300, 4),
  }),
  proxyAuthorization: longText(600, 10),
  /** Printed-document titles the county words its own way (issue 5); others keep the catalogue's. */
  printTitles: z
    .strictObject({
      materialsList: text(60),
      supplementNotice: text(60),
      privacyConsent: text(60),
      proxyAuthorization: text(60),
      admissionNotice: text(60),
      reassignmentNotice: text(60),
      rejectionNotice: text(60),
    })
    .partial()
    .optional(),
  /** What families bring when they report to the admitting school (admission and reassignment notices). */
  admissionBring: longText(300, 4).optional(),
  /** Printed where a promised date has passed by the day of printing (default 以招生平台公布为准). */
  datePassed: text(60).optional(),
  /** Printed instead of resultsAnnouncement once a date it names has passed. */
  resultsAnnouncementLate: longText(400, 4).optional(),
});

const MMDD = /^\d{2}-\d{2}$/;

const countyPlanBase = z.strictObject({
  /** The file format (shared/plan/migrate.ts). Older files are brought up to date before this schema sees them. */
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION, { error: `方案格式版本应为 ${PLAN_SCHEMA_VERSION}。` }),
  planId: id,
  version: z.string({ error: '版本号应为文字。' }).regex(/^\d{4}\.\d{1,3}$/, '版本号应为“年份.序号”，例如 2026.1。'),
  sample: z.boolean({ error: 'sample 应为 true 或 false。' }),
  county: z.strictObject({
    code: z.string({ error: '行政区划代码应为文字。' }).regex(/^\d{6}$/, '县级行政区划代码应为 6 位数字（GB/T 2260），例如 371102。'),
    name: text(40),
  }),
  year: z.number({ error: '招生年度应为整数。' }).int('招生年度应为整数。').min(2020, '招生年度不早于 2020。').max(2100, '招生年度不晚于 2100。'),
  grades: z.array(gradeSchema).min(1, '至少开放一个年级。'),
  // Checked against a common year so '02-29' (absent three years in four) is refused.
  ageCutoff: z
    .string({ error: '年龄计算截止日应为文字。' })
    .refine((s) => MMDD.test(s) && isCalendarDate(`2001-${s}`), '年龄计算截止日应为 MM-DD 格式的有效日期（不可为 02-29），例如 08-31。')
    .default('08-31'),
  registrationWindow: z.strictObject({
    start: isoDate,
    end: isoDate,
    /**
     * An application taken outside the window: 'approval' — accepted with a visible warning and a supervisor's
     * recorded approval; 'refuse' — not accepted at the counter (issue 10). Added in schema version 3.
     */
    outside: z.enum(['approval', 'refuse'], { error: 'registrationWindow.outside 应为 "approval"（须经主管批准后受理）或 "refuse"（不予受理）。' }),
  }),
  schools: z.array(schoolSchema).min(1, '至少列出 1 所学校。'),
  zones: z.array(zoneEntrySchema).min(1, '至少列出 1 个片区。'),
  enrollmentTypes: z.array(planEnrollmentTypeSchema).min(1, '至少列出 1 种招生类型。'),
  propertyRules: propertyRulesSchema,
  dateCutoffs: z.strictObject({ hukouMoveIn: isoDate, propertyRegistration: isoDate }),
  materials: z.array(materialSchema).min(1, '至少列出 1 项材料。'),
  migrantPoints: migrantPointsSchema,
  preferentialCategories: z.array(preferentialCategorySchema),
  hotlines: z.array(hotlineSchema).min(1, '至少公布 1 个咨询电话（seed 001 §9）。'),
  texts: planTextsSchema,
  /** Batches, tie-breakers, special placements and reassignment (issue 13). */
  placement: placementRulesSchema,
});

type PlanShape = z.output<typeof countyPlanBase>;
type Ctx = z.RefinementCtx;

function duplicates<T>(
  ctx: Ctx,
  items: readonly T[],
  key: (item: T) => string,
  path: (index: number) => (string | number)[],
  message: (value: string, first: number) => string,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else ctx.addIssue({ code: 'custom', path: path(i), message: message(k, first) });
  });
}

// Classes of 56 or more are what seed 000 §10 forbids, so plans may average at most 55.
const MAX_CLASS_SIZE = 55;

function crossCheck(plan: PlanShape, ctx: Ctx): void {
  const add = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  if (!plan.version.startsWith(`${plan.year}.`)) add(['version'], `版本号应以招生年度 ${plan.year} 开头，例如 ${plan.year}.1。`);
  if (plan.sample && !plan.county.name.includes('示例')) {
    add(['county', 'name'], '示例方案的县名必须含“（示例）”，以免被当作真实方案使用。');
  }
  if (plan.registrationWindow.start > plan.registrationWindow.end) {
    add(['registrationWindow', 'end'], `报名截止日 ${plan.registrationWindow.end} 早于开始日 ${plan.registrationWindow.start}。`);
  }
  duplicates(ctx, plan.grades, (g) => g, (i) => ['grades', i], (g) => `年级“${g}”重复。`);

  // Schools
  duplicates(ctx, plan.schools, (s) => s.id, (i) => ['schools', i, 'id'], (v, f) => `学校编号“${v}”与 schools.${f} 重复。`);
  plan.schools.forEach((s, i) => {
    if (s.plannedPlaces > 0 && s.plannedClasses === 0) add(['schools', i, 'plannedClasses'], `学校“${s.name}”计划招生 ${s.plannedPlaces} 人，班数不能为 0。`);
    else if (s.plannedPlaces > s.plannedClasses * MAX_CLASS_SIZE) {
      add(
        ['schools', i, 'plannedPlaces'],
        `学校“${s.name}”计划招生 ${s.plannedPlaces} 人、${s.plannedClasses} 个班，平均每班超过 ${MAX_CLASS_SIZE} 人；56 人及以上为大班额（鲁教基函〔2021〕9号第 10 条），请核对。`,
      );
    }
  });
  const schoolsById = new Map(plan.schools.map((s) => [s.id, s]));

  // Zones
  duplicates(ctx, plan.zones, (z) => z.id, (i) => ['zones', i, 'id'], (v, f) => `片区编号“${v}”与 zones.${f} 重复。`);
  duplicates(
    ctx,
    plan.zones,
    (z) => `${z.level}|${z.kind}|${z.street ?? ''}|${z.name}`,
    (i) => ['zones', i, 'name'],
    (_v, f) => `与 zones.${f} 的名称、类别、所属街道和学段都相同，无法区分；请在名称中注明门牌或楼号范围。`,
  );
  const listed = new Set<string>();
  plan.zones.forEach((zone, zi) => {
    duplicates(ctx, zone.schoolIds, (s) => s, (k) => ['zones', zi, 'schoolIds', k], (v) => `片区“${zone.name}”重复列出学校“${v}”。`);
    zone.schoolIds.forEach((schoolId, k) => {
      listed.add(schoolId);
      const school = schoolsById.get(schoolId);
      if (school === undefined) {
        add(['zones', zi, 'schoolIds', k], `片区“${zone.name}”对口的学校编号“${schoolId}”在 schools 中不存在。`);
      } else if (school.level !== zone.level) {
        add(
          ['zones', zi, 'schoolIds', k],
          `片区“${zone.name}”是${levelLabel[zone.level]}片区，但学校“${school.name}”是${levelLabel[school.level]}，学段不一致。`,
        );
      }
    });
  });
  plan.schools.forEach((s, i) => {
    if (schoolScope(s) === 'zone' && !listed.has(s.id)) {
      add(['schools', i, 'id'], `学校“${s.name}”按片区招生，但没有任何片区对口该校，群众无法报名。请在 zones 中补充，或把 scope 设为 county。`);
    }
  });
  plan.grades.forEach((g, gi) => {
    const level = levelOfGrade(g);
    if (!plan.schools.some((s) => s.level === level)) add(['grades', gi], `开放了${gradeLabel[g]}，但没有${levelLabel[level]}学校。`);
    if (!plan.zones.some((z) => z.level === level)) add(['grades', gi], `开放了${gradeLabel[g]}，但没有${levelLabel[level]}片区。`);
  });

  // Enrollment types
  duplicates(ctx, plan.enrollmentTypes, (t) => t.code, (i) => ['enrollmentTypes', i, 'code'], (v, f) => `招生类型“${v}”与 enrollmentTypes.${f} 重复。`);
  duplicates(
    ctx,
    plan.enrollmentTypes,
    (t) => String(t.order),
    (i) => ['enrollmentTypes', i, 'order'],
    (v, f) => `顺序 ${v} 与 enrollmentTypes.${f} 重复；每种招生类型的顺序必须不同。`,
  );
  const typeCodes = new Set<EnrollmentType>(plan.enrollmentTypes.map((t) => t.code));
  if (!typeCodes.has('other')) {
    add(['enrollmentTypes'], '招生类型中必须包含“其他”（other）：不符合前列类型的儿童由教育部门统筹安排，仍须能登记。');
  }
  if (plan.preferentialCategories.length > 0 && !typeCodes.has('preferential')) {
    add(['preferentialCategories'], '列出了优待对象类别，但招生类型中没有“优待对象”（preferential）。');
  }

  // Materials
  duplicates(ctx, plan.materials, (m) => m.id, (i) => ['materials', i, 'id'], (v, f) => `材料编号“${v}”与 materials.${f} 重复。`);
  plan.materials.forEach((m, mi) => {
    m.appliesTo.forEach((code, k) => {
      if (!typeCodes.has(code)) add(['materials', mi, 'appliesTo', k], `材料“${m.name}”适用的招生类型“${code}”不在本方案的 enrollmentTypes 中。`);
    });
    if (m.anyOf !== undefined && !m.required) {
      add(['materials', mi, 'required'], `材料“${m.name}”属于可替代组“${m.anyOf}”，可替代组只用于必需材料，required 应为 true。`);
    }
  });

  // Points, categories
  duplicates(
    ctx,
    plan.migrantPoints.items,
    (it) => it.id,
    (i) => ['migrantPoints', 'items', i, 'id'],
    (v, f) => `积分项编号“${v}”与 migrantPoints.items.${f} 重复。`,
  );
  duplicates(
    ctx,
    plan.preferentialCategories,
    (c) => c.id,
    (i) => ['preferentialCategories', i, 'id'],
    (v, f) => `优待类别编号“${v}”与 preferentialCategories.${f} 重复。`,
  );

  checkPlacementRules(plan, add);
}

export const countyPlanSchema = countyPlanBase.superRefine(crossCheck);
export type CountyPlan = z.output<typeof countyPlanSchema>;
export type CountyPlanInput = z.input<typeof countyPlanSchema>;

/** Enrollment types sorted by priority (`order`), highest first. */
export function typesInPriorityOrder(plan: Pick<CountyPlan, 'enrollmentTypes'>): PlanEnrollmentType[] {
  return [...plan.enrollmentTypes].sort((a, b) => a.order - b.order);
}

export type PlanValidation =
  | {
      ok: true;
      plan: CountyPlan;
      /** The format version of the file as given; lower than PLAN_SCHEMA_VERSION when it was migrated. */
      migratedFrom: number;
      /** What a migration assumed (Chinese, for the administrator); empty for a current file. */
      notes: string[];
    }
  | { ok: false; problems: FieldIssue[] };

/**
 * Validate a plan document (parsed JSON), first bringing an older format up to date. Problems carry exact
 * dotted paths, e.g. `zones.12.schoolIds.0`; a migration only adds keys, so paths point into the file as given.
 */
export function validatePlan(json: unknown): PlanValidation {
  const migrated = migratePlanDocument(json);
  if (!migrated.ok) return { ok: false, problems: [{ path: migrated.path, message: migrated.message }] };
  const parsed = countyPlanSchema.safeParse(migrated.doc);
  if (parsed.success) return { ok: true, plan: parsed.data, migratedFrom: migrated.from, notes: migrated.notes };
  return { ok: false, problems: fieldIssues(parsed.error, migrated.doc) };
}
