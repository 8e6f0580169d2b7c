import { changesQuerySchema, changesResponseSchema, paths } from '../../shared/sync/protocol';
import { listChanges } from '../services/changes';
import { SIGNED, type ServerContext, type ZodApp, signedHooks, signedProblems } from './context';

/** The pull feed: plans, review results and duplicate notices for the device's counter. */
export function changeRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(paths.changes, { ...signedHooks(ctx), schema: { ...SIGNED, querystring: changesQuerySchema, response: { 200: changesResponseSchema, ...signedProblems() } } }, async (req) => {
    const cursor = Number(req.query.cursor ?? '0');
    await ctx.activity.pulledUpTo(req.device!.id, cursor);
    return listChanges(ctx.db, req.device!.counterCode, cursor, req.query.limit ?? 200, ctx.now());
  });
}
