import { z } from 'zod';
import { text } from '../contract/fields';
import { counterCodeSchema, endpoint, isoTime, none } from './define';

export const deviceInfoSchema = z.object({
  deviceId: z.uuid(),
  name: z.string(),
  enrolledAt: isoTime,
  revokedAt: isoTime.nullable(),
  /** Last signed request from the desk (to the minute). */
  lastSeenAt: isoTime.nullable(),
  /** The newest plan version the desk has pulled; null when it has not pulled any. */
  planVersion: z.number().int().nullable(),
  /** planId@version of the newest application the desk sent. */
  planKeyInUse: z.string().nullable(),
});

export const counterInfoSchema = z.object({
  code: z.string(),
  name: z.string(),
  createdAt: isoTime,
  revokedAt: isoTime.nullable(),
  devices: z.array(deviceInfoSchema),
  lastSeenAt: isoTime.nullable(),
  applications: z.number().int().nonnegative(),
  /** Applications of this counter waiting for review (待审核). */
  pending: z.number().int().nonnegative(),
  /** Unused, unexpired one-time codes. */
  openCodes: z.number().int().nonnegative(),
});
export type CounterInfo = z.infer<typeof counterInfoSchema>;

/** A one-time enrollment code (valid 7 days, one desk): as text to type at the desk, and as the text of a QR code. */
export const enrollmentCodeSchema = z.object({
  code: z.string(),
  name: z.string(),
  enrollmentCode: z.string(),
  expiresAt: isoTime,
  /** `ED-ENROLL1|<server address>|<code>`: render as a QR code beside the text. */
  qrText: z.string(),
});

export const counterEndpoints = {
  'counters.list': endpoint('counters.list', { summary: 'Counters, their desks, last seen, pending, plan versions', input: none, output: z.array(counterInfoSchema), access: ['admin'] }),
  /** Creates the counter, or reinstates a revoked one, and issues a one-time code. */
  'counters.create': endpoint('counters.create', {
    summary: 'Create a counter and a one-time enrollment code',
    input: z.strictObject({ code: counterCodeSchema, name: text(60) }),
    output: enrollmentCodeSchema,
    access: ['admin'],
  }),
  /** Another one-time code for an existing counter (a second desk, a reinstalled PC). */
  'counters.issueCode': endpoint('counters.issueCode', {
    summary: 'A further one-time code for a counter',
    input: z.strictObject({ code: counterCodeSchema }),
    output: enrollmentCodeSchema,
    access: ['admin'],
  }),
  /** Its desks can no longer sync (they must enroll again with a new code). */
  'counters.revoke': endpoint('counters.revoke', {
    summary: 'Revoke a counter and all its desks',
    input: z.strictObject({ code: counterCodeSchema }),
    output: z.object({ code: z.string(), devicesRevoked: z.number().int().nonnegative() }),
    access: ['admin'],
  }),
} as const;
