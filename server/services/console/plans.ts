import { type Kysely } from 'kysely';
import { type z } from 'zod';
import { type planProblemSchema, type planSummarySchema, type publishedPlanSchema } from '../../../shared/console/plans';
import { format } from '../../../shared/i18n/zhCN';
import { serverText } from '../../../shared/i18n/zhCN.server';
import { consoleOpsText } from '../../../shared/i18n/zhCN.consoleOps';
import { jsonPlaces } from '../../../shared/plan/jsonPlaces';
import { type CountyPlan, validatePlan } from '../../../shared/plan/schema';
import { reposOf } from '../../db/repos';
import { type Database } from '../../db/schema';
import { type County } from '../counters';
import { publishPlan } from '../plans';
import { type OpsActor, type OpsAudit, actorLabel } from './audit';

// Plans in the console: check a county plan file (problems at their line and column), publish it to every desk
// (the same path as `plan load`: a `plan` change every desk pulls), and see which desk runs which version.

type PlanProblem = z.infer<typeof planProblemSchema>;
type PlanSummary = z.infer<typeof planSummarySchema>;
type PublishedPlan = z.infer<typeof publishedPlanSchema>;

export interface PlanCheck {
  ok: boolean;
  problems: PlanProblem[];
  summary: PlanSummary | null;
  notes: string[];
  /** The parsed file, when it is valid (what is published: the file as given, not the migrated form). */
  json: unknown;
}

function summaryOf(plan: CountyPlan): PlanSummary {
  return {
    planId: plan.planId,
    version: plan.version,
    countyCode: plan.county.code,
    countyName: plan.county.name,
    year: plan.year,
    schools: plan.schools.length,
    zones: plan.zones.length,
    materials: plan.materials.length,
    sample: plan.sample,
  };
}

/** Checks a plan file's text: JSON syntax, the plan schema (shared/plan), and that it is this county's. */
export function checkPlanText(county: County, text: string): PlanCheck {
  const parsed = jsonPlaces(text);
  if (!parsed.ok) return { ok: false, problems: [{ path: '', message: parsed.message, ...parsed.place }], summary: null, notes: [], json: null };
  const at = (path: string, message: string): PlanProblem => ({ path, message, line: null, column: null, ...parsed.placeOf(path) });
  const checked = validatePlan(parsed.value);
  if (!checked.ok) return { ok: false, problems: checked.problems.map((p) => at(p.path, p.message)), summary: null, notes: [], json: null };
  const summary = summaryOf(checked.plan);
  if (checked.plan.county.code !== county.countyCode) {
    const message = format(serverText.admin.planOtherCounty, { plan: checked.plan.county.code, ours: county.countyCode }).replace(/^county\.code: /, '');
    return { ok: false, problems: [at('county.code', message)], summary, notes: checked.notes, json: null };
  }
  return { ok: true, problems: [], summary, notes: checked.notes, json: parsed.value };
}

/**
 * A lottery of the plan's year frozen from an earlier plan version keeps that version's lists and places: a new
 * plan does not reach it. Said when a plan file is checked, so the bureau knows before it publishes.
 */
export async function frozenDrawNote(db: Kysely<Database>, year: number): Promise<string | null> {
  const draw = await reposOf(db).lotteries.current();
  if (!draw || draw.year !== year || draw.status === 'cancelled') return null;
  const t = consoleOpsText.plans;
  return format(t.frozenDraw, { year, state: t.drawStates[draw.status], version: draw.plan_version });
}

export type PublishOutcome = { ok: true; plan: PublishedPlan } | { ok: false; problems: PlanProblem[] };

/** Publishes a checked plan file to every desk, audited. */
export async function publishPlanText(db: Kysely<Database>, county: County, text: string, actor: OpsActor, audit: OpsAudit, now: Date): Promise<PublishOutcome> {
  const checked = checkPlanText(county, text);
  if (!checked.ok || !checked.summary) return { ok: false, problems: checked.problems };
  const summary = checked.summary;
  const publishedBy = actorLabel(actor);
  const version = await db.transaction().execute(async (trx) => {
    const v = await publishPlan(reposOf(trx), checked.json as Record<string, unknown>, publishedBy, now);
    await audit.record(actor, 'plans.publish', String(v), { planId: summary.planId, version: summary.version }, now, trx);
    return v;
  });
  return { ok: true, plan: { ...summary, serverVersion: version, planKey: `${summary.planId}@${summary.version}`, publishedAt: now.toISOString(), publishedBy, desks: 0 } };
}

/** Published versions (newest first, with how many desks run each) and every desk's version. */
export async function listPlans(db: Kysely<Database>): Promise<{ plans: PublishedPlan[]; desks: { deviceId: string; deviceName: string; counterCode: string; planVersion: number | null; lastSeenAt: string | null }[] }> {
  const repos = reposOf(db);
  const desks = await repos.devices.activeDesks();
  const perVersion = new Map<number, number>();
  for (const d of desks) if (d.plan_version !== null) perVersion.set(Number(d.plan_version), (perVersion.get(Number(d.plan_version)) ?? 0) + 1);
  const plans = (await repos.plans.all()).map((p): PublishedPlan => {
    const checked = validatePlan(JSON.parse(p.plan));
    const raw = JSON.parse(p.plan) as { planId?: string; version?: string };
    const summary: PlanSummary = checked.ok
      ? summaryOf(checked.plan)
      : { planId: raw.planId ?? '', version: raw.version ?? '', countyCode: '', countyName: '', year: 0, schools: 0, zones: 0, materials: 0, sample: false };
    return { ...summary, serverVersion: p.version, planKey: `${summary.planId}@${summary.version}`, publishedAt: p.published_at, publishedBy: p.published_by, desks: perVersion.get(p.version) ?? 0 };
  });
  return {
    plans,
    desks: desks.map((d) => ({ deviceId: d.id, deviceName: d.name, counterCode: d.counter_code, planVersion: d.plan_version === null ? null : Number(d.plan_version), lastSeenAt: d.last_seen_at })),
  };
}

const cache = new WeakMap<Kysely<Database>, { version: number; plan: CountyPlan | null; names: Map<string, string> }>();

/** The newest published plan (parsed; null when none or it no longer validates) and its school names, cached per version. */
export async function latestPlan(db: Kysely<Database>): Promise<{ version: number | null; plan: CountyPlan | null; names: Map<string, string> }> {
  const repos = reposOf(db);
  const version = await repos.plans.latestVersion();
  if (version === null) return { version: null, plan: null, names: new Map() };
  const cached = cache.get(db);
  if (cached?.version === version) return cached;
  const checked = validatePlan(JSON.parse((await repos.plans.get(version))?.plan ?? '{}'));
  const plan = checked.ok ? checked.plan : null;
  const entry = { version, plan, names: new Map((plan?.schools ?? []).map((sc) => [sc.id, sc.name])) };
  cache.set(db, entry);
  return entry;
}

/** School id → name in the newest published plan. */
export async function schoolNames(db: Kysely<Database>): Promise<Map<string, string>> {
  return (await latestPlan(db)).names;
}
