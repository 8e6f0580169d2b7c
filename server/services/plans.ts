import { type Kysely } from 'kysely';
import { format } from '../../shared/i18n/zhCN';
import { serverText } from '../../shared/i18n/zhCN.server';
import { validatePlan } from '../../shared/plan/schema';
import { canonicalJson } from '../../shared/sync/protocol';
import { type Repos, reposOf } from '../db/repos';
import { type Database } from '../db/schema';
import { type County } from './counters';

/** Stores a validated plan as the next version and queues it for every counter; returns the version. */
export async function publishPlan(repos: Repos, json: Record<string, unknown>, publishedBy: string | null, now: Date): Promise<number> {
  const publishedAt = now.toISOString();
  const version = await repos.plans.insert(canonicalJson(json), publishedAt, publishedBy);
  await repos.changes.add(null, { kind: 'plan', planVersion: version, plan: json, publishedAt }, publishedAt);
  return version;
}

/** Validates a county plan file's JSON and publishes it as the next plan version to every counter. */
export async function loadPlan(db: Kysely<Database>, county: County, json: unknown, now: Date, publishedBy: string | null = null): Promise<{ version: number } | { problems: string[] }> {
  const checked = validatePlan(json);
  if (!checked.ok) return { problems: checked.problems.map((p) => `${p.path}: ${p.message}`) };
  if (checked.plan.county.code !== county.countyCode) return { problems: [format(serverText.admin.planOtherCounty, { plan: checked.plan.county.code, ours: county.countyCode })] };
  return db.transaction().execute(async (trx) => ({ version: await publishPlan(reposOf(trx), json as Record<string, unknown>, publishedBy, now) }));
}
