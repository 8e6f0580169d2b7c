import {
  applicationFormSchema,
  type ApplicationDraft,
  type ApplicationForm,
  type EnrollmentType,
  type HousingKind,
  type IdType,
} from '../contract/application';
import type { FieldIssue } from '../contract/result';
import { fieldIssues } from '../contract/fields';
import {
  gradeLabel,
  levelLabel,
  levelOfGrade,
  schoolScope,
  type CountyPlan,
  type MaterialItem,
} from '../plan/schema';
import { labels } from '../i18n/zhCN.labels';
import { intake } from '../i18n/zhCN.intake';
import { format } from '../i18n/format';
import { applicationRulesText as t } from '../i18n/zhCN.domain';
import { ageCheck, isCalendarDate } from './age';
import { deriveEnrollmentType } from './enrollmentType';
import { validateId } from './idNumber';
import { normaliseName, validatePersonName } from './names';
import { validateMobile } from './phone';

const siblingText = intake.siblings;

export type SubmitValidation = { ok: true; form: ApplicationForm } | { ok: false; issues: FieldIssue[] };

/** Which conditional items (帮办, 残疾) apply; omitted means "list them all". */
export interface MaterialSituation {
  proxy: boolean;
  disability: boolean;
}

/** The plan's materials for an enrollment type, in the plan's order. */
export function materialsFor(type: EnrollmentType, plan: Pick<CountyPlan, 'materials'>, situation?: MaterialSituation): MaterialItem[] {
  return plan.materials.filter(
    (m) => m.appliesTo.includes(type) && (situation === undefined || m.condition === undefined || situation[m.condition]),
  );
}

type MaterialsView = Pick<ApplicationDraft, 'typeDecision' | 'materials' | 'proxy' | 'disability'>;

function situationOf(form: MaterialsView): MaterialSituation {
  return { proxy: form.proxy !== null && form.proxy !== undefined, disability: form.disability !== null && form.disability !== undefined };
}

function chosenType(form: MaterialsView): EnrollmentType | undefined {
  return form.typeDecision?.chosen ?? form.typeDecision?.derived;
}

/** Required items grouped so alternatives (`anyOf`) form one requirement. */
function requirements(type: EnrollmentType, plan: Pick<CountyPlan, 'materials'>, situation: MaterialSituation): MaterialItem[][] {
  const groups = new Map<string, MaterialItem[]>();
  const out: MaterialItem[][] = [];
  for (const item of materialsFor(type, plan, situation)) {
    if (!item.required) continue;
    if (item.anyOf === undefined) {
      out.push([item]);
      continue;
    }
    const group = groups.get(item.anyOf);
    if (group === undefined) {
      const fresh = [item];
      groups.set(item.anyOf, fresh);
      out.push(fresh);
    } else group.push(item);
  }
  return out;
}

/**
 * Required items for the chosen type that have not been received (no original seen and no copy
 * kept), for the one-time supplementary notice (补充材料告知书). For alternatives (`anyOf`) all
 * members are returned together when none was received; the notice prints them as "A 或 B".
 */
export function missingRequiredMaterials(form: MaterialsView, plan: Pick<CountyPlan, 'materials'>): MaterialItem[] {
  const type = chosenType(form);
  if (type === undefined) return [];
  const received = new Set((form.materials ?? []).filter((m) => m.state !== 'missing').map((m) => m.itemId));
  return requirements(type, plan, situationOf(form))
    .filter((group) => !group.some((item) => received.has(item.id)))
    .flat();
}

const idTypeLabel: Record<IdType, string> = t.idType;

// Type guards rather than `!== undefined`: a draft that skipped schema parsing may hold a number
// where a string belongs, and the schema (not a crash) should report it.
function nonEmpty(value: string | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Normalise what can be normalised before parsing, so the saved form holds canonical values. */
function normaliseDraft(draft: ApplicationDraft, today: string): ApplicationDraft {
  const name = (v: string | undefined) => (typeof v === 'string' ? normaliseName(v) : v);
  const idNo = (type: IdType | undefined, v: string | undefined) => {
    if (type === undefined || typeof v !== 'string') return v;
    const r = validateId(type, v, today);
    return r.ok ? r.value : v;
  };
  const mobile = (v: string | undefined) => {
    if (typeof v !== 'string') return v;
    const r = validateMobile(v);
    return r.ok ? r.value : v;
  };
  const out: ApplicationDraft = { ...draft };
  if (draft.child !== undefined) {
    out.child = { ...draft.child, name: name(draft.child.name), idNumber: idNo(draft.child.idType, draft.child.idNumber) };
  }
  if (draft.guardians !== undefined) {
    out.guardians = draft.guardians.map((g) => ({ ...g, name: name(g.name), idNumber: idNo(g.idType, g.idNumber), mobile: mobile(g.mobile) }));
  }
  if (draft.proxy !== undefined && draft.proxy !== null) {
    const p = draft.proxy;
    out.proxy = { ...p, name: name(p.name), idNumber: idNo(p.idType, p.idNumber), mobile: mobile(p.mobile) };
  }
  if (draft.siblings !== undefined) out.siblings = draft.siblings.map((x) => ({ ...x, idNumber: idNo(x.idType, x.idNumber) }));
  return out;
}

function dateIssue(value: string, what: string, today: string): string | null {
  if (!isCalendarDate(value)) return format(t.dateInvalid, { what, value });
  if (value > today) return format(t.dateFuture, { what, value, today });
  return null;
}

/**
 * Everything a submitted application must satisfy: the form schema, then cross-field rules, each
 * reported at its exact path (`guardians.1.idNumber`). All issues are reported together, the
 * cross-field ones included when the schema fails, so the clerk fixes the form in one pass.
 * `today` ('YYYY-MM-DD') comes from the clock port.
 */
export function validateForSubmit(draft: ApplicationDraft, plan: CountyPlan, today: string): SubmitValidation {
  const d = normaliseDraft(draft, today);
  const parsed = applicationFormSchema.safeParse(d);
  const issues: FieldIssue[] = parsed.success ? [] : fieldIssues(parsed.error, d);
  const schemaPaths = new Set(issues.map((i) => i.path));
  // A field the schema already rejected keeps that message; a second one would only confuse.
  const add = (path: string, message: string) => {
    if (!schemaPaths.has(path)) issues.push({ path, message });
  };

  // Grade
  if (d.grade !== undefined && !plan.grades.includes(d.grade)) {
    add('grade', format(t.gradeNotOffered, { year: plan.year, grade: gradeLabel[d.grade] }));
  }

  // Child
  const child = d.child ?? {};
  if (nonEmpty(child.name)) {
    const problem = validatePersonName(child.name);
    if (problem !== null) add('child.name', problem);
  }
  let childId: string | undefined;
  let idBirthDate: string | undefined;
  let idSex: 'M' | 'F' | undefined;
  if (child.idType !== undefined && nonEmpty(child.idNumber)) {
    const r = validateId(child.idType, child.idNumber, today);
    if (r.ok) {
      childId = r.value;
      idBirthDate = r.birthDate;
      idSex = r.sex;
    } else add('child.idNumber', r.message);
  }
  if (child.birthDate !== undefined) {
    const problem = dateIssue(child.birthDate, t.dateOf.birthDate, today);
    if (problem !== null) add('child.birthDate', problem);
    else if (idBirthDate !== undefined && idBirthDate !== child.birthDate) {
      add('child.birthDate', format(t.birthDateMismatch, { birthDate: child.birthDate, idType: idTypeLabel[child.idType ?? 'resident_id'], idBirthDate }));
    } else if (d.grade !== undefined && (d.ageOverride === undefined || d.ageOverride === null)) {
      const age = ageCheck(child.birthDate, d.grade, plan);
      if (!age.eligible) add('child.birthDate', age.message);
    }
  }
  if (child.sex !== undefined && idSex !== undefined && child.sex !== idSex) {
    add('child.sex', format(t.sexMismatch, { sex: labels.sex[child.sex], idSex: labels.sex[idSex] }));
  }

  // Guardians
  const guardians = d.guardians ?? [];
  const seenIds = new Map<string, number>();
  const seenParents = new Map<string, number>();
  guardians.forEach((g, i) => {
    const at = (field: string) => `guardians.${i}.${field}`;
    if (nonEmpty(g.name)) {
      const problem = validatePersonName(g.name);
      if (problem !== null) add(at('name'), problem);
    }
    if (g.relation === 'father' || g.relation === 'mother') {
      const first = seenParents.get(g.relation);
      if (first === undefined) seenParents.set(g.relation, i);
      else add(at('relation'), format(t.parentRepeated, { n: first + 1, relation: labels.relation[g.relation] }));
    }
    if (g.relation === 'other_guardian' && !nonEmpty(g.relationNote)) {
      add(at('relationNote'), t.relationNoteRequired);
    }
    if (g.idType !== undefined && nonEmpty(g.idNumber)) {
      const r = validateId(g.idType, g.idNumber, today);
      if (!r.ok) add(at('idNumber'), r.message);
      else if (childId !== undefined && r.value === childId) {
        add(at('idNumber'), t.guardianIdIsChild);
      } else {
        const first = seenIds.get(r.value);
        if (first === undefined) seenIds.set(r.value, i);
        else add(at('idNumber'), format(t.guardianIdRepeated, { n: first + 1 }));
      }
    }
    if (nonEmpty(g.mobile)) {
      const r = validateMobile(g.mobile);
      if (!r.ok) add(at('mobile'), r.message);
    }
  });
  if (guardians.length > 0 && !guardians.some((g) => nonEmpty(g.mobile))) {
    add('guardians.0.mobile', t.mobileRequired);
  }

  // Proxy (帮办)
  const proxy = d.proxy;
  if (proxy !== undefined && proxy !== null) {
    if (nonEmpty(proxy.name)) {
      const problem = validatePersonName(proxy.name);
      if (problem !== null) add('proxy.name', problem);
    }
    if (proxy.idType !== undefined && nonEmpty(proxy.idNumber)) {
      const r = validateId(proxy.idType, proxy.idNumber, today);
      if (!r.ok) add('proxy.idNumber', r.message);
      else if (childId !== undefined && r.value === childId) add('proxy.idNumber', t.proxyIdIsChild);
    }
    if (nonEmpty(proxy.mobile)) {
      const r = validateMobile(proxy.mobile);
      if (!r.ok) add('proxy.mobile', r.message);
    }
  }

  // Siblings applying together (issue 13): real ID numbers of other children, each once.
  const seenSiblings = new Map<string, number>();
  (d.siblings ?? []).forEach((x, i) => {
    if (x.idType === undefined || !nonEmpty(x.idNumber)) return;
    const at = `siblings.${i}.idNumber`;
    const r = validateId(x.idType, x.idNumber, today);
    if (!r.ok) {
      add(at, r.message);
      return;
    }
    const guardian = seenIds.get(r.value);
    const first = seenSiblings.get(r.value);
    if (childId !== undefined && r.value === childId) add(at, siblingText.ownId);
    else if (guardian !== undefined) add(at, format(siblingText.guardianId, { n: guardian + 1 }));
    else if (first !== undefined) add(at, format(siblingText.repeated, { n: first + 1 }));
    else seenSiblings.set(r.value, i);
  });

  // Hukou and housing
  const hukou = d.hukou;
  if (hukou?.moveInDate !== undefined) {
    const problem = dateIssue(hukou.moveInDate, t.dateOf.moveIn, today);
    if (problem !== null) add('hukou.moveInDate', problem);
  } else if (hukou?.inCounty === true) {
    add('hukou.moveInDate', t.moveInDateRequired);
  }
  const housing = d.housing;
  if (housing?.registrationDate !== undefined) {
    const problem = dateIssue(housing.registrationDate, t.dateOf.registration, today);
    if (problem !== null) add('housing.registrationDate', problem);
  }
  if (housing?.kind !== undefined && (plan.propertyRules.countedKinds as readonly HousingKind[]).includes(housing.kind)) {
    if (housing.owner === undefined) add('housing.owner', t.ownerRequired);
    if (housing.registrationDate === undefined) {
      add('housing.registrationDate', format(t.registrationDateRequired, { cutoff: plan.dateCutoffs.propertyRegistration }));
    }
  }

  // Preferential category
  const categoryId = d.preferential?.categoryId;
  if (categoryId !== undefined && !plan.preferentialCategories.some((c) => c.id === categoryId)) {
    add('preferential.categoryId', format(t.unknownCategory, { id: categoryId }));
  }

  // School and zone
  const level = d.grade === undefined ? undefined : levelOfGrade(d.grade);
  const zoneId = d.school?.zoneEntryId;
  const schoolId = d.school?.schoolId;
  const zone = zoneId === undefined ? undefined : plan.zones.find((z) => z.id === zoneId);
  const school = schoolId === undefined ? undefined : plan.schools.find((s) => s.id === schoolId);
  // Whether the school belongs to the zone is only worth saying once the zone itself is right.
  let zoneUsable = zone !== undefined;
  if (zoneId !== undefined && zone === undefined) {
    add('school.zoneEntryId', format(t.unknownZone, { zone: zoneId, version: plan.version }));
  } else if (zone !== undefined && level !== undefined && zone.level !== level) {
    zoneUsable = false;
    add('school.zoneEntryId', format(t.zoneLevel, { zone: zone.name, level: levelLabel[zone.level], grade: gradeLabel[d.grade ?? 'primary1'] }));
  }
  if (schoolId !== undefined && school === undefined) {
    add('school.schoolId', format(t.unknownSchool, { school: schoolId, version: plan.version }));
  } else if (school !== undefined) {
    if (level !== undefined && school.level !== level) {
      add('school.schoolId', format(t.schoolLevel, { school: school.name, level: levelLabel[school.level], grade: gradeLabel[d.grade ?? 'primary1'] }));
    } else if (zone !== undefined && zoneUsable && schoolScope(school) === 'zone' && !zone.schoolIds.includes(school.id)) {
      const names = zone.schoolIds.map((id) => plan.schools.find((s) => s.id === id)?.name ?? id).join('、');
      add('school.schoolId', format(t.schoolNotInZone, { school: school.name, zone: zone.name, names }));
    }
  }

  // Enrollment type
  const planTypes = new Set(plan.enrollmentTypes.map((t) => t.code));
  const decision = d.typeDecision;
  if (decision?.chosen !== undefined && !planTypes.has(decision.chosen)) {
    add('typeDecision.chosen', format(t.unknownType, { type: decision.chosen }));
  }
  const derived = deriveEnrollmentType(d, plan);
  if (decision?.derived !== undefined && decision.derived !== derived.type) {
    const name = plan.enrollmentTypes.find((type) => type.code === derived.type)?.name ?? derived.type;
    add('typeDecision.derived', format(t.typeChanged, { name, reason: derived.reason.replace(/。$/u, '') }));
  }
  const overridden = decision?.chosen !== undefined && decision.derived !== undefined && decision.chosen !== decision.derived;
  if (overridden && !nonEmpty(decision?.overrideReason)) {
    add('typeDecision.overrideReason', t.overrideReasonRequired);
  }

  // Materials
  const type = chosenType(d);
  const situation = situationOf(d);
  // Items of another type are refused (seed 000 §4: only the published list for the case); a
  // conditional item brought without its condition (e.g. an authorisation with no proxy) is not.
  const applicable = type === undefined ? undefined : new Set(materialsFor(type, plan).map((m) => m.id));
  const seenItems = new Map<string, number>();
  (d.materials ?? []).forEach((mark, i) => {
    const path = `materials.${i}.itemId`;
    const item = plan.materials.find((m) => m.id === mark.itemId);
    const first = seenItems.get(mark.itemId);
    if (item === undefined) add(path, format(t.materialUnknown, { item: mark.itemId }));
    else if (first !== undefined) add(path, format(t.materialRepeated, { item: item.name, n: first + 1 }));
    else if (applicable !== undefined && !applicable.has(item.id)) {
      const typeName = plan.enrollmentTypes.find((planType) => planType.code === type)?.name ?? type;
      add(path, format(t.materialNotForType, { item: item.name, type: String(typeName) }));
    }
    if (first === undefined) seenItems.set(mark.itemId, i);
  });
  if (type !== undefined) {
    const marked = new Set((d.materials ?? []).map((m) => m.itemId));
    for (const group of requirements(type, plan, situation)) {
      if (group.some((item) => marked.has(item.id))) continue;
      const names = group.map((item) => `“${item.name}”`).join(t.materialOr);
      // The states by the words on the buttons that set them (原件已核 / 已留复印件 / 缺): one wording.
      const state = labels.materialState;
      add('materials', format(t.materialNotMarked, { names, originalSeen: state.original_seen, copyKept: state.copy_kept, missing: state.missing }));
    }
  }

  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, form: parsed.data };
}
