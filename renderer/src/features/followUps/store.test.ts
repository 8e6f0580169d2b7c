import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MethodName } from '../../../../shared/contract';
import type { CallRow, FollowUp } from '../../../../shared/contract/followUps';
import { setDeskClient, type DeskClient } from '../../transport';
import { fakeDeskClient, flush } from '../../testing/fakeDeskClient';
import { useFollowUpsStore } from './store';

const downloads = vi.hoisted(() => [] as string[]);
vi.mock('../reports/store', () => ({ downloadBase64: (name: string) => downloads.push(name) }));

interface Pending {
  method: MethodName;
  input: Record<string, unknown>;
  resolve: (value: unknown) => void;
}

/** A client whose calls stay open until the test answers them, in any order. */
function fakeClient() {
  const calls: Pending[] = [];
  const client: DeskClient = {
    call: ((method: MethodName, input: Record<string, unknown>) =>
      new Promise((resolve) => calls.push({ method, input, resolve: (value) => resolve({ ok: true, value }) }))) as unknown as DeskClient['call'],
    on: () => () => undefined,
    onCallError: () => () => undefined,
  };
  return { client, calls };
}

const callRow = (childName: string): CallRow => ({
  applicationId: `id-${childName}`,
  receiptNo: `R-${childName}`,
  childName,
  resultVersion: 2,
  outcome: 'admitted',
  outcomeLabel: '已录取',
  decidedAt: '2026-08-01T00:00:00.000Z',
  script: '',
  contacts: [],
  attempts: [],
  state: 'todo',
});

const visit = (items: string[]): FollowUp => ({
  applicationId: 'a1',
  receiptNo: 'R-1',
  childName: '张小明',
  status: 'accepted',
  items: items.map((itemId) => ({ itemId, name: itemId, reason: '', source: 'counter', pages: 0 })),
  deadline: '2026-07-01',
  daysLeft: 3,
  countyReasons: [],
  visits: [],
});

let fake: ReturnType<typeof fakeClient>;
beforeEach(() => {
  fake = fakeClient();
  setDeskClient(fake.client);
  downloads.length = 0;
  useFollowUpsStore.setState({ calls: null, callsError: null, callFilter: { view: 'open' }, callNotice: null, visit: null, brought: {}, note: '' });
});

describe('followUps store', () => {
  it('shows only the answer for the call filter chosen last, whatever order the answers come in', async () => {
    const first = useFollowUpsStore.getState().loadCalls({ view: 'all' });
    const second = useFollowUpsStore.getState().loadCalls({ outcome: 'rejected' });
    expect(fake.calls.map((c) => c.input)).toEqual([{ view: 'all' }, { view: 'all', outcome: 'rejected' }]);
    fake.calls[1]!.resolve([callRow('钱小凤')]);
    await second;
    fake.calls[0]!.resolve([callRow('赵小龙'), callRow('钱小凤')]);
    await first;
    expect(useFollowUpsStore.getState().calls?.map((r) => r.childName)).toEqual(['钱小凤']);
  });

  it('exports the list as shown in the chosen format and says which file was made', async () => {
    useFollowUpsStore.setState({ callFilter: { view: 'informed', outcome: 'admitted' } });
    const done = useFollowUpsStore.getState().exportCalls('xlsx');
    expect(fake.calls[0]).toMatchObject({ method: 'calls.export', input: { view: 'informed', outcome: 'admitted', format: 'xlsx' } });
    fake.calls[0]!.resolve({ fileName: '电话告知名单-A01-2026-08-02.xlsx', mime: 'x', dataBase64: '', rows: 3 });
    await done;
    expect(downloads).toEqual(['电话告知名单-A01-2026-08-02.xlsx']);
    expect(useFollowUpsStore.getState().callNotice).toBe('电话告知名单-A01-2026-08-02.xlsx|3');
    // The printed list stays the default.
    void useFollowUpsStore.getState().exportCalls();
    expect(fake.calls[1]!.input.format).toBe('pdf');
  });

  it('keeps what was ticked on a return visit for the items still owed, and drops the rest', async () => {
    useFollowUpsStore.setState({ visit: visit(['hukou', 'birth']), brought: { hukou: 'original_seen', birth: 'copy_kept' } });
    const open = useFollowUpsStore.getState().openVisit('a1');
    fake.calls[0]!.resolve(visit(['birth']));
    await open;
    expect(useFollowUpsStore.getState().brought).toEqual({ birth: 'copy_kept' });
  });
});

describe('followUps store: the due list while the tab is open', () => {
  let kit: ReturnType<typeof fakeDeskClient>;
  beforeEach(() => {
    kit = fakeDeskClient();
    setDeskClient(kit.client);
    useFollowUpsStore.setState({ due: null, dueError: null });
  });

  it('loads at once, reloads on every application change, and stops listening on cleanup', async () => {
    const stop = useFollowUpsStore.getState().startDue();
    expect(kit.callsTo('followUps.due')).toHaveLength(1);
    kit.answer('followUps.due', []);
    await flush();
    expect(useFollowUpsStore.getState().due).toEqual([]);
    kit.emit('applications.changed', { ids: ['a1'] });
    expect(kit.callsTo('followUps.due')).toHaveLength(2);
    stop();
    kit.emit('applications.changed', { ids: ['a1'] });
    expect(kit.callsTo('followUps.due')).toHaveLength(2);
    expect(kit.listening('applications.changed')).toBe(0);
  });
});
