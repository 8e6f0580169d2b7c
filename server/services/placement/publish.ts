import { createHash } from 'node:crypto';
import { type Kysely } from 'kysely';
import { type LotteryOutcome, type ReviewOutcome, type ReviewResult, reviewResultSchema } from '../../../shared/contract/reviewResult';
import { format } from '../../../shared/i18n/zhCN';
import { placementServerText as T } from '../../../shared/i18n/zhCN.placementConsole';
import { rankedPools } from '../../../shared/lottery/bundle';
import { type ChildPlacement, type PlacementStatus } from '../../../shared/placement/types';
import { canonicalJson } from '../../../shared/sync/protocol';
import { type Database } from '../../db/schema';
import { reposOf } from '../../db/repos';
import { currentPlacement, schoolNames } from './current';
import { PlacementError } from './errors';

// Publication: every placed child's result goes to the desk that took the application, through the feed desks already
// pull (a `review_result` change), as 已录取 / 待调剂 / 已调剂 with the one-line explanation; a child whose place a draw
// decided carries its pool, key and rank (中签 / 未中签) and the bundle's digests, so the desk can show and print them.
// Publishing again sends only the results that changed. One transaction: all results or none.

export interface PublishInput {
  reportDate?: string | undefined;
  reportPlace?: string | undefined;
}

function outcomeOf(status: PlacementStatus): ReviewOutcome {
  switch (status) {
    case 'admitted':
      return 'admitted';
    case 'reassigned':
      return 'reassigned';
    case 'awaiting_reassignment':
    case 'awaiting_lottery':
      return 'awaiting_reassignment';
  }
}

/** What decides whether a result changed since the last publication (not its version, time or author). */
const essence = (r: Pick<ReviewResult, 'outcome' | 'schoolCode' | 'reasons' | 'reportDate' | 'reportPlace' | 'lottery'>) =>
  canonicalJson({ outcome: r.outcome, schoolCode: r.schoolCode, reasons: r.reasons, reportDate: r.reportDate, reportPlace: r.reportPlace, lottery: r.lottery ?? null });

export async function publishPlacement(db: Kysely<Database>, input: PublishInput, by: string, now: Date): Promise<{ results: number; sent: number; publishedAt: string }> {
  return db.transaction().execute(async (trx) => {
    const repos = reposOf(trx);
    const c = await currentPlacement(trx);
    if (!c.result.complete) throw new PlacementError('state_conflict', format(T.drawNeeded, { pools: c.result.pools.map((p) => p.name).join('、') }));
    if (c.lottery && c.lottery.status !== 'drawn' && c.lottery.status !== 'published') throw new PlacementError('state_conflict', T.noLottery);
    const names = schoolNames(c.plan);
    const ranked = c.bundle ? rankedPools(c.bundle) : null;
    const lotteryOf = (ch: ChildPlacement): LotteryOutcome | undefined => {
      if (!ch.lottery || !c.bundle || !ranked) return undefined;
      const pool = c.bundle.announcement.pools.find((p) => p.code === ch.lottery?.pool);
      const entry = ranked.get(ch.lottery.pool)?.find((r) => r.entry.receipts.includes(ch.receiptNo));
      if (!pool || !entry) return undefined;
      return {
        pool: pool.code,
        poolName: pool.name,
        rank: entry.rank,
        of: ranked.get(pool.code)?.length ?? ch.lottery.of,
        places: pool.places,
        won: ch.lottery.won,
        key: entry.key,
        seed: c.bundle.draw.seed,
        announcementDigest: c.bundle.announcement.digest,
        resultDigest: c.bundle.resultDigest,
      };
    };
    const publishedAt = now.toISOString();
    let sent = 0;
    const digestRows: string[] = [];
    for (const ch of c.result.children) {
      const app = c.data.byReceipt.get(ch.receiptNo);
      // Frozen into the draw but no longer approved (withdrawn, rejected on appeal): nothing to send.
      if (!app) continue;
      const outcome = outcomeOf(ch.status);
      const lottery = lotteryOf(ch);
      const schoolId = outcome === 'awaiting_reassignment' ? null : ch.schoolId;
      const next = {
        outcome,
        reasons: [ch.explanation],
        missingMaterials: [],
        schoolCode: schoolId,
        schoolName: schoolId ? (names.get(schoolId) ?? schoolId) : null,
        reportDate: schoolId ? (input.reportDate ?? null) : null,
        reportPlace: schoolId ? (input.reportPlace ?? null) : null,
        ...(lottery ? { lottery } : {}),
      };
      digestRows.push(canonicalJson({ receiptNo: ch.receiptNo, ...next }));
      const previous = JSON.parse(app.resultPayload) as ReviewResult;
      if (essence(previous) === essence(next)) continue;
      const result = reviewResultSchema.parse({ applicationId: app.applicationId, resultVersion: app.resultVersion + 1, decidedAt: publishedAt, decidedBy: by, ...next });
      await repos.reviewResults.insert(result);
      if (app.source === 'counter') await repos.changes.add(app.counterCode, { kind: 'review_result', receiptNo: ch.receiptNo, result }, publishedAt);
      sent += 1;
    }
    if (c.lottery?.status === 'drawn') await repos.lotteries.transition(c.lottery.id, 'drawn', { status: 'published' });
    await repos.placement.insertPublication({
      lottery_id: c.lottery?.id ?? null,
      plan_version: c.planVersion,
      results: digestRows.length,
      sent,
      digest: createHash('sha256').update(digestRows.join('\n')).digest('hex'),
      published_by: by,
      published_at: publishedAt,
    });
    return { results: digestRows.length, sent, publishedAt };
  });
}
