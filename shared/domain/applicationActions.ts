// What staff may still do with an application, by its status (BRIEF: application status). One rule for the core,
// which refuses, and for 申请详情, which offers only what the core will do.
import type { ApplicationDraft, ApplicationStatus } from '../contract/application';
import type { CountyPlan } from '../plan/schema';
import { missingRequiredMaterials } from './applicationRules';
import { FOLLOW_UP_STATUSES } from './followUp';

/**
 * Corrections (修改) only while the county has not decided: 已受理, 审核中 and 需补充材料 (the same statuses in which
 * a missing paper can still be brought). From 审核通过/审核不通过 on, the county's decision stands on what it reviewed;
 * a draft is continued (继续填写), not corrected; a voided application is closed.
 */
export const EDITABLE_STATUSES: readonly ApplicationStatus[] = FOLLOW_UP_STATUSES;

/** Withdrawn or voided only before admission (已撤回/作废 from any pre-admission state); a draft is discarded instead. */
export const VOIDABLE_STATUSES: readonly ApplicationStatus[] = [
  'accepted',
  'under_review',
  'needs_materials',
  'rejected',
  'approved',
  'awaiting_lottery',
  'lottery_won',
  'lottery_lost',
  'awaiting_reassignment',
];

export const canEdit = (status: string): boolean => (EDITABLE_STATUSES as readonly string[]).includes(status);
export const canVoid = (status: string): boolean => (VOIDABLE_STATUSES as readonly string[]).includes(status);

/**
 * 补交材料: a return visit is worth opening while a paper can still be brought (shared/domain/followUp.ts) and one is
 * owed — marked missing at the counter, or asked for by the county (需补充材料).
 */
export function owesMaterials(status: ApplicationStatus, form: ApplicationDraft, plan: Pick<CountyPlan, 'materials'> | null | undefined): boolean {
  if (!(FOLLOW_UP_STATUSES as readonly string[]).includes(status)) return false;
  return status === 'needs_materials' || (plan ? missingRequiredMaterials(form, plan).length > 0 : false);
}
