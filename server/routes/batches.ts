import { batchRequestSchema, batchResponseSchema, paths } from '../../shared/sync/protocol';
import { JSON_TYPE, SIGNED, type ServerContext, type ZodApp, signedHooks, signedProblems } from './context';

/** Application batches, stored exactly once and acknowledged with a signature. */
export function batchRoutes(app: ZodApp, ctx: ServerContext): void {
  app.post(
    paths.batches,
    { ...signedHooks(ctx), config: { accepts: JSON_TYPE }, schema: { ...SIGNED, body: batchRequestSchema, response: { 200: batchResponseSchema, ...signedProblems(413, 422) } } },
    async (req) => ctx.metrics.batchAnswered(await ctx.ingest.submit(req.device!, req.body, ctx.now())),
  );
}
