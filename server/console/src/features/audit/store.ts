import { create } from 'zustand';
import type { ConsoleAuditEntry, ConsoleOutput } from '../../../../../shared/console';
import { consoleClient, type ConsoleError } from '../../transport/client';

// 审计日志: the entries (newest first, 加载更多 reads older ones) and the check of the whole hash chain.

export type Verification = ConsoleOutput<'audit.verify'>;
export interface AuditFilter {
  action: string;
  target: string;
}

/** Entries per audit.list call. */
export const AUDIT_PAGE = 100;

interface AuditStore {
  entries: ConsoleAuditEntry[];
  /** Where the next (older) page starts; null: all read. */
  nextBefore: number | null;
  loading: boolean;
  error: ConsoleError | null;
  verification: Verification | null;
  verifying: boolean;

  /** The page opens: nothing from an earlier visit, then the unfiltered list. */
  open: () => Promise<void>;
  /** The list for the filter (empty parts left out); with `before`, the next page appended. */
  load: (filter: AuditFilter, before?: number) => Promise<void>;
  verify: () => Promise<void>;
}

const initial = { entries: [], nextBefore: null, loading: false, error: null, verification: null, verifying: false };

export const useAuditStore = create<AuditStore>()((set, get) => ({
  ...initial,

  async open() {
    set(initial);
    await get().load({ action: '', target: '' });
  },

  async load(filter, before) {
    set({ loading: true });
    const action = filter.action.trim();
    const target = filter.target.trim();
    const res = await consoleClient().call('audit.list', { limit: AUDIT_PAGE, ...(before ? { before } : {}), ...(action ? { action } : {}), ...(target ? { target } : {}) });
    if (!res.ok) return set({ loading: false, error: res.error });
    set((s) => ({ loading: false, error: null, entries: before ? [...s.entries, ...res.value.entries] : res.value.entries, nextBefore: res.value.nextBefore }));
  },

  async verify() {
    set({ verifying: true });
    const res = await consoleClient().call('audit.verify', {});
    set(res.ok ? { verifying: false, verification: res.value } : { verifying: false, error: res.error });
  },
}));
