import {
  applicationDraftSchema,
  type ApplicationDraft,
  type EnrollmentType,
  type FieldIssue,
  type Grade,
} from '../../../../shared/contract';
import { fieldIssues } from '../../../../shared/contract/fields';
import { materialsFor, validateForSubmit } from '../../../../shared/domain/applicationRules';
import { rankChoices } from '../../../../shared/domain/choiceSearch';
import { deriveEnrollmentType, type TypeDerivation } from '../../../../shared/domain/enrollmentType';
import { levelOfGrade, schoolScope, type CountyPlan, type MaterialItem, type PlanSchool, type ZoneEntry } from '../../../../shared/plan/schema';
import { WRITTEN_DAY } from '../../lib/inputWords';

// Pure helpers of the intake wizard: paths into the form, what is saved and submitted, which
// step a field lives on, and the zone search. No DOM, no store: unit-tested in model.test.ts.

export type Draft = ApplicationDraft;
export type Path = string;

export const STEP_COUNT = 8;
export const REVIEW_STEP = STEP_COUNT - 1;

type Container = Record<string, unknown> | unknown[];

function isContainer(v: unknown): v is Container {
  return typeof v === 'object' && v !== null;
}

/** The value at a dotted path (`guardians.1.mobile`), or undefined. */
export function getAt(obj: unknown, path: Path): unknown {
  let node = obj;
  for (const key of path.split('.')) {
    if (!isContainer(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * A copy of `obj` with `value` at `path`; containers on the way are copied, missing ones created
 * (an array when the next key is a number). `undefined` removes the key, so JSON stays minimal.
 */
export function setAt<T>(obj: T, path: Path, value: unknown): T {
  const keys = path.split('.');
  const write = (node: unknown, i: number): unknown => {
    const key = keys[i] ?? '';
    const nextIsIndex = /^\d+$/.test(keys[i + 1] ?? '');
    let copy: Container;
    if (Array.isArray(node)) copy = [...(node as unknown[])];
    else if (isContainer(node)) copy = { ...node };
    else copy = /^\d+$/.test(key) ? [] : {};
    const record = copy as Record<string, unknown>;
    if (i === keys.length - 1) {
      if (value === undefined && !Array.isArray(copy)) delete record[key];
      else record[key] = value;
      return copy;
    }
    const child = record[key];
    record[key] = write(isContainer(child) ? child : nextIsIndex ? [] : {}, i + 1);
    return copy;
  };
  return write(obj, 0) as T;
}

/** Dotted paths of every non-empty leaf value (strings, numbers, booleans). */
export function leafPaths(obj: unknown, prefix = ''): Path[] {
  if (Array.isArray(obj)) return obj.flatMap((v, i) => leafPaths(v, prefix ? `${prefix}.${i}` : String(i)));
  if (isContainer(obj)) return Object.entries(obj).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
  if (obj === undefined || obj === null || obj === '') return [];
  return [prefix];
}

/** Which step (0-based) shows the field at `path`. */
export function stepOfPath(path: Path): number {
  const [head = '', , field] = path.split('.');
  switch (head) {
    case 'grade':
    case 'child':
    case 'ageOverride':
      return 0;
    case 'guardians':
      if (field === 'migrant') return 3;
      // The only-child flag matters only for a grandparent's home, so it is asked next to the housing.
      if (field === 'onlyChild') return 2;
      return 1;
    case 'proxy':
      return 1;
    case 'hukou':
    case 'housing':
      return 2;
    case 'preferential':
    case 'disability':
      return 3;
    case 'school':
    case 'acceptsReassignment':
    case 'siblings':
      return 4;
    case 'typeDecision':
      return 5;
    case 'materials':
      return 6;
    default:
      return REVIEW_STEP;
  }
}

/** Needs the only-child flag of a parent: the home is a grandparent's and the plan's rule asks. */
export function onlyChildParent(data: Draft, plan: Pick<CountyPlan, 'propertyRules'>): 'father' | 'mother' | null {
  const rule = plan.propertyRules.grandparentsWhen;
  if (rule !== 'parent_only_child' && rule !== 'either') return null;
  const owner = data.housing?.owner;
  if (owner === 'paternal_grandparent') return 'father';
  if (owner === 'maternal_grandparent') return 'mother';
  return null;
}

export function isOwnedKind(kind: string | undefined): boolean {
  return kind === 'property_certificate' || kind === 'purchase_contract' || kind === 'small_property' || kind === 'resettlement';
}

export function chosenTypeOf(data: Draft, derived: EnrollmentType): EnrollmentType {
  return data.typeDecision?.chosen ?? derived;
}

export function situationOf(data: Draft): { proxy: boolean; disability: boolean } {
  return { proxy: data.proxy !== null && data.proxy !== undefined, disability: data.disability !== null && data.disability !== undefined };
}

/** The materials checklist for the type the clerk chose, in the plan's order. */
export function checklistOf(data: Draft, plan: CountyPlan, derived: EnrollmentType): MaterialItem[] {
  return materialsFor(chosenTypeOf(data, derived), plan, situationOf(data));
}

/**
 * What the form means for submission: the derived type written in, the nullable parts explicit,
 * and answers that no longer apply (a hidden field's old value, marks of materials the chosen
 * type does not list) left out, so only what the plan asks for is sent (seed 000 §3–4). The
 * store keeps the clerk's full input; only this view of it is validated and submitted.
 */
export function effectiveDraft(data: Draft, plan: CountyPlan, derivation?: TypeDerivation): Draft {
  const derived = (derivation ?? deriveEnrollmentType(data, plan)).type;
  const chosen = chosenTypeOf(data, derived);
  const parent = onlyChildParent(data, plan);
  const migrantAsked = data.hukou?.inCounty === false;
  const guardians = data.guardians?.map((g) => {
    const out = { ...g };
    if (!migrantAsked) delete out.migrant;
    if (parent === null || g.relation !== parent) delete out.onlyChild;
    if (out.relation !== 'other_guardian') delete out.relationNote;
    return out;
  });
  const hukou = data.hukou === undefined ? undefined : { ...data.hukou };
  if (hukou && hukou.inCounty !== true) delete hukou.moveInDate;
  let housing = data.housing === undefined ? undefined : { ...data.housing };
  if (housing?.kind === 'none') housing = { kind: 'none' };
  else if (housing && !isOwnedKind(housing.kind)) {
    delete housing.owner;
    delete housing.ownerName;
    delete housing.registrationDate;
  }
  const listed = new Set(materialsFor(chosen, plan, situationOf(data)).map((m) => m.id));
  const typeDecision: NonNullable<Draft['typeDecision']> = { derived, chosen };
  const reason = data.typeDecision?.overrideReason;
  if (chosen !== derived && reason !== undefined) typeDecision.overrideReason = reason;
  const out: Draft = {
    ...data,
    proxy: data.proxy ?? null,
    preferential: data.preferential ?? null,
    disability: data.disability ?? null,
    ageOverride: data.ageOverride ?? null,
    typeDecision,
    materials: (data.materials ?? []).filter((m) => listed.has(m.itemId)),
  };
  if (guardians !== undefined) out.guardians = guardians;
  if (hukou !== undefined) out.hukou = hukou;
  if (housing !== undefined) out.housing = housing;
  return out;
}

/** Drop the value at `path` (an array element's field, not the element). */
function withoutPath(obj: unknown, path: readonly PropertyKey[]): unknown {
  if (path.length === 0) return {};
  return setAt(obj, path.map(String).join('.'), undefined);
}

/**
 * The draft as it can be saved: values the draft schema refuses (oversized text, control
 * characters, a half-typed date) are left out of the save, so the rest of the form still reaches
 * disk. The refused values stay in the store and show their message at the field.
 */
export function draftForSave(data: Draft): { payload: Draft; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  let candidate: unknown = data;
  for (let round = 0; round < 8; round++) {
    const parsed = applicationDraftSchema.safeParse(candidate);
    if (parsed.success) return { payload: candidate as Draft, issues };
    issues.push(...fieldIssues(parsed.error, candidate));
    for (const issue of parsed.error.issues) candidate = withoutPath(candidate, issue.path);
  }
  return { payload: {}, issues };
}

/** Every problem with the form, at field paths: draft-level problems first, then the submit rules. */
export function formIssues(data: Draft, plan: CountyPlan, today: string, derivation?: TypeDerivation): FieldIssue[] {
  const drafted = draftForSave(data).issues;
  const submit = validateForSubmit(effectiveDraft(data, plan, derivation), plan, today);
  const all = [...drafted, ...(submit.ok ? [] : submit.issues)];
  const seen = new Set<string>();
  return all.filter((i) => {
    const key = `${i.path}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** First message for each path. */
export function issuesByPath(issues: readonly FieldIssue[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const i of issues) if (!map.has(i.path)) map.set(i.path, i.message);
  return map;
}

/** Accepts what clerks type for a date (2020-3-5, 2020/03/05, 2020.3.5, 20200305, 2020年3月5日). */
export function normaliseDateInput(raw: string): string {
  const s = raw.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  const parts = WRITTEN_DAY.exec(s);
  if (parts) return `${parts[1]}-${(parts[2] ?? '').padStart(2, '0')}-${(parts[3] ?? '').padStart(2, '0')}`;
  return s;
}

export interface ZoneHit {
  zone: ZoneEntry;
  /** The alias that matched, when the name itself did not. */
  alias?: string;
}

/**
 * Zone entries of the grade's level matching the query by name, pinyin initials or full pinyin
 * (`sxy` → 书香苑), then by alias or street: names starting with the query first, then other name
 * matches, then aliases and streets; plan order otherwise. A name that merely mentions the query
 * ("东城街道（全域，锦绣花园除外）") thus comes after the entry it names.
 */
export function searchZones(plan: Pick<CountyPlan, 'zones'>, grade: Grade | undefined, query: string, limit = 30): ZoneHit[] {
  const level = grade === undefined ? undefined : levelOfGrade(grade);
  const zones = plan.zones.filter((z) => level === undefined || z.level === level);
  const hits = rankChoices(zones, query, (z) => ({ label: z.name, more: [...(z.aliases ?? []), ...(z.street ? [z.street] : [])] }));
  return hits.slice(0, limit).map(({ item, via }) => (via !== undefined && item.aliases?.includes(via) ? { zone: item, alias: via } : { zone: item }));
}

/** The zone entry an address names (shared with the county's placement, which finds the hukou school so). */
export { zoneFromAddress } from '../../../../shared/plan/zones';

/** The schools a family in `zone` may choose: the zone's own (2+ in an overlap zone) and county-wide ones. */
export function schoolChoices(plan: Pick<CountyPlan, 'schools'>, zone: ZoneEntry | undefined, grade: Grade | undefined): {
  zoneSchools: PlanSchool[];
  countyWide: PlanSchool[];
} {
  const level = grade === undefined ? zone?.level : levelOfGrade(grade);
  const zoneSchools = (zone?.schoolIds ?? []).flatMap((id) => plan.schools.filter((s) => s.id === id && (level === undefined || s.level === level)));
  const countyWide = plan.schools.filter((s) => schoolScope(s) === 'county' && (level === undefined || s.level === level) && !zoneSchools.includes(s));
  return { zoneSchools, countyWide };
}
