import { listSms, smsStatus } from '../../services/console/sms';
import { type ConsoleContext, type ConsoleHandlers } from './define';

/** sms.*: which driver sends, the templates, and every message with its status (masked numbers). */
export function smsHandlers(cctx: ConsoleContext): ConsoleHandlers {
  return {
    'sms.status': () => smsStatus(cctx.db, cctx.sms.config, cctx.sms.gateway),
    'sms.list': async (input, call) => {
      const list = await listSms(cctx.db, input);
      await cctx.audit.record(call.actor, 'sms.viewed', input.applicationId ?? null, { count: list.length }, call.now);
      return list;
    },
  };
}
