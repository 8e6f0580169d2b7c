import { type Kysely } from 'kysely';
import { type ConsoleOutput } from '../../../shared/console';
import { type EnrollmentType, enrollmentTypeSchema } from '../../../shared/contract/application';
import { labels } from '../../../shared/i18n/zhCN.labels';
import { type CountyPlan } from '../../../shared/plan/schema';
import { reposOf } from '../../db/repos';
import { type Database } from '../../db/schema';
import { scopeWhere } from './queue';
import { type SignedIn } from './session';

/** The county's name from the newest published plan (null before the first plan). */
export async function countyName(db: Kysely<Database>): Promise<string | null> {
  const plan = await reposOf(db).plans.newest();
  if (!plan) return null;
  const parsed = JSON.parse(plan.plan) as { county?: { name?: unknown } };
  return typeof parsed.county?.name === 'string' ? parsed.county.name : null;
}

export type Reference = ConsoleOutput<'meta.reference'>;

/**
 * meta.reference: the lists the console's filters and forms offer — schools, types and materials from the newest
 * published plan (from the queue's own values before the first plan), counters from the server's table — narrowed to
 * what the caller may see: a reviewer's schools and types, a school user's school (and, for them, only the counters
 * that took applications inside that scope).
 */
export async function reference(db: Kysely<Database>, session: Pick<SignedIn, 'role' | 'scope'>): Promise<Reference> {
  const repos = reposOf(db);
  const scope = scopeWhere(session);
  const inSchools = (id: string) => !scope.scopeSchools?.length || scope.scopeSchools.includes(id);
  const inTypes = (t: EnrollmentType) => !scope.scopeTypes?.length || scope.scopeTypes.includes(t);
  const scoped = Boolean(scope.scopeSchools?.length || scope.scopeTypes?.length);

  const counterRows = await repos.counters.all();
  let counters = counterRows.map((c) => ({ code: c.code, name: c.name }));
  if (scoped) {
    const seen = new Set((await repos.review.facet(scope, 'counter_code')).map((f) => f.value));
    counters = counters.filter((c) => seen.has(c.code));
  }

  const newest = await repos.plans.newest();
  if (!newest) {
    const [schools, types] = await Promise.all([repos.review.facet(scope, 'school_id'), repos.review.facet(scope, 'type')]);
    return {
      planVersion: null,
      planKey: null,
      schools: schools.map((f) => ({ id: f.value, name: f.value, level: '' })).sort((a, b) => a.id.localeCompare(b.id)),
      types: types.flatMap((f) => {
        const t = enrollmentTypeSchema.safeParse(f.value);
        return t.success ? [{ id: t.data, name: labels.enrollmentType[t.data] }] : [];
      }),
      counters,
      materials: [],
    };
  }
  const plan = JSON.parse(newest.plan) as CountyPlan;
  return {
    planVersion: newest.version,
    planKey: `${plan.planId}@${plan.version}`,
    schools: plan.schools.filter((s) => inSchools(s.id)).map((s) => ({ id: s.id, name: s.name, level: s.level })),
    types: plan.enrollmentTypes.filter((t) => inTypes(t.code)).map((t) => ({ id: t.code, name: t.name })),
    counters,
    materials: plan.materials
      .filter((m) => m.appliesTo.some(inTypes))
      .map((m) => ({ id: m.id, name: m.name, reason: m.reason, required: m.required, appliesTo: m.appliesTo.filter(inTypes) })),
  };
}
