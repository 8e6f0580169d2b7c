import { format } from '../i18n/format';
import { zhCN } from '../i18n/zhCN';
import type { CountyPlan } from '../plan/schema';

// The plan's registration window (报名时间) against the counter's day: an application taken outside it is told
// to the clerk from the first step, with the dates, not discovered later by the county. What happens then is
// the plan's rule (registrationWindow.outside): a supervisor's recorded approval, or no application at all.
// The core enforces it at submit; the wizard shows the same message from the same function.

export type WindowState =
  | { state: 'open' }
  | { state: 'before' | 'after'; policy: 'approval' | 'refuse'; message: string; values: { today: string; start: string; end: string } };

type WindowPlan = { registrationWindow: Pick<CountyPlan['registrationWindow'], 'start' | 'end'> & { outside?: CountyPlan['registrationWindow']['outside'] } };

export function registrationWindowState(plan: WindowPlan, today: string): WindowState {
  const { start, end } = plan.registrationWindow;
  // Stored plans are migrated when read; a plan object without the rule is treated as the migration would.
  const policy = plan.registrationWindow.outside ?? 'approval';
  const t = zhCN.intake.window;
  const values = { today, start, end };
  if (today >= start && today <= end) return { state: 'open' };
  const state = today < start ? 'before' : 'after';
  const message = policy === 'refuse' ? format(t.refused, values) : format(t[state], { ...values, button: t.button });
  return { state, policy, message, values };
}
