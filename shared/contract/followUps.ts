// Follow-ups (issue 15): 补充材料 return visits with their due list, and telling counter families their result by
// phone (seed 001 §5: 线下报名 results go back "通过电话等渠道").
import { z } from 'zod';
import { method } from './define';
import { int32, longText, text } from './fields';
import { reviewOutcomeSchema } from './reviewResult';
import { exportFormatSchema } from './reports';
import { zhCN } from '../i18n/zhCN';
import { contractText as ct } from '../i18n/zhCN.contract';

const appId = z.string().uuid(ct.ids.application);
const f = zhCN.followUps.contract;

export const outstandingItemSchema = z.object({
  itemId: z.string(),
  name: z.string(),
  reason: z.string(),
  source: z.enum(['counter', 'county']),
  anyOf: z.string().optional(),
  /** Pages scanned for the item so far (any visit). */
  pages: z.number(),
});

export const supplementVisitSchema = z.object({
  at: z.string(),
  by: z.string(),
  revision: z.number(),
  items: z.array(z.object({ itemId: z.string(), name: z.string(), state: z.enum(['original_seen', 'copy_kept']) })),
  remaining: z.array(z.string()),
  note: z.string().nullable(),
});

export const followUpSchema = z.object({
  applicationId: z.string(),
  receiptNo: z.string(),
  childName: z.string(),
  status: z.string(),
  items: z.array(outstandingItemSchema),
  deadline: z.string().nullable(),
  /** Days to the deadline from today (negative: overdue). */
  daysLeft: z.number().nullable(),
  /** The county's written reasons while its 需补充材料 request is open. */
  countyReasons: z.array(z.string()),
  visits: z.array(supplementVisitSchema),
});
export type FollowUp = z.infer<typeof followUpSchema>;

export const dueRowSchema = z.object({
  applicationId: z.string(),
  receiptNo: z.string(),
  childName: z.string(),
  phones: z.array(z.string()),
  items: z.array(z.string()),
  county: z.boolean(),
  deadline: z.string(),
  daysLeft: z.number(),
});
export type DueRow = z.infer<typeof dueRowSchema>;

export const broughtSchema = z.object({ itemId: text(64), state: z.enum(['original_seen', 'copy_kept']) });

export const callOutcomeSchema = z.enum(['reached', 'no_answer', 'wrong_number', 'informed']);
export type CallOutcome = z.infer<typeof callOutcomeSchema>;
export const callStateSchema = z.enum(['todo', 'retry', 'informed', 'unreachable']);
export type CallState = z.infer<typeof callStateSchema>;
export const callViewSchema = z.enum(['open', 'informed', 'all']);

export const callRowSchema = z.object({
  applicationId: z.string(),
  receiptNo: z.string(),
  childName: z.string(),
  resultVersion: z.number(),
  outcome: reviewOutcomeSchema,
  outcomeLabel: z.string(),
  decidedAt: z.string(),
  /** What to say: the result in a few sentences, from the catalogue and the county's result. */
  script: z.string(),
  contacts: z.array(z.object({ name: z.string(), relation: z.string(), phone: z.string(), wrongNumber: z.boolean() })),
  attempts: z.array(z.object({ phone: z.string(), outcome: callOutcomeSchema, note: z.string().nullable(), at: z.string(), by: z.string() })),
  state: callStateSchema,
});
export type CallRow = z.infer<typeof callRowSchema>;

const callFilter = z.strictObject({ outcome: reviewOutcomeSchema.optional(), view: callViewSchema.default('open') });

export const followUpMethods = {
  /** The application a receipt or notice belongs to, from its QR text (ED1|…) or a typed receipt number. */
  'followUps.find': method({
    input: z.strictObject({ code: z.string().trim().min(1, f.codeEmpty).max(200, f.codeTooLong) }),
    output: z.object({ applicationId: z.string(), receiptNo: z.string() }),
    access: 'session',
  }),
  /** The application's outstanding materials, deadline and return visits. */
  'followUps.get': method({ input: z.strictObject({ id: appId }), output: followUpSchema, access: 'session' }),
  /**
   * A return visit: the brought items are marked received in a new revision (synced like any revision), the visit
   * is recorded and audited. Answers which document to print next: the 补充材料接收回执 when nothing is left, else
   * the updated 补充材料告知书.
   */
  'followUps.record': method({
    input: z.strictObject({ id: appId, items: z.array(broughtSchema).max(60), note: longText(200).optional() }),
    output: z.object({ revision: z.number(), remaining: z.number(), document: z.enum(['supplementReceipt', 'supplementNotice']) }),
    access: 'session',
  }),
  /** Open applications that still owe materials, overdue first, then by deadline. */
  'followUps.due': method({ input: z.strictObject({}), output: z.array(dueRowSchema), access: 'session', background: true }),

  /** Families to tell their county result by phone, with the numbers, the script and every attempt. */
  'calls.list': method({ input: callFilter, output: z.array(callRowSchema), access: 'session' }),
  /** One call attempt (接通 / 未接 / 空号 / 已告知), audited. */
  'calls.record': method({
    input: z.strictObject({
      applicationId: appId,
      resultVersion: int32(1),
      phone: z.string().trim().regex(/^1[3-9]\d{9}$|^0\d{9,11}$/, f.phone),
      outcome: callOutcomeSchema,
      note: longText(200).optional(),
    }),
    output: callRowSchema,
    access: 'session',
  }),
  /**
   * The call list to work from (full numbers: it is for dialling), as an A4 PDF for paper or an XLSX workbook
   * (one row per number, for Excel/WPS). Audited either way.
   */
  'calls.export': method({
    input: callFilter.extend({ format: exportFormatSchema.default('pdf') }),
    output: z.object({ fileName: z.string(), mime: z.string(), dataBase64: z.string(), rows: z.number() }),
    access: 'session',
  }),
} as const;
