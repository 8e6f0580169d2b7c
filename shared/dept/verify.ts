import { z } from 'zod';
import { type ApplicationDraft, type EnrollmentType, enrollmentTypeSchema } from '../contract/application';
import { materialsFor } from '../domain/applicationRules';
import { deriveEnrollmentType } from '../domain/enrollmentType';
import { assertNever } from '../assertNever';
import { format } from '../i18n/zhCN';
import { deptFieldNames, deptSourceNames, deptText } from '../i18n/zhCN.dept';
import { labels } from '../i18n/zhCN.labels';
import { type CountyPlan, type MaterialItem } from '../plan/schema';
import { canonicalJson } from '../sync/protocol';
import { LICENCE_CLOSED } from './cellWords';
import { type DeptRow, type DeptSource, deptSourceSchema } from './sources';
import { chinaDay } from '../chinaTime';

// Verification of one application against department data (部门核验): per material of the plan that applies to it,
// 已核验 / 不一致 (with what differs) / 无记录 / 未导入部门数据, and the enrollment type the desk derived checked by
// deriving it again from the department's facts with the same rule (shared/domain/enrollmentType). Pure: the
// server gathers the rows of the people the application names (facts below) and stores what this returns.

export const checkStatusSchema = z.enum(['verified', 'mismatch', 'no_record', 'no_data']);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

export const materialCheckSchema = z.object({
  itemId: z.string(),
  name: z.string(),
  sources: z.array(deptSourceSchema),
  status: checkStatusSchema,
  /** Chinese, what differs (不一致) or what was found; empty when verified plainly. */
  reasons: z.array(z.string()),
  /** Set when a 函调 answer decided the status (the data had no record): what the department answered. */
  byLetter: z.enum(['confirmed', 'denied']).optional(),
  /**
   * Set when a 函调 answer was recorded for an earlier revision whose data this material concerns has changed since:
   * the answer no longer counts and the material waits for a new enquiry (待重新函调).
   */
  reenquire: z.literal(true).optional(),
});
export type MaterialCheck = z.infer<typeof materialCheckSchema>;

export const verificationSchema = z.object({
  materials: z.array(materialCheckSchema),
  type: z
    .object({ desk: enrollmentTypeSchema, dept: enrollmentTypeSchema, ok: z.boolean(), reason: z.string() })
    .nullable(),
  /** Every required item (or one of each alternative group) is verified by data, and the type agrees: the fast lane. */
  allVerified: z.boolean(),
  mismatch: z.boolean(),
});
export type Verification = z.infer<typeof verificationSchema>;

/** A department's answer to a 函调 enquiry about one material of the application, as recorded by the bureau. */
export interface EnquiryAnswer {
  itemId: string;
  source: DeptSource;
  answer: 'confirmed' | 'denied';
  note: string;
  by: string;
  /** ISO time the answer was recorded. */
  at: string;
  /** The application's revision the answer was recorded on (null: recorded before answers were pinned). */
  answeredRevision?: number | null;
  /**
   * The data the enquiry concerns (enquiryFacts) changed since the answer: it no longer counts (待重新函调). Set by
   * the server, which compares the pinned digest with the current revision's.
   */
  outdated?: boolean;
}

/**
 * The part of the application a 函调 enquiry to `source` asks the department about, as one canonical string: the
 * child's and guardians' identities, plus what the source vouches for (hukou, the home, the migrant months). An
 * answer is pinned to it; a later revision that changes it makes the answer 待重新函调, any other change keeps it.
 */
export function enquiryFacts(form: ApplicationDraft, source: DeptSource): string {
  const person = (p: { name?: string | undefined; idNumber?: string | undefined } | null | undefined) => [p?.name ?? '', idKey(p?.idNumber)];
  const guardians = (form.guardians ?? []).map((g) => [g.relation ?? '', ...person(g)]);
  const base = { child: person(form.child), birth: form.child?.birthDate ?? '', guardians };
  const migrant = () => (form.guardians ?? []).map((g) => g.migrant ?? null);
  const extra = ((): unknown => {
    switch (source) {
      case 'hukou':
      case 'cohort':
        return form.hukou ?? null;
      case 'property':
      case 'purchase_contract':
      case 'rental':
        return form.housing ?? null;
      case 'residence_permit':
      case 'social_insurance':
      case 'business_licence':
        return migrant();
      case 'birth_certificate':
      case 'marriage':
        return null;
    }
  })();
  return canonicalJson({ source, ...base, extra });
}

/** The department rows of the people an application names, from the active imports. */
export interface DeptFacts {
  /** Sources with an active import: a material of another source is 未导入部门数据 (no_data). */
  loaded: ReadonlySet<DeptSource>;
  rows: readonly { source: DeptSource; data: DeptRow }[];
  /**
   * Answered 函调 enquiries of the application. An answer stands in for the data only where the data has nothing to
   * say (无记录, or the source not loaded): confirmed makes the material 已核验, denied 不一致 with the answer's text.
   */
  answers?: readonly EnquiryAnswer[];
}

type Plan = Pick<CountyPlan, 'materials' | 'propertyRules' | 'dateCutoffs' | 'enrollmentTypes' | 'preferentialCategories' | 'migrantPoints' | 'county'>;
type Guardian = NonNullable<ApplicationDraft['guardians']>[number];

const idKey = (s: string | undefined) => (s ?? '').replace(/\s+/g, '').toUpperCase();

/** Whole months from `from` (YYYY-MM-DD) to `to`, counting a month once its day is reached. */
export function monthsBetween(from: string, to: string): number {
  const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
  return Math.max(0, to.slice(8) >= from.slice(8) ? months : months - 1);
}

const prevMonth = (ym: string) => {
  const y = Number(ym.slice(0, 4));
  const m = Number(ym.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/**
 * Unbroken months paid, counted back from `until`'s month (or the last month paid before it), and the first gap
 * before the run when earlier months were paid too (the social insurance was broken).
 */
export function unbrokenMonths(paid: readonly string[], until: string): { months: number; gap: { from: string; to: string } | null } {
  const set = new Set(paid);
  const last = [...set].filter((m) => m <= until.slice(0, 7)).sort().pop();
  if (last === undefined) return { months: 0, gap: null };
  let months = 0;
  let m = last;
  while (set.has(m)) {
    months++;
    m = prevMonth(m);
  }
  const earlier = [...set].filter((x) => x < m).sort().pop();
  if (earlier === undefined) return { months, gap: null };
  let gapFrom = m;
  while (prevMonth(gapFrom) > earlier) gapFrom = prevMonth(gapFrom);
  return { months, gap: { from: gapFrom, to: m } };
}

class Index {
  constructor(private readonly facts: DeptFacts) {}
  of(source: DeptSource, field: string, id: string): DeptRow[] {
    if (id === '') return [];
    return this.facts.rows.filter((r) => r.source === source && r.data[field] === id).map((r) => r.data);
  }
  all(source: DeptSource): DeptRow[] {
    return this.facts.rows.filter((r) => r.source === source).map((r) => r.data);
  }
}

interface Ctx {
  form: ApplicationDraft;
  plan: Plan;
  facts: DeptFacts;
  ix: Index;
  childId: string;
  guardians: Guardian[];
  /** The parents by department data (birth certificate, hukou), when it names them. */
  deptParents: { father: string | null; mother: string | null };
  countBackFrom: string;
  /** Sources whose material a 函调 answer confirmed where the data had no record: the form's claim stands for them. */
  confirmedByLetter: ReadonlySet<DeptSource>;
}

type Outcome = { status: CheckStatus; reasons: string[] };
const verified = (...reasons: string[]): Outcome => ({ status: 'verified', reasons });
const mismatch = (reasons: string[]): Outcome => ({ status: 'mismatch', reasons });
const noRecord: Outcome = { status: 'no_record', reasons: [] };

function srcLabel(source: DeptSource): string {
  return format(deptText.sourceData, { source: deptSourceNames[source].name });
}

function guardianId(c: Pick<Ctx, 'guardians'>, relation: 'father' | 'mother'): string {
  return idKey(c.guardians.find((g) => g.relation === relation)?.idNumber);
}

type ChildKey = Pick<Ctx, 'ix' | 'childId' | 'form' | 'guardians'>;

function childHukou(c: ChildKey): DeptRow | undefined {
  return c.ix.of('hukou', 'idNumber', c.childId)[0];
}

/** By the child's ID, else (a certificate issued before the child had one) by the mother's ID and the birth date. */
function childBirth(c: ChildKey): DeptRow | undefined {
  const byId = c.ix.of('birth_certificate', 'childId', c.childId)[0];
  if (byId) return byId;
  const mother = guardianId(c, 'mother');
  return c.ix.of('birth_certificate', 'motherId', mother).find((r) => r.birthDate === c.form.child?.birthDate);
}

function checkHukouBooklet(c: Ctx): Outcome {
  const row = childHukou(c);
  if (!row) return noRecord;
  const reasons: string[] = [];
  const src = srcLabel('hukou');
  const name = c.form.child?.name;
  if (name !== undefined && name !== row.name) reasons.push(format(deptText.reason.nameDiffers, { what: deptText.what.child, form: name, source: src, dept: row.name ?? '' }));
  const birth = c.form.child?.birthDate;
  if (birth !== undefined && row.birthDate !== undefined && birth !== row.birthDate) {
    reasons.push(format(deptText.reason.dateDiffers, { what: deptText.what.birthDate, form: birth, source: src, dept: row.birthDate }));
  }
  if (row.areaCode !== undefined && !row.areaCode.startsWith(c.plan.county.code.slice(0, 6))) {
    reasons.push(format(deptText.reason.hukouOutsideCounty, { area: row.areaCode, county: c.plan.county.code }));
  }
  const moveIn = row.moveInDate ?? '';
  const formMoveIn = c.form.hukou?.moveInDate;
  if (c.form.hukou?.inCounty === false) reasons.push(format(deptText.reason.hukouNotInCountyOnForm, { date: moveIn }));
  else if (formMoveIn !== undefined && formMoveIn !== moveIn) {
    reasons.push(format(deptText.reason.dateDiffers, { what: deptText.what.hukouMoveIn, form: formMoveIn, source: src, dept: moveIn }));
  }
  const type = c.form.typeDecision?.chosen;
  if ((type === 'house_hukou' || type === 'hukou_only') && moveIn > c.plan.dateCutoffs.hukouMoveIn) {
    reasons.push(format(deptText.reason.hukouAfterCutoff, { date: moveIn, cutoff: c.plan.dateCutoffs.hukouMoveIn }));
  }
  return reasons.length > 0 ? mismatch(reasons) : verified();
}

function checkIdentity(c: Ctx, sources: readonly DeptSource[], people: { id: string; name: string | undefined; what: string }[]): Outcome {
  const reasons: string[] = [];
  let missing = false;
  for (const p of people) {
    if (p.id === '') continue;
    const found = sources.flatMap((s) => c.ix.of(s, 'idNumber', p.id).map((r) => ({ s, r })))[0];
    if (!found) {
      missing = true;
      continue;
    }
    if (p.name !== undefined && p.name !== found.r.name) {
      reasons.push(format(deptText.reason.nameDiffers, { what: p.what, form: p.name, source: srcLabel(found.s), dept: found.r.name ?? '' }));
    }
  }
  if (reasons.length > 0) return mismatch(reasons);
  return missing ? noRecord : verified();
}

function checkBirth(c: Ctx): Outcome {
  const row = childBirth(c);
  if (!row) return noRecord;
  const reasons: string[] = [];
  const src = srcLabel('birth_certificate');
  const name = c.form.child?.name;
  if (name !== undefined && name !== row.childName) reasons.push(format(deptText.reason.nameDiffers, { what: deptText.what.child, form: name, source: src, dept: row.childName ?? '' }));
  const birth = c.form.child?.birthDate;
  if (birth !== undefined && birth !== row.birthDate) reasons.push(format(deptText.reason.dateDiffers, { what: deptText.what.birthDate, form: birth, source: src, dept: row.birthDate ?? '' }));
  const sex = c.form.child?.sex;
  if (sex !== undefined && row.sex !== undefined && sex !== row.sex) reasons.push(format(deptText.reason.sexDiffers, { form: sex === 'M' ? labels.sex.M : labels.sex.F, source: src, dept: row.sex === 'M' ? labels.sex.M : labels.sex.F }));
  for (const role of ['father', 'mother'] as const) {
    const form = guardianId(c, role);
    const dept = row[`${role}Id`];
    if (form !== '' && dept !== undefined && form !== dept) {
      reasons.push(format(deptText.reason.birthParentDiffers, { role: deptText.what[role], form: maskId(form), dept: maskId(dept) }));
    }
  }
  return reasons.length > 0 ? mismatch(reasons) : verified();
}

function maskId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}` : id;
}

/** The IDs whose ownership counts for the application's claimed owner (the plan's property rules). */
function claimedOwners(c: Ctx): string[] {
  const owner = c.form.housing?.owner;
  const byRelation = (r: Guardian['relation']) => c.guardians.filter((g) => g.relation === r).map((g) => idKey(g.idNumber));
  switch (owner) {
    case 'father':
      return byRelation('father');
    case 'mother':
      return byRelation('mother');
    case 'parents':
      return [...byRelation('father'), ...byRelation('mother')];
    case 'child':
      return [c.childId];
    case 'paternal_grandparent':
      return [...byRelation('paternal_grandfather'), ...byRelation('paternal_grandmother')];
    case 'maternal_grandparent':
      return [...byRelation('maternal_grandfather'), ...byRelation('maternal_grandmother')];
    case 'other':
    case undefined:
      // No relation to narrow by: any guardian's ownership counts.
      return c.guardians.map((g) => idKey(g.idNumber));
    default:
      return assertNever(owner, 'housing owner');
  }
}

function checkOwned(c: Ctx, source: 'property' | 'purchase_contract'): Outcome {
  return ownedCheck(c, source).outcome;
}

/** The check of the property or contract, and whether it found the home owned by someone other than claimed. */
function ownedCheck(c: Ctx, source: 'property' | 'purchase_contract'): { outcome: Outcome; otherOwner: boolean } {
  const [numberField, ownerField, nameField, dateField, cutoffReason, what, role] =
    source === 'property'
      ? (['certificateNo', 'ownerId', 'ownerName', 'registrationDate', deptText.reason.propertyAfterCutoff, deptText.what.property, deptText.what.owner] as const)
      : (['contractNo', 'buyerId', 'buyerName', 'signDate', deptText.reason.contractAfterCutoff, deptText.what.contract, deptText.what.buyer] as const);
  const number = (c.form.housing?.certificateNumber ?? '').trim();
  const owners = claimedOwners(c).filter((x) => x !== '');
  const rows = number !== '' ? c.ix.all(source).filter((r) => r[numberField] === number) : owners.flatMap((o) => c.ix.of(source, ownerField, o));
  if (rows.length === 0) return { outcome: noRecord, otherOwner: false };
  const reasons: string[] = [];
  let otherOwner = false;
  const parents = [c.deptParents.father, c.deptParents.mother].filter((x): x is string => x !== null);
  const parentClaim = ['father', 'mother', 'parents'].includes(c.form.housing?.owner ?? '');
  const ownedByClaimed = rows.filter((r) => owners.includes(r[ownerField] ?? ''));
  if (number !== '' && ownedByClaimed.length === 0) {
    otherOwner = true;
    reasons.push(format(deptText.reason.certificateOtherOwner, { number, owners: rows.map((r) => r[nameField]).join('、') }));
  }
  for (const r of ownedByClaimed) {
    if (parentClaim && parents.length > 0 && !parents.includes(r[ownerField] ?? '')) {
      otherOwner = true;
      reasons.push(format(deptText.reason.ownerNotParent, { what, role, name: r[nameField] ?? '', parents: parents.map(maskId).join('、') }));
    }
  }
  const best = (ownedByClaimed.length > 0 ? ownedByClaimed : rows).map((r) => r[dateField] ?? '').sort()[0] ?? '';
  if (best > c.plan.dateCutoffs.propertyRegistration) reasons.push(format(cutoffReason, { date: best, cutoff: c.plan.dateCutoffs.propertyRegistration }));
  const formDate = c.form.housing?.registrationDate;
  if (formDate !== undefined && best !== '' && formDate !== best && ownedByClaimed.length > 0) {
    reasons.push(format(deptText.reason.dateDiffers, { what: `${what}${deptFieldNames[dateField] ?? dateField}`, form: formDate, source: srcLabel(source), dept: best }));
  }
  return { outcome: reasons.length > 0 ? mismatch(reasons) : verified(), otherOwner };
}

/** The guardians whose migrant months count (the plan's counted relations), with what they declared. */
function migrantGuardians(c: Ctx): Guardian[] {
  return c.guardians.filter((g) => g.relation !== undefined && c.plan.migrantPoints.countedRelations.includes(g.relation));
}

function checkPermit(c: Ctx): Outcome {
  const people = migrantGuardians(c).filter((g) => (g.migrant?.residencePermitMonths ?? 0) > 0);
  if (people.length === 0) return checkIdentity(c, ['residence_permit'], c.guardians.map((g) => ({ id: idKey(g.idNumber), name: g.name, what: deptText.what.guardian })));
  const reasons: string[] = [];
  for (const g of people) {
    const rows = c.ix.of('residence_permit', 'idNumber', idKey(g.idNumber));
    if (rows.length === 0) return noRecord;
    const first = rows.map((r) => r.issueDate ?? '').sort()[0] ?? '';
    const months = monthsBetween(first, c.countBackFrom);
    const declared = g.migrant?.residencePermitMonths ?? 0;
    if (months < declared) reasons.push(`${g.name ?? ''}：${format(deptText.reason.permitShort, { date: first, until: c.countBackFrom, months, declared })}`);
    const until = rows.map((r) => r.validUntil ?? '9999-12-31').sort().pop() ?? '';
    if (until < c.countBackFrom) reasons.push(`${g.name ?? ''}：${format(deptText.reason.permitExpired, { date: until })}`);
  }
  return reasons.length > 0 ? mismatch(reasons) : verified();
}

function checkInsurance(c: Ctx): Outcome {
  const people = migrantGuardians(c).filter((g) => (g.migrant?.socialInsuranceMonths ?? 0) > 0);
  const targets = people.length > 0 ? people : migrantGuardians(c);
  const reasons: string[] = [];
  let found = false;
  for (const g of targets) {
    const paid = c.ix.of('social_insurance', 'idNumber', idKey(g.idNumber)).map((r) => r.month ?? '');
    if (paid.length === 0) {
      if (people.length > 0) return noRecord;
      continue;
    }
    found = true;
    const declared = g.migrant?.socialInsuranceMonths ?? 0;
    const run = unbrokenMonths(paid, c.countBackFrom);
    if (run.months < declared) {
      reasons.push(
        `${g.name ?? ''}：${
          run.gap
            ? format(deptText.reason.insuranceBroken, { gap: run.gap.from === run.gap.to ? run.gap.from : format(deptText.reason.gapRange, { from: run.gap.from, to: run.gap.to }), until: c.countBackFrom, months: run.months, declared })
            : format(deptText.reason.insuranceShort, { until: c.countBackFrom, months: run.months, declared })
        }`,
      );
    }
  }
  if (!found) return noRecord;
  return reasons.length > 0 ? mismatch(reasons) : verified();
}

function checkLicence(c: Ctx): Outcome {
  const people = migrantGuardians(c).filter((g) => (g.migrant?.businessLicenceMonths ?? 0) > 0);
  const targets = people.length > 0 ? people : migrantGuardians(c);
  const reasons: string[] = [];
  let found = false;
  for (const g of targets) {
    const rows = c.ix.of('business_licence', 'operatorId', idKey(g.idNumber));
    if (rows.length === 0) {
      if (people.length > 0) return noRecord;
      continue;
    }
    found = true;
    const open = rows.filter((r) => !LICENCE_CLOSED.test(r.status ?? ''));
    if (open.length === 0) {
      reasons.push(`${g.name ?? ''}：${format(deptText.reason.licenceClosed, { status: rows[0]?.status ?? '' })}`);
      continue;
    }
    const first = open.map((r) => r.registrationDate ?? '').sort()[0] ?? '';
    const months = monthsBetween(first, c.countBackFrom);
    const declared = g.migrant?.businessLicenceMonths ?? 0;
    if (months < declared) reasons.push(`${g.name ?? ''}：${format(deptText.reason.licenceShort, { date: first, until: c.countBackFrom, months, declared })}`);
  }
  if (!found) return noRecord;
  return reasons.length > 0 ? mismatch(reasons) : verified();
}

function checkRental(c: Ctx): Outcome {
  const ids = c.guardians.map((g) => idKey(g.idNumber));
  const rows = ids.flatMap((id) => c.ix.of('rental', 'tenantId', id));
  return rows.length > 0 ? verified() : noRecord;
}

function checkSource(c: Ctx, source: DeptSource): Outcome {
  switch (source) {
    case 'hukou':
      return checkHukouBooklet(c);
    case 'residence_permit':
      return checkPermit(c);
    case 'birth_certificate':
      return checkBirth(c);
    case 'property':
    case 'purchase_contract':
      return checkOwned(c, source);
    case 'rental':
      return checkRental(c);
    case 'social_insurance':
      return checkInsurance(c);
    case 'business_licence':
      return checkLicence(c);
    case 'marriage':
    case 'cohort':
      return noRecord;
  }
}

const RANK: Record<CheckStatus, number> = { verified: 0, mismatch: 1, no_record: 2, no_data: 3 };

/**
 * One material. An item per guardian that 户籍 verifies is an identity document (监护人身份证): each guardian must be
 * found, with the same name, in one of its sources (one parent in 户籍, the other in 居住证). Any other item: each
 * listed source in turn; the first that verifies it wins, else the most telling outcome.
 */
function checkMaterial(c: Ctx, item: MaterialItem): MaterialCheck {
  const sources = item.verifiedBy ?? [];
  const loaded = sources.filter((s) => c.facts.loaded.has(s));
  let best: Outcome;
  if (loaded.length === 0) best = { status: 'no_data', reasons: [] };
  else if (item.perGuardian && sources.includes('hukou')) {
    best = checkIdentity(c, loaded, c.guardians.map((g) => ({ id: idKey(g.idNumber), name: g.name, what: deptText.what.guardian })));
  } else {
    const outcomes = loaded.map((s) => checkSource(c, s));
    best = outcomes.find((o) => o.status === 'verified') ?? [...outcomes].sort((a, b) => RANK[a.status] - RANK[b.status])[0] ?? noRecord;
  }
  const found = best.status === 'no_record' || best.status === 'no_data' ? answerFor(c.facts, item.id) : undefined;
  const answer = found && !found.outdated ? found : undefined;
  if (answer) best = letterOutcome(answer);
  else if (found) best = { status: best.status, reasons: [...best.reasons, outdatedReason(found)] };
  return {
    itemId: item.id,
    name: item.name,
    sources: [...sources],
    status: best.status,
    reasons: best.reasons,
    ...(answer ? { byLetter: answer.answer } : {}),
    ...(found?.outdated ? { reenquire: true as const } : {}),
  };
}

/** The answer recorded for the material (one enquiry per application and material; a corrected answer replaces it). */
function answerFor(facts: DeptFacts, itemId: string): EnquiryAnswer | undefined {
  return (facts.answers ?? []).find((a) => a.itemId === itemId);
}

/** An answer given for data the family changed since: why it no longer counts and what to do. */
function outdatedReason(a: EnquiryAnswer): string {
  const day = chinaDay(a.at);
  return format(deptText.reason.enquiryOutdated, { department: deptSourceNames[a.source].department, by: a.by, day, revision: a.answeredRevision ?? '' });
}

function letterOutcome(a: EnquiryAnswer): Outcome {
  const day = chinaDay(a.at);
  const values = { department: deptSourceNames[a.source].department, by: a.by, day, note: a.note };
  return a.answer === 'confirmed' ? verified(format(deptText.reason.enquiryConfirmed, values)) : mismatch([format(deptText.reason.enquiryDenied, values)]);
}

/**
 * The application's facts as the departments know them: what the type rule is then given. Where the data has no
 * record and a 函调 answer confirmed the material, the form's claim stands (the department vouched for it by letter).
 */
function correctedForm(c: Ctx): ApplicationDraft {
  const form: ApplicationDraft = structuredClone(c.form);
  const letter = (s: DeptSource) => c.confirmedByLetter.has(s);
  const row = childHukou(c);
  if (c.facts.loaded.has('hukou') && !(row === undefined && letter('hukou'))) {
    const inCounty = row !== undefined && (row.areaCode === undefined || row.areaCode.startsWith(c.plan.county.code));
    form.hukou = { ...form.hukou, inCounty, ...(row?.moveInDate ? { moveInDate: row.moveInDate } : {}) };
  }
  const kind = form.housing?.kind;
  const source = kind === 'property_certificate' ? 'property' : kind === 'purchase_contract' ? 'purchase_contract' : null;
  if (source && c.facts.loaded.has(source)) {
    const { outcome: check, otherOwner } = ownedCheck(c, source);
    if (check.status === 'no_record') {
      if (!letter(source)) form.housing = { ...form.housing, kind: 'none' };
    }
    else if (otherOwner) form.housing = { ...form.housing, owner: 'other' };
    else {
      const owners = claimedOwners(c);
      const dates = c.ix.all(source).filter((r) => owners.includes(r[source === 'property' ? 'ownerId' : 'buyerId'] ?? '')).map((r) => r[source === 'property' ? 'registrationDate' : 'signDate'] ?? '');
      const first = dates.sort()[0];
      if (first) form.housing = { ...form.housing, registrationDate: first };
    }
  }
  if (form.guardians && (c.facts.loaded.has('residence_permit') || c.facts.loaded.has('social_insurance') || c.facts.loaded.has('business_licence'))) {
    form.guardians = form.guardians.map((g) => {
      const id = idKey(g.idNumber);
      const migrant = { ...g.migrant };
      if (c.facts.loaded.has('residence_permit')) {
        const first = c.ix.of('residence_permit', 'idNumber', id).map((r) => r.issueDate ?? '').sort()[0];
        if (first || !letter('residence_permit')) migrant.residencePermitMonths = first ? monthsBetween(first, c.countBackFrom) : 0;
      }
      if (c.facts.loaded.has('social_insurance')) {
        const paid = c.ix.of('social_insurance', 'idNumber', id).map((r) => r.month ?? '');
        if (paid.length > 0 || !letter('social_insurance')) migrant.socialInsuranceMonths = unbrokenMonths(paid, c.countBackFrom).months;
      }
      if (c.facts.loaded.has('business_licence')) {
        const first = c.ix.of('business_licence', 'operatorId', id).filter((r) => !LICENCE_CLOSED.test(r.status ?? '')).map((r) => r.registrationDate ?? '').sort()[0];
        if (first || !letter('business_licence')) migrant.businessLicenceMonths = first ? monthsBetween(first, c.countBackFrom) : 0;
      }
      return { ...g, migrant };
    });
  }
  return form;
}

/** The parents the department data names for the child (birth certificate first, then hukou). */
function parentsOf(c: ChildKey): { father: string | null; mother: string | null } {
  const birth = childBirth(c);
  const hukou = childHukou(c);
  return { father: birth?.fatherId ?? hukou?.fatherId ?? null, mother: birth?.motherId ?? hukou?.motherId ?? null };
}

/** Verifies one application (its form as the desk sent it) against the department facts under the plan. */
export function verifyApplication(form: ApplicationDraft, plan: Plan, facts: DeptFacts): Verification {
  const ix = new Index(facts);
  const childId = idKey(form.child?.idNumber);
  const letters = new Set<DeptSource>();
  const c: Ctx = {
    form,
    plan,
    facts,
    ix,
    childId,
    guardians: form.guardians ?? [],
    deptParents: parentsOf({ ix, childId, form, guardians: form.guardians ?? [] }),
    countBackFrom: plan.migrantPoints.countBackFrom,
    confirmedByLetter: letters,
  };
  const type = form.typeDecision?.chosen ?? form.typeDecision?.derived;
  const items = type === undefined ? [] : materialsFor(type, plan, { proxy: Boolean(form.proxy), disability: Boolean(form.disability) });
  const materials = items.filter((m) => (m.verifiedBy ?? []).length > 0).map((m) => checkMaterial(c, m));
  // A guardian's identity confirmed by letter says nothing of the child's hukou or the home: only the other items count.
  const identity = new Set(items.filter((m) => m.perGuardian && (m.verifiedBy ?? []).includes('hukou')).map((m) => m.id));
  for (const m of materials) if (m.byLetter === 'confirmed' && !identity.has(m.itemId)) for (const s of m.sources) letters.add(s);
  const byId = new Map(materials.map((m) => [m.itemId, m]));

  let typeCheck: Verification['type'] = null;
  if (type !== undefined && facts.loaded.size > 0) {
    const dept = deriveEnrollmentType(correctedForm(c), plan);
    const ok = dept.type === type || (type !== 'preferential' && type !== 'other' && dept.candidates.includes(type));
    const name = (t: EnrollmentType) => plan.enrollmentTypes.find((x) => x.code === t)?.name ?? t;
    typeCheck = { desk: type, dept: dept.type, ok, reason: ok ? deptText.typeOk : format(deptText.reason.typeMismatch, { dept: name(dept.type), desk: name(type), why: dept.reason }) };
  }

  // The fast lane: every required item that applies is verified by data (one item of an alternative group is
  // enough, as at the counter); an item no department verifies keeps the application out of it.
  const required = items.filter((m) => m.required);
  const groups = new Map<string, MaterialItem[]>();
  for (const m of required) groups.set(m.anyOf ?? m.id, [...(groups.get(m.anyOf ?? m.id) ?? []), m]);
  const allVerified =
    type !== undefined &&
    (typeCheck?.ok ?? false) &&
    [...groups.values()].every((g) => g.some((m) => byId.get(m.id)?.status === 'verified'));
  const hasMismatch = materials.some((m) => m.status === 'mismatch') || (typeCheck !== null && !typeCheck.ok);
  return { materials, type: typeCheck, allVerified, mismatch: hasMismatch };
}

/** The IDs an application names (the child, the guardians): what the server looks up to gather its facts. */
export function peopleOf(form: ApplicationDraft): string[] {
  return [...new Set([form.child?.idNumber, ...(form.guardians ?? []).map((g) => g.idNumber)].map(idKey).filter((x) => x !== ''))];
}

/** Parent IDs the child's own rows name (fetched in a second round so their property and insurance are found). */
export function parentIdsIn(rows: readonly { source: DeptSource; data: DeptRow }[]): string[] {
  const out = new Set<string>();
  for (const r of rows) {
    if (r.source === 'hukou' || r.source === 'birth_certificate') {
      if (r.data.fatherId) out.add(r.data.fatherId);
      if (r.data.motherId) out.add(r.data.motherId);
    }
  }
  return [...out];
}

export const intakeFlagSchema = z.object({ itemId: z.string(), verified: z.boolean() });
export type IntakeFlag = z.infer<typeof intakeFlagSchema>;

/**
 * 零证明 at the counter: which of the plan's materials department data already verifies for a child, before the
 * application is typed (the desk asks at the ID field). The parents are those the child's own rows name (birth
 * certificate, 户籍); the property counted is theirs, registered by the plan's cut-off. Only match flags leave the
 * server, never the rows.
 */
export function verifyAtIntake(childId: string, plan: Plan, facts: DeptFacts): IntakeFlag[] {
  const ix = new Index(facts);
  const id = idKey(childId);
  const parents = parentsOf({ ix, childId: id, form: {}, guardians: [] });
  const guardians: Guardian[] = [
    ...(parents.father ? [{ relation: 'father' as const, idNumber: parents.father }] : []),
    ...(parents.mother ? [{ relation: 'mother' as const, idNumber: parents.mother }] : []),
  ];
  // A resident ID carries the birth date: a birth certificate without the child's ID is found by it and the mother.
  const birthDate = /^\d{17}[\dX]$/.test(id) ? `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` : undefined;
  const form: ApplicationDraft = { child: { idNumber: id, ...(birthDate ? { birthDate } : {}) }, guardians, housing: { kind: 'property_certificate', owner: 'parents' } };
  const c: Ctx = { form, plan, facts, ix, childId: id, guardians, deptParents: parents, countBackFrom: plan.migrantPoints.countBackFrom, confirmedByLetter: new Set() };
  const flags: IntakeFlag[] = [];
  for (const item of plan.materials) {
    if ((item.verifiedBy ?? []).length === 0 || item.condition !== undefined) continue;
    // Nothing about a guardian can be verified when the data names no parent.
    const verifiedNow = (!item.perGuardian || guardians.length > 0) && checkMaterial(c, item).status === 'verified';
    flags.push({ itemId: item.id, verified: verifiedNow });
  }
  return flags;
}
