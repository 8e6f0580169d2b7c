import { z } from 'zod';
import { longText, text } from './fields';
import {
  applicationDraftSchema,
  applicationStatusSchema,
  enrollmentTypeSchema,
  gradeSchema,
  syncStateSchema,
} from './application';
import { auditEntrySchema } from './system';

const appId = z.string().uuid('申请编号格式不正确。');
const planKey = text(200);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD。');

export const applicationSummarySchema = z.object({
  id: z.string(),
  status: applicationStatusSchema,
  receiptNo: z.string().nullable(),
  planKey: z.string(),
  grade: gradeSchema.nullable(),
  childName: z.string().nullable(),
  childIdType: z.string().nullable(),
  childIdNumber: z.string().nullable(),
  childBirthDate: z.string().nullable(),
  schoolId: z.string().nullable(),
  enrollmentType: enrollmentTypeSchema.nullable(),
  guardianPhones: z.array(z.string()),
  syncState: syncStateSchema,
  revision: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
  createdBy: z.string(),
  /** The display name of `createdBy`, when that staff member still exists. */
  createdByName: z.string().nullable(),
});
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;

export const applicationRecordSchema = applicationSummarySchema.extend({
  data: applicationDraftSchema,
  /** A correction to a submitted application saved as typed, not yet submitted. */
  pendingEdit: applicationDraftSchema.nullable(),
  voidReason: z.string().nullable(),
  revisions: z.array(
    z.object({ revision: z.number(), createdAt: z.string(), createdBy: z.string(), reason: z.string().nullable(), sha256: z.string() }),
  ),
  history: z.array(auditEntrySchema),
});
export type ApplicationRecord = z.infer<typeof applicationRecordSchema>;

export const duplicateReportSchema = z.object({
  blocking: applicationSummarySchema.nullable(),
  nearMatches: z.array(z.object({ application: applicationSummarySchema, reasons: z.array(z.string()) })),
});
export type DuplicateReport = z.infer<typeof duplicateReportSchema>;

export const searchInputSchema = z.strictObject({
  query: z.string().max(60, '搜索内容过长，最多 60 个字符。').default(''),
  status: z.array(applicationStatusSchema).max(20).optional(),
  enrollmentType: z.array(enrollmentTypeSchema).max(10).optional(),
  schoolId: z.string().max(64).optional(),
  syncState: z.array(syncStateSchema).max(10).optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
  includeDrafts: z.boolean().default(true),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export type SearchInput = z.input<typeof searchInputSchema>;

export const searchResultSchema = z.object({ total: z.number(), rows: z.array(applicationSummarySchema), tookMs: z.number() });
export type SearchResult = z.infer<typeof searchResultSchema>;

export const saveDraftInput = z.strictObject({ id: appId.optional(), data: applicationDraftSchema });
export const submitInput = z.strictObject({
  id: appId,
  data: applicationDraftSchema,
  /** The plan the renderer validated against; must be the active plan. */
  planKey,
  confirmNearMatches: z.boolean().default(false),
});
export const updateInput = z.strictObject({ id: appId, data: applicationDraftSchema, planKey, reason: longText(200, 2) });
export const saveEditInput = z.strictObject({ id: appId, data: applicationDraftSchema });
export const voidInput = z.strictObject({ id: appId, reason: longText(200, 2) });
export const ageOverrideInput = z.strictObject({
  id: appId,
  reason: longText(200, 2),
  /** When the signed-in staff is a clerk, a supervisor approves at the counter with their own password. */
  supervisorUsername: z.string().max(32).optional(),
  supervisorPassword: z.string().max(128).optional(),
});

export const submitResultSchema = z.object({ id: z.string(), receiptNo: z.string(), status: applicationStatusSchema, revision: z.number() });
export const planInfoSchema = z.object({
  planKey: z.string(),
  planId: z.string(),
  version: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  year: z.number(),
  sample: z.boolean(),
  importedAt: z.string(),
  active: z.boolean(),
});
export type PlanInfo = z.infer<typeof planInfoSchema>;

export { appId };
