import { type LotteryBundle } from '../../../shared/lottery/bundle';
import { format } from '../../../shared/i18n/zhCN';
import { placementServerText as T } from '../../../shared/i18n/zhCN.placementConsole';
import { maskName } from '../../../shared/domain/mask';
import { drawOf, place } from '../../../shared/placement/place';
import { whatIfPlaces } from '../../../shared/placement/whatIf';
import { type PlacementApplication, type PlacementResult } from '../../../shared/placement/types';
import { type CountyPlan, validatePlan } from '../../../shared/plan/schema';
import { type ChildRow, type DryRun } from '../../../shared/console/placement';
import { type Db, reposOf } from '../../db/repos';
import { type LotteryRow } from '../../db/repos/lotteryRepo';
import { PlacementError } from './errors';
import { type PlacementData, placementData } from './input';

// The placement the console shows: before any draw, over today's approved applications; once the pools are frozen,
// over exactly the applications they were frozen from (with the draw once it is drawn), so the table, the export and
// the publication all describe the same computation.

/** What a draw freezes beside its pools. */
export interface FrozenInput {
  applications: PlacementApplication[];
}

export interface Current {
  plan: CountyPlan;
  planVersion: number;
  /** Today's approved applications (ids, counters, names for publishing and export). */
  data: PlacementData;
  applications: PlacementApplication[];
  result: PlacementResult;
  lottery: LotteryRow | undefined;
  bundle: LotteryBundle | null;
  lateApprovals: number;
}

const problemsText = (problems: { path: string; message: string }[]) => format(T.placementProblems, { problems: problems.slice(0, 3).map((p) => p.message).join('；') });

/** The current year's draw, if one was announced and not cancelled. */
async function currentLottery(db: Db, year: number): Promise<LotteryRow | undefined> {
  const row = await reposOf(db).lotteries.current();
  return row && row.year === year ? row : undefined;
}

export async function currentPlacement(db: Db): Promise<Current> {
  const data = await placementData(db);
  const lottery = await currentLottery(db, data.plan.year);
  if (!lottery) {
    const out = place(data.plan, { applications: data.applications });
    if (!out.ok) throw new PlacementError('validation_failed', problemsText(out.problems), out.problems);
    return { plan: data.plan, planVersion: data.planVersion, data, applications: data.applications, result: out.result, lottery, bundle: null, lateApprovals: 0 };
  }
  const planRow = await reposOf(db).placement.planAt(lottery.plan_version);
  const checked = planRow ? validatePlan(JSON.parse(planRow.plan)) : null;
  if (!checked?.ok) throw new PlacementError('state_conflict', T.noPlan);
  const frozen = JSON.parse(lottery.placement_input) as FrozenInput;
  const bundle = lottery.bundle ? (JSON.parse(lottery.bundle) as LotteryBundle) : null;
  const out = place(checked.plan, { applications: frozen.applications, ...(bundle ? { draw: drawOf(bundle) } : {}) });
  if (!out.ok) throw new PlacementError('state_conflict', format(T.drawStale, { detail: out.problems.slice(0, 2).map((p) => p.message).join('；') }), out.problems);
  const inFrozen = new Set(frozen.applications.map((a) => a.receiptNo));
  const lateApprovals = data.applications.filter((a) => !inFrozen.has(a.receiptNo)).length;
  return { plan: checked.plan, planVersion: lottery.plan_version, data, applications: frozen.applications, result: out.result, lottery, bundle, lateApprovals };
}

export function schoolNames(plan: CountyPlan): Map<string, string> {
  const names = new Map(plan.schools.map((s) => [s.id, s.name]));
  const special = plan.placement.special.specialSchool;
  if (special) names.set(special.id, special.name);
  return names;
}

export function childRows(c: Current): ChildRow[] {
  const names = schoolNames(c.plan);
  const apps = new Map(c.applications.map((a) => [a.receiptNo, a]));
  return c.result.children.map((ch) => ({
    receiptNo: ch.receiptNo,
    name: maskName(apps.get(ch.receiptNo)?.name ?? ''),
    appliedSchoolId: ch.appliedSchoolId,
    appliedSchoolName: names.get(ch.appliedSchoolId) ?? ch.appliedSchoolId,
    status: ch.status,
    schoolId: ch.schoolId,
    schoolName: ch.schoolId ? (names.get(ch.schoolId) ?? ch.schoolId) : null,
    batch: ch.batch,
    rank: ch.rank,
    lottery: ch.lottery,
    explanation: ch.explanation,
  }));
}

export async function dryRun(db: Db): Promise<DryRun> {
  const c = await currentPlacement(db);
  const by = (s: string) => c.result.children.filter((ch) => ch.status === s).length;
  const pub = await reposOf(db).placement.latestPublication();
  return {
    stage: c.bundle ? 'after_draw' : 'before_draw',
    planVersion: c.planVersion,
    year: c.plan.year,
    complete: c.result.complete,
    placed: c.result.children.length,
    skipped: c.data.skipped,
    siblingWarnings: c.data.siblingWarnings,
    schools: c.result.schools,
    pools: c.result.pools.map((p) => ({ code: p.code, name: p.name, kind: p.kind, places: p.places, entries: p.entries.length, listDigest: p.listDigest })),
    totals: { admitted: by('admitted'), awaitingLottery: by('awaiting_lottery'), awaitingReassignment: by('awaiting_reassignment'), reassigned: by('reassigned') },
    lateApprovals: c.lateApprovals,
    publication: pub ? { publishedAt: pub.published_at, publishedBy: pub.published_by, results: pub.results, sent: pub.sent } : null,
  };
}

export async function children(db: Db, filter: { schoolId?: string | undefined; status?: ChildRow['status'] | undefined; query?: string | undefined; offset: number; limit: number }) {
  const c = await currentPlacement(db);
  const q = filter.query?.toUpperCase();
  const rows = childRows(c).filter(
    (r) =>
      (!filter.schoolId || r.appliedSchoolId === filter.schoolId || r.schoolId === filter.schoolId) &&
      (!filter.status || r.status === filter.status) &&
      (!q || r.receiptNo.toUpperCase().includes(q)),
  );
  return { total: rows.length, rows: rows.slice(filter.offset, filter.offset + filter.limit) };
}

export async function whatIf(db: Db, places: Record<string, number>) {
  const data = await placementData(db);
  const out = whatIfPlaces(data.plan, data.applications, places);
  if (!out.ok) throw new PlacementError('validation_failed', problemsText(out.problems), out.problems);
  return { ...out.whatIf, changed: out.whatIf.changed.slice(0, 500), changedCount: out.whatIf.changed.length };
}
