import { z } from 'zod';
import { applicationId, endpoint, isoTime, none } from './define';

// Text messages to guardians through a port (server/services/sms/): the county's gateway (configured by
// environment only) or, for development, a log driver that writes the message to the server log and the table.
// Messages come from templates (accepted / needs materials / result); each is queued in the transaction of what
// caused it, sent after, and audited.

export const smsTemplateSchema = z.enum(['accepted', 'needs_materials', 'result']);
export type SmsTemplate = z.infer<typeof smsTemplateSchema>;

export const smsMessageSchema = z.object({
  id: z.uuid(),
  at: isoTime,
  applicationId: z.uuid(),
  receiptNo: z.string(),
  /** 138****1234 */
  toMasked: z.string(),
  template: smsTemplateSchema,
  text: z.string(),
  status: z.enum(['queued', 'sent', 'failed', 'skipped']),
  /** Why it failed or was skipped (no mobile number, SMS off). */
  error: z.string().nullable(),
  sentAt: isoTime.nullable(),
});

export const smsEndpoints = {
  'sms.status': endpoint('sms.status', {
    summary: 'The SMS driver in use and the templates',
    input: none,
    output: z.object({ driver: z.enum(['off', 'log', 'gateway']), gateway: z.string().nullable(), templates: z.record(smsTemplateSchema, z.string()), queued: z.number().int() }),
    access: ['admin'],
  }),
  'sms.list': endpoint('sms.list', {
    summary: 'Messages, newest first',
    input: z.strictObject({ applicationId: applicationId.optional(), before: isoTime.optional(), limit: z.number().int().min(1).max(200).default(50) }),
    output: z.array(smsMessageSchema),
    access: ['admin'],
  }),
} as const;
