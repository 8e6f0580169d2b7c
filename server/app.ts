import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { PAGES_CONTENT_TYPE, PROTOCOL_VERSION } from '../shared/sync/protocol';
import { DiskBlobs } from './db/blobFiles';
import { type Store } from './db/open';
import { PgBlobs } from './db/pgBlobs';
import { boundaryOptions, installBoundary } from './http/boundary';
import { receiveBundle } from './http/bundleBody';
import { ServerMetrics } from './http/metrics';
import { type ZodTypeProvider, consoleProblemComponent, problemComponent, useZod, zodToOpenApi } from './http/zodFastify';
import { auditRoutes } from './routes/audit';
import { batchRoutes } from './routes/batches';
import { blobRoutes } from './routes/blobs';
import { changeRoutes } from './routes/changes';
import { type ConsoleOptions, consoleApiRoutes, consoleContext } from './routes/console';
import { consoleStaticRoutes } from './routes/consoleStatic';
import { backfillQueue } from './services/console/queueProjection';
import { type ServerContext } from './routes/context';
import { deptRoutes } from './routes/dept';
import { deviceRoutes } from './routes/devices';
import { healthRoutes } from './routes/health';
import { lookupRoutes } from './routes/lookup';
import { deviceAuth } from './services/auth';
import { BlobService } from './services/blobs';
import { type County } from './services/counters';
import { type DeptJobOptions, type DeptJobs, startDeptJobs } from './services/deptJobs';
import { openConsoleAudit } from './services/console/audit';
import { DeskActivity } from './services/console/counters';
import { type SmsConfig, SmsRuntime, smsConfigFromEnv } from './services/console/sms';
import { IngestQueue } from './services/ingest';

// The county server as a Fastify app: the HTTP boundary (server/http/), the OpenAPI document, and the routes of
// each domain (server/routes/), which call the services (server/services/), which read and write through the
// repositories (server/db/repos/).

export interface AppOptions {
  store: Store;
  county: County;
  dataDir: string;
  /** Where page bytes live (default disk, in dataDir); `postgres` needs a PostgreSQL store. */
  blobStore?: 'disk' | 'postgres';
  now?: () => Date;
  logger?: FastifyServerOptions['logger'];
  /** The built county console (default dist/console, or CONSOLE_DIR). */
  consoleDir?: string;
  /**
   * Fastify's `trustProxy` (TRUST_PROXY): which proxies' X-Forwarded-For to believe for the client's address (the
   * public lookup's rate limit counts per address). Unset: the socket's address.
   */
  trustProxy?: string;
  /** Console sessions (idle timeout, absolute limit). */
  console?: ConsoleOptions;
  /** Text messages to guardians (default from SMS_* environment variables; off when unset). */
  sms?: SmsConfig;
  /**
   * The department data jobs (verification refresh, retention purge; services/deptJobs.ts): started when the app is
   * ready and stopped when it closes. `false`: not run (tests that count what each call recomputes).
   */
  deptJobs?: DeptJobOptions | false;
  /** Called before any route is registered, e.g. to add hooks that observe every answer (the tests record them). */
  instrument?: (app: FastifyInstance) => void;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const now = opts.now ?? (() => new Date());
  // HEAD is not part of the protocol: it answers 405 like any other method a path does not take.
  const app = Fastify({ logger: opts.logger ?? false, exposeHeadRoutes: false, ...boundaryOptions(), ...(opts.trustProxy ? { trustProxy: opts.trustProxy } : {}) });
  useZod(app);
  installBoundary(app);
  const metrics = new ServerMetrics();
  metrics.install(app);
  opts.instrument?.(app);
  app.decorateRequest('device', null);
  app.decorateRequest('claimed', null);
  app.addContentTypeParser(PAGES_CONTENT_TYPE, (req, payload, done) => receiveBundle(req, payload, done));

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Enrollment desk county server',
        version: `${PROTOCOL_VERSION}.0.0`,
        description:
          'Desk ↔ county server sync protocol. Signing, idempotency and acknowledgement rules: docs/sync-protocol.md. ' +
          'Every error is application/problem+json (components.schemas.Problem). A method a path does not list answers ' +
          '405 method_not_allowed with an Allow header; a path not listed answers 404 not_found.',
      },
      components: {
        schemas: { Problem: problemComponent() as Record<string, unknown>, ConsoleProblem: consoleProblemComponent() as Record<string, unknown> },
        securitySchemes: {
          deviceSignature: {
            type: 'apiKey',
            in: 'header',
            name: 'x-signature',
            description:
              'HMAC-SHA256 over signingString(method, pathWithQuery, x-timestamp, x-nonce, sha256(body)) with the device secret (for a page bundle, POST /v1/blobs: sha256 of the x-pages header instead of the body), as 64 lower-case hex digits; also send x-device-id, x-timestamp, x-nonce, each once.',
          },
          consoleSession: {
            type: 'apiKey',
            in: 'cookie',
            name: 'console_session',
            description:
              'County console (tag console): the HttpOnly SameSite=Strict cookie set by auth.signIn; every console request also sends x-console-csrf with the session\'s csrfToken (any value for sign-in and the session read) and, from a browser, a same-origin Origin.',
          },
        },
      },
    },
    transform: zodToOpenApi,
  });

  const ctx: ServerContext = {
    db: opts.store.db,
    store: opts.store,
    county: opts.county,
    now,
    auth: deviceAuth(opts.store.db, now),
    blobs: new BlobService(opts.store.db, opts.blobStore === 'postgres' && opts.store.dialect === 'postgres' ? new PgBlobs(opts.store.db, now) : new DiskBlobs(opts.dataDir), now),
    ingest: new IngestQueue(opts.store, opts.county),
    metrics,
    activity: new DeskActivity(opts.store.db),
    sms: new SmsRuntime(opts.store.db, opts.sms ?? smsConfigFromEnv(), openConsoleAudit(opts.store.db, opts.store.dialect, opts.dataDir), app.log),
  };
  ctx.sms.start();
  app.addHook('onClose', () => ctx.sms.stop());
  if (opts.deptJobs !== false) {
    const jobOptions = opts.deptJobs ?? {};
    let jobs: DeptJobs | null = null;
    app.addHook('onReady', (done) => {
      jobs = startDeptJobs(opts.store, now, app.log, jobOptions);
      done();
    });
    // Before the caller closes the store: a round in progress finishes first.
    app.addHook('onClose', async () => jobs?.stop());
  }
  const routes = app.withTypeProvider<ZodTypeProvider>();
  for (const register of [healthRoutes, deviceRoutes, blobRoutes, batchRoutes, changeRoutes, deptRoutes, lookupRoutes, auditRoutes]) register(routes, ctx);
  consoleApiRoutes(routes, consoleContext(ctx, opts.dataDir, opts.console));
  // Queue rows for applications stored before the console existed (or by an older server).
  await backfillQueue(ctx.db);
  consoleStaticRoutes(app, opts.consoleDir === undefined ? {} : { dir: opts.consoleDir });
  return app;
}
