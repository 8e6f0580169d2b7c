import { type QueueStatus } from '../../../shared/console';
import { type ReviewResult } from '../../../shared/contract/reviewResult';
import { format } from '../../../shared/i18n/zhCN';
import { consoleApiText } from '../../../shared/i18n/zhCN.consoleApi';
import { consoleOpsText } from '../../../shared/i18n/zhCN.consoleOps';
import { type Db, reposOf } from '../../db/repos';
import { ProblemError, problem } from '../../http/problems';
import { simulateOnlineApplication } from '../../services/applications';
import { statusFrom } from '../../services/console/lookup';
import { PLACEABLE } from '../../services/placement/input';
import { recordResult } from '../../services/results';
import { unknownReceipt, verifyPrintedCode } from '../../services/verify';
import { visibleIds } from '../../services/console/decisions';
import { type ConsoleContext, type ConsoleHandlers, signedIn } from './define';

/**
 * A placement result by hand only for an application placement itself would take (审核通过, or placed already): one
 * still under review, asked for materials, rejected, withdrawn or voided would otherwise skip the review (and the
 * 复核人's confirmation of a rejection) and join the next placement run. The CLI keeps its scripting freedom.
 */
async function mustBePlaceable(trx: Db, app: { id: string; receipt_no: string }): Promise<void> {
  const status = (await reposOf(trx).review.queueRows([app.id])).get(app.id)?.status as QueueStatus | undefined;
  if (status && (PLACEABLE as readonly string[]).includes(status)) return;
  const label = status ? consoleApiText.statuses[status] : consoleApiText.statuses.pending;
  throw problem(409, 'state_conflict', format(consoleOpsText.results.notPlaceable, { receiptNo: app.receipt_no, status: label }));
}

/** What the admin commands did, in the console: placement results, checking a printed code, the online stand-in. */
export function resultHandlers(cctx: ConsoleContext): ConsoleHandlers {
  return {
    'results.record': async (input, call) => {
      let result: ReviewResult;
      try {
        result = await recordResult(
          cctx.db,
          {
            ref: input.ref,
            outcome: input.outcome,
            reasons: input.reasons,
            missingMaterials: [],
            schoolCode: input.schoolCode ?? null,
            schoolName: input.schoolName ?? null,
            reportDate: input.reportDate ?? null,
            reportPlace: input.reportPlace ?? null,
            decidedBy: call.actor.name,
          },
          call.now,
          { config: cctx.sms.config, audit: cctx.audit, actor: call.actor },
          mustBePlaceable,
        );
      } catch (e: unknown) {
        if (e instanceof ProblemError) throw e;
        throw problem(404, 'not_found', e instanceof Error ? e.message : String(e));
      }
      cctx.sms.kick();
      return { applicationId: result.applicationId, resultVersion: result.resultVersion, status: statusFrom(false, false, result) };
    },
    'receipts.verify': async (input, call) => {
      const found = await verifyPrintedCode(cctx.db, input.receiptNo, input.code);
      // A receipt of an application outside the caller's scope is answered as one the server does not hold.
      const v = found.applicationId === null || (await visibleIds(cctx.db, [found.applicationId], signedIn(call))).has(found.applicationId) ? found : unknownReceipt(input.receiptNo);
      await cctx.audit.record(call.actor, 'receipts.verified', v.applicationId, { receiptNo: input.receiptNo, genuine: v.ok }, call.now);
      return v.ok
        ? { genuine: true, document: v.document, resultVersion: v.resultVersion ?? null, counterCode: v.counterCode, applicationId: v.applicationId, reason: null }
        : { genuine: false, document: null, resultVersion: null, counterCode: null, applicationId: v.applicationId, reason: v.reason };
    },
    'online.apply': async (input, call) => {
      const r = await simulateOnlineApplication(cctx.db, cctx.county, input.idNumber, input.childName, call.now);
      await cctx.audit.record(call.actor, 'online.apply', r.applicationId, { receiptNo: r.receiptNo, duplicates: r.duplicates.length }, call.now);
      return { applicationId: r.applicationId, receiptNo: r.receiptNo, duplicates: r.duplicates.map((d) => ({ applicationId: d.applicationId, receiptNo: d.receiptNo, counterCode: d.counterCode })), at: call.now.toISOString() };
    },
  };
}
