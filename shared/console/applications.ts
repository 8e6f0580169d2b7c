import { z } from 'zod';
import { materialStateSchema } from '../contract/application';
import { verificationSchema } from '../dept/verify';
import { CONSOLE_API, type ConsoleBinaryEndpoint, applicationId, endpoint, isoDay, isoTime } from './define';
import { reassignmentViewSchema } from './placement';
import { queueRowSchema, queueStatusSchema } from './queue';

// The application view: the record as the desk took it (labelled by the one shared mapping, shared/record/),
// its scanned pages, the plan's materials for its type, its revisions with what changed, and every decision.

/** One labelled value (shared/record/fields.ts). `value` null: nothing recorded. */
export const recordFieldSchema = z.object({
  /** Stable across revisions, e.g. `child.name`, `guardians.1.mobile`: revisions are compared by it. */
  key: z.string(),
  label: z.string(),
  value: z.string().nullable(),
});
export const recordGroupSchema = z.object({ key: z.string(), title: z.string().nullable(), fields: z.array(recordFieldSchema) });
export const recordSectionSchema = z.object({
  key: z.string(),
  title: z.string(),
  groups: z.array(recordGroupSchema),
  /** Shown instead of groups when there are none (e.g. 本次由监护人本人办理). */
  emptyText: z.string().nullable(),
});

/** A value that differs between two revisions. */
export const fieldChangeSchema = z.object({
  key: z.string(),
  /** Section and field, e.g. 监护人 1 · 手机号码. */
  label: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type FieldChange = z.infer<typeof fieldChangeSchema>;

export const pageInfoSchema = z.object({
  pageId: z.uuid(),
  materialKey: z.string(),
  /** The plan's name of the material, or the key when the plan does not list it. */
  materialName: z.string(),
  pageNo: z.number().int(),
  bytes: z.number().int(),
  /** `image/jpeg`, `image/png`, `application/pdf`…, sniffed from the stored bytes. */
  contentType: z.string(),
  /** GET this (same-origin, with the session cookie) for the bytes; every fetch is audited. */
  url: z.string(),
});

export const materialRowSchema = z.object({
  itemId: z.string(),
  name: z.string(),
  /** The plan's necessity note (why the item is needed). */
  reason: z.string(),
  required: z.boolean(),
  /** What the desk recorded: original seen, copy kept, missing; null when nothing was marked. */
  deskState: materialStateSchema.nullable(),
  pages: z.number().int().nonnegative(),
  /** Asked for by the county in the open 需补充材料 request. */
  requested: z.boolean(),
});

export const decisionKindSchema = z.enum([
  'approve',
  'request_materials',
  'propose_rejection',
  'confirm_rejection',
  'return_rejection',
  'comment',
  'withdraw', // duplicate resolution: this application was withdrawn
  'keep', // duplicate resolution: this application was kept
  'result', // a placement result (admitted, reassigned…) or a decision recorded by the CLI
]);
export type DecisionKind = z.infer<typeof decisionKindSchema>;

export const decisionEntrySchema = z.object({
  decisionId: z.uuid(),
  kind: decisionKindSchema,
  at: isoTime,
  actorName: z.string(),
  /** The revision the decision was made on. */
  revision: z.number().int().nullable(),
  /** Chinese one-line summary, e.g. 需补充材料：户口簿（期限 2026-07-20，城关教育办）. */
  summary: z.string(),
  note: z.string().nullable(),
  /** The result version sent to the desk, when the decision produced one. */
  resultVersion: z.number().int().nullable(),
});

export const pendingRejectionSchema = z.object({
  decisionId: z.uuid(),
  proposedBy: z.string(),
  proposedAt: isoTime,
  reasons: z.array(z.string()),
  appealRoute: z.string(),
  appealDeadline: isoDay,
});

export const applicationViewSchema = z.object({
  row: queueRowSchema,
  /** The plan the desk took the application under (planId@version), and whether the server has it. */
  planKey: z.string().nullable(),
  planKnown: z.boolean(),
  sections: z.array(recordSectionSchema),
  pages: z.array(pageInfoSchema),
  materials: z.array(materialRowSchema),
  revisions: z.array(
    z.object({
      revision: z.number().int(),
      receivedAt: isoTime,
      counterCode: z.string(),
      /** Against the revision before (empty for the first). */
      changes: z.array(fieldChangeSchema),
    }),
  ),
  /** When the desk changed the application after the latest decision: what changed since the revision decided on. */
  changedSinceDecision: z.array(fieldChangeSchema).nullable(),
  decisions: z.array(decisionEntrySchema),
  pendingRejection: pendingRejectionSchema.nullable(),
  /** Other applications of the same child. */
  duplicates: z.array(z.object({ applicationId: z.uuid(), receiptNo: z.string(), counterCode: z.string(), status: queueStatusSchema })),
  /**
   * Each material checked against department data (已核验 / 不一致 with what differs / 无记录), and the enrollment
   * type checked; null when not computed yet (no plan) or for school users (department data is for reviewers).
   */
  deptVerification: verificationSchema.extend({ computedAt: isoTime }).nullable(),
  /** 是否服从调剂: the form's, a reviewer's record, what placement uses; null when no plan is published. */
  reassignment: reassignmentViewSchema.nullable(),
  /** What the signed-in account may do here now (the server checks again when it is done). */
  can: z.object({
    approve: z.boolean(),
    requestMaterials: z.boolean(),
    reject: z.boolean(),
    confirmRejection: z.boolean(),
    comment: z.boolean(),
    viewPages: z.boolean(),
    /** Record 是否服从调剂 told by phone (reviewers; not while a draw's lists are frozen). */
    recordReassignment: z.boolean(),
  }),
});
export type ApplicationView = z.infer<typeof applicationViewSchema>;

export const applicationEndpoints = {
  /** Audited as a view of personal data. Out-of-scope or unknown applications: 404. */
  'applications.get': endpoint('applications.get', {
    summary: 'The application view',
    input: z.strictObject({ applicationId }),
    output: applicationViewSchema,
    access: ['admin', 'reviewer', 'second_reviewer', 'school'],
  }),
} as const;

export const pageParamsSchema = z.strictObject({ applicationId, pageId: z.uuid() });

/** A scanned page's bytes (cache-control: private, no-store). Audited. */
export const pageEndpoint: ConsoleBinaryEndpoint<typeof pageParamsSchema> = {
  method: 'GET',
  path: `${CONSOLE_API}/pages/:applicationId/:pageId`,
  params: pageParamsSchema,
  access: ['admin', 'reviewer', 'second_reviewer'],
  summary: 'The bytes of one scanned page',
};

export function pageUrl(applicationIdValue: string, pageId: string): string {
  return `${CONSOLE_API}/pages/${applicationIdValue}/${pageId}`;
}
