import { create } from 'zustand';
import type { ConsoleOutput, QueueFilter, QueueRow } from '../../../../../shared/console';
import { consoleClient, type ConsoleError } from '../../transport/client';

/** Rows per queue.list call. Keyset paging: the next page starts after the last row's cursor. */
export const PAGE_SIZE = 100;
export const SEARCH_DEBOUNCE_MS = 200;

export type QueueCounts = ConsoleOutput<'queue.counts'>;
export type BulkPreview = ConsoleOutput<'decisions.bulkPreview'>;
export type BulkDone = ConsoleOutput<'decisions.bulkApprove'>;

/** 批量审核通过: the server's count of the filter's 待审核 applications with its token, while the reviewer confirms. */
interface BulkState {
  preview: BulkPreview | null;
  busy: boolean;
  error: ConsoleError | null;
}
export type QueueOrder = 'oldest' | 'newest';

interface QueueStore {
  filter: QueueFilter;
  order: QueueOrder;
  /** What is in the search box (the filter's `text` follows it after a pause in typing). */
  text: string;
  rows: readonly QueueRow[];
  nextCursor: string | null;
  /** The first page of the current query is on its way. */
  loading: boolean;
  loadingMore: boolean;
  error: ConsoleError | null;
  counts: QueueCounts | null;
  tookMs: number | null;
  /** Bumped per query; answers of older queries are dropped. */
  gen: number;
  /** Bumped when a new query's first page is shown: the list scrolls to the top. */
  resetKey: number;
  selected: number;
  /** Where the list was when a row was opened, so 返回队列 lands on the same rows. */
  scrollTop: number;

  /** A decision changed what the list shows: the next open loads it again. */
  stale: boolean;
  /** First load when the page opens (keeps what is there when coming back from an application). */
  open: () => void;
  markStale: () => void;
  setText: (text: string) => void;
  setFilter: (patch: Partial<QueueFilter>) => void;
  setOrder: (order: QueueOrder) => void;
  clearFilters: () => void;
  refresh: () => Promise<void>;
  loadMore: () => Promise<void>;
  select: (index: number) => void;
  moveSelection: (delta: number) => void;
  rememberScroll: (top: number) => void;

  bulk: BulkState;
  /** Counts the 待审核 applications of the filter in force and opens the confirmation. */
  startBulk: () => Promise<void>;
  /** Approves exactly the previewed applications: what was done, or null (the error is shown). The list reloads. */
  confirmBulk: () => Promise<BulkDone | null>;
  closeBulk: () => void;
  /** Nothing left of an earlier bulk approval (the queue page opens). */
  resetBulk: () => void;
}

const noBulk: BulkState = { preview: null, busy: false, error: null };

let debounce: ReturnType<typeof setTimeout> | null = null;

/** Drops empty lists and undefined values, so the server sees only the filters in force. */
export function cleanFilter(f: QueueFilter): QueueFilter {
  const out: QueueFilter = {};
  for (const [k, v] of Object.entries(f) as [keyof QueueFilter, unknown][]) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

export function isFiltered(f: QueueFilter): boolean {
  return Object.keys(cleanFilter(f)).length > 0;
}

export const useQueueStore = create<QueueStore>()((set, get) => ({
  filter: {},
  order: 'oldest',
  text: '',
  rows: [],
  nextCursor: null,
  loading: false,
  loadingMore: false,
  error: null,
  counts: null,
  tookMs: null,
  gen: 0,
  resetKey: 0,
  selected: 0,
  scrollTop: 0,
  stale: false,

  open() {
    if (get().gen === 0 || get().error || get().stale) void get().refresh();
  },

  markStale() {
    set({ stale: true });
  },

  setText(text) {
    set({ text });
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = null;
      const trimmed = get().text.trim();
      if ((get().filter.text ?? '') === trimmed) return;
      set({ filter: { ...get().filter, text: trimmed || undefined } });
      void get().refresh();
    }, SEARCH_DEBOUNCE_MS);
  },

  setFilter(patch) {
    set({ filter: { ...get().filter, ...patch } });
    void get().refresh();
  },

  setOrder(order) {
    set({ order });
    void get().refresh();
  },

  clearFilters() {
    if (debounce) clearTimeout(debounce);
    set({ filter: {}, text: '' });
    void get().refresh();
  },

  async refresh() {
    const gen = get().gen + 1;
    const filter = cleanFilter(get().filter);
    set({ gen, loading: true, error: null, stale: false });
    const client = consoleClient();
    const [list, counts] = await Promise.all([
      client.call('queue.list', { filter, order: get().order, limit: PAGE_SIZE }),
      client.call('queue.counts', { filter }),
    ]);
    if (get().gen !== gen) return;
    if (!list.ok) {
      set({ loading: false, error: list.error, counts: counts.ok ? counts.value : null });
      return;
    }
    set((s) => ({
      loading: false,
      rows: list.value.rows,
      nextCursor: list.value.nextCursor,
      tookMs: list.value.tookMs,
      counts: counts.ok ? counts.value : null,
      error: counts.ok ? null : counts.error,
      selected: 0,
      scrollTop: 0,
      resetKey: s.resetKey + 1,
    }));
  },

  async loadMore() {
    const { nextCursor, loadingMore, loading, gen } = get();
    if (!nextCursor || loadingMore || loading) return;
    set({ loadingMore: true });
    const res = await consoleClient().call('queue.list', { filter: cleanFilter(get().filter), order: get().order, after: nextCursor, limit: PAGE_SIZE });
    if (get().gen !== gen) return;
    if (!res.ok) {
      set({ loadingMore: false, error: res.error });
      return;
    }
    set((s) => ({ loadingMore: false, rows: [...s.rows, ...res.value.rows], nextCursor: res.value.nextCursor }));
  },

  select(index) {
    set({ selected: index });
  },

  moveSelection(delta) {
    const { rows, selected, nextCursor } = get();
    if (rows.length === 0) return;
    const next = Math.max(0, Math.min(rows.length - 1, selected + delta));
    set({ selected: next });
    // Walking down to the last rows fetches the next page, so the keyboard never meets an end that is not one.
    if (nextCursor && next >= rows.length - 10) void get().loadMore();
  },

  rememberScroll(top) {
    set({ scrollTop: top });
  },

  bulk: noBulk,

  async startBulk() {
    set({ bulk: { ...get().bulk, busy: true, error: null } });
    const res = await consoleClient().call('decisions.bulkPreview', { filter: cleanFilter(get().filter) });
    set({ bulk: res.ok ? { preview: res.value, busy: false, error: null } : { ...get().bulk, busy: false, error: res.error } });
  },

  async confirmBulk() {
    const { preview } = get().bulk;
    if (!preview) return null;
    set({ bulk: { preview, busy: true, error: null } });
    const res = await consoleClient().call('decisions.bulkApprove', { token: preview.token, count: preview.count });
    if (!res.ok) {
      set({ bulk: { ...get().bulk, busy: false, error: res.error } });
      return null;
    }
    set({ bulk: { ...get().bulk, preview: null, busy: false } });
    void get().refresh();
    return res.value;
  },

  closeBulk() {
    set({ bulk: { ...get().bulk, preview: null } });
  },

  resetBulk() {
    set({ bulk: noBulk });
  },
}));
