// Backup, restore and the recovery passphrase (issue 15). See docs/adr/0012-backup-and-recovery.md.
import { z } from 'zod';
import { method } from './define';
import { contractText as ct } from '../i18n/zhCN.contract';
import { format } from '../i18n/format';

const admin = ['admin'] as const;
const supervisors = ['supervisor', 'admin'] as const;
const none = z.strictObject({});

/** Shortest recovery passphrase accepted (characters after NFKC normalisation and trimming). */
export const RECOVERY_PASSPHRASE_MIN = 12;

const passphrase = z
  .string()
  .max(256, ct.passphrase.tooLong)
  .refine((s) => [...s.normalize('NFKC').trim()].length >= RECOVERY_PASSPHRASE_MIN, format(ct.passphrase.tooShort, { min: RECOVERY_PASSPHRASE_MIN }))
  .refine((s) => new Set(s.normalize('NFKC').trim()).size >= 4, ct.passphrase.tooSimple);

/** What an archive says about itself (its plaintext header), shown before anything is restored. */
export const archiveInfoSchema = z.object({
  fileName: z.string(),
  bytes: z.number(),
  archiveId: z.string(),
  createdAt: z.string(),
  appVersion: z.string(),
  schemaVersion: z.number(),
  counterCode: z.string().nullable(),
  counterName: z.string().nullable(),
  applications: z.number(),
  pages: z.number(),
  /** The archive carries a key wrapped with a recovery passphrase. */
  hasRecovery: z.boolean(),
  /** This PC's secret store can open the archive's key: no passphrase needed, sync enrollment survives. */
  sameMachine: z.boolean(),
  /** Written by a newer desk (higher data version): cannot be restored here. */
  fromNewerDesk: z.boolean(),
});
export type ArchiveInfo = z.infer<typeof archiveInfoSchema>;

export const backupRecordSchema = z.object({
  at: z.string(),
  fileName: z.string(),
  folder: z.string(),
  bytes: z.number(),
  applications: z.number(),
  pages: z.number(),
  durationMs: z.number(),
  /** Whether the archive can be restored on another PC (a recovery passphrase was set). */
  hasRecovery: z.boolean(),
  trigger: z.enum(['manual', 'signOut', 'daily']),
});
export type BackupRecord = z.infer<typeof backupRecordSchema>;

export const backupProgressSchema = z.object({
  operation: z.enum(['backup', 'restore']),
  phase: z.enum(['database', 'pages', 'finishing', 'verifying', 'replacing', 'done', 'failed']),
  done: z.number(),
  total: z.number(),
  bytes: z.number(),
});
export type BackupProgress = z.infer<typeof backupProgressSchema>;

export const backupStatusSchema = z.object({
  folder: z.string().nullable(),
  /** Archives newer than this many hours count as current; older ones raise the 工作台 warning. */
  staleAfterHours: z.number(),
  last: backupRecordSchema.nullable(),
  /** True when there is no backup, or the last good one is older than `staleAfterHours`. */
  stale: z.boolean(),
  lastFailure: z.object({ at: z.string(), message: z.string(), trigger: z.enum(['manual', 'signOut', 'daily']) }).nullable(),
  recovery: z.object({ setAt: z.string(), setBy: z.string() }).nullable(),
  running: backupProgressSchema.nullable(),
  /** Restored from an archive made on another PC: the device must enroll with the county again. */
  reenrollNeeded: z.boolean(),
  lastRestore: z.object({ at: z.string(), archiveCreatedAt: z.string(), sameMachine: z.boolean() }).nullable(),
});
export type BackupStatus = z.infer<typeof backupStatusSchema>;

export const restoreResultSchema = z.object({
  restored: archiveInfoSchema,
  /** The desk reopened on the restored data (false: its boot error is in system.getStatus; the old data is kept). */
  opened: z.boolean(),
  reenrollNeeded: z.boolean(),
});

export const backupMethods = {
  'backup.getStatus': method({ input: none, output: backupStatusSchema, access: 'session', background: true }),
  /** The admin picks the backup folder (a USB drive, a shared folder) in the system's folder dialog. */
  'backup.chooseFolder': method({ input: none, output: backupStatusSchema, access: admin }),
  'backup.setRecoveryPassphrase': method({
    input: z.strictObject({ passphrase, confirm: z.string().max(256) }).refine((v) => v.passphrase === v.confirm, { message: ct.passphrase.mismatch, path: ['confirm'] }),
    output: backupStatusSchema,
    access: supervisors,
  }),
  /** Back up now to the chosen folder, or (`otherFolder`) once to a folder picked now. Answers when the archive is complete; null when the folder dialog was cancelled. */
  'backup.run': method({ input: z.strictObject({ otherFolder: z.boolean().optional() }), output: backupRecordSchema.nullable(), access: supervisors }),
  /** Complete archives in the backup folder, newest first. */
  'backup.listArchives': method({ input: none, output: z.array(archiveInfoSchema), access: admin }),
  /**
   * Pick an archive to restore. Public so a fresh or broken desk can be restored; on a set-up desk the core
   * allows it only to a signed-in admin. `fileName` picks from the backup folder instead of the dialog.
   */
  'backup.chooseArchive': method({
    input: z.strictObject({ fileName: z.string().max(255).optional() }),
    output: z.object({ token: z.string(), info: archiveInfoSchema }).nullable(),
    access: 'public',
  }),
  /** Verify the whole archive, then replace this desk's data with it and reopen. Same access rule as chooseArchive. */
  'backup.restore': method({
    input: z.strictObject({ token: z.string().max(100), passphrase: z.string().max(256).optional() }),
    output: restoreResultSchema,
    access: 'public',
  }),
} as const;
