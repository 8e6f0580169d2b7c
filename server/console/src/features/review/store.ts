import { create } from 'zustand';
import type { ApplicationView, ConsoleInput, ConsoleOutput } from '../../../../../shared/console';
import { consoleClient, type ConsoleError } from '../../transport/client';
import { useQueueStore } from '../queue/store';

export type Templates = ConsoleOutput<'decisions.templates'>;

/** The decisions a reviewer sends from the panel; each answers with the application's new status. */
export type DecisionCall =
  | { kind: 'approve'; input: Omit<ConsoleInput<'decisions.approve'>, 'applicationId' | 'revision'> }
  | { kind: 'request_materials'; input: Omit<ConsoleInput<'decisions.requestMaterials'>, 'applicationId' | 'revision'> }
  | { kind: 'reject'; input: Omit<ConsoleInput<'decisions.reject'>, 'applicationId' | 'revision'> }
  | { kind: 'confirm'; input: Omit<ConsoleInput<'decisions.confirmRejection'>, 'applicationId'> }
  | { kind: 'return'; input: Omit<ConsoleInput<'decisions.returnRejection'>, 'applicationId'> }
  | { kind: 'comment'; input: Omit<ConsoleInput<'decisions.comment'>, 'applicationId'> };
export type DecisionKindSent = DecisionCall['kind'];

interface ReviewStore {
  id: string | null;
  view: ApplicationView | null;
  templates: Templates | null;
  loading: boolean;
  error: ConsoleError | null;
  /** Page shown in the viewer (index into view.pages). */
  page: number;

  open: (id: string) => Promise<void>;
  reload: () => Promise<void>;
  setPage: (index: number) => void;
  /** Sends a decision on the revision on screen; null when done (the view is reloaded), else the error. */
  decide: (call: DecisionCall) => Promise<ConsoleError | null>;
  /** Records 是否服从调剂 as the family told it; null when done (the view is reloaded), else the error. */
  recordReassignment: (input: Omit<ConsoleInput<'placement.recordReassignment'>, 'applicationId'>) => Promise<ConsoleError | null>;
}

async function send(id: string, revision: number, call: DecisionCall) {
  const c = consoleClient();
  switch (call.kind) {
    case 'approve':
      return c.call('decisions.approve', { applicationId: id, revision, ...call.input });
    case 'request_materials':
      return c.call('decisions.requestMaterials', { applicationId: id, revision, ...call.input });
    case 'reject':
      return c.call('decisions.reject', { applicationId: id, revision, ...call.input });
    case 'confirm':
      return c.call('decisions.confirmRejection', { applicationId: id, ...call.input });
    case 'return':
      return c.call('decisions.returnRejection', { applicationId: id, ...call.input });
    case 'comment':
      return c.call('decisions.comment', { applicationId: id, ...call.input });
  }
}

export const useReviewStore = create<ReviewStore>()((set, get) => ({
  id: null,
  view: null,
  templates: null,
  loading: false,
  error: null,
  page: 0,

  async open(id) {
    if (get().id !== id) set({ id, view: null, templates: null, error: null, page: 0 });
    await get().reload();
  },

  async reload() {
    const id = get().id;
    if (!id) return;
    set({ loading: true });
    const res = await consoleClient().call('applications.get', { applicationId: id });
    if (get().id !== id) return;
    if (!res.ok) {
      set({ loading: false, error: res.error });
      return;
    }
    const view = res.value;
    set((s) => ({ loading: false, error: null, view, page: Math.min(s.page, Math.max(0, view.pages.length - 1)) }));
    const decides = view.can.approve || view.can.requestMaterials || view.can.reject;
    if (decides && !get().templates) {
      const tpl = await consoleClient().call('decisions.templates', { applicationId: id });
      if (get().id === id && tpl.ok) set({ templates: tpl.value });
    }
  },

  setPage(index) {
    const n = get().view?.pages.length ?? 0;
    if (n === 0) return;
    set({ page: Math.max(0, Math.min(n - 1, index)) });
  },

  async decide(call) {
    const { id, view } = get();
    if (!id || !view) return null;
    const res = await send(id, view.row.revision, call);
    if (!res.ok) return res.error;
    useQueueStore.getState().markStale();
    await get().reload();
    return null;
  },

  async recordReassignment(input) {
    const id = get().id;
    if (!id) return null;
    const res = await consoleClient().call('placement.recordReassignment', { applicationId: id, ...input });
    if (!res.ok) return res.error;
    await get().reload();
    return null;
  },
}));
