import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApplicationDraft } from '../shared/contract/application';
import { checkDigit } from '../shared/domain/idNumber';
import { currentPlacement, dryRun } from './services/placement/current';
import { placementData, siblingGroups } from './services/placement/input';
import { loadPlan } from './services/plans';
import { recordResult } from './services/results';
import { type DeviceClient, makeItem } from './testing/client';
import { type TestServer, startTestServer, testDialects } from './testing/harness';

// Issue 13: what the desk's form says about 服从调剂 and 同胞同时报名 reaches placement. Applications sent by a real
// desk client, approved, and placed: twins that name each other become one sibling group and are placed together
// (without the group the first twin would take the last place and the second go elsewhere), and a family that
// refused reassignment in the form is placed by the plan's refusal rule instead of waiting for reassignment.

const NOW = new Date('2026-07-20T02:00:00Z');
const TWINS_SCHOOL = 'p-chengguan';
const REFUSAL_SCHOOL = 'p-dongcheng';

const idOf = (i: number) => {
  const first17 = `37990120190101${String(100 + i)}`;
  return first17 + checkDigit(first17);
};

const county = () => {
  const plan = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json'), 'utf8')) as {
    schools: { id: string; plannedPlaces: number }[];
    zones: { id: string; schoolIds: string[]; level: string }[];
  };
  // Two places at the twins' school, one at the refusing family's.
  for (const s of plan.schools) if (s.id === TWINS_SCHOOL) s.plannedPlaces = 2;
  for (const s of plan.schools) if (s.id === REFUSAL_SCHOOL) s.plannedPlaces = 1;
  return plan;
};

function form(i: number, schoolId: string, zoneEntryId: string, more: Partial<ApplicationDraft> = {}): ApplicationDraft {
  return {
    grade: 'primary1',
    child: { name: `李小${'甲乙丙丁戊己'[i] ?? '明'}`, idType: 'resident_id', idNumber: idOf(i), birthDate: '2019-01-01', sex: 'M' },
    guardians: [{ relation: 'father', name: '李大', idType: 'resident_id', idNumber: '379901198001011234', mobile: '13906330001' }],
    proxy: null,
    disability: null,
    preferential: null,
    materials: [],
    // Earlier move-in first: child 0 ranks first, then 1, 2, …
    hukou: { inCounty: true, moveInDate: `2020-0${1 + i}-01` },
    housing: { kind: 'property_certificate', registrationDate: '2018-05-01' },
    school: { schoolId, zoneEntryId },
    typeDecision: { derived: 'house_hukou', chosen: 'house_hukou' },
    ...more,
  };
}

describe.each(testDialects())('placement reads 服从调剂 and 同胞同时报名 from the form (%s)', (dialect) => {
  let server: TestServer;
  let desk: DeviceClient;
  const receipts = new Map<string, string>();
  const db = () => server.store.db;

  const send = async (name: string, f: ApplicationDraft) => {
    const item = makeItem(desk, { record: { form: f, receiptNo: 'x' }, childId: f.child?.idNumber ?? null });
    const r = await desk.batch(randomUUID(), [item]);
    expect(r.status).toBe(200);
    receipts.set(name, item.receiptNo);
    await recordResult(db(), { ref: item.applicationId, outcome: 'approved', reasons: [], missingMaterials: [], schoolCode: null, schoolName: null, reportDate: null, reportPlace: null, decidedBy: '审核员甲' }, NOW);
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    const plan = county();
    const dongchengZone = plan.zones.find((z) => z.level === 'primary' && z.schoolIds.length === 1 && z.schoolIds[0] === REFUSAL_SCHOOL)!.id;
    expect(await loadPlan(db(), server.county, plan, NOW)).toHaveProperty('version');
    desk = await server.device('A01');
    await send('first', form(0, TWINS_SCHOOL, 'zp01'));
    await send('twinA', form(1, TWINS_SCHOOL, 'zp01', { siblings: [{ idType: 'resident_id', idNumber: idOf(2) }] }));
    await send('twinB', form(2, TWINS_SCHOOL, 'zp02', { siblings: [{ idType: 'resident_id', idNumber: idOf(1).toLowerCase() }] }));
    await send('fits', form(3, REFUSAL_SCHOOL, dongchengZone));
    await send('refuses', form(4, REFUSAL_SCHOOL, dongchengZone, { acceptsReassignment: false }));
    await send('accepts', form(5, REFUSAL_SCHOOL, dongchengZone, { acceptsReassignment: true }));
    // Names the 'fits' child as a sibling, but applied to 西湖小学: placed apart, and the dry run says so.
    await send('apart', form(6, 'p-xihu', 'zp24', { siblings: [{ idType: 'resident_id', idNumber: idOf(3) }] }));
  }, 60_000);
  afterAll(async () => server?.close());

  const child = async (name: string) => {
    const c = await currentPlacement(db());
    const receipt = receipts.get(name)!;
    return { child: c.result.children.find((x) => x.receiptNo === receipt)!, app: c.applications.find((a) => a.receiptNo === receipt)! };
  };

  it('twins naming each other are one sibling group (id: the smaller receipt) and placed together', async () => {
    const [a, b] = [receipts.get('twinA')!, receipts.get('twinB')!];
    const group = a < b ? a : b;
    const apps = (await placementData(db())).applications;
    expect(apps.filter((x) => x.siblingGroup).map((x) => [x.receiptNo, x.siblingGroup]).sort()).toEqual([
      [a, group],
      [b, group],
    ].sort());
    const [ta, tb] = [await child('twinA'), await child('twinB')];
    expect(ta.child.siblings).toEqual([b]);
    expect(tb.child.siblings).toEqual([a]);
    // Two seats for the pair where one is left: the first twin does not take the last place alone; both wait for
    // reassignment together.
    expect([ta.child.status, tb.child.status]).toEqual(['awaiting_reassignment', 'awaiting_reassignment']);
    expect(tb.child.schoolId).toBe(ta.child.schoolId);
    expect(ta.child.explanation).toContain('同胞 2 人一同安排');
  });

  it('a refusal of reassignment in the form reaches placement and the plan’s rule places the child', async () => {
    const refuses = await child('refuses');
    expect(refuses.app.refusesReassignment).toBe(true);
    expect(refuses.child).toMatchObject({ refusedReassignment: true, status: 'awaiting_reassignment', schoolId: null });
    expect(refuses.child.explanation).toContain('拒绝调剂');
    // 房户一致 in 东城小学's zone: its hukou school is derived from the plan (the zone of its hukou), so the plan's
    // 'hukou_school' rule keeps it on that school's list rather than reading 户籍学校未确定.
    expect(refuses.app.hukouSchoolId).toBe(REFUSAL_SCHOOL);
    expect(refuses.child.explanation).toContain('按方案列入户籍学校 示例县东城小学 名单，有空位时录取');
    // Same situation with 服从调剂: waits for reassignment (after the county's tie-break draw), no refusal.
    const accepts = await child('accepts');
    expect(accepts.app.refusesReassignment).toBe(false);
    expect(accepts.child).toMatchObject({ refusedReassignment: false, status: 'awaiting_reassignment' });
    expect(accepts.child.explanation).not.toContain('拒绝调剂');
    expect((await child('fits')).child.status).toBe('admitted');
  });

  it('siblings named across schools are placed apart and the dry run warns, naming both schools and what to do', async () => {
    const [fits, apart] = [receipts.get('fits')!, receipts.get('apart')!];
    const run = await dryRun(db());
    expect(run.siblingWarnings).toHaveLength(1);
    expect(run.siblingWarnings[0]!.receipts).toEqual([fits, apart].sort());
    expect(run.siblingWarnings[0]!.message).toContain('示例县东城小学');
    expect(run.siblingWarnings[0]!.message).toContain('示例县西湖小学');
    expect(run.siblingWarnings[0]!.message).toContain('请联系报名点');
    expect((await child('apart')).child.siblings).toEqual([]);
  });
});

describe('siblingGroups', () => {
  const app = (receiptNo: string, idNumber: string, siblingIds: string[] = [], schoolId = 's1') => ({ receiptNo, idNumber, siblingIds, schoolId, grade: 'primary1' });

  it('links in either direction, joins chains into one group named by the smallest receipt, ignores strangers', () => {
    const groups = siblingGroups([
      app('R3', 'ID-C', ['ID-B']),
      app('R2', 'ID-B'),
      app('R9', 'ID-A', ['ＩＤ-C']), // full-width, as a clerk might type it
      app('R5', 'ID-D', ['ID-NOT-APPLIED']),
    ]);
    expect([...groups.entries()].sort()).toEqual([
      ['R2', 'R2'],
      ['R3', 'R2'],
      ['R9', 'R2'],
    ]);
  });

  it('never groups applications to different schools (placement could not place them together), and says so', () => {
    const apart: string[] = [];
    expect(siblingGroups([app('R1', 'ID-A', ['ID-B']), app('R2', 'ID-B', ['ID-A'], 's2')], (a, b) => apart.push(`${a.receiptNo}-${b.receiptNo}`)).size).toBe(0);
    expect(apart).toEqual(['R1-R2', 'R2-R1']);
  });
});
