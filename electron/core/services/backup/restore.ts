// Restoring an archive. Three steps, each safe to interrupt:
//  1. stage: verify everything (manifest, every entry's hash, every page decrypts, the database opens with its
//     key and passes its integrity check, data version not newer than this desk) while writing it to
//     `restore/staged`; `restore/staged.json` is written last. Killed here: the staging is discarded on next open.
//  2. swap (desk closed): `restore/journal.json` is the commit point. The current files move to
//     `restore/replaced-…`, then the staged ones move in; every step is a rename inside the data folder, and
//     the journal's phase lets the next open finish a swap a kill interrupted (roll forward, never half-and-half).
//  3. finish (desk reopened on the restored data): re-enrollment when the archive came from another PC, the
//     receipt sequence moved past numbers the lost desk may have used, an audit entry; then the replaced data
//     is deleted.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { z } from 'zod';
import type { ArchiveInfo, BackupProgress } from '../../../../shared/contract/backup';
import { DeskError } from '../../../../shared/contract/result';
import { zhCN } from '../../../../shared/i18n/zhCN';
import { checkIntegrity, openEncrypted } from '../../db/connection';
import { currentVersion, latestVersion } from '../../db/migrate';
import { fsyncDir, writeFileAtomic } from '../../fsAtomic';
import type { SecretStore } from '../../ports';
import { derive, KEY_FILE } from '../keys';
import { BlobStore } from '../documents/blobStore';
import { ArchiveReader, type ArchiveEntry } from './archive';
import { archiveKey, keyFileFor, unwrapWithPassphrase, unwrapWithStore, type DeskSecrets } from './masterKey';
import { BLOBS_DIR, DB_FILE_NAME, RESTORE_DIR } from './layout';

const STAGED = 'staged';
const STAGED_MARK = 'staged.json';
const JOURNAL = 'journal.json';
const DISCARD_SUFFIX = '.discard';
const SLICE_MS = 30;

const stagedMarkSchema = z.object({
  archiveId: z.string(),
  fileName: z.string(),
  archiveCreatedAt: z.string(),
  stagedAt: z.string(),
  sameMachine: z.boolean(),
  schemaVersion: z.number(),
  /** The admin who restored (`name(username)` of the replaced desk's session), or null on a fresh desk. */
  restoredBy: z.string().nullable(),
});
export type StagedRestore = z.infer<typeof stagedMarkSchema>;

const journalSchema = z.object({ phase: z.enum(['out', 'in', 'done']), replaced: z.string().regex(/^replaced-[0-9a-z-]+$/), staged: stagedMarkSchema });
type Journal = z.infer<typeof journalSchema>;

export interface RestoreEnv {
  dataDir: string;
  secretStore: SecretStore;
  allowInsecureKeyStorage: boolean;
  restoredBy: string | null;
  now(): Date;
  onProgress(p: BackupProgress): void;
}

export async function archiveInfo(reader: ArchiveReader, path: string, store: SecretStore): Promise<ArchiveInfo> {
  const h = reader.header;
  const sameMachine = (await unwrapWithStore(h.keys.os, store)) !== null;
  return {
    fileName: basename(path),
    bytes: reader.size,
    archiveId: h.archiveId,
    createdAt: h.createdAt,
    appVersion: h.appVersion,
    schemaVersion: h.schemaVersion,
    counterCode: h.counter?.counterCode ?? null,
    counterName: h.counter?.counterName ?? null,
    applications: h.counts.applications,
    pages: h.counts.pages,
    hasRecovery: h.keys.recovery !== null,
    sameMachine,
    fromNewerDesk: h.schemaVersion > latestVersion(),
  };
}

export async function inspectArchive(path: string, store: SecretStore): Promise<ArchiveInfo> {
  const reader = ArchiveReader.open(path);
  try {
    return await archiveInfo(reader, path, store);
  } finally {
    reader.close();
  }
}

/**
 * The archive's keys: through this PC's secret store when it wrapped them (same PC), else through the recovery
 * passphrase. `store` null: passphrase only (the export command, outside the desk).
 */
export async function unlockArchive(reader: ArchiveReader, store: SecretStore | null, passphrase: string | undefined): Promise<{ secrets: DeskSecrets; sameMachine: boolean }> {
  const { keys } = reader.header;
  const own = store ? await unwrapWithStore(keys.os, store) : null;
  if (own) return { secrets: own, sameMachine: true };
  if (!keys.recovery) throw new DeskError('RESTORE_NO_RECOVERY');
  if (!passphrase) throw new DeskError('RESTORE_PASSPHRASE_REQUIRED');
  const secrets = await unwrapWithPassphrase(keys.recovery, passphrase);
  if (!secrets) throw new DeskError('RESTORE_WRONG_PASSPHRASE');
  if (keys.recovery.check !== keys.os.check) throw new DeskError('ARCHIVE_DAMAGED', { what: zhCN.backup.damaged.keysDiffer });
  return { secrets, sameMachine: false };
}

/** The database and blob keys of an archive (the audit key is only carried over, never used here). */
export function dataKeys(secrets: DeskSecrets): { db: Buffer; blob: Buffer } {
  const { db, blob } = derive(secrets.master, secrets.audit ?? Buffer.alloc(32), 'existing', false);
  return { db, blob };
}

function writeWhole(path: string, write: (fd: number) => void, sync = true): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    write(fd);
    if (sync) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes the staged blobs durable before the commit point. One `syncfs` (coreutils `sync -f`) on Linux: an fsync per
 * file costs 6–9 ms each on a virtual disk, a minute for a season's pages. Elsewhere, or if that fails, each file
 * (then the caller fsyncs the directories too). True when syncfs did it.
 */
function flushStaged(dir: string, files: string[]): boolean {
  if (process.platform === 'linux') {
    try {
      // syncfs writes out the whole file system's dirty data and metadata: files and their directories.
      execFileSync('sync', ['-f', dir], { stdio: 'ignore', timeout: 600_000 });
      return true;
    } catch {
      // No coreutils sync: per file below.
    }
  }
  for (const f of files) {
    const fd = openSync(f, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  return false;
}

function writeAll(fd: number, bytes: Buffer): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/**
 * Step 1. Verifies the whole archive while writing it to the staging folder. Throws (and leaves nothing staged)
 * on any problem; the desk's own data is not touched.
 */
export async function stageRestore(path: string, passphrase: string | undefined, env: RestoreEnv): Promise<StagedRestore & { info: ArchiveInfo }> {
  const reader = ArchiveReader.open(path);
  const root = join(env.dataDir, RESTORE_DIR);
  const staged = join(root, STAGED);
  try {
    const info = await archiveInfo(reader, path, env.secretStore);
    const header = reader.header;
    if (info.fromNewerDesk) throw new DeskError('ARCHIVE_FROM_NEWER_DESK', { archive: header.schemaVersion, mine: latestVersion(), appVersion: header.appVersion });
    if (!(await env.secretStore.isProtected()) && !env.allowInsecureKeyStorage) throw new DeskError('SECRET_STORE_UNAVAILABLE');
    const { secrets, sameMachine } = await unlockArchive(reader, env.secretStore, passphrase);
    const keys = dataKeys(secrets);
    const entries = reader.entries(archiveKey(secrets.master, header.archiveId));

    clearStaging(root);
    mkdirSync(join(staged, BLOBS_DIR), { recursive: true });

    const progress = (phase: BackupProgress['phase'], done: number, total: number, bytes: number) => env.onProgress({ operation: 'restore', phase, done, total, bytes });
    const blobs = entries.filter((e) => e.kind === 'blob');
    progress('verifying', 0, blobs.length, 0);

    const db = entries.find((e) => e.kind === 'db') as ArchiveEntry;
    const dbPath = join(staged, DB_FILE_NAME);
    writeWhole(dbPath, (fd) => reader.copyTo(db, (chunk) => writeAll(fd, chunk)));
    checkStagedDatabase(dbPath, keys.db, header.schemaVersion);

    const store = new BlobStore(join(staged, BLOBS_DIR), keys.blob);
    const subdirs = new Set<string>();
    const written: string[] = [];
    let bytes = db.size;
    let slice = Date.now();
    let lastReport = 0;
    for (let i = 0; i < blobs.length; i++) {
      const e = blobs[i] as ArchiveEntry;
      const sub = e.name.slice(0, 2);
      if (!subdirs.has(sub)) {
        mkdirSync(join(staged, BLOBS_DIR, sub), { recursive: true });
        subdirs.add(sub);
      }
      // The page's AES-GCM tag, with its SHA-256 name as associated data, is checked under the restored key: a keyed
      // check of exactly what the manifest's unkeyed hash would cover, so that hash is not computed twice.
      const stored = reader.read(e, { verifyHash: false });
      try {
        BlobStore.decrypt(stored, e.name, keys.blob, { verifyHash: false });
      } catch {
        throw new DeskError('ARCHIVE_DAMAGED', { what: zhCN.backup.damaged.pageUndecryptable });
      }
      const path = store.pathOf(e.name);
      writeWhole(path, (fd) => writeAll(fd, stored), false);
      written.push(path);
      bytes += e.size;
      if (Date.now() - slice >= SLICE_MS) {
        await yieldToLoop();
        slice = Date.now();
      }
      if (Date.now() - lastReport >= 250) {
        lastReport = Date.now();
        progress('verifying', i + 1, blobs.length, bytes);
      }
    }
    if (!flushStaged(staged, written)) {
      for (const sub of subdirs) fsyncDir(join(staged, BLOBS_DIR, sub));
      fsyncDir(join(staged, BLOBS_DIR));
    }
    const key = archiveKey(secrets.master, header.archiveId);
    for (const e of entries.filter((x) => x.kind === 'file')) writeWhole(join(staged, e.name), (fd) => writeAll(fd, reader.readFile(e, key)));
    // The key is wrapped afresh for this PC's secret store (on another PC the old wrap means nothing here).
    const keyFile = await keyFileFor(secrets, env.secretStore);
    writeWhole(join(staged, KEY_FILE), (fd) => writeAll(fd, Buffer.from(JSON.stringify(keyFile, null, 2))));
    fsyncDir(staged);

    const mark: StagedRestore = {
      archiveId: header.archiveId,
      fileName: info.fileName,
      archiveCreatedAt: header.createdAt,
      stagedAt: env.now().toISOString(),
      sameMachine,
      schemaVersion: header.schemaVersion,
      restoredBy: env.restoredBy,
    };
    writeFileAtomic(join(root, STAGED_MARK), JSON.stringify(mark));
    progress('replacing', blobs.length, blobs.length, bytes);
    return { ...mark, info };
  } catch (e: unknown) {
    clearStaging(root);
    if (e instanceof DeskError) throw e;
    const code = (e as { code?: unknown } | null)?.code;
    if (code === 'ENOSPC') throw new DeskError('BACKUP_DISK_FULL', { needed: `${Math.ceil(reader.size / 1024 / 1024)} MB` });
    throw e;
  } finally {
    reader.close();
  }
}

/**
 * Removes a staging and its marks, but keeps the data an earlier restore replaced (`replaced-…`): if that restore's
 * desk never opened, the replaced folder is the only copy of the desk's original data.
 */
function clearStaging(root: string): void {
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) if (!name.startsWith('replaced-')) rmSync(join(root, name), { recursive: true, force: true });
  if (readdirSync(root).length === 0) rmSync(root, { recursive: true, force: true });
}

function checkStagedDatabase(path: string, key: Buffer, schemaVersion: number): void {
  let db;
  try {
    db = openEncrypted(path, key, { readonly: true });
  } catch {
    throw new DeskError('ARCHIVE_DAMAGED', { what: zhCN.backup.damaged.databaseKey });
  }
  try {
    const integrity = checkIntegrity(db);
    if (!integrity.ok) throw new DeskError('ARCHIVE_DAMAGED', { what: zhCN.backup.damaged.integrity });
    if (currentVersion(db) !== schemaVersion) throw new DeskError('ARCHIVE_DAMAGED', { what: zhCN.backup.damaged.version });
  } finally {
    db.close();
  }
}

/** Top-level data-folder entries a swap moves: every regular file (database, WAL, key file…) and the blob store. */
function swappable(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((name) => {
    if (name === BLOBS_DIR) return true;
    const st = statSync(join(dir, name), { throwIfNoEntry: false });
    return st?.isFile() === true;
  });
}

function writeJournal(root: string, journal: Journal): void {
  writeFileAtomic(join(root, JOURNAL), JSON.stringify(journal));
}

function readJournal(root: string): Journal | null {
  const file = join(root, JOURNAL);
  if (!existsSync(file)) return null;
  return journalSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** Reports each step of a swap (kill tests stop the process between them). */
export type SwapStep = (step: string) => void;

/** Moves what is left of a phase; safe to repeat after a kill at any point. */
function runJournal(dataDir: string, journal: Journal, onStep: SwapStep = () => undefined): void {
  const root = join(dataDir, RESTORE_DIR);
  const replaced = join(root, journal.replaced);
  const staged = join(root, STAGED);
  if (journal.phase === 'out') {
    mkdirSync(replaced, { recursive: true });
    for (const name of swappable(dataDir)) {
      renameSync(join(dataDir, name), join(replaced, name));
      onStep(`out:${name}`);
    }
    fsyncDir(replaced);
    fsyncDir(dataDir);
    journal = { ...journal, phase: 'in' };
    writeJournal(root, journal);
    onStep('phase:in');
  }
  if (journal.phase === 'in') {
    for (const name of swappable(staged)) {
      renameSync(join(staged, name), join(dataDir, name));
      onStep(`in:${name}`);
    }
    fsyncDir(dataDir);
    writeJournal(root, { ...journal, phase: 'done' });
    onStep('phase:done');
  }
}

/** Step 2, with the desk closed: commit the staged restore and swap it in. */
export function swapInStaged(dataDir: string, now: Date, onStep?: SwapStep): StagedRestore {
  const root = join(dataDir, RESTORE_DIR);
  const staged = stagedMarkSchema.parse(JSON.parse(readFileSync(join(root, STAGED_MARK), 'utf8')));
  const journal: Journal = { phase: 'out', replaced: `replaced-${now.getTime().toString(36)}`, staged };
  writeJournal(root, journal);
  onStep?.('journal');
  runJournal(dataDir, journal, onStep);
  return staged;
}

/**
 * At every open, before the key is read: finish a swap a kill interrupted, or drop a staging that never reached
 * its commit point. Returns the restore that still needs its finishing step, if any.
 */
export function recoverPendingRestore(dataDir: string, onStep?: SwapStep): StagedRestore | null {
  const root = join(dataDir, RESTORE_DIR);
  rmSync(`${root}${DISCARD_SUFFIX}`, { recursive: true, force: true });
  if (!existsSync(root)) return null;
  let journal: Journal | null;
  try {
    journal = readJournal(root);
  } catch {
    journal = null;
  }
  if (!journal) {
    clearStaging(root);
    return null;
  }
  runJournal(dataDir, journal, onStep);
  return journal.staged;
}

/**
 * The restored desk did not open: put the replaced data back (the restored files are kept in `failed-…` for
 * technical support) so the desk opens as it was before.
 */
export function rollBackSwap(dataDir: string, now: Date): void {
  const root = join(dataDir, RESTORE_DIR);
  const journal = readJournal(root);
  if (!journal || journal.phase !== 'done') return;
  const failed = join(root, `failed-${now.getTime().toString(36)}`);
  mkdirSync(failed, { recursive: true });
  for (const name of swappable(dataDir)) renameSync(join(dataDir, name), join(failed, name));
  const replaced = join(root, journal.replaced);
  for (const name of swappable(replaced)) renameSync(join(replaced, name), join(dataDir, name));
  fsyncDir(dataDir);
  rmSync(join(root, JOURNAL), { force: true });
}

/**
 * Step 3's last act, once the restored desk has opened and recorded the restore: the replaced data goes. Renamed
 * first, so a kill halfway through deleting it leaves a folder that is only ever deleted, never read as a restore.
 */
export function discardReplaced(dataDir: string): void {
  const root = join(dataDir, RESTORE_DIR);
  const discard = `${root}${DISCARD_SUFFIX}`;
  rmSync(discard, { recursive: true, force: true });
  if (existsSync(root)) renameSync(root, discard);
  rmSync(discard, { recursive: true, force: true });
}
