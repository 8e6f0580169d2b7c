import { z } from 'zod';
import { zhCN } from '../i18n/zhCN';
import { longText, text } from './fields';
import { contractText as ct } from '../i18n/zhCN.contract';

// The answers a clerk records for one application. Drafts accept any subset (`applicationDraftSchema`);
// submission requires the whole form to be valid (`validateForSubmit` in shared/domain/applicationRules).
// Only what the county plan lists is collected (seed 000 §3–4): no field here asks for anything else.

export const gradeSchema = z.enum(['primary1', 'junior1']);
export type Grade = z.infer<typeof gradeSchema>;

export const idTypeSchema = z.enum([
  'resident_id', // 居民身份证
  'hmt_residence_permit', // 港澳台居民居住证 (810000/820000/830000)
  'foreign_permanent_id', // 外国人永久居留身份证 (2023 18 位 / 旧版 15 位)
  'passport', // 护照
  'birth_certificate', // 出生医学证明编号 (no ID yet)
]);
export type IdType = z.infer<typeof idTypeSchema>;

export const guardianRelationSchema = z.enum([
  'father',
  'mother',
  'paternal_grandfather',
  'paternal_grandmother',
  'maternal_grandfather',
  'maternal_grandmother',
  'other_guardian',
]);
export type GuardianRelation = z.infer<typeof guardianRelationSchema>;

export const housingKindSchema = z.enum([
  'property_certificate', // 不动产权证书
  'purchase_contract', // 购房合同（网签）
  'small_property', // 小产权房
  'rental_registration', // 租赁备案
  'resettlement', // 拆迁安置
  'none',
]);
export type HousingKind = z.infer<typeof housingKindSchema>;

export const housingOwnerSchema = z.enum(['father', 'mother', 'parents', 'paternal_grandparent', 'maternal_grandparent', 'child', 'other']);
export type HousingOwner = z.infer<typeof housingOwnerSchema>;

export const placementSchema = z.enum(['regular_class', 'special_school', 'home_teaching']);
/**
 * How a material was received. `dept_verified` (零证明): the county's department data already verifies it, so the
 * family brings no paper; only the desk sets it, from the county's answer at the child's ID field (sync.deptVerified).
 */
export const materialStateSchema = z.enum(['original_seen', 'copy_kept', 'missing', 'dept_verified']);
export type MaterialState = z.infer<typeof materialStateSchema>;

export const enrollmentTypeSchema = z.enum(['house_hukou', 'house_only', 'hukou_only', 'migrant', 'preferential', 'other']);
export type EnrollmentType = z.infer<typeof enrollmentTypeSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, ct.dates.isoDate);
const idNumber = text(32);
const months = z.number({ error: ct.months.required }).int(ct.months.integer).min(0, ct.months.negative).max(600, ct.months.tooMany);

export const personIdSchema = z.object({
  idType: idTypeSchema,
  idNumber,
});

export const childSchema = z.object({
  name: text(60),
  idType: idTypeSchema,
  idNumber,
  birthDate: isoDate,
  sex: z.enum(['M', 'F']),
});

export const migrantRecordSchema = z.object({
  residencePermitMonths: months,
  socialInsuranceMonths: months,
  businessLicenceMonths: months,
});

export const guardianSchema = z.object({
  relation: guardianRelationSchema,
  relationNote: text(20).optional(),
  name: text(60),
  idType: idTypeSchema,
  idNumber,
  mobile: z.string().trim(),
  onlyChild: z.boolean().optional(),
  migrant: migrantRecordSchema.partial().optional(),
});

export const proxySchema = z.object({
  name: text(60),
  relation: text(20),
  idType: idTypeSchema,
  idNumber,
  mobile: z.string().trim(),
});

export const hukouSchema = z.object({
  inCounty: z.boolean(),
  address: text(120).optional(),
  moveInDate: isoDate.optional(),
});

export const housingSchema = z.object({
  kind: housingKindSchema,
  certificateNumber: text(60).optional(),
  owner: housingOwnerSchema.optional(),
  ownerName: text(60).optional(),
  address: text(120).optional(),
  registrationDate: isoDate.optional(),
});

export const schoolChoiceSchema = z.object({
  zoneEntryId: text(64),
  schoolId: text(64),
});

export const typeDecisionSchema = z.object({
  derived: enrollmentTypeSchema,
  chosen: enrollmentTypeSchema,
  overrideReason: longText(200).optional(),
});

export const ageOverrideSchema = z.object({
  reason: longText(200, 2),
  /** The approving supervisor's username (who is accountable). */
  approvedBy: text(64),
  /** Their display name when they approved (王管理), as staff, printouts and the county read it. Absent before issue 10's fix. */
  approvedByName: text(64).optional(),
});

/**
 * A supervisor's approval to take an application outside the plan's registration window (issue 10), with the
 * counter day it was given for (a draft carried to another day needs a new one).
 */
export const windowOverrideSchema = z.object({
  reason: longText(200, 2),
  approvedBy: text(64),
  approvedByName: text(64).optional(),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

/** Who approved, as people read it: the display name recorded with the approval, else the username. */
export const approverName = (o: { approvedBy: string; approvedByName?: string | undefined }): string => o.approvedByName ?? o.approvedBy;

export const materialMarkSchema = z.object({ itemId: text(64), state: materialStateSchema });

/**
 * Twins and siblings applying together (issue 13): the other children's ID numbers. The county groups the
 * applications that name each other and places them together. At most 4 (quadruplets, or twins plus two).
 */
export const siblingSchema = z.object({ idType: idTypeSchema, idNumber });
export const SIBLINGS_MAX = 4;
const siblingsTooMany = zhCN.intake.siblings.tooMany;

/** 是否服从调剂: absent (every record before issue 13) means 是, the family accepts reassignment. */
export function acceptsReassignment(form: { acceptsReassignment?: boolean | undefined }): boolean {
  return form.acceptsReassignment !== false;
}

/** What the form holds. Every part optional so a half-typed draft saves; sizes are bounded even in drafts. */
export const applicationDraftSchema = z.strictObject({
  grade: gradeSchema.optional(),
  child: childSchema.partial().optional(),
  guardians: z.array(guardianSchema.partial()).max(4, ct.guardians.atMostFour).optional(),
  proxy: proxySchema.partial().nullable().optional(),
  hukou: hukouSchema.partial().optional(),
  housing: housingSchema.partial().optional(),
  preferential: z.object({ categoryId: text(64), evidence: longText(200).optional() }).partial().nullable().optional(),
  disability: z.object({ certificateNumber: text(40).optional(), placement: placementSchema }).partial().nullable().optional(),
  school: schoolChoiceSchema.partial().optional(),
  typeDecision: typeDecisionSchema.partial().optional(),
  ageOverride: ageOverrideSchema.nullable().optional(),
  windowOverride: windowOverrideSchema.nullable().optional(),
  materials: z.array(materialMarkSchema).max(60).optional(),
  remarks: longText(500).optional(),
  /** 是否服从调剂 (issue 13); absent means 是. */
  acceptsReassignment: z.boolean().optional(),
  /** 同胞同时报名 (issue 13): the sibling children's ID numbers; absent or empty: none. */
  siblings: z.array(siblingSchema.partial()).max(SIBLINGS_MAX, siblingsTooMany).optional(),
});
export type ApplicationDraft = z.infer<typeof applicationDraftSchema>;

/** A complete application, as submitted. Cross-field rules live in shared/domain/applicationRules. */
export const applicationFormSchema = z.object({
  grade: gradeSchema,
  child: childSchema,
  guardians: z.array(guardianSchema).min(1, ct.guardians.atLeastOne).max(4, ct.guardians.atMostFour),
  proxy: proxySchema.nullable(),
  hukou: hukouSchema,
  housing: housingSchema,
  preferential: z.object({ categoryId: text(64), evidence: longText(200).optional() }).nullable(),
  disability: z.object({ certificateNumber: text(40).optional(), placement: placementSchema }).nullable(),
  school: schoolChoiceSchema,
  typeDecision: typeDecisionSchema,
  ageOverride: ageOverrideSchema.nullable(),
  /** Optional: applications taken inside the window, and all before issue 10, carry none. */
  windowOverride: windowOverrideSchema.nullable().optional(),
  materials: z.array(materialMarkSchema).max(60),
  remarks: longText(500).optional(),
  /** Optional: applications before issue 13 carry none, which means 是 (`acceptsReassignment`). */
  acceptsReassignment: z.boolean().optional(),
  siblings: z.array(siblingSchema).max(SIBLINGS_MAX, siblingsTooMany).optional(),
});
export type ApplicationForm = z.infer<typeof applicationFormSchema>;

export const applicationStatusSchema = z.enum([
  'draft', // 草稿
  'accepted', // 已受理
  'under_review', // 审核中
  'needs_materials', // 需补充材料
  'rejected', // 审核不通过
  'approved', // 审核通过
  'awaiting_lottery', // 待派位
  'lottery_won', // 中签
  'lottery_lost', // 未中签
  'admitted', // 已录取
  'awaiting_reassignment', // 待调剂
  'reassigned', // 已调剂
  'reported', // 已报到
  'void', // 已撤回/作废
]);
export type ApplicationStatus = z.infer<typeof applicationStatusSchema>;

export const syncStateSchema = z.enum(['unsynced', 'uploading', 'confirmed', 'returned', 'conflict', 'quarantined']);
export type SyncState = z.infer<typeof syncStateSchema>;
