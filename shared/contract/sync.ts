// Sync with the county server: enrollment, outbox, results (issue 6).
import { z } from 'zod';
import { method } from './define';
import { syncStateSchema } from './application';
import { reviewResultSchema } from './reviewResult';
import { contractText as ct } from '../i18n/zhCN.contract';

const admin = ['admin'] as const;
const supervisors = ['supervisor', 'admin'] as const;
const none = z.strictObject({});

export const syncPhaseSchema = z.enum([
  'notConfigured', // no server URL or not enrolled
  'idle', // nothing to do, server reachable at last try
  'running', // a round is in progress
  'offline', // last try could not reach the server; retrying with backoff
  'paused', // staff paused sync
  'revoked', // the county revoked this device: enrol again
]);
export type SyncPhase = z.infer<typeof syncPhaseSchema>;

export const syncCountsSchema = z.object({
  unsynced: z.number(),
  uploading: z.number(),
  confirmed: z.number(),
  returned: z.number(),
  conflict: z.number(),
  quarantined: z.number(),
});

export const syncStatusSchema = z.object({
  phase: syncPhaseSchema,
  serverUrl: z.string().nullable(),
  hasCustomCa: z.boolean(),
  enrolled: z.boolean(),
  deviceId: z.string().nullable(),
  counterCode: z.string().nullable(),
  counterName: z.string().nullable(),
  online: z.boolean(),
  paused: z.boolean(),
  counts: syncCountsSchema,
  lastSuccessAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  /** Chinese: what went wrong last and what staff can do. */
  lastError: z.string().nullable(),
  progress: z.object({ done: z.number(), total: z.number(), bytes: z.number(), totalBytes: z.number() }).nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncAttentionItemSchema = z.object({
  applicationId: z.string(),
  receiptNo: z.string().nullable(),
  childName: z.string().nullable(),
  revision: z.number(),
  state: syncStateSchema,
  /** The server's reasons / field errors, Chinese. */
  reasons: z.array(z.string()),
  /** What staff can do about it, Chinese. */
  advice: z.string(),
  /** A county result held back because of unsynced local edits. */
  heldResult: reviewResultSchema.nullable(),
  duplicates: z.array(z.object({ receiptNo: z.string(), counterCode: z.string(), source: z.enum(['counter', 'online']) })),
});
export type SyncAttentionItem = z.infer<typeof syncAttentionItemSchema>;

const serverUrl = z
  .string()
  .trim()
  .min(1, ct.sync.serverRequired)
  .max(300, ct.sync.serverTooLong)
  .refine((v) => URL.canParse(v), ct.sync.serverFormat);
const pem = z
  .string()
  .max(64 * 1024, ct.sync.caTooLong)
  .regex(/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/, ct.sync.caFormat);

/**
 * 零证明 at the ID field: which plan materials the county's department data already verifies for this child.
 * `answered`: the county answered (itemIds may be empty); `unavailable`: not enrolled, offline, slow (over
 * ~1.5 s) or refused — the desk asks for paper as usual.
 */
export const deptVerifiedSchema = z.object({
  state: z.enum(['answered', 'unavailable']),
  itemIds: z.array(z.string()),
  /** The county plan version the flags were computed under (null when unavailable or the county has none). */
  planVersion: z.number().nullable(),
});
export type DeptVerified = z.infer<typeof deptVerifiedSchema>;

export const syncMethods = {
  'sync.getStatus': method({ input: none, output: syncStatusSchema, access: 'session', background: true, whileLocked: true }),
  'sync.configure': method({
    input: z.strictObject({
      serverUrl,
      caPem: pem.nullable(),
      /** How long one request may take before it counts as failed (slow county links may need more). */
      timeoutSeconds: z.number().int().min(1, ct.sync.timeoutMin).max(300, ct.sync.timeoutMax).optional(),
    }),
    output: syncStatusSchema,
    access: admin,
  }),
  'sync.enroll': method({
    input: z.strictObject({
      code: z.string().trim().min(6, ct.sync.codeTooShort).max(40, ct.sync.codeTooLong),
      deviceName: z.string().trim().min(1, ct.sync.deviceNameRequired).max(100, ct.sync.deviceNameTooLong),
    }),
    output: syncStatusSchema,
    access: admin,
  }),
  'sync.testConnection': method({
    input: none,
    output: z.object({ ok: z.boolean(), message: z.string(), latencyMs: z.number().nullable() }),
    access: admin,
  }),
  /** Start a round now. `wait`: answer when the round has ended (scripts, tests); otherwise at once. */
  'sync.syncNow': method({ input: z.strictObject({ wait: z.boolean().optional() }), output: syncStatusSchema, access: 'session' }),
  'sync.pause': method({ input: none, output: syncStatusSchema, access: supervisors }),
  'sync.resume': method({ input: none, output: syncStatusSchema, access: supervisors }),
  'sync.listAttention': method({ input: none, output: z.array(syncAttentionItemSchema), access: 'session' }),
  /** Accept a county result that was held back because of local edits (supervisor decision). */
  'sync.acceptHeldResult': method({
    input: z.strictObject({ applicationId: z.uuid() }),
    output: z.object({ done: z.literal(true) }),
    access: supervisors,
  }),
  /** 零证明: ask the county, keyed by the child's ID hash, which materials are verified (flags only, never the data). */
  'sync.deptVerified': method({
    input: z.strictObject({ idNumber: z.string().trim().min(1).max(32) }),
    output: deptVerifiedSchema,
    access: 'session',
  }),
  'sync.exportLog': method({
    input: none,
    output: z.object({ fileName: z.string(), content: z.string(), entries: z.number() }),
    access: 'session',
  }),
} as const;
