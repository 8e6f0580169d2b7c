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
import { format } from '../i18n/format';
import { labels } from '../i18n/zhCN.labels';
import { planCheckText as C, planFieldText as F } from '../i18n/zhCN.plan';
import { isCalendarDate } from '../domain/age';
import { deptSourceSchema } from '../dept/sources';
import { checkPlacementRules, planIdSchema, placementRulesSchema } from './placementRules';
import { migratePlanDocument, PLAN_SCHEMA_VERSION } from './migrate';

export { PLAN_SCHEMA_VERSION } from './migrate';

// The county enrollment plan (招生方案) as data (DESIGN §4). Every rule the desk applies that a
// county decides — zones, types and their order, property and points rules, the published
// materials list with the reason for each item (seed 000 §4) — is read from here, never coded.
// Strict objects throughout: in a hand-edited JSON file an unknown key is almost always a typo
// of a known one, and silently ignoring it would silently drop a rule.

const id = planIdSchema;

const isoDate = z
  .string({ error: F.isoDate.type })
  .refine(isCalendarDate, F.isoDate.invalid);

// Landline with area code (and extension), mobile, 400/800 numbers, or a short public hotline (12345).
const phone = z
  .string({ error: F.phone.type })
  .trim()
  .regex(
    /^(?:0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|1[3-9]\d{9}|[48]00-?\d{3}-?\d{4}|1\d{4})$/,
    F.phone.pattern,
  );

const count = (of: keyof typeof F.countOf, max: number) => {
  const what = F.countOf[of];
  return z
    .number({ error: format(F.count.integer, { what }) })
    .int(format(F.count.integer, { what }))
    .min(0, format(F.count.negative, { what }))
    .max(max, format(F.count.max, { what, max }));
};

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
  plannedPlaces: count('plannedPlaces', 5000),
  plannedClasses: count('plannedClasses', 100),
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
  aliases: z.array(text(60)).max(20, F.aliasesMax).optional(),
  /** More than one school: an overlap zone (交叉学区); the family chooses one. */
  schoolIds: z.array(id).min(1, F.zoneSchoolsMin).max(6, F.zoneSchoolsMax),
  level: schoolLevelSchema,
});
export type ZoneEntry = z.infer<typeof zoneEntrySchema>;

export const planEnrollmentTypeSchema = z.strictObject({
  code: enrollmentTypeSchema,
  name: text(20),
  description: longText(300, 4),
  /** Priority: 1 is considered first. */
  order: z.number({ error: F.order.integer }).int(F.order.integer).min(1, F.order.min).max(99, F.order.max),
});
export type PlanEnrollmentType = z.infer<typeof planEnrollmentTypeSchema>;

// Owners whose property always counts when listed. Grandparents are governed by
// `grandparentsWhen` instead; 'other' (non-relatives) never counts (BRIEF: direct relatives only).
export const directOwnerSchema = z.enum(['father', 'mother', 'parents', 'child']);
// Kinds that can be *owned* property. Rental registration and 'none' are not ownership, so
// listing them here would be a mistake the schema should catch.
export const ownedKindSchema = z.enum(['property_certificate', 'purchase_contract', 'small_property', 'resettlement']);

export const propertyRulesSchema = z.strictObject({
  allowedOwners: z.array(directOwnerSchema).min(1, F.allowedOwnersMin),
  /**
   * When a grandparent's home counts: 'parent_only_child' — paternal grandparents when the father
   * is an only child, maternal when the mother is; 'parents_own_nothing' — when the parents own
   * no home (checked by the county against property data); 'either'; 'never'.
   */
  grandparentsWhen: z.enum(['parent_only_child', 'parents_own_nothing', 'either', 'never']),
  countedKinds: z.array(ownedKindSchema).min(1, F.countedKindsMin),
});

export const materialSchema = z.strictObject({
  id,
  name: text(40),
  /** The published necessity note (seed 000 §4): why this item is needed. Printed on notices. */
  reason: longText(300, 6),
  appliesTo: z.array(enrollmentTypeSchema).min(1, F.appliesToMin),
  required: z.boolean({ error: F.requiredBoolean }),
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
  verifiedBy: z.array(deptSourceSchema).min(1, F.verifiedByMin).max(3, F.verifiedByMax).optional(),
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
      pointsPerMonth: z.number({ error: F.pointsPerMonth.number }).positive(F.pointsPerMonth.positive).max(100, F.pointsPerMonth.max),
      /** Items sharing a group are alternatives ("社保或营业执照"): per guardian only the best one counts. */
      exclusiveGroup: id.optional(),
    }),
  ),
  /** Both parents' points added (true) or only the higher-scoring guardian's (false). */
  sumGuardians: z.boolean({ error: F.sumGuardiansBoolean }),
  /** Whose months count; usually the parents. */
  countedRelations: z.array(guardianRelationSchema).min(1, F.countedRelationsMin).default(['father', 'mother']),
  unbrokenOnly: z.literal(true, { error: F.unbrokenOnly }),
  countBackFrom: isoDate,
  capMonths: z.number({ error: F.capMonths.integer }).int(F.capMonths.integer).min(1, F.capMonths.min).max(600, F.capMonths.max),
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
  email: z.email(F.email).optional(),
  hours: text(60).optional(),
});

export const planTextsSchema = z.strictObject({
  receiptTitle: text(60),
  nextSteps: longText(600, 10),
  resultsAnnouncement: longText(400, 10),
  lotteryNotice: longText(400, 10),
  sealText: text(60),
  supplementDeadlineDays: z
    .number({ error: F.supplementDeadlineDays.integer })
    .int(F.supplementDeadlineDays.integer)
    .min(1, F.supplementDeadlineDays.min)
    .max(30, F.supplementDeadlineDays.max),
  supplementPlace: text(120),
  appealRoute: longText(400, 10),
  appealDeadlineDays: z
    .number({ error: F.appealDeadlineDays.integer })
    .int(F.appealDeadlineDays.integer)
    .min(1, F.appealDeadlineDays.min)
    .max(60, F.appealDeadlineDays.max),
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
  schemaVersion: z.literal(PLAN_SCHEMA_VERSION, { error: format(F.schemaVersion, { version: PLAN_SCHEMA_VERSION }) }),
  planId: id,
  version: z.string({ error: F.version.type }).regex(/^\d{4}\.\d{1,3}$/, F.version.pattern),
  sample: z.boolean({ error: F.sampleBoolean }),
  county: z.strictObject({
    code: z.string({ error: F.countyCode.type }).regex(/^\d{6}$/, F.countyCode.pattern),
    name: text(40),
    /**
     * The city (地级市、自治州、地区、盟) and province the county belongs to, as addresses write them (日照市, 山东省).
     * With them an address naming another city or province is known to lie outside the county (shared/plan/zones.ts);
     * without them only another county-level division is. No city for a county under its province directly.
     * Added in schema version 4.
     */
    city: text(40).optional(),
    province: text(40).optional(),
  }),
  year: z.number({ error: F.year.integer }).int(F.year.integer).min(2020, F.year.min).max(2100, F.year.max),
  grades: z.array(gradeSchema).min(1, F.gradesMin),
  // Checked against a common year so '02-29' (absent three years in four) is refused.
  ageCutoff: z
    .string({ error: F.ageCutoff.type })
    .refine((s) => MMDD.test(s) && isCalendarDate(`2001-${s}`), F.ageCutoff.invalid)
    .default('08-31'),
  registrationWindow: z.strictObject({
    start: isoDate,
    end: isoDate,
    /**
     * An application taken outside the window: 'approval' — accepted with a visible warning and a supervisor's
     * recorded approval; 'refuse' — not accepted at the counter (issue 10). Added in schema version 3.
     */
    outside: z.enum(['approval', 'refuse'], { error: F.outside }),
  }),
  schools: z.array(schoolSchema).min(1, F.schoolsMin),
  zones: z.array(zoneEntrySchema).min(1, F.zonesMin),
  enrollmentTypes: z.array(planEnrollmentTypeSchema).min(1, F.enrollmentTypesMin),
  propertyRules: propertyRulesSchema,
  dateCutoffs: z.strictObject({ hukouMoveIn: isoDate, propertyRegistration: isoDate }),
  materials: z.array(materialSchema).min(1, F.materialsMin),
  migrantPoints: migrantPointsSchema,
  preferentialCategories: z.array(preferentialCategorySchema),
  hotlines: z.array(hotlineSchema).min(1, F.hotlinesMin),
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

  if (!plan.version.startsWith(`${plan.year}.`)) add(['version'], format(C.versionYear, { year: plan.year }));
  if (plan.sample && !plan.county.name.includes(C.sampleWord)) {
    add(['county', 'name'], C.sampleName);
  }
  if (plan.registrationWindow.start > plan.registrationWindow.end) {
    add(['registrationWindow', 'end'], format(C.windowOrder, { end: plan.registrationWindow.end, start: plan.registrationWindow.start }));
  }
  duplicates(ctx, plan.grades, (g) => g, (i) => ['grades', i], (grade) => format(C.gradeRepeated, { grade }));

  // Schools
  duplicates(ctx, plan.schools, (s) => s.id, (i) => ['schools', i, 'id'], (id, first) => format(C.schoolRepeated, { id, first }));
  plan.schools.forEach((s, i) => {
    if (s.plannedPlaces > 0 && s.plannedClasses === 0) add(['schools', i, 'plannedClasses'], format(C.noClasses, { school: s.name, places: s.plannedPlaces }));
    else if (s.plannedPlaces > s.plannedClasses * MAX_CLASS_SIZE) {
      add(
        ['schools', i, 'plannedPlaces'],
        format(C.classSize, { school: s.name, places: s.plannedPlaces, classes: s.plannedClasses, max: MAX_CLASS_SIZE }),
      );
    }
  });
  const schoolsById = new Map(plan.schools.map((s) => [s.id, s]));

  // Zones
  duplicates(ctx, plan.zones, (z) => z.id, (i) => ['zones', i, 'id'], (id, first) => format(C.zoneRepeated, { id, first }));
  duplicates(
    ctx,
    plan.zones,
    (z) => `${z.level}|${z.kind}|${z.street ?? ''}|${z.name}`,
    (i) => ['zones', i, 'name'],
    (_v, first) => format(C.zoneIndistinct, { first }),
  );
  const listed = new Set<string>();
  plan.zones.forEach((zone, zi) => {
    duplicates(ctx, zone.schoolIds, (s) => s, (k) => ['zones', zi, 'schoolIds', k], (school) => format(C.zoneSchoolRepeated, { zone: zone.name, school }));
    zone.schoolIds.forEach((schoolId, k) => {
      listed.add(schoolId);
      const school = schoolsById.get(schoolId);
      if (school === undefined) {
        add(['zones', zi, 'schoolIds', k], format(C.zoneSchoolUnknown, { zone: zone.name, school: schoolId }));
      } else if (school.level !== zone.level) {
        add(
          ['zones', zi, 'schoolIds', k],
          format(C.zoneLevel, { zone: zone.name, zoneLevel: levelLabel[zone.level], school: school.name, schoolLevel: levelLabel[school.level] }),
        );
      }
    });
  });
  plan.schools.forEach((s, i) => {
    if (schoolScope(s) === 'zone' && !listed.has(s.id)) {
      add(['schools', i, 'id'], format(C.schoolUnzoned, { school: s.name }));
    }
  });
  plan.grades.forEach((g, gi) => {
    const level = levelOfGrade(g);
    if (!plan.schools.some((s) => s.level === level)) add(['grades', gi], format(C.gradeNoSchool, { grade: gradeLabel[g], level: levelLabel[level] }));
    if (!plan.zones.some((z) => z.level === level)) add(['grades', gi], format(C.gradeNoZone, { grade: gradeLabel[g], level: levelLabel[level] }));
  });

  // Enrollment types
  duplicates(ctx, plan.enrollmentTypes, (t) => t.code, (i) => ['enrollmentTypes', i, 'code'], (code, first) => format(C.typeRepeated, { code, first }));
  duplicates(
    ctx,
    plan.enrollmentTypes,
    (t) => String(t.order),
    (i) => ['enrollmentTypes', i, 'order'],
    (order, first) => format(C.orderRepeated, { order, first }),
  );
  const typeCodes = new Set<EnrollmentType>(plan.enrollmentTypes.map((t) => t.code));
  if (!typeCodes.has('other')) {
    add(['enrollmentTypes'], C.otherMissing);
  }
  if (plan.preferentialCategories.length > 0 && !typeCodes.has('preferential')) {
    add(['preferentialCategories'], C.preferentialMissing);
  }

  // Materials
  duplicates(ctx, plan.materials, (m) => m.id, (i) => ['materials', i, 'id'], (id, first) => format(C.materialRepeated, { id, first }));
  plan.materials.forEach((m, mi) => {
    m.appliesTo.forEach((code, k) => {
      if (!typeCodes.has(code)) add(['materials', mi, 'appliesTo', k], format(C.materialType, { material: m.name, code }));
    });
    if (m.anyOf !== undefined && !m.required) {
      add(['materials', mi, 'required'], format(C.materialAnyOf, { material: m.name, group: m.anyOf }));
    }
  });

  // Points, categories
  duplicates(
    ctx,
    plan.migrantPoints.items,
    (it) => it.id,
    (i) => ['migrantPoints', 'items', i, 'id'],
    (id, first) => format(C.pointsItemRepeated, { id, first }),
  );
  duplicates(
    ctx,
    plan.preferentialCategories,
    (c) => c.id,
    (i) => ['preferentialCategories', i, 'id'],
    (id, first) => format(C.categoryRepeated, { id, first }),
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
