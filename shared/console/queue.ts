import { z } from 'zod';
import { enrollmentTypeSchema, gradeSchema } from '../contract/application';
import { counterCodeSchema, cursorSchema, endpoint, isoDay, isoTime, planItemId } from './define';
import { consoleContractText } from '../i18n/zhCN.consoleContract';

/**
 * Where an application stands at the county. `pending` includes applications the desk changed after a decision
 * (they come back with `reentered`). A rejection takes effect only when a 复核人 confirms it: until then the
 * application is `rejection_pending` and nothing goes to the desk.
 */
export const queueStatusSchema = z.enum([
  'pending', // 待审核
  'needs_materials', // 需补充材料 (waiting for the family)
  'rejection_pending', // 待复核 (a rejection waits for a second reviewer)
  'approved', // 审核通过
  'rejected', // 审核不通过 (confirmed)
  'admitted', // 已录取
  'awaiting_reassignment', // 待调剂
  'reassigned', // 已调剂
  'withdrawn', // 已撤回 (the duplicate of another application, withdrawn by the county)
  'voided', // 已作废 (voided at the desk)
]);
export type QueueStatus = z.infer<typeof queueStatusSchema>;

/** Every filter is optional; lists within one filter are alternatives (OR), filters combine with AND. */
export const queueFilterSchema = z.strictObject({
  schoolIds: z.array(planItemId).max(200).optional(),
  types: z.array(enrollmentTypeSchema).max(10).optional(),
  counterCodes: z.array(counterCodeSchema).max(200).optional(),
  statuses: z.array(queueStatusSchema).max(10).optional(),
  /** Only (true) or no (false) applications of a child who applied more than once. */
  duplicate: z.boolean().optional(),
  /** Only (true) or no (false) applications with required materials the desk marked missing or the county asked for. */
  missingMaterials: z.boolean().optional(),
  /** Only applications changed at the desk after a decision (true). */
  reentered: z.boolean().optional(),
  /**
   * Only (true) or no (false) applications whose every required material department data verifies, with the
   * enrollment type agreeing (全部材料已核验: the fast lane for bulk approval).
   */
  allVerified: z.boolean().optional(),
  /** Submission day at the desk (China time), inclusive. */
  submittedFrom: isoDay.optional(),
  submittedTo: isoDay.optional(),
  /**
   * Child's name (any part: 张三, 三), pinyin initials (zs), any part of the ID number (3+ characters, e.g. the last
   * six digits) or of the receipt number (with or without dashes).
   */
  text: z.string().trim().max(40, consoleContractText.queueSearchTooLong).optional(),
});
export type QueueFilter = z.infer<typeof queueFilterSchema>;

export const queueRowSchema = z.object({
  applicationId: z.uuid(),
  receiptNo: z.string(),
  counterCode: z.string(),
  source: z.enum(['counter', 'online']),
  /** Full name for staff; masked (张*丰) for viewers. */
  childName: z.string(),
  /** Always masked (3701**********1234); the application view shows the full number. */
  idNumberMasked: z.string(),
  grade: gradeSchema.nullable(),
  schoolId: z.string().nullable(),
  schoolName: z.string().nullable(),
  type: enrollmentTypeSchema.nullable(),
  status: queueStatusSchema,
  duplicate: z.boolean(),
  /** Required materials still missing (desk marks + the county's open request). */
  missingMaterials: z.number().int().nonnegative(),
  /** Changed at the desk after a decision: the view highlights what changed. */
  reentered: z.boolean(),
  revision: z.number().int().positive(),
  pages: z.number().int().nonnegative(),
  submittedAt: isoTime.nullable(),
  receivedAt: isoTime,
});
export type QueueRow = z.infer<typeof queueRowSchema>;

const facet = z.array(z.object({ value: z.string(), count: z.number().int().nonnegative() }));

export const queueEndpoints = {
  /**
   * One page of the work queue (keyset pagination: pass `nextCursor` back as `after`; the order is stable while
   * applications arrive). A reviewer sees only their schools and types, a school user only its school.
   */
  'queue.list': endpoint('queue.list', {
    summary: 'Filtered work queue, one page',
    input: z.strictObject({
      filter: queueFilterSchema.default({}),
      order: z.enum(['oldest', 'newest']).default('oldest'),
      after: cursorSchema.optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    output: z.object({ rows: z.array(queueRowSchema), nextCursor: cursorSchema.nullable(), tookMs: z.number() }),
    access: ['admin', 'reviewer', 'second_reviewer', 'school', 'viewer'],
  }),
  /**
   * Counts for the filter: `total`, and per facet the counts of each value with every other filter applied (so the
   * status tabs show what each status would give).
   */
  'queue.counts': endpoint('queue.counts', {
    summary: 'Counts for a filter, per status, school, type and counter',
    input: z.strictObject({ filter: queueFilterSchema.default({}) }),
    output: z.object({
      total: z.number().int().nonnegative(),
      statuses: facet,
      schools: facet,
      types: facet,
      counters: facet,
      duplicate: z.number().int().nonnegative(),
      missingMaterials: z.number().int().nonnegative(),
      reentered: z.number().int().nonnegative(),
      allVerified: z.number().int().nonnegative(),
      tookMs: z.number(),
    }),
    access: ['admin', 'reviewer', 'second_reviewer', 'school', 'viewer'],
  }),
} as const;

