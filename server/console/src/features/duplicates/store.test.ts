import { beforeEach, describe, expect, it, vi } from 'vitest';
import { consoleText } from '../../../../../shared/i18n/zhCN.console';
import { fakeConsoleClient } from '../../testing/fakeConsoleClient';
import { setConsoleClient } from '../../transport/client';
import { useQueueStore } from '../queue/store';
import { type DuplicateDetail, type DuplicateGroup, useDuplicatesStore } from './store';

// 重复报名 store: the list of the state chosen last (an answer for an earlier choice is dropped), 加载更多 from the
// cursor, and a resolution of the open group that reloads the list and marks the review queue stale, or comes back
// as its Chinese message with the group still open.

const group = (groupId: string): DuplicateGroup => ({ groupId, applications: [], resolution: null, outsideScope: false });
const A = '11111111-1111-4111-8111-111111111111';

describe('duplicates store', () => {
  let fake: ReturnType<typeof fakeConsoleClient>;
  beforeEach(() => {
    fake = fakeConsoleClient();
    setConsoleClient(fake.client);
    useDuplicatesStore.setState({ state: 'open', groups: [], nextCursor: null, loading: false, error: null, detail: null, detailError: null });
    useQueueStore.setState({ stale: false });
  });

  it('shows the groups of the state chosen last, then appends the next page from the cursor', async () => {
    const open = useDuplicatesStore.getState().load();
    const resolved = useDuplicatesStore.getState().load('resolved');
    const [first, second] = fake.calls;
    expect([first!.input, second!.input]).toEqual([
      { state: 'open', limit: 50 },
      { state: 'resolved', limit: 50 },
    ]);
    second!.answer({ groups: [group('r1')], nextCursor: 'c1' });
    await resolved;
    first!.answer({ groups: [group('o1')], nextCursor: null });
    await open;
    expect(useDuplicatesStore.getState()).toMatchObject({ state: 'resolved', loading: false, groups: [group('r1')], nextCursor: 'c1' });

    const more = useDuplicatesStore.getState().loadMore();
    expect(fake.open('duplicates.list').input).toEqual({ state: 'resolved', after: 'c1', limit: 50 });
    fake.open('duplicates.list').answer({ groups: [group('r2')], nextCursor: null });
    await more;
    expect(useDuplicatesStore.getState().groups.map((g) => g.groupId)).toEqual(['r1', 'r2']);
    expect(fake.calls).toHaveLength(3);
  });

  it('resolves the open group: the list is read again and the queue marked stale; a refusal keeps the group open', async () => {
    const detail = { ...group('g1'), records: [] } as DuplicateDetail;
    useDuplicatesStore.setState({ detail });

    const refused = useDuplicatesStore.getState().resolve(A, '家长确认');
    const error = fake.open('duplicates.resolve').fail('forbidden', 403);
    expect(await refused).toEqual(error);
    expect(error.message).toBe(consoleText.errors.forbidden);
    expect(useDuplicatesStore.getState().detail).toBe(detail);
    expect(useQueueStore.getState().stale).toBe(false);

    const resolving = useDuplicatesStore.getState().resolve(A, '家长确认');
    expect(fake.open('duplicates.resolve').input).toEqual({ groupId: 'g1', keepApplicationId: A, reason: '家长确认' });
    const resolution = { keptApplicationId: A, reason: '家长确认', resolvedAt: '2026-06-15T02:00:00.000Z', resolvedBy: '王老师' };
    fake.open('duplicates.resolve').answer({ ...group('g1'), resolution });
    expect(await resolving).toBeNull();
    expect(useDuplicatesStore.getState().detail).toMatchObject({ groupId: 'g1', resolution, records: [] });
    expect(useQueueStore.getState().stale).toBe(true);
    fake.open('duplicates.list').answer({ groups: [], nextCursor: null });
    await vi.waitFor(() => expect(useDuplicatesStore.getState().loading).toBe(false));
  });
});
