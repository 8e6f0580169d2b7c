import { reviewResultSchema } from './reviewResult';
import { z } from 'zod';
import { method } from './define';
import { int32, longText, text } from './fields';
import {
  ageOverrideSchema,
  applicationDraftSchema,
  applicationStatusSchema,
  enrollmentTypeSchema,
  gradeSchema,
  syncStateSchema,
  windowOverrideSchema,
} from './application';
import { auditEntrySchema } from './system';
import { contractText as ct } from '../i18n/zhCN.contract';

const appId = z.string().uuid(ct.ids.application);
const planKey = text(200);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, ct.dates.isoDay);

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
  /**
   * The public lottery's word on this child once the county's placement result has synced (issue 13): 'won' 中签,
   * 'lost' 未中签, absent when no draw decided it. The status says the placement (已录取 / 待调剂 / 已调剂).
   */
  lottery: z.enum(['won', 'lost']).optional(),
});
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;

/**
 * Why a revision exists: `form` as staff submitted or corrected it (revision 1 is the submission); `pages` the same
 * form again because pages changed after it went up; `void` the same form again carrying the void to the county.
 */
export const revisionKindSchema = z.enum(['form', 'pages', 'void']);
export type RevisionKind = z.infer<typeof revisionKindSchema>;

export const applicationRecordSchema = applicationSummarySchema.extend({
  data: applicationDraftSchema,
  /** A correction to a submitted application saved as typed, not yet submitted. */
  pendingEdit: applicationDraftSchema.nullable(),
  voidReason: z.string().nullable(),
  revisions: z.array(
    z.object({
      revision: z.number(),
      createdAt: z.string(),
      /** Username of who saved it; createdByName is their display name while that staff member exists. */
      createdBy: z.string(),
      createdByName: z.string().nullable(),
      /** For staff: the correction reason, or for a void revision the void reason after 已作废：. */
      reason: z.string().nullable(),
      kind: revisionKindSchema,
      sha256: z.string(),
    }),
  ),
  /** The application's audit entries, actorName being the staff member's display name where known. */
  history: z.array(auditEntrySchema),
  /** The county's newest result applied to this record (placement, school, lottery key and place), or null. */
  countyResult: reviewResultSchema.nullable().optional(),
});
export type ApplicationRecord = z.infer<typeof applicationRecordSchema>;

export const duplicateReportSchema = z.object({
  blocking: applicationSummarySchema.nullable(),
  nearMatches: z.array(z.object({ application: applicationSummarySchema, reasons: z.array(z.string()) })),
});
export type DuplicateReport = z.infer<typeof duplicateReportSchema>;

export const searchInputSchema = z.strictObject({
  query: z.string().max(60, ct.searchTooLong).default(''),
  status: z.array(applicationStatusSchema).max(20).optional(),
  enrollmentType: z.array(enrollmentTypeSchema).max(10).optional(),
  schoolId: z.string().max(64).optional(),
  syncState: z.array(syncStateSchema).max(10).optional(),
  from: isoDay.optional(),
  to: isoDay.optional(),
  includeDrafts: z.boolean().default(true),
  offset: int32(0).default(0),
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

/** Approval to take this draft outside the plan's registration window: the same supervisor check as the age exception. */
export const windowOverrideInput = ageOverrideInput;

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
  /** Set when the plan's county is not this counter's (Chinese warning, shared/domain/county.ts). */
  countyMismatch: z.string().nullable().optional(),
});
export type PlanInfo = z.infer<typeof planInfoSchema>;

export { appId };

const anyStaff = 'session' as const;
const supervisors = ['supervisor', 'admin'] as const;

/** Drafts, submission, corrections, search and voids of applications. */
export const applicationMethods = {
  'applications.saveDraft': method({
    input: saveDraftInput,
    output: z.object({ id: z.string(), savedAt: z.string(), planKey: z.string() }),
    access: anyStaff,
  }),
  'applications.checkDuplicates': method({
    input: z.strictObject({ id: appId.optional(), data: applicationDraftSchema }),
    output: duplicateReportSchema,
    access: anyStaff,
  }),
  'applications.submit': method({ input: submitInput, output: submitResultSchema, access: anyStaff }),
  'applications.update': method({ input: updateInput, output: submitResultSchema, access: anyStaff }),
  'applications.saveEdit': method({
    input: saveEditInput,
    output: z.object({ id: z.string(), savedAt: z.string() }),
    access: anyStaff,
  }),
  'applications.get': method({ input: z.strictObject({ id: appId }), output: applicationRecordSchema, access: anyStaff }),
  'applications.search': method({ input: searchInputSchema, output: searchResultSchema, access: anyStaff }),
  'applications.void': method({ input: voidInput, output: z.object({ done: z.literal(true) }), access: supervisors }),
  'applications.discardDraft': method({ input: z.strictObject({ id: appId }), output: z.object({ done: z.literal(true) }), access: anyStaff }),
  'applications.approveAgeOverride': method({ input: ageOverrideInput, output: ageOverrideSchema, access: anyStaff }),
  'applications.approveOutsideWindow': method({ input: windowOverrideInput, output: windowOverrideSchema, access: anyStaff }),
} as const;
