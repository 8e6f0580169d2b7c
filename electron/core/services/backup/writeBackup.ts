// Making one archive: a consistent database snapshot, the page blobs it references, extra data-folder files.
import { existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, accessSync, constants, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { BackupProgress, BackupRecord } from '../../../../shared/contract/backup';
import { DeskError } from '../../../../shared/contract/result';
import { zhCN } from '../../../../shared/i18n/zhCN';
import { openEncrypted } from '../../db/connection';
import { currentVersion } from '../../db/migrate';
import { PageRepo } from '../../db/repos/pageRepo';
import { MetaRepo } from '../../db/repos/metaRepo';
import { BackupRepo } from '../../db/repos/backupRepo';
import { fsyncDir } from '../../fsAtomic';
import type { Ctx } from '../../context';
import { DB_FILE_NAME, RECOVERY_META_KEY, RESTORE_DIR } from './layout';
import { ARCHIVE_EXT, ArchiveWriter, type ArchiveHeader } from './archive';
import { archiveKey, readKeyFile, unwrapWithStore, recoveryWrapSchema, type RecoveryWrap } from './masterKey';

export const PARTIAL_SUFFIX = '.partial';
const SNAPSHOT_DIR = 'backup-tmp';
/** Hand the event loop back at least this often while copying pages, so staff calls stay quick. */
const SLICE_MS = 30;

export type Trigger = BackupRecord['trigger'];

export interface WriteOptions {
  folder: string;
  trigger: Trigger;
  onProgress(p: BackupProgress): void;
  /** Checked between files: the desk is closing, stop and leave nothing behind. */
  cancelled(): boolean;
  /** After each entry written (kill tests stop the process between them). */
  onStep?: (step: string) => void;
}

export interface Written {
  record: BackupRecord;
  archiveId: string;
  missingPages: number;
}

/** `backup-A01-20260615-173000.edbak`: the counter and the local time, sortable by name. */
export function archiveName(counterCode: string, at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `backup-${counterCode}-${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}${ARCHIVE_EXT}`;
}

function folderError(e: unknown, folder: string): DeskError {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new DeskError('BACKUP_DISK_FULL', { needed: zhCN.backup.failure.diskNeeded });
  if (typeof code === 'string' && ['ENOENT', 'EACCES', 'EPERM', 'EROFS', 'EIO', 'ENOTDIR', 'ENXIO', 'ENODEV'].includes(code)) return new DeskError('BACKUP_FOLDER_UNAVAILABLE', { folder });
  if (e instanceof DeskError) return e;
  return new DeskError('BACKUP_FAILED', { reason: e instanceof Error ? e.message : String(e) });
}

/** Leftovers of backups that never finished (a killed desk): never listed, removed before the next one. */
function removeStalePartials(folder: string, counterCode: string): void {
  for (const name of readdirSync(folder)) {
    if (name.startsWith(`backup-${counterCode}-`) && name.endsWith(`${ARCHIVE_EXT}${PARTIAL_SUFFIX}`)) rmSync(join(folder, name), { force: true });
  }
}

/** Data-folder files that belong in a backup beside the database, its key file and the blobs (none today but future ones). */
function extraFiles(dataDir: string): string[] {
  return readdirSync(dataDir).filter((name) => {
    if (name.startsWith('.') || name.endsWith('.tmp') || name === 'desk.key.json' || name.startsWith(DB_FILE_NAME)) return false;
    if (name === RESTORE_DIR || name === SNAPSHOT_DIR) return false;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/.test(name)) return false;
    const st = statSync(join(dataDir, name), { throwIfNoEntry: false });
    return st?.isFile() === true && st.size <= 16 * 1024 * 1024;
  });
}

/**
 * Writes one archive into `folder` under a `.partial` name, fsyncs it and renames it into place: a killed desk
 * leaves at most a `.partial` file, which nothing lists or restores. The database is copied with `VACUUM INTO`,
 * a consistent snapshot taken inside one read transaction while the desk keeps working (SQLite's backup API refuses
 * a keyed SQLite3MC source, see ADR 0012); the copy is encrypted with the same cipher and key as the live file.
 */
export async function writeBackup(ctx: Ctx, opts: WriteOptions): Promise<Written> {
  const started = Date.now();
  const counter = ctx.repos.meta.getJson<{ counterCode: string; counterName: string; countyCode: string }>('counter') ?? null;
  const counterCode = counter?.counterCode ?? 'DESK';
  const { folder } = opts;
  try {
    accessSync(folder, constants.W_OK);
    if (!statSync(folder).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    removeStalePartials(folder, counterCode);
  } catch (e: unknown) {
    throw folderError(e, folder);
  }
  const master = (await unwrapWithStore(readKeyFile(ctx.dataDir), ctx.ports.secretStore))?.master;
  if (!master) throw new DeskError('KEY_UNREADABLE');

  const snapDir = join(ctx.dataDir, SNAPSHOT_DIR);
  rmSync(snapDir, { recursive: true, force: true });
  mkdirSync(snapDir, { recursive: true });
  const snapshot = join(snapDir, `snapshot-${randomBytes(6).toString('hex')}.db`);
  const progress = (phase: BackupProgress['phase'], done: number, total: number, bytes: number) => opts.onProgress({ operation: 'backup', phase, done, total, bytes });
  progress('database', 0, 1, 0);
  ctx.db.prepare('VACUUM INTO ?').run(snapshot);

  let hashes: string[];
  let header: ArchiveHeader;
  const now = ctx.ports.clock.now();
  {
    const snap = openEncrypted(snapshot, ctx.keys.db, { readonly: true });
    try {
      hashes = [...new PageRepo(snap).referencedHashes()].filter((h) => typeof h === 'string').sort();
      const recovery = new MetaRepo(snap).getJson<RecoveryWrap>(RECOVERY_META_KEY) ?? null;
      header = {
        format: 1,
        archiveId: ctx.ports.ids.uuid(),
        createdAt: now.toISOString(),
        appVersion: ctx.appVersion,
        schemaVersion: currentVersion(snap),
        counter,
        counts: new BackupRepo(snap).counts(),
        keys: { os: readKeyFile(ctx.dataDir), recovery: recovery ? recoveryWrapSchema.parse(recovery) : null },
      };
    } finally {
      snap.close();
    }
  }

  let name = archiveName(counterCode, now);
  for (let i = 2; existsSync(join(folder, name)); i++) name = archiveName(counterCode, now).replace(ARCHIVE_EXT, `-${i}${ARCHIVE_EXT}`);
  const partial = join(folder, `${name}${PARTIAL_SUFFIX}`);
  let writer: ArchiveWriter | null = null;
  let missingPages = 0;
  try {
    writer = new ArchiveWriter(openSync(partial, 'wx', 0o600), header, (n) => randomBytes(n));
    writer.addFile('db', 'desk.db', snapshot);
    rmSync(snapshot, { force: true });
    opts.onStep?.('db');
    let slice = Date.now();
    let lastReport = 0;
    for (let i = 0; i < hashes.length; i++) {
      const sha = hashes[i] as string;
      const path = ctx.blobs.pathOf(sha);
      if (existsSync(path)) writer.addFile('blob', sha, path);
      else missingPages++;
      opts.onStep?.('blob');
      if (Date.now() - slice >= SLICE_MS) {
        await yieldToLoop();
        if (opts.cancelled()) throw new DeskError('BACKUP_FAILED', { reason: zhCN.backup.failure.closing });
        slice = Date.now();
      }
      if (Date.now() - lastReport >= 250) {
        lastReport = Date.now();
        progress('pages', i + 1, hashes.length, writer.bytesWritten);
      }
    }
    const key = archiveKey(master, header.archiveId);
    for (const file of extraFiles(ctx.dataDir)) writer.addEncrypted(file, readFileSync(join(ctx.dataDir, file)), key);
    progress('finishing', hashes.length, hashes.length, writer.bytesWritten);
    writer.finish(key);
    const bytes = writer.bytesWritten;
    writer = null;
    opts.onStep?.('finished');
    renameSync(partial, join(folder, name));
    fsyncDir(folder);
    opts.onStep?.('renamed');
    progress('done', hashes.length, hashes.length, bytes);
    return {
      archiveId: header.archiveId,
      missingPages,
      record: {
        at: header.createdAt,
        fileName: name,
        folder,
        bytes,
        applications: header.counts.applications,
        pages: header.counts.pages,
        durationMs: Date.now() - started,
        hasRecovery: header.keys.recovery !== null,
        trigger: opts.trigger,
      },
    };
  } catch (e: unknown) {
    writer?.close();
    try {
      unlinkSync(partial);
    } catch {
      // Never created, or the drive is gone: nothing to clean.
    }
    throw folderError(e, folder);
  } finally {
    rmSync(snapDir, { recursive: true, force: true });
  }
}
