import { beforeEach, describe, expect, it } from 'vitest';
import type { TodayCounts } from '../../../../shared/contract';
import { setDeskClient } from '../../transport';
import { fakeDeskClient, flush } from '../../testing/fakeDeskClient';
import { useReportsStore } from './store';

const counts = (taken: number) => ({ day: '2026-06-15', taken }) as TodayCounts;

describe('reports store: 工作台 today while it is open', () => {
  let fake: ReturnType<typeof fakeDeskClient>;
  beforeEach(() => {
    fake = fakeDeskClient();
    setDeskClient(fake.client);
    useReportsStore.setState({ today: null });
  });

  it('loads at once, shows each change, and stops listening on cleanup', async () => {
    const stop = useReportsStore.getState().startToday();
    fake.answer('reports.today', counts(1));
    await flush();
    expect(useReportsStore.getState().today?.taken).toBe(1);
    fake.emit('applications.changed', { ids: ['a1'] });
    fake.answer('reports.today', counts(2));
    await flush();
    expect(useReportsStore.getState().today?.taken).toBe(2);
    stop();
    fake.emit('applications.changed', { ids: ['a2'] });
    expect(fake.callsTo('reports.today')).toHaveLength(2);
    expect(fake.listening('applications.changed')).toBe(0);
  });
});
