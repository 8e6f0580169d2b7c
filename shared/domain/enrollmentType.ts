import type { ApplicationDraft, EnrollmentType, HousingKind, HousingOwner } from '../contract/application';
import { typesInPriorityOrder, type CountyPlan } from '../plan/schema';
import { isCalendarDate } from './age';
import { labels } from '../i18n/zhCN.labels';

export const housingKindLabel: Record<HousingKind, string> = {
  property_certificate: '不动产权证书',
  purchase_contract: '购房合同',
  small_property: '小产权房',
  rental_registration: '租赁备案',
  resettlement: '拆迁安置',
  none: '无自有住房',
};

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
  const parentLabel = parent === 'father' ? '父亲' : '母亲';
  const flag = onlyChildFlag(guardians, parent);
  const onlyChild = flag === true;
  const ownsNothingNote = '按本县规则，父母名下无住房时认可祖辈住房（父母名下是否有房由县教育部门审核时核实）';
  switch (plan.propertyRules.grandparentsWhen) {
    case 'never':
      return { counts: false, note: '本县方案不认可祖辈名下的住房' };
    case 'parent_only_child':
      return onlyChild
        ? { counts: true, note: `${parentLabel}为独生子女，按本县规则认可${housingOwnerLabel[owner]}的住房` }
        : {
            counts: false,
            note: `本县仅在${parentLabel}为独生子女时认可${housingOwnerLabel[owner]}的住房，${flag === false ? `${parentLabel}不是独生子女` : `未登记${parentLabel}是否为独生子女`}`,
          };
    case 'parents_own_nothing':
      return { counts: true, note: ownsNothingNote };
    case 'either':
      return onlyChild
        ? { counts: true, note: `${parentLabel}为独生子女，按本县规则认可${housingOwnerLabel[owner]}的住房` }
        : { counts: true, note: ownsNothingNote };
  }
}

function assessProperty(form: ApplicationDraft, plan: PlanRules): { counts: boolean; reason: string } {
  const housing = form.housing;
  const kind = housing?.kind;
  if (kind === undefined) return { counts: false, reason: '未登记住房情况，房产条件不成立' };
  if (kind === 'none') return { counts: false, reason: '无自有住房，房产条件不成立' };
  if (kind === 'rental_registration') return { counts: false, reason: '租赁住房不是自有住房，房产条件不成立' };

  const accepted = plan.propertyRules.countedKinds.map((k) => housingKindLabel[k]).join('、');
  if (!(plan.propertyRules.countedKinds as readonly HousingKind[]).includes(kind)) {
    return { counts: false, reason: `住房为${housingKindLabel[kind]}，本县方案不认可该类住房（认可：${accepted}），房产条件不成立` };
  }
  const owner = housing?.owner;
  if (owner === undefined) return { counts: false, reason: `住房为${housingKindLabel[kind]}，但未登记产权人，房产条件无法判定` };

  let ownerNote: string;
  if (owner === 'paternal_grandparent' || owner === 'maternal_grandparent') {
    const rule = grandparentRule(owner, form.guardians ?? [], plan);
    if (!rule.counts) return { counts: false, reason: `住房为${housingOwnerLabel[owner]}名下的${housingKindLabel[kind]}；${rule.note}，房产条件不成立` };
    ownerNote = `${housingOwnerLabel[owner]}名下的${housingKindLabel[kind]}（${rule.note}）`;
  } else if (owner === 'other') {
    return { counts: false, reason: `住房产权人为其他人，不是儿童的父母或祖辈，房产条件不成立` };
  } else if (!(plan.propertyRules.allowedOwners as readonly HousingOwner[]).includes(owner)) {
    return { counts: false, reason: `住房产权人为${housingOwnerLabel[owner]}，本县方案不认可该产权人，房产条件不成立` };
  } else {
    ownerNote = owner === 'parents' ? `父母共有的${housingKindLabel[kind]}` : `${housingOwnerLabel[owner]}名下的${housingKindLabel[kind]}`;
  }

  const cutoff = plan.dateCutoffs.propertyRegistration;
  const date = housing?.registrationDate;
  if (date === undefined || !isCalendarDate(date)) {
    return { counts: false, reason: `住房为${ownerNote}，但未填写有效的登记（网签）日期，无法判断是否早于截止日 ${cutoff}` };
  }
  if (date > cutoff) {
    return { counts: false, reason: `住房为${ownerNote}，但登记日期 ${date} 晚于截止日 ${cutoff}，房产条件不成立` };
  }
  return { counts: true, reason: `住房为${ownerNote}，登记日期 ${date} 不晚于截止日 ${cutoff}，房产条件成立` };
}

function assessHukou(form: ApplicationDraft, plan: PlanRules): { counts: boolean; reason: string } {
  const hukou = form.hukou;
  if (hukou?.inCounty === undefined) return { counts: false, reason: '未登记户籍情况，户籍条件不成立' };
  if (!hukou.inCounty) return { counts: false, reason: '户籍不在本县，户籍条件不成立' };
  const cutoff = plan.dateCutoffs.hukouMoveIn;
  const date = hukou.moveInDate;
  if (date === undefined || !isCalendarDate(date)) {
    return { counts: false, reason: `户籍在本县，但未填写有效的迁入日期，无法判断是否早于截止日 ${cutoff}` };
  }
  if (date > cutoff) return { counts: false, reason: `户籍在本县，但迁入日期 ${date} 晚于截止日 ${cutoff}，户籍条件不成立` };
  return { counts: true, reason: `户籍在本县且迁入日期 ${date} 不晚于截止日 ${cutoff}，户籍条件成立` };
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
      const work = insurance > 0 ? `社保 ${insurance} 个月` : `营业执照 ${licence} 个月`;
      return { qualifies: true, reason: `${g.name ?? '监护人'}持居住证 ${permit} 个月、${work}，符合随迁子女条件` };
    }
  }
  return { qualifies: false, reason: '未登记父母持有居住证并有社保或营业执照，不符合随迁子女条件' };
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
  if (category !== undefined) why.preferential = `登记为优待对象“${category.name}”`;
  if (property.counts && hukou.counts) why.house_hukou = '房产和户籍条件都成立';
  if (property.counts && !hukou.counts) why.house_only = '房产条件成立、户籍条件不成立';
  if (hukou.counts && !property.counts) why.hukou_only = '户籍条件成立、房产条件不成立';
  if (migrant.qualifies) why.migrant = migrant.reason;

  const ordered = typesInPriorityOrder(plan);
  const candidates = ordered.map((t) => t.code).filter((code) => why[code] !== undefined);
  // 'other' is the catch-all, listed only when nothing else qualifies, so candidates stay readable.
  if (candidates.length === 0 && ordered.some((t) => t.code === 'other')) {
    why.other = '不符合本县其他招生类型的条件，由教育部门统筹安排';
    candidates.push('other');
  }
  const facts = [hukou.reason, property.reason];
  if (categoryId !== undefined && category === undefined) facts.push(`登记的优待类别“${categoryId}”不在本县方案中，不计为优待对象`);

  const first = candidates[0];
  if (first === undefined) {
    // Only reachable with a plan that lacks 'other', which validatePlan refuses; stay total anyway.
    return {
      type: 'other',
      reason: `${facts.join('；')}。本县方案中没有符合的招生类型，按“其他”统筹安排。`,
      propertyCounts: property.counts,
      propertyReason: property.reason,
      hukouCounts: hukou.counts,
      hukouReason: hukou.reason,
      candidates: ['other'],
    };
  }
  const name = ordered.find((t) => t.code === first)?.name ?? first;
  const rank = candidates.length > 1 ? `符合的类型按本县顺序为：${candidates.map((c) => ordered.find((t) => t.code === c)?.name ?? c).join('、')}，取第一位` : '';
  return {
    type: first,
    reason: `${facts.join('；')}。${why[first] ?? ''}，判定为“${name}”${rank === '' ? '' : `（${rank}）`}。`,
    propertyCounts: property.counts,
    propertyReason: property.reason,
    hukouCounts: hukou.counts,
    hukouReason: hukou.reason,
    candidates,
  };
}
