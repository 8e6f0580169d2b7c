import type { RpcError, RpcResult } from '../../../../shared/contract';
import { backoffDelay } from '../../../../shared/backoff';
import type { Draft } from './model';

// Autosave of the form on screen: a short pause in typing writes it; a failed write is retried with a
// growing delay until one succeeds; writes run one after another, so the write that creates the draft
// finishes (and gives the id) before the next one starts. Knows nothing of React or zustand: the store
// is its host. Unit-tested in autosave.test.ts with a fake host and fake timers.

export const AUTOSAVE_TIMING = { debounceMs: 400, retryFirstMs: 2_000, retryMaxMs: 30_000 };

/** What one write stores. */
export interface SaveSnapshot {
  /** Changes whenever another application replaces the form: answers for an old form are dropped. */
  formKey: number;
  /** Bumped by every change; the write is current when nothing changed since it was taken. */
  version: number;
  savedVersion: number;
  /** Null until the first write creates the draft. */
  id: string | null;
  /** A correction to a submitted application (saved beside it, not over it). */
  editing: boolean;
  payload: Draft;
}

export interface AutosaveHost {
  /** The form as it stands, or null when no form is open. */
  snapshot(): SaveSnapshot | null;
  write(snapshot: SaveSnapshot): Promise<RpcResult<{ id: string; savedAt: string }>>;
  /** Whether `formKey` is still the form on screen. */
  current(formKey: number): boolean;
  saving(snapshot: SaveSnapshot): void;
  saved(snapshot: SaveSnapshot, value: { id: string; savedAt: string }): void;
  failed(snapshot: SaveSnapshot, error: RpcError, retrying: boolean): void;
}

export interface Autosave {
  /** The form changed: write it after a pause in typing. */
  changed(): void;
  /** Write now (Ctrl+S, 重试); the retry delay starts again from the first step. */
  saveNow(): Promise<boolean>;
  /** Write what is pending before the form is replaced or submitted. True when what is on screen is on disk. */
  settle(): Promise<boolean>;
  /** Write even an unchanged form that has no draft yet (an approval needs the draft's id). */
  create(): Promise<boolean>;
  /** Forget pending writes and retries (the form was submitted or replaced). */
  stop(): void;
}

/** Errors no retry can fix: the application is no longer a draft. */
function retryable(error: RpcError): boolean {
  return error.code !== 'APPLICATION_NOT_DRAFT';
}

export function createAutosave(host: AutosaveHost, timing = AUTOSAVE_TIMING): Autosave {
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Failed writes since the last good one: the next retry waits backoffDelay(retry schedule, failures). */
  let failures = 0;
  let chain: Promise<unknown> = Promise.resolve();

  const clearSave = () => {
    if (saveTimer !== undefined) clearTimeout(saveTimer);
    saveTimer = undefined;
  };
  const clearRetry = () => {
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = undefined;
  };

  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };

  const scheduleRetry = () => {
    clearRetry();
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void perform();
    }, backoffDelay({ firstMs: timing.retryFirstMs, maxMs: timing.retryMaxMs }, ++failures));
  };

  /** Never throws; true when what is on screen is on disk. */
  const perform = (force = false): Promise<boolean> =>
    serial(async () => {
      // Taken only now, after the previous write finished: it carries the id that write created.
      const snap = host.snapshot();
      if (snap === null) return true;
      if (snap.version === snap.savedVersion && !(force && snap.id === null)) return true;
      host.saving(snap);
      const res = await host.write(snap);
      if (!host.current(snap.formKey)) return res.ok;
      if (!res.ok) {
        const again = retryable(res.error);
        host.failed(snap, res.error, again);
        if (again) scheduleRetry();
        return false;
      }
      failures = 0;
      clearRetry();
      host.saved(snap, res.value);
      return true;
    });

  return {
    changed() {
      clearSave();
      saveTimer = setTimeout(() => {
        saveTimer = undefined;
        void perform();
      }, timing.debounceMs);
    },
    saveNow() {
      clearSave();
      failures = 0;
      return perform();
    },
    settle() {
      clearSave();
      return perform();
    },
    create() {
      clearSave();
      return perform(true);
    },
    stop() {
      clearSave();
      clearRetry();
      failures = 0;
    },
  };
}
