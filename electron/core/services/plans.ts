import { createHash } from 'node:crypto';
import { DeskError } from '../../../shared/contract/result';
import type { PlanInfo } from '../../../shared/contract';
import { validatePlan, type CountyPlan } from '../../../shared/plan/schema';
import samplePlan from '../../../resources/plans/sample-county-2026.json' with { type: 'json' };
import { actor, type Ctx, type Handlers } from '../context';
import type { PlanRow } from '../db/repos/planRepo';

export function planKeyOf(plan: Pick<CountyPlan, 'planId' | 'version'>): string {
  return `${plan.planId}@${plan.version}`;
}

const parsedCache = new Map<string, CountyPlan>();

/** Parsed plan for a stored row; plans are immutable per key+hash, so the parse is cached. */
export function planOf(row: PlanRow): CountyPlan {
  const cacheKey = `${row.plan_key}#${row.sha256}`;
  let plan = parsedCache.get(cacheKey);
  if (!plan) {
    plan = JSON.parse(row.content) as CountyPlan;
    parsedCache.set(cacheKey, plan);
  }
  return plan;
}

export function activePlan(ctx: Ctx): { row: PlanRow; plan: CountyPlan } {
  const row = ctx.repos.plans.active();
  if (!row) throw new DeskError('NO_ACTIVE_PLAN');
  return { row, plan: planOf(row) };
}

export function infoOf(row: PlanRow): PlanInfo {
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
  };
}

function storePlan(ctx: Ctx, plan: CountyPlan, content: string, action: string): PlanRow {
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
    imported_by: ctx.session?.staffId ?? null,
    active: 1,
  };
  ctx.db.transaction(() => {
    ctx.repos.plans.upsertActive(row);
    ctx.audit.append({ at: row.imported_at, ...actor(ctx), action, target: row.plan_key, details: { sha256: row.sha256, sample: plan.sample } });
  })();
  return row;
}

/** A fresh desk is usable at once: the bundled sample plan loads when no plan exists. */
export function ensureSamplePlan(ctx: Ctx): void {
  if (ctx.repos.plans.count() > 0) return;
  const checked = validatePlan(samplePlan);
  if (!checked.ok) throw new Error(`bundled sample plan is invalid: ${JSON.stringify(checked.problems.slice(0, 3))}`);
  storePlan(ctx, checked.plan, JSON.stringify(checked.plan), 'plan.sampleLoaded');
}

export const planHandlers: Pick<Handlers, 'plans.getActive' | 'plans.list' | 'plans.get' | 'plans.import'> = {
  // Applications keep the plan they were taken under; its wording and names stay readable after a new import.
  'plans.get': (input, ctx) => {
    const row = ctx.repos.plans.byKey(input.planKey);
    if (!row) throw new DeskError('PLAN_UNKNOWN', { planKey: input.planKey });
    return { info: infoOf(row), plan: planOf(row) };
  },
  'plans.getActive': (_input, ctx) => {
    const { row, plan } = activePlan(ctx);
    return { info: infoOf(row), plan };
  },
  'plans.list': (_input, ctx) => ctx.repos.plans.list().map(infoOf),
  'plans.import': (input, ctx) => {
    let json: unknown;
    try {
      json = JSON.parse(input.json);
    } catch (e: unknown) {
      throw new DeskError('PLAN_INVALID', {}, { issues: [{ path: '', message: `文件不是合法的 JSON：${e instanceof Error ? e.message : String(e)}` }] });
    }
    const checked = validatePlan(json);
    if (!checked.ok) throw new DeskError('PLAN_INVALID', {}, { issues: checked.problems });
    return infoOf(storePlan(ctx, checked.plan, JSON.stringify(checked.plan), 'plan.imported'));
  },
};
