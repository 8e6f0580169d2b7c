import { mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EventName, EventPayload, RpcError, RpcResult, DeskStatus } from '../../shared/contract';
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
import { applicationHandlers } from './services/applications';
import { documentHandlers } from './services/documents';
import { printingHandlers } from './services/printing';
import { startSync, syncHandlers } from './services/sync';
import type { EngineOptions } from './services/sync/engine';
import { ensureSamplePlan, planHandlers } from './services/plans';
import type { Ctx, Handlers } from './context';
import { dispatch, type Logger } from './dispatch';
import type { Ports } from './ports';
import { AuditLog } from './services/audit';
import { authHandlers } from './services/auth';
import { loadOrCreateKeys } from './services/keys';
import { staffHandlers } from './services/staff';
import { systemHandlers } from './services/system';

export interface DeskOptions {
  dataDir: string;
  ports: Ports;
  appVersion: string;
  /** Admin's explicit, recorded opt-in to keep the key without OS protection. */
  allowInsecureKeyStorage?: boolean;
  nativeBinding?: string;
  log?: Logger;
  /** Sync engine tuning (tests: batch size, step hook). */
  sync?: EngineOptions;
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
};

const consoleLogger: Logger = {
  error: (message, err) => console.error(`[core] ${message}`, err),
};

/** Open the desk's data. Never throws: a failure becomes a boot error every call reports. */
export function openDesk(options: DeskOptions): DeskCore {
  const listeners = new Set<EventListener>();
  const log = options.log ?? consoleLogger;
  const emit: EventListener = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  let db: Db | undefined;
  try {
    mkdirSync(options.dataDir, { recursive: true });
    const keys = loadOrCreateKeys(options.dataDir, options.ports.secretStore, options.allowInsecureKeyStorage === true);
    const file = join(options.dataDir, DB_FILE);
    const isNew = !existsSync(file);
    db = openEncrypted(file, keys.db, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    if (!isNew) {
      const integrity = checkIntegrity(db);
      if (!integrity.ok) throw new DeskError('DB_CORRUPT', {}, { problems: integrity.problems.slice(0, 5) });
    }
    migrate(db);
    const openDb = db;
    const ctx: Ctx = {
      db: openDb,
      ports: options.ports,
      keys,
      audit: new AuditLog(openDb, keys.audit),
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
      appVersion: options.appVersion,
      session: null,
      emit,
      nowIso: () => options.ports.clock.now().toISOString(),
    };
    ensureSamplePlan(ctx);
    // Sync starts by itself when set up; a submission or edit nudges it (the engine ignores nudges while paused).
    const sync = startSync(ctx, options.sync);
    listeners.add((event) => {
      if (event === 'applications.changed') sync.onApplicationsChanged();
    });
    return {
      bootError: null,
      call: (method, input) => dispatch(ctx, handlers, method, input, log),
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close() {
        sync.close();
        listeners.clear();
        if (openDb.open) openDb.close();
      },
    };
  } catch (e: unknown) {
    if (db?.open) db.close();
    const bootError = toBootError(e, log);
    return failedDesk(bootError, options.appVersion);
  }
}

function toBootError(e: unknown, log: Logger): RpcError {
  if (e instanceof DeskError) return e.rpc;
  if (isCorruption(e)) return errorOf('DB_CORRUPT');
  log.error('desk failed to open', e);
  return errorOf('INTERNAL');
}

/** A core that could not open its data: reports why, refuses everything else, writes nothing. */
function failedDesk(bootError: RpcError, appVersion: string): DeskCore {
  const status: DeskStatus = {
    phase: 'bootError',
    bootError: { code: bootError.code, message: bootError.message },
    counter: null,
    session: null,
    idleLockMinutes: 10,
    appVersion,
    sync: { configured: false, online: false, pendingUploads: 0, lastSuccessAt: null },
    insecureKeyStorage: false,
  };
  return {
    bootError,
    call: (method) =>
      Promise.resolve(method === 'system.getStatus' ? { ok: true, value: status } : { ok: false, error: bootError }),
    onEvent: () => () => undefined,
    close: () => undefined,
  };
}
