import { create } from 'zustand';
import type { AuditEntry, AuditVerification, RpcError } from '../../../../shared/contract';
import { deskClient } from '../../transport';
import { useSessionStore } from '../session/store';

export const AUDIT_PAGE_SIZE = 50;

interface AuditStore {
  entries: AuditEntry[];
  /** `beforeSeq` of each page shown so far; the last one is the current page. */
  cursors: (number | undefined)[];
  hasOlder: boolean;
  loading: boolean;
  error: RpcError | null;
  verification: AuditVerification | null;
  verifying: boolean;
  loadNewest: () => Promise<void>;
  loadOlder: () => Promise<void>;
  loadNewer: () => Promise<void>;
  verify: () => Promise<void>;
  /** Admin: the open tamper alert has been dealt with (the note goes into the audit log). */
  acknowledgeAlert: (note: string) => Promise<RpcError | null>;
}

export const useAuditStore = create<AuditStore>()((set, get) => {
  const loadPage = async (cursors: (number | undefined)[]) => {
    set({ loading: true });
    const beforeSeq = cursors[cursors.length - 1];
    const res = await deskClient().call('audit.list', {
      limit: AUDIT_PAGE_SIZE,
      ...(beforeSeq !== undefined ? { beforeSeq } : {}),
    });
    if (!res.ok) {
      set({ loading: false, error: res.error });
      return;
    }
    const entries = res.value;
    const oldest = entries[entries.length - 1];
    set({
      loading: false,
      error: null,
      entries,
      cursors,
      hasOlder: entries.length === AUDIT_PAGE_SIZE && oldest !== undefined && oldest.seq > 1,
    });
  };

  return {
    entries: [],
    cursors: [undefined],
    hasOlder: false,
    loading: false,
    error: null,
    verification: null,
    verifying: false,
    loadNewest: () => loadPage([undefined]),
    async loadOlder() {
      const oldest = get().entries[get().entries.length - 1];
      if (oldest) await loadPage([...get().cursors, oldest.seq]);
    },
    async loadNewer() {
      const cursors = get().cursors;
      if (cursors.length > 1) await loadPage(cursors.slice(0, -1));
    },
    async verify() {
      set({ verifying: true, verification: null, error: null });
      const res = await deskClient().call('audit.verify', {});
      set(res.ok ? { verifying: false, verification: res.value } : { verifying: false, error: res.error });
    },
    async acknowledgeAlert(note) {
      const res = await deskClient().call('audit.acknowledgeAlert', { note });
      if (!res.ok) return res.error;
      await useSessionStore.getState().refreshStatus();
      return null;
    },
  };
});
