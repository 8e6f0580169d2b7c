import { type Kysely } from 'kysely';
import { type QueueStatus } from '../../../shared/console';
import { type ReviewResult } from '../../../shared/contract/reviewResult';
import { pinyinInitials } from '../../../shared/domain/pinyin';
import { type Repos, reposOf } from '../../db/repos';
import { type Database } from '../../db/schema';
import { chinaDay } from '../../../shared/chinaTime';

// The review queue as one narrow table (review_queue): each application's row is recomputed from its current
// revision, pages, duplicates, withdrawal, pending rejection and newest result whenever any of those changes
// (ingest, decisions, withdrawals, results), inside the same transaction. Status, in order: 已作废 (the desk voided
// it) > 已撤回 (withdrawn as a duplicate) > 待复核 (a rejection waits for a 复核人) > the newest result's outcome >
// 待审核. A review decision made on an older revision than the current one sends the application back to 待审核
// with `reentered` set.

/** The parts of a desk's record the queue uses (the record is { form, receiptNo, planKey, submittedAt, … }). */
interface DeskRecord {
  form?: {
    grade?: string;
    child?: { name?: string; idNumber?: string };
    school?: { schoolId?: string };
    typeDecision?: { chosen?: string };
    materials?: { itemId: string; state: string }[];
  };
  childName?: string;
  planKey?: string | null;
  submittedAt?: string | null;
  voided?: { reason?: string } | null;
}

export function parseRecord(record: string): DeskRecord {
  try {
    const v: unknown = JSON.parse(record);
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

const REVIEW_STATUSES = new Set<QueueStatus>(['approved', 'needs_materials', 'rejected', 'rejection_pending']);

const outcomeStatus = (outcome: ReviewResult['outcome']): QueueStatus => (outcome === 'under_review' ? 'pending' : outcome);

/** China time (UTC+8) day of an instant. */
export { chinaDay };

/** Recomputes the queue rows of these applications (and of their children's other applications: the duplicate flag). */
export async function projectQueue(repos: Repos, applicationIds: readonly string[]): Promise<void> {
  const ids = [...new Set(applicationIds)];
  for (let i = 0; i < ids.length; i += 400) await projectChunk(repos, ids.slice(i, i + 400), true);
}

async function projectChunk(repos: Repos, ids: string[], withSiblings: boolean): Promise<void> {
  const apps = await repos.review.applications(ids);
  if (!apps.length) return;
  const hashes = [...new Set(apps.map((a) => a.child_id_hash).filter((h): h is string => !!h))];
  const [facts, counts, existing, pending] = await Promise.all([
    repos.review.projectionFacts(ids),
    repos.review.childCounts(hashes),
    repos.review.queueRows(ids),
    repos.review.pendingRejections(ids),
  ]);
  const latest = new Map<string, ReviewResult>();
  for (const r of facts.results) latest.set(r.application_id, JSON.parse(r.payload) as ReviewResult);
  const rows = apps.map((a) => {
    const rec = parseRecord(a.record);
    const form = rec.form ?? {};
    const before = existing.get(a.id);
    const revision = Number(a.revision);
    const decided = before?.decided_revision ?? null;
    const result = latest.get(a.id);
    let status: QueueStatus = rec.voided
      ? 'voided'
      : facts.withdrawn.has(a.id)
        ? 'withdrawn'
        : pending.has(a.id)
          ? 'rejection_pending'
          : result
            ? outcomeStatus(result.outcome)
            : 'pending';
    const reentered = decided !== null && revision > Number(decided) && REVIEW_STATUSES.has(status);
    if (reentered) status = 'pending';
    const requested = status === 'needs_materials' ? (result?.missingMaterials ?? []) : [];
    const deskMissing = (form.materials ?? []).filter((m) => m.state === 'missing').map((m) => m.itemId);
    const name = form.child?.name ?? rec.childName ?? '';
    const idNumber = (form.child?.idNumber ?? '').toUpperCase().replace(/\s/g, '');
    return {
      application_id: a.id,
      receipt_no: a.receipt_no,
      receipt_key: a.receipt_no.replace(/-/g, '').toUpperCase(),
      counter_code: a.counter_code,
      source: a.source,
      child_name: name,
      name_initials: name ? pinyinInitials(name) : '',
      id_number: idNumber,
      grade: form.grade ?? null,
      school_id: form.school?.schoolId ?? null,
      type: form.typeDecision?.chosen ?? null,
      status,
      duplicate: a.child_id_hash && (counts.get(a.child_id_hash) ?? 0) > 1 ? 1 : 0,
      missing_materials: new Set([...deskMissing, ...requested]).size,
      requested: JSON.stringify(requested),
      reentered: reentered ? 1 : 0,
      revision,
      decided_revision: decided === null ? null : Number(decided),
      pages: facts.pages.get(a.id) ?? 0,
      plan_key: rec.planKey ?? null,
      submitted_at: rec.submittedAt ?? null,
      submitted_day: rec.submittedAt ? chinaDay(rec.submittedAt) : null,
      received_at: a.created_at,
    };
  });
  await repos.review.upsertQueue(rows);
  if (withSiblings && hashes.length) {
    const siblings = (await repos.review.idsOfChildren(hashes)).filter((id) => !ids.includes(id));
    for (let i = 0; i < siblings.length; i += 400) await projectChunk(repos, siblings.slice(i, i + 400), false);
  }
}

/** Records the revision a decision was made on (the projection then tells whether the desk changed it since). */
export async function markDecided(repos: Repos, applicationId: string, revision: number): Promise<void> {
  const row = (await repos.review.queueRows([applicationId])).get(applicationId);
  if (row) await repos.review.upsertQueue([{ ...row, decided_revision: revision, reentered: 0 }]);
}

/** Brings every application's queue row up to date (server start, after an upgrade); returns how many it wrote. */
export async function backfillQueue(db: Kysely<Database>): Promise<number> {
  let n = 0;
  for (;;) {
    const ids = await reposOf(db).review.staleIds(1000);
    if (!ids.length) return n;
    await db.transaction().execute((trx) => projectQueue(reposOf(trx), ids));
    n += ids.length;
  }
}
