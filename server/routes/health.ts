import { format } from '../../shared/i18n/zhCN';
import { serverText } from '../../shared/i18n/zhCN.server';
import { PROTOCOL_VERSION, type HealthChecks, type HealthResponse, healthResponseSchema, paths } from '../../shared/sync/protocol';
import { METRICS_PATH } from '../http/metrics';
import { problem } from '../http/problems';
import { openApiProblems } from '../http/zodFastify';
import { type ServerContext, type ZodApp } from './context';

/** A check that takes longer than this counts as failed (a hung disk or database must not hang the monitor). */
const CHECK_TIMEOUT_MS = 5_000;

/**
 * Unsigned: health for monitoring and load balancers, and the OpenAPI document. Health checks what a request
 * needs: the database answers and takes writes, the page store writes and reads back. When a part fails the
 * answer is 503 `unhealthy` naming it (so a proxy takes this replica out of rotation); the reason is logged.
 * Prometheus metrics (operational, not in the protocol's document).
 */
export function healthRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(paths.health, { schema: { response: { 200: healthResponseSchema, ...openApiProblems(503) } } }, async (req): Promise<HealthResponse> => {
    const [database, blobs] = await Promise.all([
      probe('database', () => ctx.store.check(), req.log),
      probe('blobs', () => ctx.blobs.check(), req.log),
    ]);
    const checks: HealthChecks = { database, blobs };
    const failed = (Object.keys(checks) as (keyof HealthChecks)[]).filter((k) => checks[k] === 'failed');
    if (failed.length) {
      const parts = failed.map((k) => serverText.http.healthParts[k]).join('；');
      throw problem(503, 'unhealthy', format(serverText.http.unhealthy, { failed: parts }), undefined, { checks });
    }
    return { status: 'ok', protocolVersion: PROTOCOL_VERSION, database: ctx.store.dialect, blobStore: ctx.blobs.kind, checks, serverTime: ctx.now().toISOString() };
  });
  app.get(paths.openapi, { schema: { hide: true } }, () => app.swagger());
  app.get(METRICS_PATH, { schema: { hide: true } }, async (_req, reply) => reply.type(ctx.metrics.contentType()).send(await ctx.metrics.text()));
}

async function probe(part: keyof HealthChecks, check: () => Promise<void>, log: { error: (o: object, msg: string) => void }): Promise<'ok' | 'failed'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch (e: unknown) {
    log.error({ err: e, part }, `health check failed: ${part}`);
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}
