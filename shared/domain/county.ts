import { zhCN } from '../i18n/zhCN';
import { format } from '../i18n/zhCN';

// A counter belongs to one county (GB/T 2260 code, entered at set-up); the plan it takes applications under
// belongs to one too. When they differ (the sample plan's 379901 at a counter of 371102), every application
// would go to the wrong county: the desk says so at set-up, at plan import and on the 工作台.

export interface PlanCounty {
  code: string;
  name: string;
  sample: boolean;
}

const t = () => zhCN.apps.plans;

/** The warning for a counter of `counterCode` under this plan, or null when they agree (or the counter is not set up). */
export function countyMismatch(counterCode: string | null | undefined, plan: PlanCounty): string | null {
  if (!counterCode || counterCode === plan.code) return null;
  return format(t().countyMismatch, { counter: counterCode, county: plan.name, code: plan.code, sample: plan.sample ? t().countyMismatchSample : t().countyMismatchPlan });
}

/** The same, worded for the set-up form while the county code is being typed (only a complete 6-digit code). */
export function countyMismatchAtSetup(typed: string, plan: PlanCounty | null): string | null {
  const code = typed.trim();
  if (!plan || !/^\d{6}$/.test(code) || code === plan.code) return null;
  return format(t().countyMismatchSetup, { counter: code, county: plan.name, code: plan.code, sample: plan.sample ? t().countyMismatchSample : t().countyMismatchPlan });
}
