import { z } from 'zod';
import { longText, text } from '../contract/fields';
import { endpoint, isoDay, isoTime } from './define';
import { queueStatusSchema } from './queue';

// What the admin commands did (server/cli.ts) and the console does too: placement results, checking a printed
// code, and the stand-in for the online channel. The CLI calls the same services with the operator's account.

/** An application by its id or its receipt number. */
const ref = z.string().trim().min(1).max(60);

export const resultEndpoints = {
  /** Placement results (录取 / 待调剂 / 已调剂) of approved applications; review decisions go through decisions.*. */
  'results.record': endpoint('results.record', {
    summary: 'Record a placement result for an application',
    input: z.strictObject({
      ref,
      outcome: z.enum(['admitted', 'awaiting_reassignment', 'reassigned']),
      schoolCode: text(40).optional(),
      schoolName: text(100).optional(),
      reportDate: isoDay.optional(),
      reportPlace: text(200).optional(),
      reasons: z.array(longText(500, 1)).max(10).default([]),
    }),
    output: z.object({ applicationId: z.uuid(), resultVersion: z.number().int(), status: queueStatusSchema }),
    access: ['admin'],
  }),
  /** Staff check of a printed receipt or notice (the public lookup says less). */
  'receipts.verify': endpoint('receipts.verify', {
    summary: 'Check the verification code of a printed receipt or notice',
    input: z.strictObject({ receiptNo: text(40), code: text(20) }),
    output: z.object({
      genuine: z.boolean(),
      document: z.enum(['receipt', 'notice']).nullable(),
      resultVersion: z.number().int().nullable(),
      counterCode: z.string().nullable(),
      applicationId: z.uuid().nullable(),
      /** Chinese: why not (unknown receipt, no key for the desk, code does not match). */
      reason: z.string().nullable(),
    }),
    access: ['admin', 'reviewer', 'second_reviewer'],
  }),
  /** Stands in for the county's online channel (trials, duplicate detection). */
  'online.apply': endpoint('online.apply', {
    summary: 'Record a simulated online application',
    input: z.strictObject({ idNumber: text(32), childName: text(60) }),
    output: z.object({ applicationId: z.uuid(), receiptNo: z.string(), duplicates: z.array(z.object({ applicationId: z.uuid(), receiptNo: z.string(), counterCode: z.string() })), at: isoTime }),
    access: ['admin'],
  }),
} as const;
