import { createHash } from 'node:crypto';
import { type ApplicationDraft } from '../../shared/contract/application';
import { type DeptRow, type DeptSource, deptSourceSchema } from '../../shared/dept/sources';
import { type DeptFacts, type EnquiryAnswer, type IntakeFlag, type Verification, enquiryFacts, parentIdsIn, peopleOf, verifyApplication, verifyAtIntake } from '../../shared/dept/verify';
import { type CountyPlan, validatePlan } from '../../shared/plan/schema';
import { type Store } from '../db/open';
import { type LookupRow, type VerificationRow } from '../db/repos/deptRepo';
import { reposOf } from '../db/repos';
import { activeImports } from './deptImport';

// Verification of applications against the active department data (shared/dept/verify.ts does the judging), kept
// in `dept_verifications` and recomputed for every application whose revision or the data version changed since:
// after an import or a withdrawal, when a desk sends a new revision (the refresh runs after each ingest and on a
// timer), and before the console reads results.

export interface ActiveData {
  loaded: Set<DeptSource>;
  importIds: number[];
  sourceOf: Map<number, DeptSource>;
}

export async function activeData(store: Pick<Store, 'db'>): Promise<ActiveData> {
  const imports = await reposOf(store.db).dept.listImports();
  const active = activeImports(imports);
  const sourceOf = new Map<number, DeptSource>();
  for (const [source, ids] of active) for (const id of ids) sourceOf.set(id, source);
  return { loaded: new Set(active.keys()), importIds: [...sourceOf.keys()], sourceOf };
}

/** The newest plan the county published (what results are judged under). */
export async function latestPlan(store: Pick<Store, 'db'>): Promise<CountyPlan | null> {
  const row = await reposOf(store.db).plans.newest();
  if (!row) return null;
  const checked = validatePlan(JSON.parse(row.plan));
  return checked.ok ? checked.plan : null;
}

/** The default retention of imported rows: to the end of the plan's school year (31 August after the enrollment year). */
export async function defaultRetention(store: Pick<Store, 'db'>, now: Date): Promise<string> {
  const plan = await latestPlan(store);
  return `${(plan?.year ?? now.getUTCFullYear()) + 1}-08-31`;
}

type Fact = { source: DeptSource; data: DeptRow };

/** Rows by every ID and number they can be found by. */
class RowIndex {
  private readonly by = new Map<string, Fact[]>();
  add(row: LookupRow, source: DeptSource): void {
    const fact: Fact = { source, data: JSON.parse(row.data) as DeptRow };
    for (const k of new Set([row.person_id, row.other_id, row.key_no ? `#${row.key_no}` : null])) {
      if (!k) continue;
      const list = this.by.get(k);
      if (list) list.push(fact);
      else this.by.set(k, [fact]);
    }
  }
  get(key: string): Fact[] {
    return this.by.get(key) ?? [];
  }
}

export const formOf = (record: string): ApplicationDraft => ((JSON.parse(record) as { form?: ApplicationDraft }).form ?? {});

/** The digest of what a 函调 enquiry to `source` asks about this form (what an answer is pinned to). */
export const enquiryDigest = (form: ApplicationDraft, source: DeptSource): string => createHash('sha256').update(enquiryFacts(form, source)).digest('hex');

/**
 * Whether an answer pinned to `facts` still stands for the form: it does when the data it concerns is unchanged
 * (answers recorded before pinning have no digest and stand).
 */
export const answerOutdated = (form: ApplicationDraft, source: DeptSource, facts: string | null): boolean => facts !== null && facts !== enquiryDigest(form, source);

/** The answered 函调 enquiries of the applications, by application; an answer whose data changed since is `outdated`. */
async function answersOf(store: Pick<Store, 'db'>, apps: readonly { id: string; form: ApplicationDraft }[]): Promise<Map<string, EnquiryAnswer[]>> {
  const forms = new Map(apps.map((a) => [a.id, a.form]));
  const out = new Map<string, EnquiryAnswer[]>();
  for (const r of await reposOf(store.db).dept.answersFor(apps.map((a) => a.id))) {
    if (r.answer === null) continue;
    const source = deptSourceSchema.parse(r.source);
    const a: EnquiryAnswer = {
      itemId: r.item_id,
      source,
      answer: r.answer,
      note: r.answer_note ?? '',
      by: r.answered_by ?? '',
      at: r.answered_at ?? '',
      answeredRevision: r.answered_revision === null ? null : Number(r.answered_revision),
      outdated: answerOutdated(forms.get(r.application_id) ?? {}, source, r.answered_facts),
    };
    out.set(r.application_id, [...(out.get(r.application_id) ?? []), a]);
  }
  return out;
}

/**
 * Gathers the facts of many applications with two queries per round: their people, then the parents the data
 * names; and the answers to their 函调 enquiries.
 */
async function factsFor(store: Pick<Store, 'db'>, data: ActiveData, apps: readonly { id: string; form: ApplicationDraft }[]): Promise<DeptFacts[]> {
  const repo = reposOf(store.db).dept;
  const forms = apps.map((a) => a.form);
  const answers = await answersOf(store, apps);
  const index = new RowIndex();
  const fetched = new Set<string>();
  const fetch = async (ids: string[], keyNos: string[]) => {
    const newIds = ids.filter((id) => !fetched.has(id));
    const newKeys = keyNos.filter((k) => !fetched.has(`#${k}`));
    for (const x of newIds) fetched.add(x);
    for (const k of newKeys) fetched.add(`#${k}`);
    for (let i = 0; i < Math.max(newIds.length, newKeys.length); i += 400) {
      for (const row of await repo.recordsFor(data.importIds, newIds.slice(i, i + 400), newKeys.slice(i, i + 400))) index.add(row, data.sourceOf.get(row.import_id)!);
    }
  };
  const people = forms.map(peopleOf);
  const numbers = forms.map((f) => (f.housing?.certificateNumber ?? '').trim()).filter((x) => x !== '');
  await fetch(people.flat(), numbers);
  const parents = forms.map((_, i) => parentIdsIn(people[i]!.flatMap((id) => index.get(id))));
  await fetch(parents.flat(), []);
  return forms.map((f, i) => {
    const seen = new Set<Fact>();
    const keys = [...people[i]!, ...parents[i]!, ...((f.housing?.certificateNumber ?? '').trim() ? [`#${f.housing!.certificateNumber!.trim()}`] : [])];
    for (const k of keys) for (const fact of index.get(k)) seen.add(fact);
    return { loaded: data.loaded, rows: [...seen], answers: answers.get(apps[i]!.id) ?? [] };
  });
}

const resultRow = (id: string, revision: number, version: number, gen: number, v: Verification, at: string): VerificationRow => ({
  application_id: id,
  revision,
  data_version: version,
  gen,
  all_verified: v.allVerified ? 1 : 0,
  mismatch: v.mismatch ? 1 : 0,
  result: JSON.stringify(v),
  computed_at: at,
});

/**
 * Recomputes every stale verification; returns how many were computed. A result is stored only if no 函调 answer
 * of its application was recorded while it was computed (saveVerifications compares the answers generation read
 * with the stale rows); the answer's own recomputation stores that one. `beforeSave`: a test's pause point.
 */
export async function refreshVerifications(store: Store, now: Date, chunk = 2000, hooks: { beforeSave?: () => Promise<void> } = {}): Promise<number> {
  const plan = await latestPlan(store);
  if (!plan) return 0;
  const repo = reposOf(store.db).dept;
  const version = await repo.dataVersion();
  const data = await activeData(store);
  let done = 0;
  let after = '';
  for (;;) {
    const stale = await repo.stale(version, chunk, after);
    if (stale.length === 0) return done;
    const forms = stale.map((a) => formOf(a.record));
    const facts = await factsFor(
      store,
      data,
      stale.map((a, i) => ({ id: a.id, form: forms[i]! })),
    );
    const at = now.toISOString();
    const rows = stale.map((a, i) => resultRow(a.id, a.revision, version, a.gen, verifyApplication(forms[i]!, plan, facts[i]!), at));
    await hooks.beforeSave?.();
    await repo.saveVerifications(rows);
    done += stale.length;
    after = stale[stale.length - 1]!.id;
    if (stale.length < chunk) return done;
  }
}

/**
 * The verification of one application as of now, for the console's review: the stored result when it was computed
 * on the application's revision and the data version in force, else computed now (and stored). Null without a plan.
 * `recompute`: computed now whatever is stored (a 函调 answer was recorded: neither the revision nor the data
 * version says so).
 */
export async function currentVerification(
  store: Pick<Store, 'db'>,
  applicationId: string,
  now: Date,
  opts: { recompute?: boolean } = {},
): Promise<(Verification & { computedAt: string }) | null> {
  const plan = await latestPlan(store);
  if (!plan) return null;
  const repo = reposOf(store.db).dept;
  const [version, app, saved] = await Promise.all([
    repo.dataVersion(),
    reposOf(store.db).applications.currentRecord(applicationId),
    repo.verification(applicationId),
  ]);
  if (!app) return null;
  const gen = Number(saved?.answers_gen ?? 0);
  const current = saved && Number(saved.revision) === Number(app.revision) && Number(saved.data_version) === version && Number(saved.result_gen) === gen;
  if (!opts.recompute && current) {
    return { ...(JSON.parse(saved.result) as Verification), computedAt: saved.computed_at };
  }
  // The generation was read above, before the answers factsFor reads: a save after a newer answer is refused.
  const form = formOf(app.record);
  const [facts] = await factsFor(store, await activeData(store), [{ id: applicationId, form }]);
  const v = verifyApplication(form, plan, facts!);
  const at = now.toISOString();
  await repo.saveVerifications([resultRow(applicationId, Number(app.revision), version, gen, v, at)]);
  return { ...v, computedAt: at };
}

/** 零证明: which materials department data verifies for the child with this keyed ID hash (flags only). */
export async function intakeFlags(store: Store, childIdHash: string): Promise<{ planVersion: number | null; items: IntakeFlag[] }> {
  const planRow = await reposOf(store.db).plans.newest();
  const checked = planRow ? validatePlan(JSON.parse(planRow.plan)) : null;
  if (!planRow || !checked?.ok) return { planVersion: null, items: [] };
  const data = await activeData(store);
  const repo = reposOf(store.db).dept;
  const own = await repo.recordsByHash(data.importIds, childIdHash);
  const childId = own.find((r) => r.person_id)?.person_id;
  if (!childId) return { planVersion: Number(planRow.version), items: verifyAtIntake('', checked.plan, { loaded: data.loaded, rows: [] }) };
  const rows = await repo.recordsFor(data.importIds, [childId]);
  const facts: Fact[] = rows.map((r) => ({ source: data.sourceOf.get(r.import_id)!, data: JSON.parse(r.data) as DeptRow }));
  const parents = parentIdsIn(facts);
  const more = await repo.recordsFor(data.importIds, parents);
  const all = [...rows, ...more.filter((m) => !rows.some((r) => r.data === m.data && r.import_id === m.import_id))];
  return {
    planVersion: Number(planRow.version),
    items: verifyAtIntake(childId, checked.plan, { loaded: data.loaded, rows: all.map((r) => ({ source: data.sourceOf.get(r.import_id)!, data: JSON.parse(r.data) as DeptRow })) }),
  };
}
