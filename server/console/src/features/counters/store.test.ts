import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CounterInfo } from '../../../../../shared/console';
import { consoleText } from '../../../../../shared/i18n/zhCN.console';
import { fakeConsoleClient } from '../../testing/fakeConsoleClient';
import { setConsoleClient } from '../../transport/client';
import { type EnrollmentCode, useCountersStore } from './store';

// 柜台管理 store: the list, a new counter (its code shown once, the list read again), and refusals kept as their
// Chinese message where the page shows them (the form's own error, or the page's).

const counter = (code: string): CounterInfo => ({ code, name: `${code} 窗口`, createdAt: '2026-06-01T00:00:00.000Z', revokedAt: null, devices: [], lastSeenAt: null, applications: 0, pending: 0, openCodes: 0 });
const enrollment = (code: string): EnrollmentCode => ({ code, name: `${code} 窗口`, enrollmentCode: 'K7QF-2MXP-9RTA', expiresAt: '2026-06-08T00:00:00.000Z', qrText: `ED-ENROLL1|https://county|K7QF-2MXP-9RTA` });

describe('counters store', () => {
  let fake: ReturnType<typeof fakeConsoleClient>;
  beforeEach(() => {
    fake = fakeConsoleClient();
    setConsoleClient(fake.client);
    useCountersStore.setState({ counters: [counter('OLD')], error: null, code: enrollment('OLD'), saving: false, createError: null });
  });

  it('opens without what an earlier visit showed and lists the counters', async () => {
    const opened = useCountersStore.getState().open();
    expect(useCountersStore.getState()).toMatchObject({ counters: null, code: null });
    fake.open('counters.list').answer([counter('A01')]);
    await opened;
    expect(useCountersStore.getState().counters?.map((c) => c.code)).toEqual(['A01']);
  });

  it('creates a counter with its code in capitals, shows the code once and reads the list again', async () => {
    useCountersStore.setState({ code: null });
    const created = useCountersStore.getState().create({ code: ' a02 ', name: ' 城东 ' });
    expect(useCountersStore.getState().saving).toBe(true);
    expect(fake.open('counters.create').input).toEqual({ code: 'A02', name: '城东' });
    fake.open('counters.create').answer(enrollment('A02'));
    expect(await created).toBe(true);
    expect(useCountersStore.getState()).toMatchObject({ saving: false, createError: null, code: { code: 'A02' } });
    fake.open('counters.list').answer([counter('A01'), counter('A02')]);
    await vi.waitFor(() => expect(useCountersStore.getState().counters?.map((c) => c.code)).toEqual(['A01', 'A02']));
    useCountersStore.getState().closeCode();
    expect(useCountersStore.getState().code).toBeNull();
  });

  it('keeps a refused new counter in the form, and a refused revocation on the page, as their Chinese message', async () => {
    useCountersStore.setState({ code: null });
    const created = useCountersStore.getState().create({ code: 'A01', name: '城东' });
    fake.open('counters.create').fail('counter_exists', 409, '柜台代码 A01 已存在。');
    expect(await created).toBe(false);
    expect(useCountersStore.getState()).toMatchObject({ saving: false, code: null, createError: { message: '柜台代码 A01 已存在。' }, error: null });

    const revoked = useCountersStore.getState().revoke('A01');
    expect(fake.open('counters.revoke').input).toEqual({ code: 'A01' });
    fake.open('counters.revoke').fail('forbidden', 403);
    expect(await revoked).toBeNull();
    expect(useCountersStore.getState().error).toMatchObject({ message: consoleText.errors.forbidden });
    expect(fake.calls.filter((c) => c.name === 'counters.list')).toHaveLength(0);
  });

  it('hands back what a revocation did and reads the list again; a further code is shown once', async () => {
    const revoked = useCountersStore.getState().revoke('A01');
    fake.open('counters.revoke').answer({ code: 'A01', devicesRevoked: 2 });
    expect(await revoked).toEqual({ code: 'A01', devicesRevoked: 2 });
    expect(fake.open('counters.list')).toBeDefined();

    useCountersStore.setState({ code: null });
    const issued = useCountersStore.getState().issueCode('A01');
    fake.open('counters.issueCode').answer(enrollment('A01'));
    await issued;
    expect(useCountersStore.getState().code?.enrollmentCode).toBe('K7QF-2MXP-9RTA');
  });
});
