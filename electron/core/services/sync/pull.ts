import type { Ctx } from '../../context';
import { actor } from '../../context';
import type { ReviewResult } from '../../../../shared/contract/reviewResult';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import { MAX_CHANGES_PAGE, type Change } from '../../../../shared/sync/protocol';
import { receiveCountyPlan } from '../plans';
import { loadCursor, saveCursor } from './config';
import { recordDuplicates, syncLog, type Round } from './round';

// Pull (docs/adr/0008-sync-engine.md, "A round" 1 and "Results"): the county's changes after the stored cursor —
// review results, duplicates and plans — each page applied with its new cursor in one transaction.

export async function pull(round: Round): Promise<void> {
  const { ctx } = round;
  for (let page = 0; page < 1000; page++) {
    const res = await round.api.changes(round.creds, loadCursor(ctx) ?? null, MAX_CHANGES_PAGE);
    const changed: string[] = [];
    ctx.db.transaction(() => {
      for (const { change } of res.items) applyChange(ctx, change, changed);
      saveCursor(ctx, res.nextCursor);
    })();
    round.step('changes-applied');
    if (changed.length) round.announce(changed);
    if (!res.more) return;
  }
}

function applyChange(ctx: Ctx, change: Change, changed: string[]): void {
  const now = ctx.nowIso();
  if (change.kind === 'review_result') {
    if (applyResult(ctx, change.result, now)) changed.push(change.result.applicationId);
  } else if (change.kind === 'duplicate') {
    recordDuplicates(ctx, change.applicationId, change.duplicates, change.detectedAt);
    const r = change.resolution;
    if (r && ctx.repos.applications.byId(change.applicationId)) {
      const message = r.withdrawn ? format(zhCN.sync.log.duplicateWithdrawn, { kept: r.keptReceiptNo, reason: r.reason }) : format(zhCN.sync.log.duplicateKept, { reason: r.reason });
      syncLog(ctx, { level: 'warn', code: r.withdrawn ? 'duplicate_withdrawn' : 'duplicate_kept', applicationId: change.applicationId, message, details: r });
    }
    changed.push(change.applicationId);
  } else {
    // Stored by the plans service with the system as the actor, not whoever is signed in.
    try {
      receiveCountyPlan(ctx, change.plan);
      syncLog(ctx, { level: 'info', code: 'plan', message: zhCN.sync.log.planReceived, details: { planVersion: change.planVersion } });
    } catch (e: unknown) {
      syncLog(ctx, { level: 'error', code: 'plan_invalid', message: zhCN.sync.log.planReceived, details: { planVersion: change.planVersion, error: String(e) } });
    }
  }
}

/** Store a county result; apply it unless the record has unsynced local edits (then it is a visible conflict). */
function applyResult(ctx: Ctx, result: ReviewResult, now: string): boolean {
  const repos = ctx.repos;
  const app = repos.applications.byId(result.applicationId);
  if (!app) {
    syncLog(ctx, { level: 'warn', code: 'result_unknown_app', applicationId: result.applicationId, message: zhCN.sync.log.resultUnknownApp });
    return false;
  }
  const latest = repos.reviewResults.latest(result.applicationId);
  if (latest && latest.resultVersion >= result.resultVersion) return false;
  if (app.status === 'void') {
    // Withdrawn here: the result is kept for the record, the status stays 已作废 (the void revision tells the county).
    repos.reviewResults.record(result, now, true);
    syncLog(ctx, { level: 'warn', code: 'result_for_void', applicationId: app.id, message: zhCN.sync.log.resultForVoid, details: { outcome: result.outcome } });
    return true;
  }
  if (repos.outbox.hasUnackedRevision(app.id)) {
    repos.reviewResults.record(result, now, false);
    repos.outbox.setApplicationState(app.id, 'conflict');
    syncLog(ctx, { level: 'warn', code: 'result_held', applicationId: app.id, message: zhCN.sync.log.resultHeld, details: { outcome: result.outcome } });
    return true;
  }
  repos.reviewResults.record(result, now, true);
  applyOutcome(ctx, app.id, result, now);
  syncLog(ctx, { level: 'info', code: 'result_applied', applicationId: app.id, message: zhCN.sync.log.resultApplied, details: { outcome: result.outcome } });
  return true;
}

/** Set the application's status from a county result; 需补充材料 marks the record 退回 for staff. */
export function applyOutcome(ctx: Ctx, applicationId: string, result: ReviewResult, now: string): void {
  ctx.repos.applications.setStatus(applicationId, result.outcome, null, now, 'county');
  if (result.outcome === 'needs_materials') ctx.repos.outbox.setApplicationState(applicationId, 'returned');
  else ctx.repos.outbox.mirror(applicationId);
  ctx.audit.append({
    at: now,
    ...actor(ctx),
    action: 'sync.resultApplied',
    target: applicationId,
    details: { outcome: result.outcome, resultVersion: result.resultVersion, decidedBy: result.decidedBy, reasons: result.reasons.slice(0, 5) },
  });
}
