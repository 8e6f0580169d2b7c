import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleEndpointName, QueueRow } from '../../../../../shared/console';
import { consoleText } from '../../../../../shared/i18n/zhCN.console';
import { fakeConsoleClient } from '../../testing/fakeConsoleClient';
import { setConsoleClient, type ConsoleClient } from '../../transport/client';
import { type BulkPreview, PAGE_SIZE, SEARCH_DEBOUNCE_MS, useQueueStore } from './store';

function row(i: number): QueueRow {
  return {
    applicationId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    receiptNo: `A01-2026-${String(i).padStart(6, '0')}`,
    counterCode: 'A01',
    source: 'counter',
    childName: `儿童${i}`,
    idNumberMasked: '3701**********1234',
    grade: 'primary1',
    schoolId: 'S01',
    schoolName: '第一小学',
    type: 'house_hukou',
    status: 'pending',
    duplicate: false,
    missingMaterials: 0,
    reentered: false,
    revision: 1,
    pages: 0,
    submittedAt: '2026-06-15T00:00:00.000Z',
    receivedAt: '2026-06-15T00:00:00.000Z',
  };
}

interface Call {
  name: ConsoleEndpointName;
  input: Record<string, unknown> & object;
  resolve: (value: unknown) => void;
}

/** A client whose calls stay open until the test answers them, in any order. */
function fakeClient() {
  const calls: Call[] = [];
  const client: ConsoleClient = {
    call: (name, input) =>
      new Promise((resolve) => {
        calls.push({ name, input, resolve: (value) => resolve({ ok: true, value } as never) });
      }),
    onCallError: () => () => undefined,
    setCsrfToken: () => undefined,
  };
  return { client, calls };
}

const counts = (total: number) => ({ total, statuses: [{ value: 'pending', count: total }], schools: [], types: [], counters: [], duplicate: 0, missingMaterials: 0, reentered: 0, tookMs: 1 });
const page = (from: number, n: number, next: string | null) => ({ rows: Array.from({ length: n }, (_, k) => row(from + k)), nextCursor: next, tookMs: 1 });

describe('queue store', () => {
  let fake: ReturnType<typeof fakeClient>;
  beforeEach(() => {
    fake = fakeClient();
    setConsoleClient(fake.client);
    useQueueStore.setState({ filter: {}, text: '', rows: [], nextCursor: null, gen: 0, loading: false, loadingMore: false, counts: null, error: null, selected: 0, stale: false });
  });
  afterEach(() => vi.useRealTimers());

  it('pages with the cursor the server handed back and appends the rows', async () => {
    const first = useQueueStore.getState().refresh();
    expect(fake.calls.map((c) => c.name)).toEqual(['queue.list', 'queue.counts']);
    expect(fake.calls[0]!.input).toMatchObject({ filter: {}, limit: PAGE_SIZE });
    fake.calls[0]!.resolve(page(0, PAGE_SIZE, 'c1'));
    fake.calls[1]!.resolve(counts(250));
    await first;
    expect(useQueueStore.getState().rows).toHaveLength(PAGE_SIZE);

    const more = useQueueStore.getState().loadMore();
    // A second ask while the first is on its way does not fetch the same page twice.
    void useQueueStore.getState().loadMore();
    expect(fake.calls).toHaveLength(3);
    expect(fake.calls[2]!.input).toMatchObject({ after: 'c1' });
    fake.calls[2]!.resolve(page(PAGE_SIZE, PAGE_SIZE, null));
    await more;
    const s = useQueueStore.getState();
    expect(s.rows).toHaveLength(2 * PAGE_SIZE);
    expect(s.rows[PAGE_SIZE]!.receiptNo).toBe(row(PAGE_SIZE).receiptNo);
    expect(s.nextCursor).toBeNull();
    await s.loadMore();
    expect(fake.calls).toHaveLength(3);
  });

  it('drops the answer of a query the reviewer has already replaced', async () => {
    const old = useQueueStore.getState().refresh();
    useQueueStore.getState().setFilter({ statuses: ['approved'] });
    const [oldList, oldCounts, newList, newCounts] = fake.calls;
    expect(newList!.input).toMatchObject({ filter: { statuses: ['approved'] } });
    newList!.resolve(page(500, 3, null));
    newCounts!.resolve(counts(3));
    await vi.waitFor(() => expect(useQueueStore.getState().rows).toHaveLength(3));
    oldList!.resolve(page(0, PAGE_SIZE, 'c1'));
    oldCounts!.resolve(counts(9999));
    await old;
    expect(useQueueStore.getState().rows.map((r) => r.receiptNo)).toEqual([row(500), row(501), row(502)].map((r) => r.receiptNo));
    expect(useQueueStore.getState().counts?.total).toBe(3);
  });

  it('searches after a pause in typing, once, with empty filters left out', () => {
    vi.useFakeTimers();
    useQueueStore.getState().setFilter({ schoolIds: [] });
    fake.calls.length = 0;
    useQueueStore.getState().setText('张');
    useQueueStore.getState().setText('张三');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 1);
    expect(fake.calls).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(fake.calls.map((c) => c.name)).toEqual(['queue.list', 'queue.counts']);
    expect(fake.calls[0]!.input.filter).toEqual({ text: '张三' });
  });

  it('walking down with the keyboard to the last rows fetches the next page', async () => {
    const first = useQueueStore.getState().refresh();
    fake.calls[0]!.resolve(page(0, 20, 'c1'));
    fake.calls[1]!.resolve(counts(40));
    await first;
    useQueueStore.getState().moveSelection(5);
    expect(fake.calls).toHaveLength(2);
    useQueueStore.getState().moveSelection(5);
    expect(useQueueStore.getState().selected).toBe(10);
    expect(fake.calls[2]?.input).toMatchObject({ after: 'c1' });
  });
});

// 批量审核通过: the preview counts the filter in force; the approval names the previewed token and count, then the
// list reloads; a refusal stays as its Chinese message with the confirmation still open.
describe('bulk approval in the queue store', () => {
  let fake: ReturnType<typeof fakeConsoleClient>;
  const preview: BulkPreview = { count: 2, limited: false, token: 'tok-1', expiresAt: '2026-06-15T00:10:00.000Z', sample: [] };
  beforeEach(() => {
    fake = fakeConsoleClient();
    setConsoleClient(fake.client);
    useQueueStore.setState({ filter: { statuses: ['pending'], schoolIds: [] }, text: '', rows: [], gen: 0, loading: false, error: null, bulk: { preview: null, busy: false, error: null } });
  });

  it('previews the filter in force, approves exactly what was previewed and reloads the list', async () => {
    const started = useQueueStore.getState().startBulk();
    expect(useQueueStore.getState().bulk.busy).toBe(true);
    expect(fake.open('decisions.bulkPreview').input).toEqual({ filter: { statuses: ['pending'] } });
    fake.open('decisions.bulkPreview').answer(preview);
    await started;
    expect(useQueueStore.getState().bulk).toEqual({ preview, busy: false, error: null });

    const confirmed = useQueueStore.getState().confirmBulk();
    expect(useQueueStore.getState().bulk.busy).toBe(true);
    expect(fake.open('decisions.bulkApprove').input).toEqual({ token: 'tok-1', count: 2 });
    fake.open('decisions.bulkApprove').answer({ approved: 1, skipped: 1 });
    expect(await confirmed).toEqual({ approved: 1, skipped: 1 });
    expect(useQueueStore.getState().bulk).toEqual({ preview: null, busy: false, error: null });
    expect(fake.calls.filter((c) => !c.settled).map((c) => c.name)).toEqual(['queue.list', 'queue.counts']);
  });

  it('keeps a refused approval as its Chinese message with the confirmation open, and a refused preview without one', async () => {
    useQueueStore.setState({ bulk: { preview, busy: false, error: null } });
    const confirmed = useQueueStore.getState().confirmBulk();
    fake.open('decisions.bulkApprove').fail('csrf_rejected', 403);
    expect(await confirmed).toBeNull();
    expect(useQueueStore.getState().bulk).toEqual({ preview, busy: false, error: expect.objectContaining({ message: consoleText.errors.csrf_rejected }) as unknown });
    expect(fake.calls).toHaveLength(1);

    useQueueStore.getState().closeBulk();
    const started = useQueueStore.getState().startBulk();
    expect(useQueueStore.getState().bulk.error).toBeNull();
    fake.open('decisions.bulkPreview').fail('forbidden', 403);
    await started;
    expect(useQueueStore.getState().bulk).toMatchObject({ preview: null, busy: false, error: { message: consoleText.errors.forbidden } });
    useQueueStore.getState().resetBulk();
    expect(useQueueStore.getState().bulk).toEqual({ preview: null, busy: false, error: null });
  });
});
