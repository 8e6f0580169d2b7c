import { describe, expect, it } from 'vitest';
import type { ConsoleEndpointName } from '../../../../../shared/console';
import { setConsoleClient, type ConsoleClient } from '../../transport/client';
import { type ReportInRow, useTracingStore } from './store';

// 新生报到 store: the list the server scopes to the school, the filter kept, and 登记报到 followed by a fresh list.

function recordingClient(answers: (name: ConsoleEndpointName, input: Record<string, unknown>) => unknown) {
  const calls: { name: ConsoleEndpointName; input: Record<string, unknown> }[] = [];
  const client: ConsoleClient = {
    call: (name, input) => {
      calls.push({ name, input: input });
      return Promise.resolve({ ok: true, value: answers(name, input as Record<string, unknown>) } as never);
    },
    onCallError: () => () => undefined,
    setCsrfToken: () => undefined,
  };
  return { client, calls };
}

const row = (receiptNo: string, reportedOn: string | null): ReportInRow => ({
  applicationId: `a-${receiptNo}`,
  receiptNo,
  childName: '张小明',
  idNumberMasked: '3799**********0017',
  schoolCode: 'S01',
  schoolName: '实验小学',
  outcome: 'admitted',
  reportDate: '2026-09-01',
  reportPlace: '实验小学',
  reportedOn,
  recordedBy: reportedOn ? '实验小学教务处' : null,
  recordedAt: reportedOn ? '2026-09-01T01:00:00.000Z' : null,
});

describe('新生报到 in the tracing store', () => {
  it('lists by the chosen state, records 报到 for the chosen day and reloads the same state', async () => {
    let reported = false;
    const { client, calls } = recordingClient((name, input) => {
      if (name === 'tracing.reportIn') {
        reported = true;
        return { done: true, schoolId: 'S01' };
      }
      const all = [row('R1', reported ? '2026-09-02' : null), row('R2', '2026-09-01')];
      return { rows: all.filter((r) => input.state === 'all' || (input.state === 'reported') === (r.reportedOn !== null)) };
    });
    setConsoleClient(client);
    await useTracingStore.getState().loadReportIns('pending');
    expect(useTracingStore.getState().reportIns.map((r) => r.receiptNo)).toEqual(['R1']);
    expect(await useTracingStore.getState().recordReportIn('R1', '2026-09-02')).toBeNull();
    expect(calls.map((c) => [c.name, c.input])).toEqual([
      ['tracing.reportIns', { state: 'pending' }],
      ['tracing.reportIn', { receiptNo: 'R1', reportedOn: '2026-09-02' }],
      ['tracing.reportIns', { state: 'pending' }],
    ]);
    expect(useTracingStore.getState().reportIns).toEqual([]);
    await useTracingStore.getState().loadReportIns('reported');
    expect(useTracingStore.getState().reportIns.map((r) => [r.receiptNo, r.reportedOn])).toEqual([
      ['R1', '2026-09-02'],
      ['R2', '2026-09-01'],
    ]);
  });
});
