import { format } from '../../../shared/i18n/zhCN';
import { consoleOpsText } from '../../../shared/i18n/zhCN.consoleOps';
import { problem } from '../../http/problems';
import { checkPlanText, frozenDrawNote, listPlans, publishPlanText } from '../../services/console/plans';
import { type ConsoleContext, type ConsoleHandlers } from './define';

/** plans.*: check a county plan file, publish it to every desk, see which desk runs which version. */
export function planHandlers(cctx: ConsoleContext): ConsoleHandlers {
  const t = consoleOpsText.plans;
  return {
    'plans.list': () => listPlans(cctx.db),
    'plans.check': async (input) => {
      const { json: _json, ...checked } = checkPlanText(cctx.county, input.text);
      const frozen = checked.summary ? await frozenDrawNote(cctx.db, checked.summary.year) : null;
      return frozen ? { ...checked, notes: [...checked.notes, frozen] } : checked;
    },
    'plans.publish': async (input, call) => {
      const r = await publishPlanText(cctx.db, cctx.county, input.text, call.actor, cctx.audit, call.now);
      if (!r.ok) {
        const errors = r.problems.map((p) => ({ path: p.path, message: p.line === null ? p.message : format(t.at, { line: p.line, column: p.column ?? 1, message: p.message }) }));
        throw problem(422, 'plan_invalid', format(t.invalid, { count: r.problems.length }), errors);
      }
      return r.plan;
    },
  };
}
