import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type z } from 'zod';
import { type ConsoleApi, type ConsoleEndpointName, type ConsoleParsedInput } from '../../../shared/console';
import { consoleAuthText } from '../../../shared/i18n/zhCN.consoleAuth';
import { problem } from '../../http/problems';
import { type Actor, type ConsoleAudit } from '../../services/console/audit';
import { type StaffAccounts } from '../../services/console/auth';
import { type ApplicationViews } from '../../services/console/applications';
import { type Decisions } from '../../services/console/decisions';
import { type ReviewQueue } from '../../services/console/queue';
import { type SignedIn, type Sessions } from '../../services/console/session';
import { type ServerContext } from '../context';

// What a console endpoint's handler gets and gives. Handlers live in one file per domain beside this one and are
// registered by index.ts from the contract (shared/console): the path, the schemas and the access rule come from
// there, never from the handler.

/** The services console handlers call, built once per app. */
export interface ConsoleContext extends ServerContext {
  audit: ConsoleAudit;
  sessions: Sessions;
  staff: StaffAccounts;
  review: { queue: ReviewQueue; views: ApplicationViews; decisions: Decisions };
}

/** One request, after the session, CSRF and role checks passed. */
export interface ConsoleCall {
  /** The signed-in account; null only on public endpoints called without a session. */
  session: SignedIn | null;
  /** Who acts, for the audit log (the account, or the public with its address). */
  actor: Actor;
  now: Date;
  req: FastifyRequest;
  reply: FastifyReply;
}

export type ConsoleHandler<N extends ConsoleEndpointName> = (input: ConsoleParsedInput<N>, call: ConsoleCall) => Promise<z.input<ConsoleApi[N]['output']>>;

/** Handlers of some endpoints; index.ts registers exactly the ones given. */
export type ConsoleHandlers = { [N in ConsoleEndpointName]?: ConsoleHandler<N> };

/** The session of a call to an endpoint that requires one (the hook already refused requests without it). */
export function signedIn(call: ConsoleCall): SignedIn {
  if (!call.session) throw problem(401, 'not_signed_in', consoleAuthText.details.notSignedIn);
  return call.session;
}
