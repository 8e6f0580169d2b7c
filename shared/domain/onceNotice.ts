import type { ApplicationDraft, EnrollmentType } from '../contract/application';
import type { CountyPlan, MaterialItem } from '../plan/schema';
import { typesInPriorityOrder } from '../plan/schema';
import { materialsFor } from './applicationRules';
import { deriveEnrollmentType, type TypeDerivation } from './enrollmentType';

// 一次性告知 (seed 001 §4, seed 000 §4): a family that arrives without its papers answers three
// questions and is told, once and in full, what its likely enrollment type needs. The type comes from
// the same rules the intake uses (deriveEnrollmentType); "yes" answers are taken as meeting the plan's
// date cutoffs, which the printed list states so the family can check them at home.

export interface OnceNoticeAnswers {
  /** 孩子户籍在本县 */
  hukouHere: boolean;
  /** 父母（或本县认可的产权人）在本县有自有住房 */
  ownHome: boolean;
  /** 父母持本县居住证并有社保或营业执照 */
  residencePermit: boolean;
  /** 由他人代为办理（帮办） */
  proxy: boolean;
}

export interface OnceNoticeNeeds {
  derivation: TypeDerivation;
  type: EnrollmentType;
  typeName: string;
  materials: MaterialItem[];
}

type Plan = Pick<CountyPlan, 'propertyRules' | 'dateCutoffs' | 'enrollmentTypes' | 'preferentialCategories' | 'migrantPoints' | 'materials'>;

/** The application the answers describe, with every date on its cutoff. */
export function draftFromAnswers(a: OnceNoticeAnswers, plan: Plan): ApplicationDraft {
  const kind = plan.propertyRules.countedKinds[0];
  const owner = plan.propertyRules.allowedOwners.includes('parents') ? 'parents' : plan.propertyRules.allowedOwners[0];
  const relation = plan.migrantPoints.countedRelations[0] ?? 'father';
  return {
    hukou: a.hukouHere ? { inCounty: true, moveInDate: plan.dateCutoffs.hukouMoveIn } : { inCounty: false },
    housing: a.ownHome && kind !== undefined ? { kind, owner, registrationDate: plan.dateCutoffs.propertyRegistration } : { kind: 'none' },
    guardians: a.residencePermit && !a.hukouHere ? [{ relation, migrant: { residencePermitMonths: 12, socialInsuranceMonths: 12 } }] : [],
  };
}

export function onceNoticeNeeds(a: OnceNoticeAnswers, plan: Plan): OnceNoticeNeeds {
  const derivation = deriveEnrollmentType(draftFromAnswers(a, plan), plan);
  const type = derivation.type;
  const typeName = typesInPriorityOrder(plan).find((t) => t.code === type)?.name ?? type;
  return { derivation, type, typeName, materials: materialsFor(type, plan, { proxy: a.proxy, disability: false }) };
}
