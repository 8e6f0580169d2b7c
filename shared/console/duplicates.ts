import { z } from 'zod';
import { longText } from '../contract/fields';
import { applicationId, cursorSchema, endpoint, isoTime } from './define';
import { recordSectionSchema } from './applications';
import { queueRowSchema } from './queue';

// The same child applying more than once (two counters, or online and at a counter): shown side by side; the
// resolution keeps one application and withdraws the others with a reason, and every desk involved learns it at
// its next sync (a `duplicate` change with the resolution, and a 审核不通过-free withdrawal of the other).

export const duplicateGroupSchema = z.object({
  /** Opaque id of the group (the same child). */
  groupId: z.string(),
  applications: z.array(queueRowSchema),
  resolution: z
    .object({
      keptApplicationId: z.uuid(),
      reason: z.string(),
      resolvedAt: isoTime,
      resolvedBy: z.string(),
    })
    .nullable(),
  /**
   * The group reaches outside the caller's scope (the same child at a school or of a type the caller does not handle):
   * `applications` holds only those in scope, the others are neither listed nor counted, and only an unscoped
   * reviewer resolves the group (duplicates.resolve answers 403). Shown to a scoped caller only while open.
   */
  outsideScope: z.boolean(),
});

export const duplicateEndpoints = {
  'duplicates.list': endpoint('duplicates.list', {
    summary: 'Groups of applications for the same child',
    input: z.strictObject({ state: z.enum(['open', 'resolved', 'all']).default('open'), after: cursorSchema.optional(), limit: z.number().int().min(1).max(200).default(50) }),
    output: z.object({ groups: z.array(duplicateGroupSchema), nextCursor: cursorSchema.nullable() }),
    access: ['admin', 'reviewer', 'second_reviewer'],
  }),
  /** Both (all) records side by side, labelled the same way. Audited as a view of each. */
  'duplicates.get': endpoint('duplicates.get', {
    summary: 'One group side by side',
    input: z.strictObject({ groupId: z.string().min(1).max(100) }),
    output: duplicateGroupSchema.extend({ records: z.array(z.object({ applicationId: z.uuid(), sections: z.array(recordSectionSchema) })) }),
    access: ['reviewer', 'second_reviewer'],
  }),
  'duplicates.resolve': endpoint('duplicates.resolve', {
    summary: 'Keep one application of a group and withdraw the others',
    input: z.strictObject({ groupId: z.string().min(1).max(100), keepApplicationId: applicationId, reason: longText(300, 2) }),
    output: duplicateGroupSchema,
    access: ['reviewer', 'second_reviewer'],
  }),
} as const;
