import { z } from 'zod';
import { method } from './define';
import { int32 } from './fields';
import { counterSchema, sessionSchema } from './staff';
import { contractText as ct } from '../i18n/zhCN.contract';

/** A tamper the desk found in its own audit log and recorded there (action `audit.tamperDetected`). */
export const auditIncidentSchema = z.object({
  /** The audit row that records the finding. */
  seq: z.number(),
  at: z.string(),
  /** What was found, in Chinese. */
  problem: z.string(),
  /** Who acknowledged it (`displayName(username)`), or null while it is open. */
  acknowledgedBy: z.string().nullable(),
});
export type AuditIncident = z.infer<typeof auditIncidentSchema>;

export const bootErrorSchema = z.object({ code: z.string(), message: z.string() });

/** A restore of this desk from a backup, announced on the sign-in screen until someone signs in after it. */
export const restoreNoticeSchema = z.object({
  at: z.string(),
  /** When the restored archive was made: work entered after it is not on this desk. */
  archiveCreatedAt: z.string(),
  sameMachine: z.boolean(),
  /** Restored from another PC's backup: the device must enroll with the county again. */
  reenrollNeeded: z.boolean(),
});
export type RestoreNotice = z.infer<typeof restoreNoticeSchema>;

export const statusSchema = z.object({
  phase: z.enum(['bootError', 'needsSetup', 'ready']),
  /** The county of the plan in force (public: set-up compares it with the county code being entered). */
  planCounty: z.object({ code: z.string(), name: z.string(), sample: z.boolean() }).nullable().optional(),
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
  /** An audit-log tamper no admin has acknowledged yet: only an admin may sign in until one does. */
  auditAlert: auditIncidentSchema.nullable(),
  restored: restoreNoticeSchema.nullable().optional(),
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
  /** Every tamper recorded in the log, oldest first (the chain may verify today and still have had one). */
  incidents: z.array(auditIncidentSchema),
});
export type AuditVerification = z.infer<typeof auditVerifySchema>;

const none = z.strictObject({});
const done = z.object({ done: z.literal(true) });

/** The desk's state and its audit log. */
export const systemMethods = {
  'system.getStatus': method({ input: none, output: statusSchema, access: 'public', whileLocked: true, background: true }),
  /**
   * 重新启动 on the boot-error screen (issue 10): main starts a new core process (the desk app), or the core reopens
   * its data (test transport). Acts only while the desk is in boot error or its core has stopped; a working desk
   * answers done and changes nothing. The caller reads system.getStatus afterwards.
   */
  'system.restart': method({ input: none, output: done, access: 'public', whileLocked: true }),
  'audit.list': method({
    input: z.strictObject({
      beforeSeq: int32(1).optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.array(auditEntrySchema),
    access: ['supervisor', 'admin'],
  }),
  'audit.verify': method({ input: none, output: auditVerifySchema, access: ['supervisor', 'admin'] }),
  'audit.acknowledgeAlert': method({
    input: z.strictObject({ note: z.string().trim().min(1, ct.resolveNoteRequired).max(500) }),
    output: done,
    access: ['admin'],
  }),
} as const;
