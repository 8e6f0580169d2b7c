import { create } from 'zustand';
import type { ConsoleOutput } from '../../../../../shared/console';
import { consoleClient, type ConsoleError } from '../../transport/client';
import { useQueueStore } from '../queue/store';

export type DuplicateGroup = ConsoleOutput<'duplicates.list'>['groups'][number];
export type DuplicateDetail = ConsoleOutput<'duplicates.get'>;
export type DuplicateState = 'open' | 'resolved' | 'all';

interface DuplicatesStore {
  state: DuplicateState;
  groups: readonly DuplicateGroup[];
  nextCursor: string | null;
  loading: boolean;
  error: ConsoleError | null;
  detail: DuplicateDetail | null;
  detailError: ConsoleError | null;

  load: (state?: DuplicateState) => Promise<void>;
  loadMore: () => Promise<void>;
  openGroup: (groupId: string) => Promise<void>;
  closeGroup: () => void;
  resolve: (keepApplicationId: string, reason: string) => Promise<ConsoleError | null>;
}

export const useDuplicatesStore = create<DuplicatesStore>()((set, get) => ({
  state: 'open',
  groups: [],
  nextCursor: null,
  loading: false,
  error: null,
  detail: null,
  detailError: null,

  async load(state) {
    const want = state ?? get().state;
    set({ state: want, loading: true, error: null });
    const res = await consoleClient().call('duplicates.list', { state: want, limit: 50 });
    if (get().state !== want) return;
    set(res.ok ? { loading: false, groups: res.value.groups, nextCursor: res.value.nextCursor } : { loading: false, error: res.error });
  },

  async loadMore() {
    const { nextCursor, state } = get();
    if (!nextCursor) return;
    const res = await consoleClient().call('duplicates.list', { state, after: nextCursor, limit: 50 });
    if (get().state !== state) return;
    set(res.ok ? { groups: [...get().groups, ...res.value.groups], nextCursor: res.value.nextCursor } : { error: res.error });
  },

  async openGroup(groupId) {
    set({ detail: null, detailError: null });
    const res = await consoleClient().call('duplicates.get', { groupId });
    set(res.ok ? { detail: res.value } : { detailError: res.error });
  },

  closeGroup() {
    set({ detail: null, detailError: null });
  },

  async resolve(keepApplicationId, reason) {
    const detail = get().detail;
    if (!detail) return null;
    const res = await consoleClient().call('duplicates.resolve', { groupId: detail.groupId, keepApplicationId, reason });
    if (!res.ok) return res.error;
    set({ detail: { ...detail, ...res.value } });
    useQueueStore.getState().markStale();
    void get().load();
    return null;
  },
}));
