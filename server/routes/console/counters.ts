import { format } from '../../../shared/i18n/zhCN';
import { consoleOpsText } from '../../../shared/i18n/zhCN.consoleOps';
import { problem } from '../../http/problems';
import { reposOf } from '../../db/repos';
import { createCounterAudited, issueCode, listCounters, revokeCounterAudited } from '../../services/console/counters';
import { type ConsoleCall, type ConsoleContext, type ConsoleHandlers } from './define';

/** The address desks reach this server at, as the browser did (for the enrollment QR code). */
export function serverUrlOf(call: ConsoleCall): string {
  return `${call.req.protocol}://${call.req.host}`;
}

/** counters.*: the admin's counters, their desks and one-time codes. */
export function counterHandlers(cctx: ConsoleContext): ConsoleHandlers {
  const t = consoleOpsText.counters;
  return {
    'counters.list': (_input, call) => listCounters(cctx.db, call.now),
    'counters.create': (input, call) => createCounterAudited(cctx.db, { ...input, serverUrl: serverUrlOf(call) }, call.actor, cctx.audit, call.now),
    'counters.issueCode': async (input, call) => {
      const out = await issueCode(cctx.db, { code: input.code, serverUrl: serverUrlOf(call) }, call.actor, cctx.audit, call.now);
      if (!out) throw problem(404, 'not_found', format(t.noSuchCounter, { code: input.code }));
      return out;
    },
    'counters.revoke': async (input, call) => {
      if (!(await reposOf(cctx.db).counters.find(input.code))) throw problem(404, 'not_found', format(t.noSuchCounter, { code: input.code }));
      return revokeCounterAudited(cctx.db, input.code, call.actor, cctx.audit, call.now);
    },
  };
}
