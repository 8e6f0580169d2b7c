// Audit anchors (issue 16): at each sync the desk tells the county server the head of its audit log, and shows
// that its log still holds the last head the server accepted (its row at that seq). Someone holding the desk's
// keys can cut the log and reseal its head so that nothing on the desk shows it; the server, which kept the
// anchor, refuses the next report (409 audit_anchor_mismatch) and records it for the county.
import { GENESIS } from '../../../../nodelib/hashChain';
import { type AuditAnchorRequest, type AuditPoint } from '../../../../shared/sync/protocol';
import type { Ctx } from '../../context';
import { assertNever } from '../../../../shared/assertNever';
import { CountyError, type CountyApi, type Credentials } from './countyApi';
import { syncLog, type Round } from './round';

/** The last anchor the server accepted (meta; tampering with it only makes the next report mismatch). */
const ANCHOR_KEY = 'sync.auditAnchor';

export type AnchorOutcome = { kind: 'anchored'; head: AuditPoint } | { kind: 'mismatch'; detail: string } | { kind: 'unsupported' };

/** What this desk reports: its head, and its row at the last accepted anchor. */
export function anchorRequest(ctx: Ctx): AuditAnchorRequest {
  const head: AuditPoint = ctx.audit.head();
  const anchored = ctx.repos.meta.getJson<AuditPoint>(ANCHOR_KEY);
  if (!anchored) return { head, previous: null };
  // A row that is gone reports as zeros: the server's anchor cannot match it.
  return { head, previous: { seq: anchored.seq, hash: ctx.audit.hashAt(anchored.seq) ?? GENESIS } };
}

export async function anchorAudit(ctx: Ctx, api: CountyApi, creds: Credentials): Promise<AnchorOutcome> {
  const body = anchorRequest(ctx);
  try {
    const res = await api.anchorAudit(creds, body);
    ctx.repos.meta.setJson(ANCHOR_KEY, res.anchored);
    return { kind: 'anchored', head: res.anchored };
  } catch (e: unknown) {
    if (e instanceof CountyError && e.failure.kind === 'problem') {
      if (e.failure.problem.code === 'audit_anchor_mismatch') return { kind: 'mismatch', detail: e.failure.problem.detail };
      // A server from before anchors (404/405): nothing to anchor at.
      if (e.failure.status === 404 || e.failure.status === 405) return { kind: 'unsupported' };
    }
    throw e;
  }
}

/** A round's last job: a refusal or a failure is logged; it does not fail the round (the applications went up). */
export async function anchorRound(round: Round): Promise<void> {
  let outcome: AnchorOutcome;
  try {
    outcome = await anchorAudit(round.ctx, round.api, round.creds);
  } catch (e: unknown) {
    // The applications went up; the anchor is tried again next round.
    syncLog(round.ctx, { level: 'warn', code: 'audit_anchor_failed', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  switch (outcome.kind) {
    case 'anchored':
    case 'unsupported':
      return;
    case 'mismatch':
      syncLog(round.ctx, { level: 'error', code: 'audit_anchor_mismatch', message: outcome.detail });
      return;
    default:
      assertNever(outcome, 'anchor outcome');
  }
}
