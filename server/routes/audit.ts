import { auditAnchorRequestSchema, auditAnchorResponseSchema, paths } from '../../shared/sync/protocol';
import { anchorAuditHead } from '../services/auditAnchors';
import { JSON_TYPE, SIGNED, type ServerContext, type ZodApp, signedHooks, signedProblems } from './context';

/** Audit anchors: the desk's audit head at each sync, so a log cut after an anchor shows here. */
export function auditRoutes(app: ZodApp, ctx: ServerContext): void {
  app.post(
    paths.auditAnchor,
    { ...signedHooks(ctx), config: { accepts: JSON_TYPE }, schema: { ...SIGNED, body: auditAnchorRequestSchema, response: { 200: auditAnchorResponseSchema, ...signedProblems(413) } } },
    (req) => anchorAuditHead(ctx.db, req.device!, req.body, ctx.now()),
  );
}
