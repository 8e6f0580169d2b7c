import { beforeEach, describe, expect, it } from 'vitest';
import type { ApplicationView, ConsoleEndpointName } from '../../../../../shared/console';
import { setConsoleClient, type ConsoleClient, type ConsoleError } from '../../transport/client';
import { useQueueStore } from '../queue/store';
import { useReviewStore } from './store';

const ID = '00000000-0000-4000-8000-000000000001';

function view(revision: number, status: ApplicationView['row']['status'] = 'pending'): ApplicationView {
  return {
    row: {
      applicationId: ID,
      receiptNo: 'A01-2026-000001',
      counterCode: 'A01',
      source: 'counter',
      childName: '林小雨',
      idNumberMasked: '3701**********0021',
      grade: 'primary1',
      schoolId: 'S01',
      schoolName: '第一小学',
      type: 'house_hukou',
      status,
      duplicate: false,
      missingMaterials: 0,
      reentered: false,
      revision,
      pages: 2,
      submittedAt: null,
      receivedAt: '2026-06-15T00:00:00.000Z',
    },
    planKey: null,
    planKnown: true,
    sections: [],
    pages: [0, 1].map((i) => ({ pageId: `00000000-0000-4000-8000-00000000010${i}`, materialKey: 'hukou', materialName: '户口簿', pageNo: i + 1, bytes: 1, contentType: 'image/jpeg', url: '/x' })),
    materials: [],
    revisions: [],
    changedSinceDecision: null,
    decisions: [],
    pendingRejection: null,
    duplicates: [],
    deptVerification: null,
    reassignment: null,
    can: { approve: false, requestMaterials: false, reject: false, confirmRejection: false, comment: true, viewPages: true, recordReassignment: false },
  };
}

/** Answers each call from a script: a value or an error per endpoint, recorded in order. */
function scriptedClient(answers: Partial<Record<ConsoleEndpointName, () => { value?: unknown; error?: ConsoleError }>>) {
  const calls: { name: ConsoleEndpointName; input: unknown }[] = [];
  const client: ConsoleClient = {
    call: (name, input) => {
      calls.push({ name, input });
      const a = answers[name]?.() ?? { error: { code: 'HTTP_404', message: '没有', status: 404 } };
      return Promise.resolve((a.error ? { ok: false, error: a.error } : { ok: true, value: a.value }) as never);
    },
    onCallError: () => () => undefined,
    setCsrfToken: () => undefined,
  };
  return { client, calls };
}

describe('review store', () => {
  beforeEach(() => {
    useReviewStore.setState({ id: null, view: null, templates: null, error: null, page: 0 });
    useQueueStore.setState({ stale: false });
  });

  it('decides on the revision on screen, then shows the application as it now stands and marks the queue stale', async () => {
    let current = view(3);
    const { client, calls } = scriptedClient({
      'applications.get': () => ({ value: current }),
      'decisions.approve': () => {
        current = view(3, 'approved');
        return { value: { applicationId: ID, status: 'approved', resultVersion: 1 } };
      },
    });
    setConsoleClient(client);
    await useReviewStore.getState().open(ID);
    expect(await useReviewStore.getState().decide({ kind: 'approve', input: { note: '材料齐全' } })).toBeNull();
    expect(calls.find((c) => c.name === 'decisions.approve')?.input).toEqual({ applicationId: ID, revision: 3, note: '材料齐全' });
    expect(useReviewStore.getState().view?.row.status).toBe('approved');
    expect(useQueueStore.getState().stale).toBe(true);
  });

  it('a refused decision comes back as the error and leaves the view as it was (the form keeps its text)', async () => {
    const stale: ConsoleError = { code: 'stale_revision', message: '窗口刚刚修改了这份申请。', status: 409 };
    const { client, calls } = scriptedClient({ 'applications.get': () => ({ value: view(3) }), 'decisions.comment': () => ({ error: stale }) });
    setConsoleClient(client);
    await useReviewStore.getState().open(ID);
    const gets = calls.filter((c) => c.name === 'applications.get').length;
    expect(await useReviewStore.getState().decide({ kind: 'comment', input: { text: '请核对房产证' } })).toEqual(stale);
    expect(calls.filter((c) => c.name === 'applications.get')).toHaveLength(gets);
    expect(useQueueStore.getState().stale).toBe(false);
  });

  it('records 是否服从调剂 for the application on screen and shows it as it now stands', async () => {
    let current = view(3);
    const { client, calls } = scriptedClient({
      'applications.get': () => ({ value: current }),
      'placement.recordReassignment': () => {
        current = { ...view(3), reassignment: { formAccepts: true, recorded: null, accepts: false, onRefusal: 'hukou_school', hukouSchool: null, schoolOptions: [], frozen: null } };
        return { value: current.reassignment };
      },
    });
    setConsoleClient(client);
    await useReviewStore.getState().open(ID);
    expect(await useReviewStore.getState().recordReassignment({ accepts: false, hukouSchoolId: null, note: '家长来电' })).toBeNull();
    expect(calls.find((c) => c.name === 'placement.recordReassignment')?.input).toEqual({ applicationId: ID, accepts: false, hukouSchoolId: null, note: '家长来电' });
    expect(useReviewStore.getState().view?.reassignment?.accepts).toBe(false);
  });

  it('pages stay within the application’s pages', async () => {
    const { client } = scriptedClient({ 'applications.get': () => ({ value: view(1) }) });
    setConsoleClient(client);
    await useReviewStore.getState().open(ID);
    useReviewStore.getState().setPage(5);
    expect(useReviewStore.getState().page).toBe(1);
    useReviewStore.getState().setPage(-1);
    expect(useReviewStore.getState().page).toBe(0);
  });
});
