import { type ConsoleContext, type ConsoleHandlers } from './define';

/** audit.*: the admin reads and verifies the console audit log (both are audited too). */
export function auditHandlers(cctx: ConsoleContext): ConsoleHandlers {
  return {
    'audit.list': async (input, call) => {
      const page = await cctx.audit.list(input);
      await cctx.audit.record(call.actor, 'audit.viewed', input.target ?? input.actorId ?? null, { before: input.before ?? null, action: input.action ?? null }, call.now);
      return page;
    },
    'audit.verify': async (_input, call) => {
      const result = await cctx.audit.verify();
      await cctx.audit.record(call.actor, 'audit.verified', null, { ok: result.ok, checked: result.checked, problems: result.problems.length }, call.now);
      return result;
    },
  };
}
