import { beforeEach, describe, expect, it, vi } from 'vitest';
import { consoleText } from '../../../../../shared/i18n/zhCN.console';
import { fakeConsoleClient } from '../../testing/fakeConsoleClient';
import { setConsoleClient } from '../../transport/client';
import { useReferenceStore } from '../reference/store';
import { type Check, usePlansStore } from './store';

// 招生方案 store: a picked file read and checked, then published (the list and the reference data read again), and
// each refusal kept as its Chinese message.

const t = consoleText.plans;
const summary = { planId: 'county-2026', version: '2', countyCode: '370101', countyName: '示例县', year: 2026, schools: 3, zones: 2, materials: 5, sample: false };
const passed: Check = { ok: true, problems: [], summary, notes: [] };
const picked = (text: string) => ({ name: 'plan.json', text: () => Promise.resolve(text) });

describe('plans store', () => {
  let fake: ReturnType<typeof fakeConsoleClient>;
  beforeEach(() => {
    fake = fakeConsoleClient();
    setConsoleClient(fake.client);
    usePlansStore.setState({ plans: null, error: null, file: null, check: null, checking: false });
    useReferenceStore.setState({ reference: null, loading: false, error: null });
  });

  it('reads the picked file, is busy while the server checks it, and keeps the problems it found', async () => {
    usePlansStore.setState({ error: 'old', check: passed });
    const checked = usePlansStore.getState().pick(picked('{"planId":1}'));
    await vi.waitFor(() => expect(usePlansStore.getState().checking).toBe(true));
    expect(usePlansStore.getState()).toMatchObject({ error: null, check: null, file: { name: 'plan.json', text: '{"planId":1}' } });
    expect(fake.open('plans.check').input).toEqual({ text: '{"planId":1}' });
    fake.open('plans.check').answer({ ok: false, problems: [{ path: 'planId', message: '应为文字', line: 1, column: 12 }], summary: null, notes: [] });
    await checked;
    expect(usePlansStore.getState()).toMatchObject({ checking: false, check: { ok: false, problems: [{ line: 1 }] } });
  });

  it('says so when the file cannot be read, without asking the server', async () => {
    await usePlansStore.getState().pick({ name: 'plan.json', text: () => Promise.reject(new Error('gone')) });
    expect(usePlansStore.getState()).toMatchObject({ error: t.readFailed, file: null, checking: false });
    expect(fake.calls).toHaveLength(0);
  });

  it('publishes the checked file, forgets it, and reads the list and the reference data again', async () => {
    usePlansStore.setState({ file: { name: 'plan.json', text: '{}' }, check: passed });
    const published = usePlansStore.getState().publish();
    expect(fake.open('plans.publish').input).toEqual({ text: '{}' });
    fake.open('plans.publish').answer({ serverVersion: 7 });
    expect(await published).toBe(7);
    expect(usePlansStore.getState()).toMatchObject({ file: null, check: null });
    expect(fake.calls.map((c) => c.name)).toEqual(['plans.publish', 'plans.list', 'meta.reference']);
  });

  it('keeps a refused publication as its Chinese message, with the file still there to try again', async () => {
    usePlansStore.setState({ file: { name: 'plan.json', text: '{}' }, check: passed });
    const published = usePlansStore.getState().publish();
    fake.open('plans.publish').fail('forbidden', 403);
    expect(await published).toBeNull();
    expect(usePlansStore.getState()).toMatchObject({ error: { message: consoleText.errors.forbidden }, file: { name: 'plan.json' }, check: passed });
    expect(fake.calls).toHaveLength(1);
  });
});
