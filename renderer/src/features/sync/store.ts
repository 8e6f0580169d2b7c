import { create } from 'zustand';
import type { MethodInput, RpcError } from '../../../../shared/contract';
import type { SyncAttentionItem, SyncStatus } from '../../../../shared/contract/sync';
import { deskClient } from '../../transport';
import { useSessionStore } from '../session/store';

/** While the sync page is open: at most one reload in flight and one every this many ms, however fast events arrive. */
export const LIVE_RELOAD_MS = 500;
/** A light poll for the phase, between events. */
export const LIVE_POLL_MS = 2_000;

interface SyncStore {
  status: SyncStatus | null;
  attention: SyncAttentionItem[];
  error: RpcError | null;
  busy: string | null;
  load: () => Promise<void>;
  /** Keeps status and attention live while the page is open (progress events, record changes, a poll). Returns the cleanup. */
  start: () => () => void;
  act: (what: 'sync.syncNow' | 'sync.pause' | 'sync.resume') => Promise<void>;
  acceptHeld: (applicationId: string) => Promise<RpcError | null>;
  exportLog: () => Promise<{ fileName: string; content: string } | null>;
  configure: (input: MethodInput<'sync.configure'>) => Promise<RpcError | null>;
  enroll: (input: MethodInput<'sync.enroll'>) => Promise<RpcError | null>;
  test: () => Promise<{ ok: boolean; message: string } | RpcError>;
}

export const useSyncStore = create<SyncStore>()((set, get) => ({
  status: null,
  attention: [],
  error: null,
  busy: null,
  async load() {
    const [st, att] = await Promise.all([deskClient().call('sync.getStatus', {}), deskClient().call('sync.listAttention', {})]);
    if (st.ok) set({ status: st.value });
    if (att.ok) set({ attention: att.value });
    set({ error: !st.ok ? st.error : !att.ok ? att.error : null });
  },
  start() {
    let last = 0;
    let pending: ReturnType<typeof setTimeout> | null = null;
    const reload = () => {
      if (pending) return;
      const wait = Math.max(0, last + LIVE_RELOAD_MS - Date.now());
      pending = setTimeout(() => {
        last = Date.now();
        void get()
          .load()
          .finally(() => (pending = null));
      }, wait);
    };
    reload();
    const offProgress = deskClient().on('sync.progress', reload);
    const offChanged = deskClient().on('applications.changed', reload);
    const timer = setInterval(reload, LIVE_POLL_MS);
    return () => {
      offProgress();
      offChanged();
      clearInterval(timer);
      if (pending) clearTimeout(pending);
    };
  },
  async act(what) {
    set({ busy: what });
    const res = await deskClient().call(what, {});
    set({ busy: null, ...(res.ok ? { status: res.value, error: null } : { error: res.error }) });
    void useSessionStore.getState().refreshStatus();
  },
  async acceptHeld(applicationId) {
    const res = await deskClient().call('sync.acceptHeldResult', { applicationId });
    await get().load();
    return res.ok ? null : res.error;
  },
  async exportLog() {
    const res = await deskClient().call('sync.exportLog', {});
    if (!res.ok) {
      set({ error: res.error });
      return null;
    }
    return res.value;
  },
  async configure(input) {
    const res = await deskClient().call('sync.configure', input);
    if (res.ok) set({ status: res.value });
    void useSessionStore.getState().refreshStatus();
    return res.ok ? null : res.error;
  },
  async enroll(input) {
    const res = await deskClient().call('sync.enroll', input);
    if (res.ok) set({ status: res.value });
    void useSessionStore.getState().refreshStatus();
    return res.ok ? null : res.error;
  },
  async test() {
    const res = await deskClient().call('sync.testConnection', {});
    return res.ok ? res.value : res.error;
  },
}));

/** Save text as a file through the browser's download (works in Electron and in Chromium). */
export function downloadText(fileName: string, content: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
