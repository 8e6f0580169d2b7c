import { create } from 'zustand';
import type {
  ApplicationRecord,
  ApplicationStatus,
  ApplicationSummary,
  EnrollmentType,
  RpcError,
  SearchInput,
  SearchResult,
  SyncState,
} from '../../../../shared/contract';
import { deskClient } from '../../transport';

/** Rows per applications.search call; the list fetches the pages around what is on screen. */
export const PAGE_SIZE = 200;
export const SEARCH_DEBOUNCE_MS = 150;
/** A burst of changes (a batch upload, a colleague's submits) refreshes the list once. */
const CHANGE_DEBOUNCE_MS = 300;
const MAX_INFLIGHT = 3;

export interface ListFilters {
  query: string;
  status: ApplicationStatus[];
  enrollmentType: EnrollmentType[];
  schoolId: string | null;
  syncState: SyncState[];
  /** Local days, YYYY-MM-DD. */
  from: string | null;
  to: string | null;
  includeDrafts: boolean;
}

export const NO_FILTERS: ListFilters = {
  query: '',
  status: [],
  enrollmentType: [],
  schoolId: null,
  syncState: [],
  from: null,
  to: null,
  includeDrafts: true,
};

export interface DetailState {
  id: string;
  record: ApplicationRecord | null;
  loading: boolean;
  error: RpcError | null;
}

interface ApplicationsStore {
  filters: ListFilters;
  /** Rows known so far, by page number. Pages belong to `shownGen`'s query. */
  pages: Readonly<Record<number, readonly ApplicationSummary[]>>;
  total: number | null;
  tookMs: number | null;
  /** Bumped for every new query or refresh; answers to older generations are dropped. */
  gen: number;
  /** The generation whose rows are on screen. Differs from `gen` while a new query is on its way. */
  shownGen: number;
  /** The filters or search text changed and their answer is not on screen yet (including the typing pause). */
  searching: boolean;
  /** Bumped when a new query's first rows arrive: the list scrolls back to the top. */
  resetKey: number;
  error: RpcError | null;
  selected: number;
  /** Where the list was scrolled when the detail opened, so 返回列表 lands on the same rows. */
  scrollTop: number;

  detail: DetailState | null;

  /** Subscribes to core events while the page is open. Returns the cleanup. */
  start: () => () => void;
  setQuery: (query: string) => void;
  setFilters: (patch: Partial<Omit<ListFilters, 'query'>>) => void;
  clearFilters: () => void;
  refresh: () => Promise<void>;
  /** Asks for the rows in [start, end] (indices); pages already known or on their way are skipped. */
  ensureRange: (start: number, end: number) => void;
  select: (index: number) => void;
  moveSelection: (delta: number) => void;
  rowAt: (index: number) => ApplicationSummary | undefined;
  rememberScroll: (top: number) => void;

  openDetail: (id: string) => Promise<void>;
  closeDetail: () => void;
  voidApplication: (id: string, reason: string) => Promise<RpcError | null>;
  discardDraft: (id: string) => Promise<RpcError | null>;
}

function searchInput(f: ListFilters, offset: number, limit: number): SearchInput {
  const input: SearchInput = { query: f.query.trim(), includeDrafts: f.includeDrafts, offset, limit };
  if (f.status.length) input.status = f.status;
  if (f.enrollmentType.length) input.enrollmentType = f.enrollmentType;
  if (f.syncState.length) input.syncState = f.syncState;
  if (f.schoolId) input.schoolId = f.schoolId;
  if (f.from) input.from = f.from;
  if (f.to) input.to = f.to;
  return input;
}

export const useApplicationsStore = create<ApplicationsStore>()((set, get) => {
  let queryTimer: ReturnType<typeof setTimeout> | undefined;
  let changeTimer: ReturnType<typeof setTimeout> | undefined;
  /** `${gen}:${page}` of calls on their way, so scrolling does not ask twice for one page. */
  const inflight = new Set<string>();
  let visible: [number, number] = [0, 0];
  /** The filters changed and no answer to them is on screen yet: a refresh in between must still start from the top. */
  let queryDirty = false;

  const fetchPage = (filters: ListFilters, page: number) =>
    deskClient().call('applications.search', searchInput(filters, page * PAGE_SIZE, PAGE_SIZE));

  /**
   * Runs the current filters again. A new query shows its first page (from the top); a refresh
   * re-reads the pages around what is on screen and swaps them in at once, so nothing flickers.
   */
  const reload = async (requested: 'query' | 'refresh') => {
    clearTimeout(queryTimer);
    const kind = requested === 'query' || queryDirty ? 'query' : 'refresh';
    if (kind === 'query') queryDirty = true;
    const gen = get().gen + 1;
    const filters = get().filters;
    set({ gen });
    const pageNos =
      kind === 'query'
        ? [0]
        : [...new Set([0, Math.floor(visible[0] / PAGE_SIZE), Math.floor(visible[1] / PAGE_SIZE)])];
    pageNos.forEach((p) => inflight.add(`${gen}:${p}`));
    const results = await Promise.all(pageNos.map((p) => fetchPage(filters, p)));
    pageNos.forEach((p) => inflight.delete(`${gen}:${p}`));
    if (get().gen !== gen) return;
    if (kind === 'query') queryDirty = false;
    if (get().searching) set({ searching: false });
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) {
      set({ error: failed.error, shownGen: gen, ...(kind === 'query' ? { pages: {}, total: null, tookMs: null } : {}) });
      return;
    }
    const pages: Record<number, readonly ApplicationSummary[]> = {};
    let first: SearchResult | undefined;
    results.forEach((r, i) => {
      if (!r.ok) return;
      first ??= r.value;
      pages[pageNos[i] as number] = r.value.rows;
    });
    if (!first) return;
    const total = first.total;
    const selected = get().selected;
    set({
      pages,
      total,
      tookMs: first.tookMs,
      shownGen: gen,
      error: null,
      ...(kind === 'query'
        ? { selected: total > 0 ? 0 : -1, resetKey: get().resetKey + 1, scrollTop: 0 }
        : { selected: Math.min(selected, total - 1) }),
    });
  };

  const loadDetail = async (id: string) => {
    const res = await deskClient().call('applications.get', { id });
    const current = get().detail;
    if (current?.id !== id) return;
    set({ detail: res.ok ? { id, record: res.value, loading: false, error: null } : { ...current, loading: false, error: res.error } });
  };

  return {
    filters: NO_FILTERS,
    pages: {},
    total: null,
    tookMs: null,
    gen: 0,
    shownGen: 0,
    resetKey: 0,
    searching: false,
    error: null,
    selected: -1,
    scrollTop: 0,
    detail: null,

    start() {
      // First visit: the newest applications. Coming back: the same query, re-read.
      void reload(get().shownGen === 0 ? 'query' : 'refresh');
      const off = deskClient().on('applications.changed', ({ ids }) => {
        clearTimeout(changeTimer);
        changeTimer = setTimeout(() => void get().refresh(), CHANGE_DEBOUNCE_MS);
        const open = get().detail;
        if (open && ids.includes(open.id)) void loadDetail(open.id);
      });
      return () => {
        off();
        clearTimeout(changeTimer);
      };
    },

    setQuery(query) {
      queryDirty = true;
      set({ filters: { ...get().filters, query }, searching: true });
      clearTimeout(queryTimer);
      // Clearing the box answers at once; typing waits for a pause.
      if (query.trim() === '') void reload('query');
      else queryTimer = setTimeout(() => void reload('query'), SEARCH_DEBOUNCE_MS);
    },

    setFilters(patch) {
      set({ filters: { ...get().filters, ...patch }, searching: true });
      void reload('query');
    },

    clearFilters() {
      set({ filters: { ...NO_FILTERS, query: get().filters.query }, searching: true });
      void reload('query');
    },

    refresh: () => reload('refresh'),

    ensureRange(start, end) {
      visible = [start, end];
      const { gen, shownGen, pages, total, filters } = get();
      // A new query is on its way: its answer decides what to fetch next.
      if (gen !== shownGen || total === null || total === 0) return;
      const last = Math.min(end, total - 1);
      const middle = (start + last) / 2 / PAGE_SIZE;
      const wanted: number[] = [];
      for (let p = Math.floor(start / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) {
        if (!pages[p] && !inflight.has(`${gen}:${p}`)) wanted.push(p);
      }
      // The page in view first; dragging the scrollbar across 100,000 rows must not queue every page passed.
      wanted.sort((a, b) => Math.abs(a + 0.5 - middle) - Math.abs(b + 0.5 - middle));
      let running = [...inflight].filter((k) => k.startsWith(`${gen}:`)).length;
      for (const p of wanted) {
        if (running >= MAX_INFLIGHT) break;
        running++;
        const key = `${gen}:${p}`;
        inflight.add(key);
        void fetchPage(filters, p).then((res) => {
          inflight.delete(key);
          if (get().gen !== gen) return;
          if (!res.ok) {
            set({ error: res.error });
            return;
          }
          set({ pages: { ...get().pages, [p]: res.value.rows }, total: res.value.total, error: null });
        });
      }
    },

    select(index) {
      const total = get().total ?? 0;
      set({ selected: total === 0 ? -1 : Math.max(0, Math.min(total - 1, index)) });
    },

    moveSelection(delta) {
      const { selected } = get();
      get().select(selected < 0 ? 0 : selected + delta);
    },

    rowAt(index) {
      return get().pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];
    },

    rememberScroll(top) {
      set({ scrollTop: top });
    },

    async openDetail(id) {
      if (get().detail?.id === id && get().detail?.record) {
        await loadDetail(id);
        return;
      }
      set({ detail: { id, record: null, loading: true, error: null } });
      await loadDetail(id);
    },

    closeDetail() {
      set({ detail: null });
    },

    async voidApplication(id, reason) {
      const res = await deskClient().call('applications.void', { id, reason });
      if (!res.ok) return res.error;
      await loadDetail(id);
      return null;
    },

    async discardDraft(id) {
      const res = await deskClient().call('applications.discardDraft', { id });
      if (!res.ok) return res.error;
      await loadDetail(id);
      return null;
    },
  };
});
