import { type FastifyRequest } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE, consoleApi, consoleBinary, type ConsoleEndpoint, type ConsoleEndpointName, consoleProblemSchema } from '../../../shared/console';
import { format } from '../../../shared/i18n/zhCN';
import { consoleApiText } from '../../../shared/i18n/zhCN.consoleApi';
import { consoleAuthText } from '../../../shared/i18n/zhCN.consoleAuth';
import { unstorableText } from '../../http/jsonBody';
import { problem } from '../../http/problems';
import { serverText } from '../../../shared/i18n/zhCN.server';
import { type Actor, type ConsoleAudit, openConsoleAudit } from '../../services/console/audit';
import { ApplicationViews } from '../../services/console/applications';
import { StaffAccounts } from '../../services/console/auth';
import { Decisions } from '../../services/console/decisions';
import { ReviewQueue } from '../../services/console/queue';
import { type SmsQueueContext } from '../../services/console/sms';
import { DEFAULT_SESSION_POLICY, type SessionPolicy, Sessions, allows, csrfMatches } from '../../services/console/session';
import { JSON_TYPE, type ServerContext, type ZodApp } from '../context';
import { auditHandlers } from './audit';
import { counterHandlers } from './counters';
import { deptHandlers } from './dept';
import { duplicateHandlers } from './duplicates';
import { planHandlers } from './plans';
import { resultHandlers } from './results';
import { smsHandlers } from './sms';
import { cookieValue } from './cookie';
import { reviewHandlers } from './review';
import { authHandlers, metaHandlers, staffHandlers } from './auth';
import { placementHandlers } from './placement';
import { type ConsoleCall, type ConsoleContext, type ConsoleHandlers } from './define';
import { tracingHandlers } from './tracing';

// The console API (shared/console): every implemented endpoint registered from the contract, behind one hook that
// checks, in order: a same-origin Origin (when the browser sends one), the x-console-csrf header, the session
// cookie (idle and absolute timeouts), the session's CSRF token, a pending password change, and the role the
// contract names. Handlers see the request only after all of that passed; what a role may see inside an endpoint
// (a reviewer's schools and types, a school user's school) the services narrow in their queries.
//
// Adding endpoints: write a `ConsoleHandlers` object in a file of this folder and list its factory in HANDLER_SETS.

const d = consoleAuthText.details;

/** Every handler set; a later set may not redefine an endpoint of an earlier one. */
const HANDLER_SETS: ((ctx: ConsoleContext) => ConsoleHandlers)[] = [
  authHandlers,
  staffHandlers,
  metaHandlers,
  auditHandlers,
  counterHandlers,
  planHandlers,
  duplicateHandlers,
  smsHandlers,
  resultHandlers,
  tracingHandlers,
  deptHandlers,
  placementHandlers,
  reviewHandlers,
];

/** Contract entries served by their own routes (no session, no CSRF): the public lookup (routes/lookup.ts). */
export const REGISTERED_ELSEWHERE: readonly ConsoleEndpointName[] = ['lookup.check'];

/** Until the initial password is changed, only these work. */
const BEFORE_PASSWORD_CHANGE: readonly ConsoleEndpointName[] = ['auth.changePassword', 'auth.session', 'auth.signOut', 'meta.info'];

/** Error answers any console endpoint may give (problem documents with the console's codes). */
const CONSOLE_PROBLEMS: Record<string, typeof consoleProblemSchema> = Object.fromEntries(
  ['400', '401', '403', '404', '409', '415', '422', '423', '429', '5XX'].map((s): [string, typeof consoleProblemSchema] => [s, consoleProblemSchema]),
);

export interface ConsoleOptions {
  session?: SessionPolicy;
  /** The guardian SMS for decisions that reach the desk (services/console/sms.ts); the server's SMS runtime when absent. */
  sms?: (actor: Actor) => SmsQueueContext;
}

/** The server's SMS port for the decisions: its config, audited on the console's chain, as the deciding actor. */
function serverSms(ctx: ServerContext, audit: ConsoleAudit): (actor: Actor) => SmsQueueContext {
  return (actor) => ({ config: ctx.sms.config, audit, actor });
}

/** The console's services for the app (also used by the CLI's account commands through `consoleServices`). */
export function consoleContext(ctx: ServerContext, dataDir: string, opts: ConsoleOptions = {}): ConsoleContext {
  const audit = openConsoleAudit(ctx.db, ctx.store.dialect, dataDir);
  const queue = new ReviewQueue(ctx.db);
  return {
    ...ctx,
    audit,
    sessions: new Sessions(ctx.db, opts.session ?? DEFAULT_SESSION_POLICY),
    staff: new StaffAccounts(ctx.db, audit),
    review: { queue, views: new ApplicationViews(ctx.db, audit, ctx.blobs, queue), decisions: new Decisions({ db: ctx.db, audit, sms: opts.sms ?? serverSms(ctx, audit) }) },
  };
}

/** The handlers of every set, by endpoint name. */
export function consoleHandlers(cctx: ConsoleContext): ConsoleHandlers {
  const all: Record<string, unknown> & ConsoleHandlers = {};
  for (const set of HANDLER_SETS) {
    for (const [name, handler] of Object.entries(set(cctx))) {
      if (name in all) throw new Error(`console endpoint ${name} has two handlers`);
      all[name] = handler;
    }
  }
  return all;
}

/** Names of contract endpoints that no handler implements yet (the console-ops list of what is left). */
export function unimplementedEndpoints(cctx: ConsoleContext): ConsoleEndpointName[] {
  const handlers = consoleHandlers(cctx);
  return (Object.keys(consoleApi) as ConsoleEndpointName[]).filter((n) => !(n in handlers) && !REGISTERED_ELSEWHERE.includes(n));
}

export function consoleApiRoutes(app: ZodApp, cctx: ConsoleContext): void {
  const handlers = consoleHandlers(cctx);
  for (const name of Object.keys(handlers) as ConsoleEndpointName[]) {
    const endpoint: ConsoleEndpoint = consoleApi[name];
    const handler = handlers[name];
    if (!handler) continue;
    app.post(
      endpoint.path,
      {
        config: { accepts: JSON_TYPE },
        ...(endpoint.bodyLimit ? { bodyLimit: endpoint.bodyLimit } : {}),
        schema: {
          summary: endpoint.summary,
          tags: ['console'],
          ...(endpoint.access === 'public' ? {} : { security: [{ consoleSession: [] }] }),
          body: endpoint.input,
          response: { 200: endpoint.output, ...CONSOLE_PROBLEMS },
        },
        onRequest: async (req) => {
          req.consoleCall = await admit(cctx, name, endpoint, req);
        },
        // Before the schema: no field of any endpoint (typed text or a bare id) may carry what cannot be stored.
        preValidation: (req, _reply, done) => {
          const errors = unstorableText(req.body);
          done(errors.length ? problem(400, 'validation_failed', serverText.http.unstorable, errors) : undefined);
        },
      },
      async (req, reply) => {
        const call = req.consoleCall;
        if (!call) throw problem(401, 'not_signed_in', d.notSignedIn);
        void reply.header('cache-control', 'no-store');
        const body: unknown = req.body;
        return handler(body as never, { ...call, req, reply });
      },
    );
  }
  registerPages(app, cctx);
}

const PAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/tiff', 'application/pdf', 'application/octet-stream'];

/**
 * pages.get: the bytes of a scanned page for `<img src>` (no custom header possible, so no CSRF header: the
 * SameSite=Strict cookie and a same-origin Origin when sent guard it; it changes nothing). Session, role and scope as
 * for every console call; audited.
 */
function registerPages(app: ZodApp, cctx: ConsoleContext): void {
  const endpoint = consoleBinary['pages.get'];
  app.get(
    endpoint.path,
    {
      schema: {
        summary: endpoint.summary,
        tags: ['console'],
        security: [{ consoleSession: [] }],
        params: endpoint.params,
        response: { 200: { description: 'The page as stored', content: Object.fromEntries(PAGE_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) }, ...CONSOLE_PROBLEMS },
      },
      onRequest: async (req) => {
        checkOrigin(req);
        const session = await cctx.sessions.resume(cookieValue(req.headers.cookie, SESSION_COOKIE), cctx.now(), true);
        if (session.mustChangePassword) throw problem(403, 'password_change_required', d.passwordChangeRequired);
        if (!allows(endpoint.access, session.role)) throw problem(403, 'forbidden', format(d.forbidden, { role: consoleApiText.roles[session.role] }));
        req.consoleCall = { session, actor: { id: session.staffId, name: session.displayName, role: session.role, via: 'console', ip: req.ip ?? null }, now: cctx.now() };
      },
    },
    async (req, reply) => {
      const call = req.consoleCall;
      if (!call?.session) throw problem(401, 'not_signed_in', d.notSignedIn);
      const page = await cctx.review.views.page(req.params.applicationId, req.params.pageId, call.session, call.actor, call.now);
      return reply.headers({ 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' }).type(page.contentType).send(page.bytes);
    },
  );
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the console hook once a request passed its checks. */
    consoleCall?: Omit<ConsoleCall, 'req' | 'reply'>;
  }
}

/** The checks of every console request (see the top of this file). */
async function admit(cctx: ConsoleContext, name: ConsoleEndpointName, endpoint: ConsoleEndpoint, req: FastifyRequest): Promise<Omit<ConsoleCall, 'req' | 'reply'>> {
  const now = cctx.now();
  checkOrigin(req);
  const header = req.headers[CSRF_HEADER];
  const csrf = typeof header === 'string' ? header : undefined;
  if (!csrf) throw problem(403, 'csrf_rejected', d.csrfMissing);
  const ip = req.ip ?? null;
  const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
  if (endpoint.access === 'public') {
    return { session: null, actor: { id: null, name: null, role: null, via: 'public', ip }, now };
  }
  const session = await cctx.sessions.resume(token, now, endpoint.background !== true);
  if (endpoint.csrf !== false && !csrfMatches(csrf, session)) throw problem(403, 'csrf_rejected', d.csrfWrong);
  if (session.mustChangePassword && !BEFORE_PASSWORD_CHANGE.includes(name)) throw problem(403, 'password_change_required', d.passwordChangeRequired);
  if (!allows(endpoint.access, session.role)) throw problem(403, 'forbidden', format(d.forbidden, { role: consoleApiText.roles[session.role] }));
  const actor: Actor = { id: session.staffId, name: session.displayName, role: session.role, via: 'console', ip };
  return { session, actor, now };
}

/** A browser sends Origin on every POST; one that is not this server's own is refused. */
function checkOrigin(req: FastifyRequest): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  const host = req.headers.host;
  let same = false;
  try {
    same = host !== undefined && new URL(origin).host === host;
  } catch {
    same = false;
  }
  if (!same) throw problem(403, 'csrf_rejected', format(d.crossOrigin, { origin: origin.slice(0, 100) }));
}
