import { beforeEach, describe, expect, it } from 'vitest';
import type { ConsoleAuditEntry } from '../../../../../shared/console';
import { consoleText } from '../../../../../shared/i18n/zhCN.console';
import { fakeConsoleClient } from '../../testing/fakeConsoleClient';
import { setConsoleClient } from '../../transport/client';
import { AUDIT_PAGE, useAuditStore } from './store';

// 审计日志 store: the list (filters left out when empty, 加载更多 appends older entries), the chain check, and a
// refused call kept as its Chinese message.

const entry = (seq: number): ConsoleAuditEntry => ({
  seq,
  at: '2026-06-15T02:00:00.000Z',
  actorId: 's1',
  actorName: '王老师',
  actorRole: 'admin',
  via: 'console',
  action: 'application.viewed',
  target: null,
  details: {},
  ip: null,
});

describe('audit store', () => {
  let fake: ReturnType<typeof fakeConsoleClient>;
  beforeEach(() => {
    fake = fakeConsoleClient();
    setConsoleClient(fake.client);
    useAuditStore.setState({ entries: [entry(99)], nextBefore: 99, loading: false, error: null, verification: null, verifying: false });
  });

  it('opens unfiltered on an empty list, appends the older page after 加载更多, and a filter starts over', async () => {
    const opened = useAuditStore.getState().open();
    expect(useAuditStore.getState()).toMatchObject({ entries: [], loading: true });
    fake.open('audit.list').answer({ entries: [entry(3), entry(2)], nextBefore: 2 });
    await opened;
    expect(fake.calls[0]!.input).toEqual({ limit: AUDIT_PAGE });
    expect(useAuditStore.getState()).toMatchObject({ loading: false, nextBefore: 2 });

    const more = useAuditStore.getState().load({ action: ' decision.approve ', target: '' }, 2);
    expect(fake.calls[1]!.input).toEqual({ limit: AUDIT_PAGE, before: 2, action: 'decision.approve' });
    fake.open('audit.list').answer({ entries: [entry(1)], nextBefore: null });
    await more;
    expect(useAuditStore.getState().entries.map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(useAuditStore.getState().nextBefore).toBeNull();

    const filtered = useAuditStore.getState().load({ action: '', target: 'A01' });
    fake.open('audit.list').answer({ entries: [entry(2)], nextBefore: null });
    await filtered;
    expect(fake.calls[2]!.input).toEqual({ limit: AUDIT_PAGE, target: 'A01' });
    expect(useAuditStore.getState().entries.map((e) => e.seq)).toEqual([2]);
  });

  it('keeps a refused list as its Chinese message, with the entries already shown, and clears it on the next answer', async () => {
    const opened = useAuditStore.getState().open();
    fake.open('audit.list').answer({ entries: [entry(5)], nextBefore: null });
    await opened;
    const failed = useAuditStore.getState().load({ action: '', target: '' });
    fake.open('audit.list').fail('forbidden', 403);
    await failed;
    expect(useAuditStore.getState()).toMatchObject({ loading: false, error: { code: 'forbidden', message: consoleText.errors.forbidden } });
    expect(useAuditStore.getState().entries.map((e) => e.seq)).toEqual([5]);
    const again = useAuditStore.getState().load({ action: '', target: '' });
    fake.open('audit.list').answer({ entries: [entry(6)], nextBefore: null });
    await again;
    expect(useAuditStore.getState().error).toBeNull();
  });

  it('shows the chain check while it runs and its answer after; a failed check is an error', async () => {
    const checking = useAuditStore.getState().verify();
    expect(useAuditStore.getState().verifying).toBe(true);
    fake.open('audit.verify').answer({ ok: false, checked: 10, lastSeq: 10, problems: [{ seq: 4, message: '哈希不符' }], tookMs: 3 });
    await checking;
    expect(useAuditStore.getState()).toMatchObject({ verifying: false, verification: { ok: false, problems: [{ seq: 4 }] }, error: null });

    const failing = useAuditStore.getState().verify();
    fake.open('audit.verify').fail('HTTP_503', 503);
    await failing;
    expect(useAuditStore.getState()).toMatchObject({ verifying: false, error: { message: consoleText.errors.HTTP_503 } });
  });
});
