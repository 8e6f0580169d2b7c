import { z } from 'zod';
import { counterSchema, sessionSchema } from './staff';

export const bootErrorSchema = z.object({ code: z.string(), message: z.string() });

export const statusSchema = z.object({
  phase: z.enum(['bootError', 'needsSetup', 'ready']),
  bootError: bootErrorSchema.nullable(),
  counter: counterSchema.nullable(),
  session: sessionSchema.nullable(),
  idleLockMinutes: z.number(),
  appVersion: z.string(),
  /** Sync summary for the status bar. Filled by the sync engine (issue 6); until then the desk is never configured. */
  sync: z.object({
    configured: z.boolean(),
    online: z.boolean(),
    pendingUploads: z.number(),
    lastSuccessAt: z.string().nullable(),
  }),
  insecureKeyStorage: z.boolean(),
});
export type DeskStatus = z.infer<typeof statusSchema>;

export const auditEntrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditVerifySchema = z.object({
  ok: z.boolean(),
  checked: z.number(),
  firstBadSeq: z.number().nullable(),
  problem: z.string().nullable(),
});
export type AuditVerification = z.infer<typeof auditVerifySchema>;
