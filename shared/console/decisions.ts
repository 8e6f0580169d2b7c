import { z } from 'zod';
import { int32, longText, text } from '../contract/fields';
import { applicationId, endpoint, isoDay, isoTime, planItemId } from './define';
import { queueFilterSchema, queueStatusSchema } from './queue';
import { consoleContractText } from '../i18n/zhCN.consoleContract';

// Review decisions. Each one goes to the desk that took the application at its next sync (a `review_result`
// change), except a proposed rejection, which waits for a 复核人 (a different person) to confirm it. Every
// decision names the revision it was made on: if the desk changed the application since, the answer is
// 409 stale_revision and the reviewer looks again.

const revision = int32(1);

export const decisionResultSchema = z.object({
  applicationId: z.uuid(),
  status: queueStatusSchema,
  /** The result version queued for the desk; null when nothing goes to the desk (a proposal, a comment). */
  resultVersion: z.number().int().nullable(),
});

/** Rejection reason templates and the defaults a decision form starts from (the application's plan). */
export const decisionTemplatesSchema = z.object({
  rejectionReasons: z.array(z.object({ id: z.string(), text: z.string() })),
  /** From the plan: where and how to appeal, days to appeal, where to bring materials, days to bring them. */
  appealRoute: z.string(),
  appealDeadline: isoDay,
  supplementPlace: z.string(),
  supplementDeadline: isoDay,
});

export const decisionEndpoints = {
  'decisions.templates': endpoint('decisions.templates', {
    summary: 'Reason templates and plan defaults for an application',
    input: z.strictObject({ applicationId }),
    output: decisionTemplatesSchema,
    access: ['reviewer', 'second_reviewer'],
  }),
  'decisions.approve': endpoint('decisions.approve', {
    summary: 'Approve an application',
    input: z.strictObject({ applicationId, revision, note: longText(500).optional() }),
    output: decisionResultSchema,
    access: ['reviewer', 'second_reviewer'],
  }),
  /** One notice lists everything at once: every missing item, the deadline and where to bring them. */
  'decisions.requestMaterials': endpoint('decisions.requestMaterials', {
    summary: 'Ask for more materials (one notice lists every missing item)',
    input: z.strictObject({
      applicationId,
      revision,
      /** Material ids of the application's plan (at least one). */
      items: z.array(planItemId).min(1, consoleContractText.decisions.materialsRequired).max(60),
      deadline: isoDay,
      place: text(200),
      note: longText(500).optional(),
    }),
    output: decisionResultSchema,
    access: ['reviewer', 'second_reviewer'],
  }),
  /** 审核不通过: proposed here, effective only after decisions.confirmRejection by another person. */
  'decisions.reject': endpoint('decisions.reject', {
    summary: 'Propose a rejection (waits for a second reviewer)',
    input: z.strictObject({
      applicationId,
      revision,
      /** Ids from decisions.templates (at least one template or a text). */
      reasonIds: z.array(z.string().max(40)).max(10).default([]),
      reasonText: longText(500).optional(),
      appealRoute: longText(400, 4),
      appealDeadline: isoDay,
    }),
    output: decisionResultSchema,
    access: ['reviewer', 'second_reviewer'],
  }),
  /** Four eyes: 409 four_eyes when the proposer tries. */
  'decisions.confirmRejection': endpoint('decisions.confirmRejection', {
    summary: 'Confirm a proposed rejection (a second reviewer, not the proposer)',
    input: z.strictObject({ applicationId, decisionId: z.uuid(), note: longText(500).optional() }),
    output: decisionResultSchema,
    access: ['second_reviewer'],
  }),
  /** The 复核人 does not agree: the application goes back to 待审核 with the note. */
  'decisions.returnRejection': endpoint('decisions.returnRejection', {
    summary: 'Send a proposed rejection back (second reviewer)',
    input: z.strictObject({ applicationId, decisionId: z.uuid(), note: longText(500, 2) }),
    output: decisionResultSchema,
    access: ['second_reviewer'],
  }),
  'decisions.comment': endpoint('decisions.comment', {
    summary: 'An internal comment on an application (not sent to the desk)',
    input: z.strictObject({ applicationId, text: longText(1000, 1) }),
    output: decisionResultSchema,
    access: ['admin', 'reviewer', 'second_reviewer'],
  }),
  /**
   * Bulk approval, step 1: how many 待审核 applications of the filter (within the caller's scope) would be
   * approved, and a confirmation token for exactly those (at their current revisions), valid 10 minutes.
   */
  'decisions.bulkPreview': endpoint('decisions.bulkPreview', {
    summary: 'Count and confirmation token for approving a filtered set',
    input: z.strictObject({ filter: queueFilterSchema }),
    output: z.object({
      count: z.number().int().nonnegative(),
      /** At most 5,000 per confirmation; narrow the filter for more. */
      limited: z.boolean(),
      token: z.string(),
      expiresAt: isoTime,
      sample: z.array(z.object({ applicationId: z.uuid(), receiptNo: z.string(), childName: z.string() })),
    }),
    access: ['reviewer', 'second_reviewer'],
  }),
  /**
   * Step 2: approves the previewed applications that are still 待审核 at the revision previewed; `count` must be
   * the count the person confirmed. Those that changed meanwhile are skipped and counted.
   */
  'decisions.bulkApprove': endpoint('decisions.bulkApprove', {
    summary: 'Approve the previewed set',
    input: z.strictObject({ token: z.string().min(1).max(200), count: int32(0) }),
    output: z.object({ approved: z.number().int().nonnegative(), skipped: z.number().int().nonnegative() }),
    access: ['reviewer', 'second_reviewer'],
  }),
} as const;
