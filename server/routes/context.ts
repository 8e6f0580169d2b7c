import { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import { type Kysely } from 'kysely';
import { type Database } from '../db/schema';
import { type Store } from '../db/open';
import { type ServerMetrics } from '../http/metrics';
import { type ZodTypeProvider, openApiProblems } from '../http/zodFastify';
import { type deviceAuth } from '../services/auth';
import { type BlobService } from '../services/blobs';
import { type County } from '../services/counters';
import { type DeskActivity } from '../services/console/counters';
import { type IngestQueue } from '../services/ingest';
import { type SmsRuntime } from '../services/console/sms';

/** The app as routes see it: requests typed from the zod schemas. */
export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** What the routes call: the services, built once per app. */
export interface ServerContext {
  db: Kysely<Database>;
  store: Store;
  county: County;
  now: () => Date;
  auth: ReturnType<typeof deviceAuth>;
  blobs: BlobService;
  ingest: IngestQueue;
  metrics: ServerMetrics;
  /** Desks' last-seen time and pulled plan version (the console's overview). */
  activity: DeskActivity;
  /** Text messages to guardians: configuration, driver, sender. */
  sms: SmsRuntime;
}

export const JSON_TYPE = 'application/json';

/** Hooks of a signed route: the device is identified before its body is read, the signature verified after (it covers the body's hash). */
export const signedHooks = (ctx: ServerContext) => ({
  onRequest: ctx.auth.identify,
  preValidation: [ctx.auth.verify, async (req: FastifyRequest) => ctx.activity.sawRequest(req.device!.id, ctx.now())],
});

/** OpenAPI of a signed route. */
export const SIGNED = { security: [{ deviceSignature: [] }] };

/** The error statuses a signed route documents: those of every signed route (401, 403, 409) and `more`. */
export const signedProblems = (...more: number[]) => openApiProblems(401, 403, 409, ...more);
