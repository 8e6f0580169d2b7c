import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MethodName, PlanInfo, RpcError, RpcResult } from '../../../../shared/contract';
import { validatePlan, type CountyPlan } from '../../../../shared/plan/schema';
import { setDeskClient, type DeskClient } from '../../transport';

// The shell store reads the address at import; this test runs under plain Node.
vi.hoisted(() => {
  (globalThis as { location?: { hash: string } }).location = { hash: '' };
});

const { AUTOSAVE_TIMING } = await import('./autosave');
const { useIntakeStore } = await import('./store');
const { usePlansStore } = await import('../plans/store');

// Loaded by a computed path: the JSON lies outside the web project's files (tsconfig.web.json).
const SAMPLE_PLAN = '../../../../resources/plans/sample-county-2026.json';
let plan: CountyPlan;
beforeAll(async () => {
  const checked = validatePlan(((await import(/* @vite-ignore */ SAMPLE_PLAN)) as { default: unknown }).default);
  if (!checked.ok) throw new Error('sample plan invalid');
  plan = checked.plan;
});

interface PendingCall {
  method: MethodName;
  input: { id?: string; data: { child?: { name?: string } } };
  answer: (result: RpcResult<unknown>) => void;
  answered: boolean;
}

/** A client whose saves stay open until the test answers them, in any order; other calls fail. */
function fakeClient() {
  const calls: PendingCall[] = [];
  const client: DeskClient = {
    call: ((method: MethodName, input: PendingCall['input']): Promise<unknown> => {
      if (method !== 'applications.saveDraft' && method !== 'applications.saveEdit') {
        return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'x' } });
      }
      return new Promise((resolve) => {
        const call: PendingCall = { method, input, answered: false, answer: (r) => ((call.answered = true), resolve(r)) };
        calls.push(call);
      });
    }) as unknown as DeskClient['call'],
    on: () => () => undefined,
    onCallError: () => () => undefined,
  };
  const saved = (c: PendingCall, id: string) => c.answer({ ok: true, value: { id, savedAt: '2026-06-15T02:00:00.000Z', planKey: 'p@1' } });
  const failed = (c: PendingCall, code: RpcError['code'] = 'TRANSPORT_UNAVAILABLE') => c.answer({ ok: false, error: { code, message: '保存失败' } });
  return { client, calls, saved, failed };
}

const ID = '0d7c54a8-4a55-4a43-9b3f-6d0f2f0d1b11';
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};
const store = () => useIntakeStore.getState();

describe('intake autosave', () => {
  let fake: ReturnType<typeof fakeClient>;

  beforeEach(async () => {
    fake = fakeClient();
    setDeskClient(fake.client);
    const info = { planKey: 'p@1', planId: 'p', version: '1', countyCode: '379901', countyName: '示例县', year: 2026, sample: true, importedAt: '', active: true } satisfies PlanInfo;
    usePlansStore.setState({ active: { plan, info }, activeError: null });
    // The previous test's form is not written again.
    useIntakeStore.setState({ view: 'start' });
    await store().startNew();
    vi.useFakeTimers();
  });
  afterEach(async () => {
    // Writes left open would hold the next test's form behind them.
    vi.useRealTimers();
    for (const c of fake.calls) if (!c.answered) fake.failed(c, 'APPLICATION_NOT_DRAFT');
    await flush();
  });

  it('writes once after a pause in typing, with what was typed last', async () => {
    store().setField('child.name', '张');
    vi.advanceTimersByTime(AUTOSAVE_TIMING.debounceMs - 1);
    store().setField('child.name', '张小');
    store().setField('child.name', '张小明');
    vi.advanceTimersByTime(AUTOSAVE_TIMING.debounceMs - 1);
    expect(fake.calls).toHaveLength(0);
    expect(store().saveState).toBe('pending');
    vi.advanceTimersByTime(1);
    await flush();
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.input.id).toBeUndefined();
    expect(fake.calls[0]!.input.data.child?.name).toBe('张小明');
    expect(store().saveState).toBe('saving');
    fake.saved(fake.calls[0]!, ID);
    await flush();
    expect(store()).toMatchObject({ id: ID, saveState: 'saved', savedVersion: store().version });
  });

  it('never creates a second draft: a change during the first write waits for its id', async () => {
    store().setField('child.name', '张');
    vi.advanceTimersByTime(AUTOSAVE_TIMING.debounceMs);
    await flush();
    expect(fake.calls).toHaveLength(1);
    // Typing goes on while the creating write is out.
    store().setField('child.name', '张小明');
    vi.advanceTimersByTime(AUTOSAVE_TIMING.debounceMs);
    await flush();
    expect(fake.calls).toHaveLength(1);
    expect(store().saveState).toBe('pending');
    fake.saved(fake.calls[0]!, ID);
    await flush();
    // The first write is on disk, the second change is not yet: still pending, and written next with the id.
    expect(fake.calls).toHaveLength(2);
    expect(fake.calls[1]!.input.id).toBe(ID);
    expect(fake.calls[1]!.input.data.child?.name).toBe('张小明');
    fake.saved(fake.calls[1]!, ID);
    await flush();
    expect(store().saveState).toBe('saved');
  });

  it('retries a failed write with a growing delay, and keeps what was typed meanwhile', async () => {
    store().setField('child.name', '张');
    vi.advanceTimersByTime(AUTOSAVE_TIMING.debounceMs);
    await flush();
    fake.failed(fake.calls[0]!);
    await flush();
    expect(store().saveState).toBe('error');
    expect(store().saveError?.message).toBe('保存失败');
    const delays: number[] = [];
    let elapsed = 0;
    for (let attempt = 1; attempt <= 6; attempt++) {
      const before = fake.calls.length;
      while (fake.calls.length === before) {
        vi.advanceTimersByTime(100);
        elapsed += 100;
        await flush();
        if (elapsed > 120_000) throw new Error('no retry');
      }
      delays.push(elapsed);
      elapsed = 0;
      fake.failed(fake.calls.at(-1)!);
      await flush();
    }
    const { retryFirstMs, retryMaxMs } = AUTOSAVE_TIMING;
    expect(delays).toEqual([retryFirstMs, retryFirstMs * 2, retryFirstMs * 4, retryFirstMs * 8, retryMaxMs, retryMaxMs]);
    // Typed while failing: the next write carries it, and success ends the retries.
    store().setField('child.name', '张小明');
    expect(store().saveState).toBe('error');
    vi.advanceTimersByTime(AUTOSAVE_TIMING.debounceMs);
    await flush();
    const last = fake.calls.at(-1)!;
    expect(last.input.data.child?.name).toBe('张小明');
    fake.saved(last, ID);
    await flush();
    expect(store().saveState).toBe('saved');
    const count = fake.calls.length;
    vi.advanceTimersByTime(retryMaxMs * 3);
    await flush();
    expect(fake.calls).toHaveLength(count);
  });

  it('does not retry a write the core refuses for good (no longer a draft)', async () => {
    store().setField('child.name', '张');
    vi.advanceTimersByTime(AUTOSAVE_TIMING.debounceMs);
    await flush();
    fake.failed(fake.calls[0]!, 'APPLICATION_NOT_DRAFT');
    await flush();
    expect(store().saveState).toBe('error');
    vi.advanceTimersByTime(AUTOSAVE_TIMING.retryMaxMs * 2);
    await flush();
    expect(fake.calls).toHaveLength(1);
  });

  it('Ctrl+S writes at once and restarts the retry delay from its first step', async () => {
    store().setField('child.name', '张');
    const saving = store().saveNow();
    await flush();
    expect(fake.calls).toHaveLength(1);
    fake.failed(fake.calls[0]!);
    expect(await saving).toBe(false);
    // Two failed retries: the delay has grown.
    for (let i = 0; i < 2; i++) {
      vi.advanceTimersByTime(AUTOSAVE_TIMING.retryFirstMs * 2 ** i);
      await flush();
      fake.failed(fake.calls.at(-1)!);
      await flush();
    }
    expect(fake.calls).toHaveLength(3);
    const now = store().saveNow();
    await flush();
    fake.failed(fake.calls.at(-1)!);
    expect(await now).toBe(false);
    vi.advanceTimersByTime(AUTOSAVE_TIMING.retryFirstMs);
    await flush();
    expect(fake.calls).toHaveLength(5);
  });

  it('drops the answer to a write of a form that was replaced', async () => {
    store().setField('child.name', '张');
    vi.advanceTimersByTime(AUTOSAVE_TIMING.debounceMs);
    await flush();
    vi.useRealTimers();
    // 受理下一位 while the write is out: the new form waits for it, then starts empty.
    const next = store().startNew();
    fake.saved(fake.calls[0]!, ID);
    await next;
    expect(store()).toMatchObject({ id: null, saveState: 'idle', view: 'form' });
    expect(store().data.child?.name).toBeUndefined();
  });
});
