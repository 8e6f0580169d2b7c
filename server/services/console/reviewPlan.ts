import { type Kysely } from 'kysely';
import { type CountyPlan } from '../../../shared/plan/schema';
import { reposOf } from '../../db/repos';
import { type Database } from '../../db/schema';

// The plan an application was taken under (its record's planKey, `planId@version`), from the published versions;
// the newest plan when the server does not have that one. Plans were validated when published.

const cache = new Map<string, CountyPlan>();

export async function planFor(db: Kysely<Database>, planKey: string | null): Promise<{ plan: CountyPlan | null; known: boolean }> {
  if (planKey && cache.has(planKey)) return { plan: cache.get(planKey)!, known: true };
  const all = await reposOf(db).plans.all();
  let newest: CountyPlan | null = null;
  for (const row of all) {
    const plan = JSON.parse(row.plan) as CountyPlan;
    newest ??= plan;
    const key = `${plan.planId}@${plan.version}`;
    cache.set(key, plan);
    if (key === planKey) return { plan, known: true };
  }
  return { plan: newest, known: false };
}
