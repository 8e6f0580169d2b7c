import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncStatus } from '../../../../shared/contract/sync';
import { setDeskClient } from '../../transport';
import { fakeDeskClient } from '../../testing/fakeDeskClient';
import { LIVE_POLL_MS, LIVE_RELOAD_MS, useSyncStore } from './store';

const status = (done: number) => ({ phase: 'running', progress: { done, total: 10, bytes: 0, totalBytes: 0 } }) as SyncStatus;

describe('sync store, live while the page is open', () => {
  let fake: ReturnType<typeof fakeDeskClient>;
  let stop: (() => void) | null;
  const tick = (ms: number) => vi.advanceTimersByTimeAsync(ms);
  /** Answers the reload in flight (status and attention). */
  const finishLoad = async (done: number) => {
    fake.answer('sync.getStatus', status(done));
    fake.answer('sync.listAttention', []);
    await tick(0);
  };

  beforeEach(() => {
    vi.useFakeTimers();
    fake = fakeDeskClient();
    setDeskClient(fake.client);
    useSyncStore.setState({ status: null, attention: [], error: null, busy: null });
    stop = useSyncStore.getState().start();
  });
  afterEach(() => {
    stop?.();
    vi.useRealTimers();
  });

  it('loads at once and shows the answer', async () => {
    await tick(0);
    expect(fake.callsTo('sync.getStatus')).toHaveLength(1);
    expect(fake.callsTo('sync.listAttention')).toHaveLength(1);
    await finishLoad(3);
    expect(useSyncStore.getState().status?.progress?.done).toBe(3);
  });

  it('a burst of progress events reloads once, no sooner than the reload interval after the last', async () => {
    await tick(0);
    await finishLoad(1);
    for (let i = 0; i < 20; i++) fake.emit('sync.progress', { done: i, total: 20, bytes: 0 });
    fake.emit('applications.changed', { ids: ['a'] });
    await tick(LIVE_RELOAD_MS - 1);
    expect(fake.callsTo('sync.getStatus')).toHaveLength(1);
    await tick(1);
    expect(fake.callsTo('sync.getStatus')).toHaveLength(2);
    // While that reload is on its way, more events do not start another.
    fake.emit('sync.progress', { done: 5, total: 20, bytes: 0 });
    await tick(LIVE_RELOAD_MS * 2);
    expect(fake.callsTo('sync.getStatus')).toHaveLength(2);
    await finishLoad(5);
    expect(useSyncStore.getState().status?.progress?.done).toBe(5);
  });

  it('polls between events, and stops everything on cleanup', async () => {
    await tick(0);
    await finishLoad(1);
    await tick(LIVE_POLL_MS - 1);
    expect(fake.callsTo('sync.getStatus')).toHaveLength(1);
    await tick(2);
    expect(fake.callsTo('sync.getStatus')).toHaveLength(2);
    await finishLoad(2);
    stop?.();
    stop = null;
    expect(fake.listening('sync.progress')).toBe(0);
    expect(fake.listening('applications.changed')).toBe(0);
    fake.emit('sync.progress', { done: 1, total: 2, bytes: 0 });
    await tick(LIVE_POLL_MS * 3);
    expect(fake.callsTo('sync.getStatus')).toHaveLength(2);
  });
});
