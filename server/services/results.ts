import { type Kysely } from 'kysely';
import { format } from '../../shared/i18n/zhCN';
import { serverText } from '../../shared/i18n/zhCN.server';
import { type ReviewResult, reviewResultSchema } from '../../shared/contract/reviewResult';
import { type Db, reposOf } from '../db/repos';
import { projectQueue } from './console/queueProjection';
import { type Database } from '../db/schema';
import { type SmsQueueContext, queueResultSms } from './console/sms';

export interface ResultInput {
  /** Application id or receipt number. */
  ref: string;
  outcome: string;
  reasons: string[];
  missingMaterials: string[];
  schoolCode: string | null;
  schoolName: string | null;
  reportDate: string | null;
  reportPlace: string | null;
  decidedBy: string | null;
}

/**
 * Records the county's decision as the application's next result version and queues it for the counter; with
 * `ops` (the operator, the audit log, the SMS configuration), audited with the operator and the guardian's text
 * message the result calls for queued, all in the same transaction.
 */
export async function recordResult(
  db: Kysely<Database>,
  input: ResultInput,
  now: Date,
  ops?: SmsQueueContext,
  /** Throws when the application may not take this result (inside the transaction, before anything is written). */
  check?: (trx: Db, app: { id: string; receipt_no: string }) => Promise<void>,
): Promise<ReviewResult> {
  return db.transaction().execute(async (trx) => {
    const app = await reposOf(trx).applications.findByRef(input.ref);
    if (!app) throw new Error(format(serverText.admin.noSuchApplication, { ref: input.ref }));
    await check?.(trx, app);
    // The result's own audit entry comes before the SMS it queues.
    return appendResult(trx, app, input, now, ops, async (result) => {
      if (ops) await ops.audit.record(ops.actor, 'results.record', app.id, { receiptNo: app.receipt_no, resultVersion: result.resultVersion, outcome: result.outcome }, now, trx);
    });
  });
}

/**
 * The next result version of an application, inside the caller's transaction: stored, queued in the pull feed for
 * the counter that took it (the desk prints the matching notice at its next sync), the queue row updated, and with
 * `sms` the guardian's message queued. The console's decisions and the CLI both come here.
 */
export async function appendResult(
  trx: Db,
  app: { id: string; receipt_no: string; counter_code: string; source: string; record: string },
  input: Omit<ResultInput, 'ref'>,
  now: Date,
  sms?: SmsQueueContext,
  beforeSms?: (result: ReviewResult) => Promise<void>,
): Promise<ReviewResult> {
  const repos = reposOf(trx);
  const parsed = reviewResultSchema.safeParse({
    applicationId: app.id,
    resultVersion: (await repos.reviewResults.latestVersion(app.id)) + 1,
    outcome: input.outcome,
    reasons: input.reasons,
    missingMaterials: input.missingMaterials,
    schoolCode: input.schoolCode,
    schoolName: input.schoolName,
    reportDate: input.reportDate,
    reportPlace: input.reportPlace,
    decidedAt: now.toISOString(),
    decidedBy: input.decidedBy,
  });
  if (!parsed.success) throw new Error(format(serverText.admin.resultFormat, { issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；') }));
  const result = parsed.data;
  await repos.reviewResults.insert(result);
  await projectQueue(repos, [app.id]);
  if (app.source === 'counter') await repos.changes.add(app.counter_code, { kind: 'review_result', receiptNo: app.receipt_no, result }, now.toISOString());
  await beforeSms?.(result);
  if (sms) await queueResultSms(trx, app, result, sms, now);
  return result;
}
