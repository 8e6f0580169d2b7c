// Backup service: handlers, the schedule (sign-out and daily), the recovery passphrase and restore's entry points.
import { randomBytes } from 'node:crypto';
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ArchiveInfo, BackupProgress, BackupRecord, BackupStatus, backupMethods } from '../../../../shared/contract/backup';
import { DeskError, errorOf, type RpcResult } from '../../../../shared/contract/result';
import type { RestoreNotice } from '../../../../shared/contract/system';
import { fieldIssues, methods } from '../../../../shared/contract';
import { zhCN } from '../../../../shared/i18n/zhCN';
import type { Logger } from '../../dispatch';
import { actor, type Ctx, type Handlers } from '../../context';
import { BackupRepo } from '../../db/repos/backupRepo';
import type { FileDialog, SecretStore } from '../../ports';
import { localDay } from '../../time';
import { loadConfig, saveConfig } from '../sync/config';
import { ARCHIVE_EXT } from './archive';
import { RECOVERY_META_KEY } from './layout';
import { readKeyFile, unwrapWithStore, wrapWithPassphrase, type RecoveryWrap } from './masterKey';
import { discardReplaced, inspectArchive, stageRestore, type RestoreEnv, type StagedRestore } from './restore';
import { writeBackup, type Trigger } from './writeBackup';

export { recoverPendingRestore, rollBackSwap, swapInStaged, type StagedRestore } from './restore';

/** The 工作台 warns when the last good backup is older than this. */
export const STALE_AFTER_HOURS = 24;
/** Receipt numbers issued on the day of a restore start this far above the restored sequence (ADR 0012). */
export const RECEIPT_GAP_AFTER_RESTORE = 1000;
const DAILY_CHECK_MS = 10 * 60_000;
/** A scheduled backup that failed is not retried by the daily check before this. */
const RETRY_AFTER_FAILURE_MS = 60 * 60_000;

const CONFIG_KEY = 'backup.config';
const LAST_KEY = 'backup.last';
const FAILURE_KEY = 'backup.lastFailure';
const RESTORE_KEY = 'backup.lastRestore';
const REENROLL_KEY = 'backup.reenrollNeeded';

interface BackupConfig {
  folder: string | null;
}

type StoredRecovery = RecoveryWrap & { setAt: string; setBy: string };

/** What openDesk gives the service: the key-storage opt-in and the way to ask for the swap after a staged restore. */
export interface BackupHooks {
  allowInsecureKeyStorage: boolean;
  /** Each entry a backup writes (kill tests only). */
  onBackupStep?: (step: string) => void;
  /** Called with a verified, staged restore; the desk swaps it in and reopens once the current call has answered. */
  requestSwap(staged: StagedRestore): void;
}

/** Archives picked for restore, by opaque token (the renderer never names a path). Kept across a reopen. */
const chosen = new Map<string, { path: string; at: number }>();
const TOKEN_TTL_MS = 60 * 60_000;

function remember(path: string, now: number): string {
  for (const [t, v] of chosen) if (now - v.at > TOKEN_TTL_MS) chosen.delete(t);
  const token = randomBytes(16).toString('hex');
  chosen.set(token, { path, at: now });
  return token;
}

export interface PublicRestoreEnv {
  dataDir: string;
  secretStore: SecretStore;
  fileDialog: FileDialog | undefined;
  allowInsecureKeyStorage: boolean;
  now(): Date;
  emitProgress(p: BackupProgress): void;
  requestSwap(staged: StagedRestore): void;
}

let restoreRunning = false;

/** Pick an archive: from the backup folder by name, or in the system's file dialog. Null when cancelled. */
export async function chooseArchive(env: PublicRestoreEnv, folder: string | null, fileName: string | undefined): Promise<{ token: string; info: ArchiveInfo } | null> {
  let path: string | null;
  if (fileName !== undefined) {
    if (!folder) throw new DeskError('BACKUP_NO_FOLDER');
    if (basename(fileName) !== fileName || !fileName.endsWith(ARCHIVE_EXT)) throw new DeskError('ARCHIVE_NOT_BACKUP');
    path = join(folder, fileName);
  } else {
    if (!env.fileDialog) throw new DeskError('BACKUP_NO_DIALOG');
    path = await env.fileDialog.chooseFile(zhCN.backup.dialog.chooseArchive, [{ name: zhCN.backup.dialog.archiveFilter, extensions: [ARCHIVE_EXT.slice(1)] }]);
    if (path === null) return null;
  }
  const info = await inspectArchive(path, env.secretStore);
  return { token: remember(path, env.now().getTime()), info };
}

/** Verify and stage the chosen archive, then ask the desk to swap it in. */
export async function restoreArchive(env: PublicRestoreEnv, token: string, passphrase: string | undefined, restoredBy: string | null) {
  const picked = chosen.get(token);
  if (!picked) throw new DeskError('RESTORE_CHOOSE_AGAIN');
  if (restoreRunning) throw new DeskError('BACKUP_BUSY');
  restoreRunning = true;
  try {
    const restoreEnv: RestoreEnv = { dataDir: env.dataDir, secretStore: env.secretStore, allowInsecureKeyStorage: env.allowInsecureKeyStorage, restoredBy, now: () => env.now(), onProgress: (p) => env.emitProgress(p) };
    let staged;
    try {
      staged = await stageRestore(picked.path, passphrase, restoreEnv);
    } catch (e: unknown) {
      env.emitProgress({ operation: 'restore', phase: 'failed', done: 0, total: 0, bytes: 0 });
      throw e;
    }
    chosen.delete(token);
    const { info, ...mark } = staged;
    env.requestSwap(mark);
    return { restored: info, opened: true, reenrollNeeded: !mark.sameMachine };
  } finally {
    restoreRunning = false;
  }
}

/**
 * Restore for a desk whose data would not open (DB_CORRUPT, KEY_UNREADABLE…): the two restore methods, with the
 * contract's input checks and errors as values, and no database behind them.
 */
export function restoreWithoutData(env: PublicRestoreEnv, log: Logger): (method: 'backup.chooseArchive' | 'backup.restore', input: unknown) => Promise<RpcResult<unknown>> {
  return async (method, input) => {
    const def = methods[method];
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: errorOf('VALIDATION_FAILED', {}, { issues: fieldIssues(parsed.error, input ?? {}) }) };
    try {
      const value =
        method === 'backup.chooseArchive'
          ? await chooseArchive(env, null, (parsed.data as { fileName?: string }).fileName)
          : await restoreArchive(env, (parsed.data as { token: string }).token, (parsed.data as { passphrase?: string }).passphrase, null);
      return { ok: true, value: def.output.parse(value) };
    } catch (e: unknown) {
      if (e instanceof DeskError) return { ok: false, error: e.rpc };
      log.error(`method ${method} failed`, e);
      return { ok: false, error: errorOf('INTERNAL') };
    }
  };
}

class BackupService {
  running: BackupProgress | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private lastProgressAt = 0;

  constructor(
    private readonly ctx: Ctx,
    readonly hooks: BackupHooks,
  ) {}

  config(): BackupConfig {
    return this.ctx.repos.meta.getJson<BackupConfig>(CONFIG_KEY) ?? { folder: null };
  }

  status(): BackupStatus {
    const meta = this.ctx.repos.meta;
    const last = meta.getJson<BackupRecord>(LAST_KEY) ?? null;
    const recovery = meta.getJson<StoredRecovery>(RECOVERY_META_KEY);
    const restore = meta.getJson<{ at: string; archiveCreatedAt: string; sameMachine: boolean }>(RESTORE_KEY);
    const now = this.ctx.ports.clock.now().getTime();
    return {
      folder: this.config().folder,
      staleAfterHours: STALE_AFTER_HOURS,
      last,
      stale: !last || now - Date.parse(last.at) > STALE_AFTER_HOURS * 3600_000,
      lastFailure: meta.getJson<BackupStatus['lastFailure']>(FAILURE_KEY) ?? null,
      recovery: recovery ? { setAt: recovery.setAt, setBy: setByName(this.ctx, recovery.setBy) } : null,
      running: this.running,
      reenrollNeeded: meta.get(REENROLL_KEY) !== undefined && loadConfig(this.ctx).device === null,
      lastRestore: restore ? { at: restore.at, archiveCreatedAt: restore.archiveCreatedAt, sameMachine: restore.sameMachine } : null,
    };
  }

  private progress(p: BackupProgress): void {
    this.running = p.phase === 'done' || p.phase === 'failed' ? null : p;
    const now = Date.now();
    if (p.phase === 'pages' && now - this.lastProgressAt < 200) return;
    this.lastProgressAt = now;
    this.ctx.emit('backup.progress', p);
  }

  async run(trigger: Trigger, folder: string | null): Promise<BackupRecord> {
    if (!folder) throw new DeskError('BACKUP_NO_FOLDER');
    if (this.running || restoreRunning) throw new DeskError('BACKUP_BUSY');
    this.running = { operation: 'backup', phase: 'database', done: 0, total: 0, bytes: 0 };
    const who = actor(this.ctx);
    try {
      const written = await writeBackup(this.ctx, {
        folder,
        trigger,
        onProgress: (p) => this.progress(p),
        cancelled: () => this.closed,
        ...(this.hooks.onBackupStep ? { onStep: this.hooks.onBackupStep } : {}),
      });
      const { record } = written;
      this.ctx.db.transaction(() => {
        this.ctx.repos.meta.setJson(LAST_KEY, record);
        this.ctx.repos.meta.setJson(FAILURE_KEY, null);
        this.ctx.audit.append({
          at: this.ctx.nowIso(),
          ...who,
          action: 'backup.created',
          target: record.fileName,
          details: { folder, bytes: record.bytes, applications: record.applications, pages: record.pages, trigger, hasRecovery: record.hasRecovery, missingPages: written.missingPages, archiveId: written.archiveId },
        });
      })();
      return record;
    } catch (e: unknown) {
      this.running = null;
      const err = e instanceof DeskError ? e : new DeskError('BACKUP_FAILED', { reason: e instanceof Error ? e.message : String(e) });
      if (!this.closed) {
        this.ctx.emit('backup.progress', { operation: 'backup', phase: 'failed', done: 0, total: 0, bytes: 0 });
        const at = this.ctx.nowIso();
        this.ctx.db.transaction(() => {
          this.ctx.repos.meta.setJson(FAILURE_KEY, { at, message: err.message, trigger });
          this.ctx.audit.append({ at, ...who, action: 'backup.failed', target: folder, details: { trigger, code: err.rpc.code } });
        })();
      }
      throw err;
    } finally {
      this.running = null;
    }
  }

  /** Close of day: a backup at every sign-out, in the background. */
  onSignOut(): void {
    const folder = this.config().folder;
    if (!folder || this.running || this.closed) return;
    this.run('signOut', folder).catch(() => undefined);
  }

  startDaily(everyMs: number): void {
    const tick = () => {
      this.timer = setTimeout(() => {
        void this.dailyCheck();
        if (!this.closed) tick();
      }, everyMs);
      this.timer.unref();
    };
    tick();
  }

  /** Daily: when the desk runs and the last good backup is a day old (a failed try waits an hour). */
  dailyCheck(): Promise<BackupRecord | null> {
    const status = this.status();
    if (!status.folder || this.running || this.closed || !status.stale) return Promise.resolve(null);
    const failedAt = status.lastFailure ? Date.parse(status.lastFailure.at) : 0;
    if (this.ctx.ports.clock.now().getTime() - failedAt < RETRY_AFTER_FAILURE_MS) return Promise.resolve(null);
    return this.run('daily', status.folder).catch(() => null);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}

const services = new WeakMap<Ctx, BackupService>();

function serviceOf(ctx: Ctx): BackupService {
  const s = services.get(ctx);
  if (!s) throw new Error('backup service not started for this desk');
  return s;
}

/** Called by openDesk. */
export function startBackup(ctx: Ctx, hooks: BackupHooks, checkEveryMs = DAILY_CHECK_MS): { onSignOut(): void; close(): void } {
  const service = new BackupService(ctx, hooks);
  services.set(ctx, service);
  service.startDaily(checkEveryMs);
  return { onSignOut: () => service.onSignOut(), close: () => service.close() };
}

export function backupStatus(ctx: Ctx): BackupStatus {
  return serviceOf(ctx).status();
}

/**
 * The restore the sign-in screen announces, from the restore until someone signs in after it: the restore's
 * outcome belongs to the desk, not to the window that asked for it (the screen that asked is gone once the
 * restored desk opens, and the window may reload).
 */
export function restoreNotice(ctx: Ctx): RestoreNotice | null {
  const restore = ctx.repos.meta.getJson<{ at: string; archiveCreatedAt: string; sameMachine: boolean }>(RESTORE_KEY);
  if (!restore || new BackupRepo(ctx.db).signedInSince(restore.at)) return null;
  const reenrollNeeded = ctx.repos.meta.get(REENROLL_KEY) !== undefined && loadConfig(ctx).device === null;
  return { at: restore.at, archiveCreatedAt: restore.archiveCreatedAt, sameMachine: restore.sameMachine, reenrollNeeded };
}

/**
 * Step 3 of a restore, on the restored database: a desk restored on another PC forgets its device credentials
 * (they were wrapped by the old PC's secret store) and is told to enroll again; receipt numbers of the day jump past
 * any the lost desk may have issued after the backup; the restore is audited. Runs once per restore.
 */
export function finishRestore(ctx: Ctx, staged: StagedRestore): { reenrollNeeded: boolean } {
  const done = ctx.repos.meta.getJson<{ archiveId: string; stagedAt: string }>(RESTORE_KEY);
  const reenroll = () => ctx.repos.meta.get(REENROLL_KEY) !== undefined && loadConfig(ctx).device === null;
  if (done?.archiveId === staged.archiveId && done.stagedAt === staged.stagedAt) {
    discardReplaced(ctx.dataDir);
    return { reenrollNeeded: reenroll() };
  }
  const now = ctx.ports.clock.now();
  const at = now.toISOString();
  const counter = ctx.repos.meta.getJson<{ counterCode: string }>('counter');
  ctx.db.transaction(() => {
    const config = loadConfig(ctx);
    const hadDevice = config.device !== null;
    if (!staged.sameMachine && hadDevice) {
      saveConfig(ctx, { ...config, device: null });
      ctx.repos.meta.setJson(REENROLL_KEY, { at, previousDeviceId: config.device?.deviceId ?? null });
    }
    const receiptFloor = counter ? new BackupRepo(ctx.db).raiseReceiptSequence(counter.counterCode, localDay(now), RECEIPT_GAP_AFTER_RESTORE) : null;
    ctx.repos.meta.setJson(RESTORE_KEY, { at, archiveId: staged.archiveId, stagedAt: staged.stagedAt, archiveCreatedAt: staged.archiveCreatedAt, sameMachine: staged.sameMachine, fileName: staged.fileName });
    ctx.audit.append({
      at,
      actorId: null,
      actorName: staged.restoredBy ?? null,
      action: 'backup.restored',
      target: staged.fileName,
      details: { archiveId: staged.archiveId, archiveCreatedAt: staged.archiveCreatedAt, sameMachine: staged.sameMachine, deviceCleared: !staged.sameMachine && hadDevice, receiptSeqFrom: receiptFloor === null ? null : receiptFloor + 1 },
    });
  }).immediate();
  discardReplaced(ctx.dataDir);
  return { reenrollNeeded: reenroll() };
}

/**
 * Who set the recovery passphrase, as staff know them: stored as the audit writes an actor (`王管理(admin)`), shown by
 * the account's current display name (the form people read everywhere else), or as stored for an account since removed.
 */
function setByName(ctx: Ctx, stored: string): string {
  const m = /^(.*)\(([^()]+)\)$/.exec(stored);
  if (!m) return stored;
  return ctx.repos.staff.byUsername(m[2] ?? '')?.display_name ?? m[1] ?? stored;
}

function restoreAllowed(ctx: Ctx): string | null {
  if (!ctx.repos.meta.get('counter')) return null;
  const s = ctx.session;
  if (!s || s.locked || s.mustChangePassword || s.role !== 'admin') throw new DeskError('RESTORE_FORBIDDEN');
  return `${s.displayName}(${s.username})`;
}

function publicEnv(ctx: Ctx): PublicRestoreEnv {
  const service = serviceOf(ctx);
  return {
    dataDir: ctx.dataDir,
    secretStore: ctx.ports.secretStore,
    fileDialog: ctx.ports.fileDialog,
    allowInsecureKeyStorage: service.hooks.allowInsecureKeyStorage,
    now: () => ctx.ports.clock.now(),
    emitProgress: (p) => ctx.emit('backup.progress', p),
    requestSwap: (staged) => service.hooks.requestSwap(staged),
  };
}

async function listArchives(ctx: Ctx, folder: string): Promise<ArchiveInfo[]> {
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => n.endsWith(ARCHIVE_EXT));
  } catch {
    throw new DeskError('BACKUP_FOLDER_UNAVAILABLE', { folder });
  }
  const out: ArchiveInfo[] = [];
  for (const name of names) {
    try {
      out.push(await inspectArchive(join(folder, name), ctx.ports.secretStore));
    } catch {
      // Incomplete or foreign files are not offered for restore.
    }
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export const backupHandlers: Pick<Handlers, keyof typeof backupMethods> = {
  'backup.getStatus': (_input, ctx) => backupStatus(ctx),

  'backup.chooseFolder': async (_input, ctx) => {
    if (!ctx.ports.fileDialog) throw new DeskError('BACKUP_NO_DIALOG');
    const folder = await ctx.ports.fileDialog.chooseFolder(zhCN.backup.dialog.chooseFolder);
    if (folder === null) return backupStatus(ctx);
    try {
      accessSync(folder, constants.W_OK);
      if (!statSync(folder).isDirectory()) throw new Error('not a folder');
    } catch {
      throw new DeskError('BACKUP_FOLDER_UNAVAILABLE', { folder });
    }
    const service = serviceOf(ctx);
    const before = service.config().folder;
    ctx.db.transaction(() => {
      ctx.repos.meta.setJson(CONFIG_KEY, { ...service.config(), folder });
      ctx.audit.append({ at: ctx.nowIso(), ...actor(ctx), action: 'backup.folderChosen', target: folder, details: { before } });
    })();
    return backupStatus(ctx);
  },

  'backup.setRecoveryPassphrase': async (input, ctx) => {
    const file = readKeyFile(ctx.dataDir);
    const secrets = await unwrapWithStore(file, ctx.ports.secretStore);
    // Both keys or nothing: a passphrase that could not bring the audit key along would make a restored log look tampered.
    if (!secrets || (file.audit && !secrets.audit)) throw new DeskError('KEY_UNREADABLE');
    const wrap = await wrapWithPassphrase(secrets, input.passphrase);
    const previous = ctx.repos.meta.getJson<StoredRecovery>(RECOVERY_META_KEY);
    const at = ctx.nowIso();
    const stored: StoredRecovery = { ...wrap, setAt: at, setBy: ctx.session ? `${ctx.session.displayName}(${ctx.session.username})` : '' };
    ctx.db.transaction(() => {
      ctx.repos.meta.setJson(RECOVERY_META_KEY, stored);
      ctx.audit.append({
        at,
        ...actor(ctx),
        action: previous ? 'backup.recoveryPassphraseChanged' : 'backup.recoveryPassphraseSet',
        target: null,
        // Never the passphrase or anything derived from it: only that it changed and what that means.
        details: { kdf: 'scrypt', N: wrap.N, r: wrap.r, p: wrap.p, previousSetAt: previous?.setAt ?? null, olderArchivesNeedPreviousPassphrase: previous !== undefined },
      });
    })();
    return backupStatus(ctx);
  },

  'backup.run': async (input, ctx) => {
    const service = serviceOf(ctx);
    let folder = service.config().folder;
    if (input.otherFolder) {
      if (!ctx.ports.fileDialog) throw new DeskError('BACKUP_NO_DIALOG');
      folder = await ctx.ports.fileDialog.chooseFolder(zhCN.backup.dialog.chooseOnce);
      if (folder === null) return null;
    }
    return service.run('manual', folder);
  },

  'backup.listArchives': (_input, ctx) => {
    const folder = serviceOf(ctx).config().folder;
    if (!folder) throw new DeskError('BACKUP_NO_FOLDER');
    return listArchives(ctx, folder);
  },

  'backup.chooseArchive': (input, ctx) => {
    restoreAllowed(ctx);
    return chooseArchive(publicEnv(ctx), serviceOf(ctx).config().folder, input.fileName);
  },

  'backup.restore': (input, ctx) => {
    const by = restoreAllowed(ctx);
    if (serviceOf(ctx).running) throw new DeskError('BACKUP_BUSY');
    return restoreArchive(publicEnv(ctx), input.token, input.passphrase, by);
  },
};
