import { create } from 'zustand';
import type { RpcError } from '../../../../shared/contract';
import type { CallOutcome, CallRow, DueRow, FollowUp } from '../../../../shared/contract/followUps';
import type { ReviewOutcome } from '../../../../shared/contract/reviewResult';
import { deskClient } from '../../transport';
import { downloadBase64 } from '../reports/store';

type Brought = 'original_seen' | 'copy_kept';
export type CallView = 'open' | 'informed' | 'all';

interface FollowUpsStore {
  due: DueRow[] | null;
  dueError: RpcError | null;
  findError: RpcError | null;
  finding: boolean;
  visit: FollowUp | null;
  visitError: RpcError | null;
  /** What the clerk ticked on the open visit, by material item. */
  brought: Record<string, Brought>;
  note: string;
  saving: boolean;
  calls: CallRow[] | null;
  callsError: RpcError | null;
  callFilter: { outcome?: ReviewOutcome | undefined; view: CallView };
  callNotice: string | null;
  loadDue: () => Promise<void>;
  /** Loads the due list and keeps it current while the tab is open (any application change). Returns the cleanup. */
  startDue: () => () => void;
  /** The application a scanned QR or typed receipt number names; null (with findError) when none. */
  find: (code: string) => Promise<string | null>;
  openVisit: (id: string) => Promise<void>;
  toggle: (itemId: string, state: Brought | null) => void;
  setNote: (note: string) => void;
  /** Records the visit; answers the document to print next, or null on an error (kept in visitError). */
  record: () => Promise<{ document: 'supplementReceipt' | 'supplementNotice'; revision: number; remaining: number } | null>;
  loadCalls: (filter?: Partial<{ outcome: ReviewOutcome | undefined; view: CallView }>) => Promise<void>;
  recordCall: (row: CallRow, phone: string, outcome: CallOutcome, note: string) => Promise<RpcError | null>;
  /** The call list as shown (filter and view) to a file: a PDF to print or an XLSX workbook. */
  exportCalls: (format?: 'pdf' | 'xlsx') => Promise<void>;
}

export const useFollowUpsStore = create<FollowUpsStore>()((set, get) => ({
  due: null,
  dueError: null,
  findError: null,
  finding: false,
  visit: null,
  visitError: null,
  brought: {},
  note: '',
  saving: false,
  calls: null,
  callsError: null,
  callFilter: { view: 'open' },
  callNotice: null,

  async loadDue() {
    const res = await deskClient().call('followUps.due', {});
    set(res.ok ? { due: res.value, dueError: null } : { dueError: res.error });
  },

  startDue() {
    void get().loadDue();
    return deskClient().on('applications.changed', () => void get().loadDue());
  },

  async find(code) {
    set({ finding: true, findError: null });
    const res = await deskClient().call('followUps.find', { code });
    set({ finding: false, findError: res.ok ? null : res.error });
    return res.ok ? res.value.applicationId : null;
  },

  async openVisit(id) {
    if (get().visit?.applicationId !== id) set({ visit: null, brought: {}, note: '' });
    set({ visitError: null });
    const res = await deskClient().call('followUps.get', { id });
    if (!res.ok) {
      set({ visitError: res.error });
      return;
    }
    // Ticks survive a trip to the scan page and back, for items still owed.
    const owed = new Set(res.value.items.map((i) => i.itemId));
    const brought = Object.fromEntries(Object.entries(get().brought).filter(([k]) => owed.has(k)));
    set({ visit: res.value, brought });
  },

  toggle(itemId, state) {
    const next = { ...get().brought };
    if (state) next[itemId] = state;
    else delete next[itemId];
    set({ brought: next });
  },

  setNote(note) {
    set({ note });
  },

  async record() {
    const v = get().visit;
    if (!v || get().saving) return null;
    set({ saving: true, visitError: null });
    const items = Object.entries(get().brought).map(([itemId, state]) => ({ itemId, state }));
    const note = get().note.trim();
    const res = await deskClient().call('followUps.record', { id: v.applicationId, items, ...(note ? { note } : {}) });
    set({ saving: false });
    if (!res.ok) {
      set({ visitError: res.error });
      return null;
    }
    set({ brought: {}, note: '' });
    return res.value;
  },

  async loadCalls(filter) {
    const callFilter = { ...get().callFilter, ...filter };
    set({ callFilter });
    const res = await deskClient().call('calls.list', callFilter);
    // A later filter may have been chosen meanwhile: keep only the answer for the filter now shown.
    if (get().callFilter !== callFilter) return;
    set(res.ok ? { calls: res.value, callsError: null } : { callsError: res.error });
  },

  async recordCall(row, phone, outcome, note) {
    const trimmed = note.trim();
    const res = await deskClient().call('calls.record', { applicationId: row.applicationId, resultVersion: row.resultVersion, phone, outcome, ...(trimmed ? { note: trimmed } : {}) });
    if (!res.ok) return res.error;
    set({ calls: (get().calls ?? []).map((r) => (r.applicationId === row.applicationId ? res.value : r)) });
    return null;
  },

  async exportCalls(format = 'pdf') {
    set({ callNotice: null, callsError: null });
    const res = await deskClient().call('calls.export', { ...get().callFilter, format });
    if (!res.ok) {
      set({ callsError: res.error });
      return;
    }
    downloadBase64(res.value.fileName, res.value.dataBase64, res.value.mime);
    set({ callNotice: `${res.value.fileName}|${res.value.rows}` });
  },
}));
