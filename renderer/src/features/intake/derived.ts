import dayjs from 'dayjs';
import type { FieldIssue } from '../../../../shared/contract';
import { deriveEnrollmentType, type TypeDerivation } from '../../../../shared/domain/enrollmentType';
import { validateId } from '../../../../shared/domain/idNumber';
import type { CountyPlan } from '../../../../shared/plan/schema';
import { formIssues, type Draft } from './model';

// Values the wizard derives from the form: the enrollment type, the open problems, the facts an ID
// number carries. Cached per (immutable) form object, so every component may ask on every render.

/** The counter's calendar day, as the core's clock port gives it on the same PC. */
export function today(): string {
  return dayjs().format('YYYY-MM-DD');
}

const derivations = new WeakMap<Draft, { plan: CountyPlan; value: TypeDerivation }>();
const issueCache = new WeakMap<Draft, { plan: CountyPlan; day: string; value: FieldIssue[] }>();

export function derivationOf(data: Draft, plan: CountyPlan): TypeDerivation {
  const hit = derivations.get(data);
  if (hit?.plan === plan) return hit.value;
  const value = deriveEnrollmentType(data, plan);
  derivations.set(data, { plan, value });
  return value;
}

export function issuesOf(data: Draft, plan: CountyPlan): FieldIssue[] {
  const day = today();
  const hit = issueCache.get(data);
  if (hit?.plan === plan && hit.day === day) return hit.value;
  const value = formIssues(data, plan, day, derivationOf(data, plan));
  issueCache.set(data, { plan, day, value });
  return value;
}

/** ID types whose number carries the birth date (and, for the first two, the sex). */
export function idGivesBirthDate(idType: string | undefined): boolean {
  return idType === 'resident_id' || idType === 'hmt_residence_permit' || idType === 'foreign_permanent_id';
}
export function idGivesSex(idType: string | undefined): boolean {
  return idType === 'resident_id' || idType === 'hmt_residence_permit';
}

/** Birth date and sex follow the child's ID number whenever the number carries them. */
export function withIdFacts(data: Draft): Draft {
  const child = data.child ?? {};
  if (!idGivesBirthDate(child.idType)) return data;
  const check = child.idType && child.idNumber ? validateId(child.idType, child.idNumber, today()) : null;
  const next = { ...child };
  if (check?.ok && check.birthDate !== undefined) next.birthDate = check.birthDate;
  else delete next.birthDate;
  if (idGivesSex(child.idType)) {
    if (check?.ok && check.sex !== undefined) next.sex = check.sex;
    else delete next.sex;
  }
  return { ...data, child: next };
}
