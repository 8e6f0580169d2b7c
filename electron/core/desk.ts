import { mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventName, EventPayload, RpcError, RpcResult } from '../../shared/contract';
import { DeskError, errorOf } from '../../shared/contract';
import { checkIntegrity, isCorruption, openEncrypted, type Db } from './db/connection';
import { migrate } from './db/migrate';
import { MetaRepo } from './db/repos/metaRepo';
import { StaffRepo } from './db/repos/staffRepo';
import { PlanRepo } from './db/repos/planRepo';
import { ApplicationRepo } from './db/repos/applicationRepo';
import { PageRepo } from './db/repos/pageRepo';
import { BlobStore } from './services/documents/blobStore';
import { OutboxRepo } from './db/repos/outboxRepo';
import { ReviewResultRepo } from './db/repos/reviewResultRepo';
import { applicationHandlers, refreshSearchIndex } from './services/applications';
import { documentHandlers } from './services/documents';
import { printingHandlers } from './services/printing';
import { startSync, syncHandlers, type SyncOptions } from './services/sync';
import { ensureSamplePlan, planHandlers } from './services/plans';
import type { Ctx, Handlers } from './context';
import { dispatch, type Logger } from './dispatch';
import type { Ports } from './ports';
import { AuditLog } from './services/audit';
import { PrivateTemp } from './privateTemp';
import { bootErrorStatus } from './bootStatus';
import { authHandlers } from './services/auth';
import { loadOrCreateKeys } from './services/keys';
import { backupHandlers, finishRestore, recoverPendingRestore, restoreWithoutData, rollBackSwap, startBackup, swapInStaged, type BackupHooks, type StagedRestore } from './services/backup';
import { staffHandlers } from './services/staff';
import { reportHandlers } from './services/reports';
import { onceNoticeHandlers } from './services/onceNotice';
import { followUpHandlers } from './services/followUps';
import { systemHandlers } from './services/system';
import { cardReaderHandlers, closeCardReader } from './services/cardReader';
import { ocrHandlers } from './services/ocr';

export interface DeskOptions {
  dataDir: string;
  ports: Ports;
  appVersion: string;
  /** Admin's explicit, recorded opt-in to keep the key without OS protection. */
  allowInsecureKeyStorage?: boolean;
  nativeBinding?: string;
  log?: Logger;
  /** Sync engine tuning (tests: batch size, step hook). */
  sync?: SyncOptions;
  /** How often the daily-backup check runs (default every 10 minutes; tests shorten it). */
  backupCheckMs?: number;
  /** Each step of a restore's swap (the restore kill test stops the process between them). */
  onRestoreStep?: (step: string) => void;
  /** Each entry a backup writes (the backup kill test stops the process between them). */
  onBackupStep?: (step: string) => void;
}

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface DeskCore {
  call(method: unknown, input: unknown): Promise<RpcResult<unknown>>;
  onEvent(listener: EventListener): () => void;
  /** Boot error, if the desk could not open its data. The core still answers `system.getStatus`. */
  readonly bootError: RpcError | null;
  close(): void;
}

export const DB_FILE = 'desk.db';

export const handlers: Handlers = {
  ...systemHandlers,
  ...authHandlers,
  ...staffHandlers,
  ...planHandlers,
  ...applicationHandlers,
  ...documentHandlers,
  ...printingHandlers,
  ...syncHandlers,
  ...cardReaderHandlers,
  ...ocrHandlers,
  ...backupHandlers,
  ...reportHandlers,
  ...onceNoticeHandlers,
  ...followUpHandlers,
};

const consoleLogger: Logger = {
  error: (message, err) => console.error(`[core] ${message}`, err),
};

/** How long a restore waits for other calls under way before it closes the data they use. */
const DRAIN_MS = 15_000;

/**
 * Open the desk's data. Never rejects: a failure becomes a boot error every call reports. Resolves once the keys are
 * unwrapped (the secret store is asynchronous: in Electron it answers from the main process) and the data is open.
 * The returned core outlives its data: after a restore (backup.restore) it closes the replaced data, swaps the
 * restored data in and reopens, all before that call answers; calls that arrive meanwhile wait for the reopened data.
 */
export async function openDesk(options: DeskOptions): Promise<DeskCore> {
  const listeners = new Set<EventListener>();
  const emit: EventListener = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  let pendingSwap: StagedRestore | null = null;
  const hooks: BackupHooks = {
    allowInsecureKeyStorage: options.allowInsecureKeyStorage === true,
    ...(options.onBackupStep ? { onBackupStep: options.onBackupStep } : {}),
    requestSwap: (staged) => {
      pendingSwap = staged;
    },
  };
  let inner = await openOnce(options, emit, hooks);
  let inFlight = 0;
  /** Set while a restore swaps the data: the old data is closed and the new not yet open. */
  let reopening: Promise<unknown> | null = null;

  async function drain(): Promise<void> {
    const until = Date.now() + DRAIN_MS;
    while (inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }

  async function swap(result: RpcResult<unknown>): Promise<RpcResult<unknown>> {
    await drain();
    const done = reswap(result);
    reopening = done;
    try {
      return await done;
    } finally {
      reopening = null;
    }
  }

  async function reswap(result: RpcResult<unknown>): Promise<RpcResult<unknown>> {
    inner.close();
    const now = options.ports.clock.now();
    swapInStaged(options.dataDir, now, options.onRestoreStep);
    inner = await openOnce(options, emit, hooks);
    let opened = true;
    if (inner.bootError) {
      // The restored data would not open here: put the replaced data back rather than leave a broken desk.
      (options.log ?? consoleLogger).error(`restored desk did not open (${inner.bootError.code}); previous data put back`, null);
      inner.close();
      rollBackSwap(options.dataDir, now);
      inner = await openOnce(options, emit, hooks);
      opened = false;
    }
    emit('session.changed', { reason: 'logout' });
    if (!result.ok) return result;
    const value = result.value as { reenrollNeeded: boolean };
    return { ok: true, value: { ...value, opened, reenrollNeeded: opened ? (inner.restoreFinished?.reenrollNeeded ?? false) : false } };
  }

  async function reopen(): Promise<void> {
    inner.close();
    inner = await openOnce(options, emit, hooks);
    emit('session.changed', { reason: 'logout' });
  }

  return {
    get bootError() {
      return inner.bootError;
    },
    async call(method, input) {
      while (reopening) await reopening.catch(() => undefined);
      // 重新启动 on the boot-error screen: open the data again (the file, key or migration may have been put right).
      if (method === 'system.restart' && inner.bootError) {
        const done = reopen();
        reopening = done;
        try {
          await done;
        } finally {
          reopening = null;
        }
        return { ok: true, value: { done: true } };
      }
      inFlight++;
      let result: RpcResult<unknown>;
      try {
        result = await inner.call(method, input);
      } finally {
        inFlight--;
      }
      if (pendingSwap) {
        pendingSwap = null;
        result = await swap(result);
      }
      return result;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      inner.close();
      listeners.clear();
    },
  };
}

interface OpenedDesk extends DeskCore {
  /** Set when this open finished a restore (its last step runs on the restored data). */
  readonly restoreFinished: { reenrollNeeded: boolean } | null;
}

async function openOnce(options: DeskOptions, emit: EventListener, hooks: BackupHooks): Promise<OpenedDesk> {
  const internal = new Set<EventListener>();
  const emitAll: EventListener = (event, payload) => {
    for (const l of internal) l(event, payload);
    emit(event, payload);
  };
  const log = options.log ?? consoleLogger;
  let db: Db | undefined;
  try {
    mkdirSync(options.dataDir, { recursive: true });
    // A restore a kill interrupted is finished (or its unfinished staging dropped) before anything is read.
    const pendingRestore = recoverPendingRestore(options.dataDir, options.onRestoreStep);
    const keys = await loadOrCreateKeys(options.dataDir, options.ports.secretStore, options.allowInsecureKeyStorage === true);
    const file = join(options.dataDir, DB_FILE);
    const isNew = !existsSync(file);
    db = openEncrypted(file, keys.db, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    if (!isNew) {
      const integrity = checkIntegrity(db);
      if (!integrity.ok) throw new DeskError('DB_CORRUPT', {}, { problems: integrity.problems.slice(0, 5) });
    }
    migrate(db);
    // Whatever a crash left of a scan or a card read goes before anything else runs.
    const temp = new PrivateTemp(options.dataDir, 'core');
    temp.sweep();
    const openDb = db;
    const ctx: Ctx = {
      db: openDb,
      ports: options.ports,
      keys,
      audit: new AuditLog(openDb, keys),
      repos: {
        meta: new MetaRepo(openDb),
        staff: new StaffRepo(openDb),
        plans: new PlanRepo(openDb),
        applications: new ApplicationRepo(openDb),
        pages: new PageRepo(openDb),
        outbox: new OutboxRepo(openDb),
        reviewResults: new ReviewResultRepo(openDb),
      },
      blobs: new BlobStore(join(options.dataDir, 'blobs'), keys.blob),
      dataDir: options.dataDir,
      temp,
      appVersion: options.appVersion,
      session: null,
      emit: emitAll,
      nowIso: () => options.ports.clock.now().toISOString(),
    };
    // Before anything else writes: rows since the last start are verified against the sealed head, and a tamper is
    // recorded and raised (only an admin may then sign in) rather than built upon.
    ctx.audit.check({ nowIso: ctx.nowIso(), setUp: ctx.repos.meta.get('counter') !== undefined });
    ensureSamplePlan(ctx);
    refreshSearchIndex(ctx);
    const backup = startBackup(ctx, hooks, options.backupCheckMs);
    const restoreFinished = pendingRestore ? finishRestore(ctx, pendingRestore) : null;
    // Sync starts by itself when set up; a submission or edit nudges it (the engine ignores nudges while paused).
    const sync = startSync(ctx, options.sync);
    internal.add((event, payload) => {
      if (event === 'applications.changed') sync.onApplicationsChanged();
      // Close of day: signing out starts a backup in the background.
      if (event === 'session.changed' && (payload as EventPayload<'session.changed'>).reason === 'logout') backup.onSignOut();
    });
    return {
      bootError: null,
      restoreFinished,
      call: (method, input) => dispatch(ctx, handlers, method, input, log),
      onEvent: () => () => undefined,
      close() {
        backup.close();
        sync.close();
        closeCardReader(ctx);
        internal.clear();
        if (openDb.open) openDb.close();
      },
    };
  } catch (e: unknown) {
    if (db?.open) db.close();
    const bootError = toBootError(e, log);
    return failedDesk(bootError, options, emit, hooks);
  }
}

function toBootError(e: unknown, log: Logger): RpcError {
  if (e instanceof DeskError) return e.rpc;
  if (isCorruption(e)) return errorOf('DB_CORRUPT');
  log.error('desk failed to open', e);
  return errorOf('INTERNAL');
}

/** A core that could not open its data: reports why, offers restore from a backup, refuses everything else. */
function failedDesk(bootError: RpcError, options: DeskOptions, emit: EventListener, hooks: BackupHooks): OpenedDesk {
  const status = bootErrorStatus(bootError, options.appVersion);
  const restore = restoreWithoutData({
    dataDir: options.dataDir,
    secretStore: options.ports.secretStore,
    fileDialog: options.ports.fileDialog,
    allowInsecureKeyStorage: hooks.allowInsecureKeyStorage,
    now: () => options.ports.clock.now(),
    emitProgress: (p) => emit('backup.progress', p),
    requestSwap: (staged) => hooks.requestSwap(staged),
  }, options.log ?? consoleLogger);
  return {
    bootError,
    restoreFinished: null,
    call: (method, input) => {
      if (method === 'system.getStatus') return Promise.resolve({ ok: true, value: status });
      if (method === 'backup.chooseArchive' || method === 'backup.restore') return restore(method, input);
      return Promise.resolve({ ok: false, error: bootError });
    },
    onEvent: () => () => undefined,
    close: () => undefined,
  };
}
