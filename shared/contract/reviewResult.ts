import { z } from 'zod';

/**
 * The county's decision on one application, as pulled from the county server (issue 6) and printed as a
 * notice (issue 5). One shape for the wire, the desk's database and the notice builders.
 */
export const reviewOutcomeSchema = z.enum([
  'under_review', // 审核中
  'needs_materials', // 需补充材料
  'rejected', // 审核不通过
  'approved', // 审核通过
  'admitted', // 已录取
  'awaiting_reassignment', // 待调剂
  'reassigned', // 已调剂
]);
export type ReviewOutcome = z.infer<typeof reviewOutcomeSchema>;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * The public lottery's part in a placement result (中签 / 未中签): the child's pool, key and place, and the digests
 * that tie it to the published bundle, so a desk can show a family where its child stands and how to check it.
 */
export const lotteryOutcomeSchema = z.object({
  pool: z.string().max(64),
  poolName: z.string().max(200),
  /** Position in the pool's ranked list (1 = the smallest key) and the list's length. */
  rank: z.number().int().positive(),
  of: z.number().int().positive(),
  /** The pool's places (0 for a list that only orders, e.g. a tie-break). */
  places: z.number().int().nonnegative(),
  won: z.boolean(),
  /** SHA-256(seed ‖ pool ‖ receipt), hex. */
  key: hex64,
  seed: hex64,
  announcementDigest: hex64,
  resultDigest: hex64,
});
export type LotteryOutcome = z.infer<typeof lotteryOutcomeSchema>;

export const reviewResultSchema = z.object({
  applicationId: z.uuid(),
  /** Increases with each decision the county records for this application. */
  resultVersion: z.number().int().positive(),
  outcome: reviewOutcomeSchema,
  /** Why: rejection reasons, the materials still needed, the reassignment reason. Chinese, from the reviewer. */
  reasons: z.array(z.string().min(1).max(500)).max(20),
  /** Material keys of the county plan that are still needed (needs_materials). */
  missingMaterials: z.array(z.string().max(60)).max(60),
  /** Admitted/assigned school (admitted, reassigned). */
  schoolCode: z.string().max(40).nullable(),
  schoolName: z.string().max(100).nullable(),
  /** Report date (YYYY-MM-DD) and place for admission and reassignment notices; deadline for needs_materials. */
  reportDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  reportPlace: z.string().max(200).nullable(),
  decidedAt: z.iso.datetime({ offset: true }),
  decidedBy: z.string().max(60).nullable(),
  /** Set on placement results decided by a draw (issue 13); absent otherwise (and from older servers). */
  lottery: lotteryOutcomeSchema.optional(),
});
export type ReviewResult = z.infer<typeof reviewResultSchema>;
