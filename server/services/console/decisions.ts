import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type Kysely } from 'kysely';
import { type DecisionKind, type QueueFilter, type QueueStatus } from '../../../shared/console';
import { format } from '../../../shared/i18n/zhCN';
import { consoleApiText } from '../../../shared/i18n/zhCN.consoleApi';
import { consoleAuthText } from '../../../shared/i18n/zhCN.consoleAuth';
import { type Db, reposOf } from '../../db/repos';
import { type QueueRow } from '../../db/repos/reviewRepo';
import { type Database } from '../../db/schema';
import { problem } from '../../http/problems';
import { appendResult } from '../results';
import { type Actor, type ConsoleAudit } from './audit';
import { markDecided, projectQueue } from './queueProjection';
import { queueWhere } from './queue';
import { planFor } from './reviewPlan';
import { type SignedIn } from './session';
import { type SmsQueueContext } from './sms';
import { chinaDayPlus } from '../../../shared/chinaTime';

// Review decisions. Each runs in one transaction: check the application is in the caller's scope, at the revision
// the reviewer saw, in a state the decision fits; write the decision, the result version the desk pulls at its
// next sync (results.appendResult: the review_result change for the counter, which prints the matching notice),
// the queue row, the guardian's SMS and the audit entry. A rejection is only proposed here; it reaches the desk
// when a second reviewer (not the proposer) confirms it.

const d = consoleAuthText.details;
const t = consoleAuthText.decisions;

/** Where a decision may be made from. */
const DECIDABLE = new Set<QueueStatus>(['pending', 'needs_materials']);

const BULK_TTL_MS = 10 * 60_000;
const BULK_MAX = 5000;

export interface DecisionDeps {
  db: Kysely<Database>;
  audit: ConsoleAudit;
  /** When set, decisions that reach the desk also queue the guardian's SMS. */
  sms?: (actor: Actor) => SmsQueueContext;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Whether the caller's scope (a reviewer's schools and types, a school user's school) holds this queue row. */
export function inScope(row: Pick<QueueRow, 'school_id' | 'type'>, session: Pick<SignedIn, 'role' | 'scope'>): boolean {
  const scope = queueWhere({}, session);
  return (
    (!scope.scopeSchools?.length || (row.school_id !== null && scope.scopeSchools.includes(row.school_id))) &&
    (!scope.scopeTypes?.length || (row.type !== null && scope.scopeTypes.includes(row.type)))
  );
}

/** Which of these applications the caller may see (an application without a queue row yet: only an unscoped caller). */
export async function visibleIds(trx: Db, ids: readonly string[], session: Pick<SignedIn, 'role' | 'scope'>): Promise<Set<string>> {
  const scope = queueWhere({}, session);
  if (!scope.scopeSchools?.length && !scope.scopeTypes?.length) return new Set(ids);
  const rows = await reposOf(trx).review.queueRows(ids);
  return new Set(ids.filter((id) => {
    const row = rows.get(id);
    return row !== undefined && inScope(row, session);
  }));
}

/** The application's queue row if the caller may see it, else 404 (out of scope looks like unknown). */
export async function visibleRow(trx: Db, applicationId: string, session: Pick<SignedIn, 'role' | 'scope'>): Promise<QueueRow> {
  const row = (await reposOf(trx).review.queueRows([applicationId])).get(applicationId);
  if (!row || !inScope(row, session)) throw problem(404, 'not_found', d.noSuchApplication);
  return row;
}

function checkDecidable(row: QueueRow, revision: number): void {
  if (Number(row.revision) !== revision) throw problem(409, 'stale_revision', format(d.staleRevision, { current: row.revision, seen: revision }));
  if (!DECIDABLE.has(row.status as QueueStatus)) throw problem(409, 'state_conflict', format(d.notDecidable, { status: consoleApiText.statuses[row.status as QueueStatus] ?? row.status }));
}

export interface DecisionOutcome {
  applicationId: string;
  status: QueueStatus;
  resultVersion: number | null;
}

export class Decisions {
  constructor(private readonly deps: DecisionDeps) {}

  private async app(trx: Db, id: string) {
    const app = await reposOf(trx).applications.findByRef(id);
    if (!app) throw problem(404, 'not_found', d.noSuchApplication);
    return app;
  }

  private async write(
    trx: Db,
    row: QueueRow,
    kind: DecisionKind,
    actor: Actor,
    now: Date,
    f: { summary: string; note?: string | undefined; details: Record<string, unknown>; state?: string; resultVersion?: number | null; id?: string },
  ): Promise<string> {
    const id = f.id ?? randomUUID();
    await reposOf(trx).review.insertDecision({
      id,
      application_id: row.application_id,
      kind,
      state: f.state ?? 'done',
      at: now.toISOString(),
      actor_id: actor.id,
      actor_name: actor.name ?? '—',
      revision: Number(row.revision),
      summary: f.summary,
      note: f.note ?? null,
      details: JSON.stringify(f.details),
      result_version: f.resultVersion ?? null,
    });
    await this.deps.audit.record(actor, `decision.${kind}`, row.application_id, { decisionId: id, revision: Number(row.revision), ...f.details }, now, trx);
    return id;
  }

  private async outcome(trx: Db, applicationId: string, resultVersion: number | null): Promise<DecisionOutcome> {
    const row = (await reposOf(trx).review.queueRows([applicationId])).get(applicationId);
    return { applicationId, status: (row?.status ?? 'pending') as QueueStatus, resultVersion };
  }

  async approve(input: { applicationId: string; revision: number; note?: string | undefined }, session: SignedIn, actor: Actor, now: Date): Promise<DecisionOutcome> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await visibleRow(trx, input.applicationId, session);
      checkDecidable(row, input.revision);
      return this.approveRow(trx, row, input.note, actor, now);
    });
  }

  private async approveRow(trx: Db, row: QueueRow, note: string | undefined, actor: Actor, now: Date): Promise<DecisionOutcome> {
    const app = await this.app(trx, row.application_id);
    await markDecided(reposOf(trx), row.application_id, Number(row.revision));
    const result = await appendResult(
      trx,
      app,
      { outcome: 'approved', reasons: note ? [note] : [], missingMaterials: [], schoolCode: null, schoolName: null, reportDate: null, reportPlace: null, decidedBy: actor.name },
      now,
      this.deps.sms?.(actor),
    );
    await this.write(trx, row, 'approve', actor, now, { summary: t.approve, note, details: {}, resultVersion: result.resultVersion });
    return this.outcome(trx, row.application_id, result.resultVersion);
  }

  async requestMaterials(
    input: { applicationId: string; revision: number; items: string[]; deadline: string; place: string; note?: string | undefined },
    session: SignedIn,
    actor: Actor,
    now: Date,
  ): Promise<DecisionOutcome> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await visibleRow(trx, input.applicationId, session);
      checkDecidable(row, input.revision);
      const { plan } = await planFor(trx, row.plan_key);
      const applicable = new Map((plan?.materials ?? []).filter((m) => !row.type || m.appliesTo.includes(row.type as never)).map((m) => [m.id, m.name]));
      const items = [...new Set(input.items)];
      const unknown = plan ? items.filter((i) => !applicable.has(i)) : [];
      if (unknown.length) throw problem(422, 'validation_failed', format(d.unknownItems, { items: unknown.join(t.separator) }), [{ path: 'items', message: format(d.unknownItems, { items: unknown.join(t.separator) }) }]);
      const app = await this.app(trx, row.application_id);
      await markDecided(reposOf(trx), row.application_id, Number(row.revision));
      const result = await appendResult(
        trx,
        app,
        {
          outcome: 'needs_materials',
          reasons: input.note ? [input.note] : [],
          missingMaterials: items,
          schoolCode: null,
          schoolName: null,
          reportDate: input.deadline,
          reportPlace: input.place,
          decidedBy: actor.name,
        },
        now,
        this.deps.sms?.(actor),
      );
      const names = items.map((i) => applicable.get(i) ?? i).join(t.separator);
      await this.write(trx, row, 'request_materials', actor, now, {
        summary: format(t.requestMaterials, { items: names, deadline: input.deadline, place: input.place }),
        note: input.note,
        details: { items, deadline: input.deadline, place: input.place },
        resultVersion: result.resultVersion,
      });
      return this.outcome(trx, row.application_id, result.resultVersion);
    });
  }

  async reject(
    input: { applicationId: string; revision: number; reasonIds: string[]; reasonText?: string | undefined; appealRoute: string; appealDeadline: string },
    session: SignedIn,
    actor: Actor,
    now: Date,
  ): Promise<DecisionOutcome> {
    const templates = consoleApiText.rejectionReasons;
    const unknown = input.reasonIds.filter((id) => !(id in templates));
    if (unknown.length) throw problem(422, 'validation_failed', format(d.unknownReason, { ids: unknown.join(t.separator) }), [{ path: 'reasonIds', message: format(d.unknownReason, { ids: unknown.join(t.separator) }) }]);
    const reasons = [...input.reasonIds.map((id) => templates[id]!), ...(input.reasonText ? [input.reasonText] : [])];
    if (!reasons.length) throw problem(422, 'validation_failed', d.noReason, [{ path: 'reasonIds', message: d.noReason }]);
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await visibleRow(trx, input.applicationId, session);
      checkDecidable(row, input.revision);
      await markDecided(reposOf(trx), row.application_id, Number(row.revision));
      await this.write(trx, row, 'propose_rejection', actor, now, {
        summary: format(t.proposeRejection, { reasons: reasons.join('；') }),
        details: { reasons, appealRoute: input.appealRoute, appealDeadline: input.appealDeadline },
        state: 'pending',
      });
      await projectQueue(reposOf(trx), [row.application_id]);
      return this.outcome(trx, row.application_id, null);
    });
  }

  async confirmRejection(input: { applicationId: string; decisionId: string; note?: string | undefined }, session: SignedIn, actor: Actor, now: Date): Promise<DecisionOutcome> {
    return this.deps.db.transaction().execute(async (trx) => {
      const { row, proposal, details } = await this.pendingProposal(trx, input.applicationId, input.decisionId, session);
      if (proposal.actor_id === actor.id) throw problem(409, 'four_eyes', d.fourEyes);
      if (Number(row.revision) !== Number(proposal.revision)) throw problem(409, 'stale_revision', format(d.staleRevision, { current: row.revision, seen: proposal.revision ?? 0 }));
      await reposOf(trx).review.setDecisionState(proposal.id, 'confirmed');
      const app = await this.app(trx, row.application_id);
      const result = await appendResult(
        trx,
        app,
        {
          outcome: 'rejected',
          reasons: [...details.reasons, format(t.appealLine, { deadline: details.appealDeadline, route: details.appealRoute })].map((r) => r.slice(0, 500)),
          missingMaterials: [],
          schoolCode: null,
          schoolName: null,
          reportDate: details.appealDeadline,
          reportPlace: details.appealRoute.slice(0, 200),
          decidedBy: actor.name,
        },
        now,
        this.deps.sms?.(actor),
      );
      await this.write(trx, row, 'confirm_rejection', actor, now, { summary: t.confirmRejection, note: input.note, details: { proposalId: proposal.id }, resultVersion: result.resultVersion });
      return this.outcome(trx, row.application_id, result.resultVersion);
    });
  }

  async returnRejection(input: { applicationId: string; decisionId: string; note: string }, session: SignedIn, actor: Actor, now: Date): Promise<DecisionOutcome> {
    return this.deps.db.transaction().execute(async (trx) => {
      const { row, proposal } = await this.pendingProposal(trx, input.applicationId, input.decisionId, session);
      await reposOf(trx).review.setDecisionState(proposal.id, 'returned');
      await this.write(trx, row, 'return_rejection', actor, now, { summary: format(t.returnRejection, { note: input.note }), note: input.note, details: { proposalId: proposal.id } });
      await projectQueue(reposOf(trx), [row.application_id]);
      return this.outcome(trx, row.application_id, null);
    });
  }

  private async pendingProposal(trx: Db, applicationId: string, decisionId: string, session: SignedIn) {
    const row = await visibleRow(trx, applicationId, session);
    const proposal = await reposOf(trx).review.decision(decisionId);
    if (!proposal || proposal.application_id !== applicationId || proposal.kind !== 'propose_rejection' || proposal.state !== 'pending') {
      throw problem(409, 'state_conflict', d.noPendingRejection);
    }
    const details = JSON.parse(proposal.details) as { reasons: string[]; appealRoute: string; appealDeadline: string };
    return { row, proposal, details };
  }

  async comment(input: { applicationId: string; text: string }, session: SignedIn, actor: Actor, now: Date): Promise<DecisionOutcome> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await visibleRow(trx, input.applicationId, session);
      await this.write(trx, row, 'comment', actor, now, { summary: format(t.comment, { text: input.text.slice(0, 60) }), note: input.text, details: {} });
      return this.outcome(trx, row.application_id, null);
    });
  }

  /** Bulk approval, step 1: the 待审核 applications of the filter within the caller's scope, behind a token. */
  async bulkPreview(filter: QueueFilter, session: SignedIn, actor: Actor, now: Date) {
    const where = { ...queueWhere(filter, session), statuses: ['pending'] };
    const repo = reposOf(this.deps.db).review;
    const rows = await repo.idsOf(where, BULK_MAX + 1);
    const items = rows.slice(0, BULK_MAX);
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + BULK_TTL_MS).toISOString();
    await repo.insertBulk({ token_hash: hashToken(token), staff_id: session.staffId, items: JSON.stringify(items.map((r) => [r.application_id, r.revision])), count: items.length, expires_at: expiresAt, used_at: null });
    await this.deps.audit.record(actor, 'decision.bulkPreview', null, { count: items.length, filter }, now);
    return {
      count: items.length,
      limited: rows.length > BULK_MAX,
      token,
      expiresAt,
      sample: items.slice(0, 5).map((r) => ({ applicationId: r.application_id, receiptNo: r.receipt_no, childName: r.child_name })),
    };
  }

  /** Step 2: approves the previewed applications still 待审核 at the previewed revision; the others are skipped. */
  async bulkApprove(input: { token: string; count: number }, session: SignedIn, actor: Actor, now: Date): Promise<{ approved: number; skipped: number }> {
    const hash = hashToken(input.token);
    const repo = reposOf(this.deps.db).review;
    const bulk = await repo.bulk(hash);
    if (!bulk || bulk.staff_id !== session.staffId || bulk.used_at !== null || bulk.expires_at <= now.toISOString()) throw problem(409, 'bulk_token_invalid', d.bulkInvalid);
    if (Number(bulk.count) !== input.count) throw problem(409, 'bulk_token_invalid', format(d.bulkCount, { count: input.count, expected: bulk.count }));
    if (!(await repo.useBulk(hash, now.toISOString()))) throw problem(409, 'bulk_token_invalid', d.bulkInvalid);
    const items = JSON.parse(bulk.items) as [string, number][];
    let approved = 0;
    for (let i = 0; i < items.length; i += 200) {
      approved += await this.deps.db.transaction().execute(async (trx) => {
        let n = 0;
        const rows = await reposOf(trx).review.queueRows(items.slice(i, i + 200).map(([id]) => id));
        for (const [id, revision] of items.slice(i, i + 200)) {
          const row = rows.get(id);
          if (!row || row.status !== 'pending' || Number(row.revision) !== revision) continue;
          await this.approveRow(trx, row, undefined, actor, now);
          n++;
        }
        return n;
      });
    }
    await this.deps.audit.record(actor, 'decision.bulkApprove', null, { approved, skipped: items.length - approved }, now);
    return { approved, skipped: items.length - approved };
  }

  /** Reason templates and the plan's defaults for the decision forms. */
  async templates(applicationId: string, session: SignedIn, now: Date) {
    const row = await visibleRow(this.deps.db, applicationId, session);
    const { plan } = await planFor(this.deps.db, row.plan_key);
    const day = (days: number) => chinaDayPlus(now, days);
    const texts = plan?.texts;
    return {
      rejectionReasons: Object.entries(consoleApiText.rejectionReasons).map(([id, text]) => ({ id, text })),
      appealRoute: texts?.appealRoute ?? '',
      appealDeadline: day(texts?.appealDeadlineDays ?? 15),
      supplementPlace: texts?.supplementPlace ?? '',
      supplementDeadline: day(texts?.supplementDeadlineDays ?? 7),
    };
  }
}
