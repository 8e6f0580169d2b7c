import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MethodName } from '../../../../shared/contract';
import type { DeptVerified } from '../../../../shared/contract/sync';
import { validatePlan, type CountyPlan } from '../../../../shared/plan/schema';
import { setDeskClient, type DeskClient } from '../../transport';
import { usePlansStore } from '../plans/store';
import { freshForm, useIntakeStore } from './store';

// 零证明 in the intake store: a whole ID number asks the county; its answer marks the materials the clerk has not
// marked 部门数据已核验, an answer for a number no longer on screen is dropped, and a new number takes the marks away.

// The shell store reads the address at import; this test runs without a browser.
vi.hoisted(() => vi.stubGlobal('location', { hash: '' }));

// Loaded by a computed path: the JSON lies outside the web project's files (as in model.test.ts).
const SAMPLE_PLAN = '../../../../resources/plans/sample-county-2026.json';
let plan: CountyPlan;
beforeAll(async () => {
  const checked = validatePlan(((await import(/* @vite-ignore */ SAMPLE_PLAN)) as { default: unknown }).default);
  if (!checked.ok) throw new Error('sample plan invalid');
  plan = checked.plan;
});
const ZHANG = '379901201910050030';
const OTHER = '37990120200101001X';

interface Asked {
  idNumber: string;
  answer: (v: DeptVerified) => void;
}

function fakeClient() {
  const asked: Asked[] = [];
  const client: DeskClient = {
    call: ((method: MethodName, input: unknown): Promise<unknown> => {
      if (method !== 'sync.deptVerified') return new Promise(() => undefined);
      return new Promise((resolve) => asked.push({ idNumber: (input as { idNumber: string }).idNumber, answer: (value) => resolve({ ok: true, value }) }));
    }) as unknown as DeskClient['call'],
    on: () => () => undefined,
    onCallError: () => () => undefined,
  };
  return { client, asked };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const marks = () => Object.fromEntries((useIntakeStore.getState().data.materials ?? []).map((m) => [m.itemId, m.state]));
const verified = (itemIds: string[]): DeptVerified => ({ state: 'answered', itemIds, planVersion: 1 });

describe('零证明 at the ID field (intake store)', () => {
  let fake: ReturnType<typeof fakeClient>;
  beforeEach(() => {
    fake = fakeClient();
    setDeskClient(fake.client);
    usePlansStore.setState({ active: { plan, info: {} } as never });
    useIntakeStore.setState({ ...freshForm(plan), view: 'form', id: null, editing: null, formKey: 1 });
  });

  it('asks once the number is whole and marks what the county verifies, keeping what the clerk marked', async () => {
    const store = useIntakeStore.getState();
    store.setField('materials', [{ itemId: 'hukou-booklet', state: 'original_seen' }]);
    store.setField('child.idNumber', ZHANG.slice(0, 17));
    expect(fake.asked).toHaveLength(0);
    store.setField('child.idNumber', ZHANG);
    expect(fake.asked.map((a) => a.idNumber)).toEqual([ZHANG]);
    fake.asked[0]!.answer(verified(['hukou-booklet', 'property-certificate', 'not-in-plan']));
    await flush();
    expect(marks()).toEqual({ 'hukou-booklet': 'original_seen', 'property-certificate': 'dept_verified' });
  });

  it('drops an answer for a number no longer on screen, and a new number takes the marks away', async () => {
    const store = useIntakeStore.getState();
    store.setField('child.idNumber', ZHANG);
    fake.asked[0]!.answer(verified(['property-certificate']));
    await flush();
    expect(marks()).toEqual({ 'property-certificate': 'dept_verified' });

    store.setField('child.idNumber', OTHER);
    expect(marks()).toEqual({});
    store.setField('child.idNumber', ZHANG);
    fake.asked[1]!.answer(verified(['property-certificate'])); // for OTHER, answered after ZHANG is back on screen
    await flush();
    expect(marks()).toEqual({});
    fake.asked[2]!.answer(verified(['birth-certificate']));
    await flush();
    expect(marks()).toEqual({ 'birth-certificate': 'dept_verified' });
  });

  it('offline or slow: nothing is marked and the clerk asks for paper', async () => {
    useIntakeStore.getState().setField('child.idNumber', ZHANG);
    fake.asked[0]!.answer({ state: 'unavailable', itemIds: [], planVersion: null });
    await flush();
    expect(marks()).toEqual({});
  });
});
