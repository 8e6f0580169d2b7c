import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApplicationSummary, EventName, MethodName, SearchInput, SearchResult } from '../../../../shared/contract';
import { setDeskClient, type DeskClient } from '../../transport';
import { NO_FILTERS, PAGE_SIZE, SEARCH_DEBOUNCE_MS, useApplicationsStore } from './store';

interface PendingSearch {
  input: SearchInput;
  resolve: (result: SearchResult) => void;
}

function row(i: number): ApplicationSummary {
  return {
    id: `id-${i}`,
    status: 'accepted',
    receiptNo: `R-${i}`,
    planKey: 'p@1',
    grade: 'primary1',
    childName: `儿童${i}`,
    childIdType: 'resident_id',
    childIdNumber: null,
    childBirthDate: null,
    schoolId: null,
    enrollmentType: 'house_hukou',
    guardianPhones: [],
    syncState: 'unsynced',
    revision: 1,
    createdAt: '2026-06-15T00:00:00.000Z',
    updatedAt: '2026-06-15T00:00:00.000Z',
    submittedAt: '2026-06-15T00:00:00.000Z',
    createdBy: 'clerk',
    createdByName: '李受理',
  };
}

/** A client whose searches stay open until the test answers them, in any order. */
function fakeClient() {
  const searches: PendingSearch[] = [];
  const listeners = new Map<EventName, (payload: unknown) => void>();
  const client: DeskClient = {
    call: ((method: MethodName, input: unknown): Promise<unknown> => {
      if (method !== 'applications.search') return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } });
      return new Promise((resolve) => {
        searches.push({ input: input as SearchInput, resolve: (value) => resolve({ ok: true, value }) });
      });
    }) as unknown as DeskClient['call'],
    on: ((event: EventName, listener: (payload: unknown) => void) => {
      listeners.set(event, listener);
      return () => listeners.delete(event);
    }) as DeskClient['on'],
    onCallError: () => () => undefined,
  };
  /** Answers a search with rows for its offset out of `total`. */
  const answer = (s: PendingSearch, total: number) => {
    const offset = s.input.offset ?? 0;
    const n = Math.max(0, Math.min(s.input.limit ?? 100, total - offset));
    s.resolve({ total, rows: Array.from({ length: n }, (_, i) => row(offset + i)), tookMs: 1 });
  };
  return { client, searches, answer, emit: (event: EventName, payload: unknown) => listeners.get(event)?.(payload) };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('applications store', () => {
  let fake: ReturnType<typeof fakeClient>;
  let stop: () => void;

  beforeEach(() => {
    fake = fakeClient();
    setDeskClient(fake.client);
    useApplicationsStore.setState({ filters: NO_FILTERS, pages: {}, total: null, tookMs: null, gen: 0, shownGen: 0, selected: -1, searching: false, error: null });
    stop = useApplicationsStore.getState().start();
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('shows the first page of a new query and selects its first row', async () => {
    expect(fake.searches).toHaveLength(1);
    fake.answer(fake.searches[0]!, 1000);
    await flush();
    const s = useApplicationsStore.getState();
    expect(s.total).toBe(1000);
    expect(s.pages[0]).toHaveLength(PAGE_SIZE);
    expect(s.selected).toBe(0);
    expect(s.rowAt(5)?.id).toBe('id-5');
  });

  it('waits for a pause in typing and drops answers to older queries', async () => {
    fake.answer(fake.searches[0]!, 10);
    await flush();
    vi.useFakeTimers();
    const store = useApplicationsStore.getState();
    store.setQuery('王');
    store.setQuery('王子');
    expect(useApplicationsStore.getState().searching).toBe(true);
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1);
    expect(fake.searches).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(fake.searches).toHaveLength(2);
    expect(fake.searches[1]!.input.query).toBe('王子');
    store.setQuery('王子轩');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    expect(fake.searches).toHaveLength(3);
    vi.useRealTimers();
    // The newer answer arrives first; the older one must not overwrite it.
    fake.answer(fake.searches[2]!, 3);
    await flush();
    fake.answer(fake.searches[1]!, 40);
    await flush();
    const s = useApplicationsStore.getState();
    expect(s.total).toBe(3);
    expect(s.searching).toBe(false);
  });

  it('fetches only the pages in view, each once, at most three at a time', async () => {
    fake.answer(fake.searches[0]!, 100_000);
    await flush();
    const store = useApplicationsStore.getState();
    store.ensureRange(50_000, 50_020);
    store.ensureRange(50_000, 50_020);
    expect(fake.searches.slice(1).map((s) => s.input.offset)).toEqual([250 * PAGE_SIZE]);
    // Dragging the scrollbar across many pages does not queue all of them.
    store.ensureRange(0, 20 * PAGE_SIZE);
    expect(fake.searches.length).toBe(4);
    fake.searches.slice(1).forEach((s) => fake.answer(s, 100_000));
    await flush();
    expect(useApplicationsStore.getState().rowAt(50_010)?.id).toBe('id-50010');
  });

  it('refreshes the rows in view when the core reports a change, keeping the selection', async () => {
    fake.answer(fake.searches[0]!, 500);
    await flush();
    const store = useApplicationsStore.getState();
    store.ensureRange(300, 320);
    fake.answer(fake.searches[1]!, 500);
    await flush();
    store.select(310);
    vi.useFakeTimers();
    fake.emit('applications.changed', { ids: ['id-310'] });
    vi.advanceTimersByTime(1000);
    vi.useRealTimers();
    const offsets = fake.searches.slice(2).map((s) => s.input.offset);
    expect(offsets).toEqual([0, PAGE_SIZE]);
    fake.searches.slice(2).forEach((s) => fake.answer(s, 501));
    await flush();
    const s = useApplicationsStore.getState();
    expect(s.total).toBe(501);
    expect(s.selected).toBe(310);
    expect(s.pages[1]).toHaveLength(PAGE_SIZE);
  });

  it('sends filters with the search and leaves empty ones out', async () => {
    fake.answer(fake.searches[0]!, 10);
    await flush();
    useApplicationsStore.getState().setFilters({ status: ['accepted'], schoolId: 'p-1', from: '2026-06-15', includeDrafts: false });
    expect(fake.searches[1]!.input).toEqual({
      query: '',
      status: ['accepted'],
      schoolId: 'p-1',
      from: '2026-06-15',
      includeDrafts: false,
      offset: 0,
      limit: PAGE_SIZE,
    });
  });
});
