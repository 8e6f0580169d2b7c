import { z } from 'zod';
import { consoleRoleSchema, endpoint, isoTime, none } from './define';
import { int32 } from '../contract/fields';

// The console audit log (server/services/consoleAudit.ts): who did or saw what, hash-chained with a key kept
// outside the database (nodelib/hashChain). Every decision, every view of personal data, every account, counter,
// plan and SMS action, from the console and from the CLI alike. It is the county server's only audit log; the
// desk keeps its own.

export const auditEntrySchema = z.object({
  seq: z.number().int().positive(),
  at: isoTime,
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: consoleRoleSchema.nullable(),
  /** Where it came from: the console, the CLI (with the OS user), the public lookup, or the server itself. */
  via: z.enum(['console', 'cli', 'public', 'system']),
  /** e.g. `application.viewed`, `decision.approve`, `staff.created` (labels: zhCN.consoleApi.auditActions). */
  action: z.string(),
  /** The application id, account id, counter code… the entry is about. */
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});
export type ConsoleAuditEntry = z.infer<typeof auditEntrySchema>;

export const auditVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int().nonnegative(),
  lastSeq: z.number().int().nonnegative(),
  /** Chinese, one per place; empty when intact. */
  problems: z.array(z.object({ seq: z.number().int(), message: z.string() })),
  tookMs: z.number(),
});

export const auditEndpoints = {
  /** Newest first; `before` = the smallest seq of the previous page. */
  'audit.list': endpoint('audit.list', {
    summary: 'Audit entries, newest first',
    input: z.strictObject({
      before: int32(1).optional(),
      limit: z.number().int().min(1).max(500).default(100),
      actorId: z.uuid().optional(),
      target: z.string().max(100).optional(),
      action: z.string().max(60).optional(),
    }),
    output: z.object({ entries: z.array(auditEntrySchema), nextBefore: z.number().int().nullable() }),
    access: ['admin'],
  }),
  /** Checks the whole chain against the sealed head (edited, removed or re-ordered entries show). */
  'audit.verify': endpoint('audit.verify', { summary: 'Verify the hash chain', input: none, output: auditVerificationSchema, access: ['admin'] }),
} as const;
