import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChangesResponse, paths } from '../../../shared/sync/protocol';
import { jsonPlaces } from '../../../shared/plan/jsonPlaces';
import { type TestServer, startTestServer, testDialects } from '../../testing/harness';
import { TEST_ADMIN as ADMIN, TEST_CLI, recordingAudit } from '../../testing/opsAudit';
import { checkPlanText, listPlans, publishPlanText, schoolNames } from './plans';

// Plans in the console: a file's problems at their line and column, publishing to every desk (the feed desks
// pull), and which desk runs which version.

const PLAN_TEXT = readFileSync(join(import.meta.dirname, '..', '..', '..', 'resources', 'plans', 'sample-county-2026.json'), 'utf8');

/** 1-based line and column of the n-th occurrence of `needle` in `text`. */
function placeOf(text: string, needle: string, nth = 1): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(needle, at + 1);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: [...before.at(-1)!].length + 1 };
}

describe('plan file places (jsonPlaces)', () => {
  it('finds every value by its dotted path, a missing key at its parent, and a syntax error where it is', () => {
    const text = '{\n  "a": [1, {"b": "x"}],\n  "c": {"d": null}\n}';
    const r = jsonPlaces(text);
    if (!r.ok) throw new Error(r.message);
    expect(r.value).toEqual({ a: [1, { b: 'x' }], c: { d: null } });
    expect(r.placeOf('a.1.b')).toEqual({ line: 2, column: 13 });
    expect(r.placeOf('c.d')).toEqual({ line: 3, column: 9 });
    expect(r.placeOf('c.missing.deeper')).toEqual({ line: 3, column: 3 });
    expect(jsonPlaces('{\n  "a": 1\n  "b": 2\n}')).toMatchObject({ ok: false, place: { line: 3, column: 3 } });
    expect(jsonPlaces('{"a": [1, 2')).toMatchObject({ ok: false, place: { line: 1, column: 12 } });
    expect(jsonPlaces('{"a": 1} x')).toMatchObject({ ok: false, place: { line: 1, column: 10 } });
    expect(jsonPlaces('['.repeat(100_000))).toMatchObject({ ok: false });
    // A key named __proto__ is data, not the object's prototype.
    const proto = jsonPlaces('{"__proto__": {"polluted": true}}');
    expect(proto.ok && Object.keys(proto.value as object)).toEqual(['__proto__']);
  });
});

describe.each(testDialects())('plans in the console (%s)', (dialect) => {
  let s: TestServer;
  const audit = recordingAudit();
  const audited = audit.entries;
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(async () => s?.close());

  it('shows each problem of a plan file at its line and column, without publishing it', async () => {
    const plan = JSON.parse(PLAN_TEXT) as { schools: { id: string }[]; county: { code: string } };
    const dup = structuredClone(plan);
    dup.schools[1]!.id = dup.schools[0]!.id;
    const dupText = JSON.stringify(dup, null, 2);
    const checked = checkPlanText(s.county, dupText);
    expect(checked.ok).toBe(false);
    const problem = checked.problems.find((p) => p.path === 'schools.1.id');
    expect(problem?.message).toContain('重复');
    expect(problem).toMatchObject(placeOf(dupText, `"id": "${plan.schools[0]!.id}"`, 2));

    const broken = PLAN_TEXT.replace('"schools"', '"schools" "x"');
    expect(checkPlanText(s.county, broken)).toMatchObject({ ok: false, problems: [{ path: '', ...placeOf(broken, '"x"') }] });

    const other = structuredClone(plan);
    other.county.code = '110101';
    const otherText = JSON.stringify(other, null, 2);
    expect(checkPlanText(s.county, otherText)).toMatchObject({ ok: false, problems: [{ path: 'county.code', message: expect.stringContaining('110101') as string, ...placeOf(otherText, '"code": "110101"') }] });

    expect(await publishPlanText(s.store.db, s.county, dupText, ADMIN, audit, new Date())).toMatchObject({ ok: false });
    expect((await s.counts()).plans).toBe(0);
    expect(audited).toEqual([]);
  });

  it('publishes a version to every desk (who published it, audited), and shows which desk runs which version', async () => {
    const a = await s.device('P01');
    const b = await s.device('P02');
    const ok = checkPlanText(s.county, PLAN_TEXT);
    expect(ok).toMatchObject({ ok: true, problems: [], summary: { countyCode: '379901', planId: 'sample-379901-2026', sample: expect.any(Boolean) as boolean } });
    const published = await publishPlanText(s.store.db, s.county, PLAN_TEXT, ADMIN, audit, new Date());
    if (!published.ok) throw new Error(JSON.stringify(published.problems));
    expect(published.plan).toMatchObject({ serverVersion: 1, planKey: 'sample-379901-2026@2026.1', publishedBy: 'wang.admin' });
    expect(audited).toEqual([expect.objectContaining({ action: 'plans.publish', target: '1', actor: ADMIN })]);
    expect((await schoolNames(s.store.db)).get('p-chengguan')).toBe('示例县城关第一小学');

    // Desk a pulls the feed (and then asks again from the cursor it saved): it runs version 1; desk b has not pulled.
    const first = await a.json<ChangesResponse>('GET', paths.changes);
    expect(first.body.items.map((i) => i.change.kind)).toEqual(['plan']);
    expect((await listPlans(s.store.db)).desks.find((d) => d.counterCode === 'P01')?.planVersion).toBeNull();
    await a.json('GET', `${paths.changes}?cursor=${first.body.nextCursor}`);
    const second = await publishPlanText(s.store.db, s.county, PLAN_TEXT, TEST_CLI, audit, new Date());
    expect(second).toMatchObject({ ok: true, plan: { serverVersion: 2, publishedBy: '系统用户 root（命令行）' } });
    await b.json('GET', paths.changes);
    const list = await listPlans(s.store.db);
    expect(list.plans.map((p) => [p.serverVersion, p.desks, p.publishedBy])).toEqual([
      [2, 0, '系统用户 root（命令行）'],
      [1, 1, 'wang.admin'],
    ]);
    expect(list.desks.map((d) => [d.counterCode, d.planVersion, d.lastSeenAt !== null])).toEqual([
      ['P01', 1, true],
      ['P02', null, true],
    ]);
  });
});
