import type { ApplicationDraft, EnrollmentType, HousingKind, HousingOwner } from '../contract/application';
import { typesInPriorityOrder, type CountyPlan } from '../plan/schema';
import { isCalendarDate } from './age';
import { labels } from '../i18n/zhCN.labels';
import { format } from '../i18n/format';
import { enrollmentTypeText as t } from '../i18n/zhCN.domain';

export const housingKindLabel: Record<HousingKind, string> = t.housingKind;

export const housingOwnerLabel: Record<HousingOwner, string> = labels.housingOwner;

export interface TypeDerivation {
  type: EnrollmentType;
  /** Which rule decided, in Chinese, for the clerk and the record. */
  reason: string;
  propertyCounts: boolean;
  propertyReason: string;
  hukouCounts: boolean;
  hukouReason: string;
  /** Every type the answers qualify for, in the plan's priority order; `type` is the first. */
  candidates: EnrollmentType[];
}

type PlanRules = Pick<CountyPlan, 'propertyRules' | 'dateCutoffs' | 'enrollmentTypes' | 'preferentialCategories' | 'migrantPoints'>;
type Guardians = NonNullable<ApplicationDraft['guardians']>;

function onlyChildFlag(guardians: Guardians, relation: 'father' | 'mother'): boolean | undefined {
  return guardians.find((g) => g.relation === relation)?.onlyChild;
}

function grandparentRule(
  owner: 'paternal_grandparent' | 'maternal_grandparent',
  guardians: Guardians,
  plan: PlanRules,
): { counts: boolean; note: string } {
  const parent = owner === 'paternal_grandparent' ? 'father' : 'mother';
  const values = { parent: labels.relation[parent], owner: housingOwnerLabel[owner] };
  const flag = onlyChildFlag(guardians, parent);
  const onlyChild = flag === true;
  const text = t.grandparent;
  switch (plan.propertyRules.grandparentsWhen) {
    case 'never':
      return { counts: false, note: text.never };
    case 'parent_only_child':
      return onlyChild
        ? { counts: true, note: format(text.onlyChild, values) }
        : {
            counts: false,
            note: format(text.onlyIfOnlyChild, { ...values, why: format(flag === false ? text.notOnlyChild : text.onlyChildUnknown, values) }),
          };
    case 'parents_own_nothing':
      return { counts: true, note: text.ownsNothing };
    case 'either':
      return onlyChild ? { counts: true, note: format(text.onlyChild, values) } : { counts: true, note: text.ownsNothing };
  }
}

function assessProperty(form: ApplicationDraft, plan: PlanRules): { counts: boolean; reason: string } {
  const housing = form.housing;
  const kind = housing?.kind;
  const text = t.property;
  if (kind === undefined) return { counts: false, reason: text.unknown };
  if (kind === 'none') return { counts: false, reason: text.none };
  if (kind === 'rental_registration') return { counts: false, reason: text.rental };

  const accepted = plan.propertyRules.countedKinds.map((k) => housingKindLabel[k]).join('、');
  if (!(plan.propertyRules.countedKinds as readonly HousingKind[]).includes(kind)) {
    return { counts: false, reason: format(text.kindRefused, { kind: housingKindLabel[kind], accepted }) };
  }
  const owner = housing?.owner;
  if (owner === undefined) return { counts: false, reason: format(text.ownerUnknown, { kind: housingKindLabel[kind] }) };

  let ownerNote: string;
  if (owner === 'paternal_grandparent' || owner === 'maternal_grandparent') {
    const rule = grandparentRule(owner, form.guardians ?? [], plan);
    const values = { owner: housingOwnerLabel[owner], kind: housingKindLabel[kind], note: rule.note };
    if (!rule.counts) return { counts: false, reason: format(text.grandparentRefused, values) };
    ownerNote = format(text.grandparentOwned, values);
  } else if (owner === 'other') {
    return { counts: false, reason: text.otherOwner };
  } else if (!(plan.propertyRules.allowedOwners as readonly HousingOwner[]).includes(owner)) {
    return { counts: false, reason: format(text.ownerRefused, { owner: housingOwnerLabel[owner] }) };
  } else {
    ownerNote = format(owner === 'parents' ? text.parentsOwned : text.owned, { owner: housingOwnerLabel[owner], kind: housingKindLabel[kind] });
  }

  const cutoff = plan.dateCutoffs.propertyRegistration;
  const date = housing?.registrationDate;
  if (date === undefined || !isCalendarDate(date)) {
    return { counts: false, reason: format(text.noDate, { housing: ownerNote, cutoff }) };
  }
  if (date > cutoff) {
    return { counts: false, reason: format(text.late, { housing: ownerNote, date, cutoff }) };
  }
  return { counts: true, reason: format(text.counts, { housing: ownerNote, date, cutoff }) };
}

function assessHukou(form: ApplicationDraft, plan: PlanRules): { counts: boolean; reason: string } {
  const hukou = form.hukou;
  const text = t.hukou;
  if (hukou?.inCounty === undefined) return { counts: false, reason: text.unknown };
  if (!hukou.inCounty) return { counts: false, reason: text.outside };
  const cutoff = plan.dateCutoffs.hukouMoveIn;
  const date = hukou.moveInDate;
  if (date === undefined || !isCalendarDate(date)) {
    return { counts: false, reason: format(text.noDate, { cutoff }) };
  }
  if (date > cutoff) return { counts: false, reason: format(text.late, { date, cutoff }) };
  return { counts: true, reason: format(text.counts, { date, cutoff }) };
}

function assessMigrant(form: ApplicationDraft, plan: PlanRules): { qualifies: boolean; reason: string } {
  if (form.hukou?.inCounty !== false) return { qualifies: false, reason: '' };
  const relations = plan.migrantPoints.countedRelations;
  for (const g of form.guardians ?? []) {
    if (g.relation === undefined || !relations.includes(g.relation)) continue;
    const permit = g.migrant?.residencePermitMonths ?? 0;
    const insurance = g.migrant?.socialInsuranceMonths ?? 0;
    const licence = g.migrant?.businessLicenceMonths ?? 0;
    if (permit > 0 && (insurance > 0 || licence > 0)) {
      const work = insurance > 0 ? format(t.migrant.socialInsurance, { months: insurance }) : format(t.migrant.businessLicence, { months: licence });
      return { qualifies: true, reason: format(t.migrant.qualifies, { name: g.name ?? t.migrant.guardian, permit, work }) };
    }
  }
  return { qualifies: false, reason: t.migrant.none };
}

/**
 * The enrollment type the answers qualify for under the plan's rules. A type qualifies when:
 * preferential — a preferential category of the plan is recorded; house_hukou — property and
 * hukou both count; house_only / hukou_only — only one does; migrant — hukou outside the county
 * and a counted guardian (the parents, by default) has residence-permit months and social
 * insurance or business-licence months; other — always (the county places by coordination).
 * The result is the qualifying type the plan ranks highest, so whether preferential outranks
 * the others is the county's decision, expressed by its `order`.
 */
export function deriveEnrollmentType(form: ApplicationDraft, plan: PlanRules): TypeDerivation {
  const property = assessProperty(form, plan);
  const hukou = assessHukou(form, plan);
  const migrant = assessMigrant(form, plan);

  const categoryId = form.preferential?.categoryId;
  const category = categoryId === undefined ? undefined : plan.preferentialCategories.find((c) => c.id === categoryId);

  const why: Partial<Record<EnrollmentType, string>> = {};
  if (category !== undefined) why.preferential = format(t.why.preferential, { name: category.name });
  if (property.counts && hukou.counts) why.house_hukou = t.why.house_hukou;
  if (property.counts && !hukou.counts) why.house_only = t.why.house_only;
  if (hukou.counts && !property.counts) why.hukou_only = t.why.hukou_only;
  if (migrant.qualifies) why.migrant = migrant.reason;

  const ordered = typesInPriorityOrder(plan);
  const candidates = ordered.map((t) => t.code).filter((code) => why[code] !== undefined);
  // 'other' is the catch-all, listed only when nothing else qualifies, so candidates stay readable.
  if (candidates.length === 0 && ordered.some((t) => t.code === 'other')) {
    why.other = t.why.other;
    candidates.push('other');
  }
  const facts = [hukou.reason, property.reason];
  if (categoryId !== undefined && category === undefined) facts.push(format(t.unknownCategory, { id: categoryId }));

  const first = candidates[0];
  if (first === undefined) {
    // Only reachable with a plan that lacks 'other', which validatePlan refuses; stay total anyway.
    return {
      type: 'other',
      reason: format(t.noType, { facts: facts.join('；') }),
      propertyCounts: property.counts,
      propertyReason: property.reason,
      hukouCounts: hukou.counts,
      hukouReason: hukou.reason,
      candidates: ['other'],
    };
  }
  const name = ordered.find((type) => type.code === first)?.name ?? first;
  const rank =
    candidates.length > 1 ? format(t.rank, { types: candidates.map((c) => ordered.find((type) => type.code === c)?.name ?? c).join('、') }) : '';
  return {
    type: first,
    reason: format(t.decided, { facts: facts.join('；'), why: why[first] ?? '', name, rank: rank === '' ? '' : format(t.rankNote, { rank }) }),
    propertyCounts: property.counts,
    propertyReason: property.reason,
    hukouCounts: hukou.counts,
    hukouReason: hukou.reason,
    candidates,
  };
}
