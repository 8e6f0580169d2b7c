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
});
export type ReviewResult = z.infer<typeof reviewResultSchema>;
