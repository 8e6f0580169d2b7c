import { deptVerifiedParamsSchema, deptVerifiedResponseSchema, paths } from '../../shared/sync/protocol';
import { intakeFlags } from '../services/deptVerify';
import { SIGNED, type ServerContext, type ZodApp, signedHooks, signedProblems } from './context';

/** 零证明 at the counter: a signed desk asks which of a child's materials department data verifies. */
export function deptRoutes(app: ZodApp, ctx: ServerContext): void {
  app.get(
    paths.deptVerified,
    { ...signedHooks(ctx), schema: { ...SIGNED, params: deptVerifiedParamsSchema, response: { 200: deptVerifiedResponseSchema, ...signedProblems() } } },
    async (req, reply) => {
      // The flags are about one child: no cache anywhere between the server and the desk may keep them.
      void reply.header('cache-control', 'no-store');
      const r = await intakeFlags(ctx.store, req.params.childIdHash);
      return { ...r, serverTime: ctx.now().toISOString() };
    },
  );
}
