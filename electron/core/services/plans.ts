import { createHash } from 'node:crypto';
import { DeskError } from '../../../shared/contract/result';
import { format, zhCN } from '../../../shared/i18n/zhCN';
import type { PlanInfo } from '../../../shared/contract';
import { validatePlan, type CountyPlan } from '../../../shared/plan/schema';
import { migratePlanDocument } from '../../../shared/plan/migrate';
import samplePlan from '../../../resources/plans/sample-county-2026.json' with { type: 'json' };
import { actor, type Ctx, type Handlers } from '../context';
import type { PlanRow } from '../db/repos/planRepo';
import { countyMismatch } from '../../../shared/domain/county';
import { readCounter } from './system';

export function planKeyOf(plan: Pick<CountyPlan, 'planId' | 'version'>): string {
  return `${plan.planId}@${plan.version}`;
}

const parsedCache = new Map<string, CountyPlan>();

/**
 * Parsed plan for a stored row; plans are immutable per key+hash, so the parse is cached. A row stored in an
 * older format (validated when it was imported) is brought up to the current one, as an import would.
 */
export function planOf(row: PlanRow): CountyPlan {
  const cacheKey = `${row.plan_key}#${row.sha256}`;
  let plan = parsedCache.get(cacheKey);
  if (!plan) {
    const stored: unknown = JSON.parse(row.content);
    const migrated = migratePlanDocument(stored);
    plan = (migrated.ok ? migrated.doc : stored) as CountyPlan;
    parsedCache.set(cacheKey, plan);
  }
  return plan;
}

export function activePlan(ctx: Ctx): { row: PlanRow; plan: CountyPlan } {
  const row = ctx.repos.plans.active();
  if (!row) throw new DeskError('NO_ACTIVE_PLAN');
  return { row, plan: planOf(row) };
}

export function infoOf(row: PlanRow, ctx: Ctx): PlanInfo {
  const plan = planOf(row);
  return {
    planKey: row.plan_key,
    planId: row.plan_id,
    version: row.version,
    countyCode: row.county_code,
    countyName: plan.county.name,
    year: row.year,
    sample: row.sample === 1,
    importedAt: row.imported_at,
    active: row.active === 1,
    countyMismatch: countyMismatch(readCounter(ctx)?.countyCode, { code: row.county_code, name: plan.county.name, sample: row.sample === 1 }),
  };
}

/** Who stores a plan: staff through plans.import, or the desk itself (the sample plan, a plan the county sent). */
type PlanSource =
  | { action: 'plan.imported'; bySystem: false }
  | { action: 'plan.sampleLoaded'; bySystem: true }
  | { action: 'plan.received'; bySystem: true };

function storePlan(ctx: Ctx, plan: CountyPlan, content: string, source: PlanSource): PlanRow {
  // A plan the county sends arrives during a sync round, whoever happens to be signed in: the system stores it.
  const who = source.bySystem ? { actorId: null, actorName: null } : actor(ctx);
  const row: PlanRow = {
    plan_key: planKeyOf(plan),
    plan_id: plan.planId,
    version: plan.version,
    county_code: plan.county.code,
    year: plan.year,
    sample: plan.sample ? 1 : 0,
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
    imported_at: ctx.nowIso(),
    imported_by: who.actorId,
    active: 1,
  };
  ctx.db.transaction(() => {
    ctx.repos.plans.upsertActive(row);
    ctx.audit.append({ at: row.imported_at, ...who, action: source.action, target: row.plan_key, details: { sha256: row.sha256, sample: plan.sample } });
  })();
  return row;
}

/** A fresh desk is usable at once: the bundled sample plan loads when no plan exists. */
export function ensureSamplePlan(ctx: Ctx): void {
  if (ctx.repos.plans.count() > 0) return;
  const checked = validatePlan(samplePlan);
  if (!checked.ok) throw new Error(`bundled sample plan is invalid: ${JSON.stringify(checked.problems.slice(0, 3))}`);
  storePlan(ctx, checked.plan, JSON.stringify(checked.plan), { action: 'plan.sampleLoaded', bySystem: true });
}

/** A plan from the county's change feed, stored by the system (no staff actor); throws PLAN_INVALID when it is not valid. */
export function receiveCountyPlan(ctx: Ctx, doc: unknown): PlanRow {
  const checked = validatePlan(doc);
  if (!checked.ok) throw new DeskError('PLAN_INVALID', {}, { issues: checked.problems });
  return storePlan(ctx, checked.plan, JSON.stringify(checked.plan), { action: 'plan.received', bySystem: true });
}

export const planHandlers: Pick<Handlers, 'plans.getActive' | 'plans.list' | 'plans.get' | 'plans.import'> = {
  // Applications keep the plan they were taken under; its wording and names stay readable after a new import.
  'plans.get': (input, ctx) => {
    const row = ctx.repos.plans.byKey(input.planKey);
    if (!row) throw new DeskError('PLAN_UNKNOWN', { planKey: input.planKey });
    return { info: infoOf(row, ctx), plan: planOf(row) };
  },
  'plans.getActive': (_input, ctx) => {
    const { row, plan } = activePlan(ctx);
    return { info: infoOf(row, ctx), plan };
  },
  'plans.list': (_input, ctx) => ctx.repos.plans.list().map((row) => infoOf(row, ctx)),
  'plans.import': (input, ctx) => {
    let json: unknown;
    try {
      json = JSON.parse(input.json);
    } catch (e: unknown) {
      throw new DeskError('PLAN_INVALID', {}, { issues: [{ path: '', message: format(zhCN.apps.plans.notJson, { reason: e instanceof Error ? e.message : String(e) }) }] });
    }
    const checked = validatePlan(json);
    if (!checked.ok) throw new DeskError('PLAN_INVALID', {}, { issues: checked.problems });
    return infoOf(storePlan(ctx, checked.plan, JSON.stringify(checked.plan), { action: 'plan.imported', bySystem: false }), ctx);
  },
};
