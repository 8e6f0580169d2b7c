import { beforeEach, describe, expect, it } from 'vitest';
import type { ChildRow, ConsoleEndpointName } from '../../../../../shared/console';
import { setConsoleClient, type ConsoleClient } from '../../transport/client';
import { usePlacementStore } from './store';

interface Call {
  name: ConsoleEndpointName;
  input: Record<string, unknown>;
  answer: (value: unknown) => void;
  fail: (code: string, message: string, status: number) => void;
}

/** A client whose calls stay open until the test answers them, in any order. */
function fakeClient() {
  const calls: Call[] = [];
  const client: ConsoleClient = {
    call: (name, input) =>
      new Promise((resolve) => {
        calls.push({
          name,
          input,
          answer: (value) => resolve({ ok: true, value } as never),
          fail: (code, message, status) => resolve({ ok: false, error: { code, message, status } } as never),
        });
      }),
    onCallError: () => () => undefined,
    setCsrfToken: () => undefined,
  };
  return { client, calls };
}

const child = (receiptNo: string, school: string): ChildRow => ({
  receiptNo,
  name: '张*明',
  appliedSchoolId: school,
  appliedSchoolName: school,
  status: 'admitted',
  schoolId: school,
  schoolName: school,
  batch: 1,
  rank: 1,
  lottery: null,
  explanation: '第 1 批次 · 第 1 名 / 计划 45',
});

describe('placement store', () => {
  let fake: ReturnType<typeof fakeClient>;
  beforeEach(() => {
    fake = fakeClient();
    setConsoleClient(fake.client);
    usePlacementStore.setState({ children: { filter: {}, total: 0, rows: [], loading: false }, lottery: null, error: null, whatIf: null });
  });

  it("shows the school clicked last, whatever order the lists arrive in", async () => {
    const store = usePlacementStore.getState();
    const a = store.loadChildren({ schoolId: 'p-a' });
    const b = store.loadChildren({ schoolId: 'p-b' });
    expect(fake.calls.map((c) => c.input.schoolId)).toEqual(['p-a', 'p-b']);
    fake.calls[1]!.answer({ total: 1, rows: [child('B-1', 'p-b')] });
    await b;
    fake.calls[0]!.answer({ total: 2, rows: [child('A-1', 'p-a'), child('A-2', 'p-a')] });
    await a;
    const shown = usePlacementStore.getState().children;
    expect(shown.filter).toEqual({ schoolId: 'p-b' });
    expect(shown.rows.map((r) => r.receiptNo)).toEqual(['B-1']);
    expect(shown.loading).toBe(false);
  });

  it('keeps the draw as the server answers it and returns a refused draw as a value', async () => {
    const store = usePlacementStore.getState();
    const refused = store.draw({ sources: [{ used: 1, skipped: [], value: '1 2 3' }], secrets: [{ party: 'notary', secret: 'x'.repeat(16) }] });
    expect(fake.calls[0]!.name).toBe('lottery.draw');
    fake.calls[0]!.fail('validation_failed', '参与方“公证处”的密语与事先公布的承诺值不符。', 422);
    expect(await refused).toMatchObject({ code: 'validation_failed', message: expect.stringContaining('公证处') as string });
    expect(usePlacementStore.getState().lottery).toBeNull();
  });
});
