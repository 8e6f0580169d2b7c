import { type Kysely } from 'kysely';
import { type QueueRow } from '../../../shared/console/queue';
import { applicationDraftSchema, enrollmentTypeSchema, gradeSchema } from '../../../shared/contract/application';
import { maskId } from '../../../shared/domain/mask';
import { type RecordSection, recordSections } from '../../../shared/record/sections';
import { format } from '../../../shared/i18n/zhCN';
import { consoleOpsText } from '../../../shared/i18n/zhCN.consoleOps';
import { type DuplicateRef } from '../../../shared/sync/protocol';
import { type Db, type Repos, reposOf } from '../../db/repos';
import { type Database } from '../../db/schema';
import { problem } from '../../http/problems';
import { type OpsActor, type OpsAudit, actorLabel } from './audit';
import { visibleIds } from './decisions';
import { statusFrom } from './lookup';
import { type SignedIn } from './session';
import { projectQueue } from './queueProjection';
import { latestPlan, schoolNames } from './plans';

// Duplicates in the console: applications for the same child (the desks' keyed hash of the ID number), at two
// counters or online and at a counter. A group is open while more than one of its applications is neither
// withdrawn nor voided; resolving it keeps one and withdraws the others (已撤回), and every counter involved gets a
// `duplicate` change carrying the resolution at its next pull. A later application for the same child opens the
// group again (its resolution is shown until it is resolved anew).

const t = consoleOpsText.duplicates;

export interface GroupMember {
  applicationId: string;
  receiptNo: string;
  counterCode: string;
  source: 'counter' | 'online';
  withdrawn: boolean;
  voided: boolean;
}

export interface DuplicateGroupCore {
  groupId: string;
  applications: GroupMember[];
  resolution: { keptApplicationId: string; reason: string; resolvedAt: string; resolvedBy: string } | null;
  open: boolean;
  /** Shown to a scoped viewer with only its applications in scope: the rest lie outside (never named, never counted). */
  outsideScope: boolean;
}

async function groupsOf(repos: Repos, groupIds: readonly string[]): Promise<DuplicateGroupCore[]> {
  if (groupIds.length === 0) return [];
  const members = await repos.applications.ofChildren(groupIds);
  const ids = members.map((m) => m.applicationId);
  const [withdrawn, resolutions, rows] = await Promise.all([
    repos.duplicates.withdrawalsOf(ids),
    repos.duplicates.resolutionsOf(groupIds),
    repos.applications.byIds(ids),
  ]);
  const withdrawnIds = new Set(withdrawn.map((w) => w.application_id));
  const voidedIds = new Set(rows.filter((r) => isVoided(r.record)).map((r) => r.id));
  return groupIds.map((groupId) => {
    const applications = members
      .filter((m) => m.childIdHash === groupId)
      .map(({ childIdHash: _h, ...m }) => ({ ...m, withdrawn: withdrawnIds.has(m.applicationId), voided: voidedIds.has(m.applicationId) }));
    const r = resolutions.find((x) => x.group_id === groupId);
    return {
      groupId,
      applications,
      resolution: r ? { keptApplicationId: r.kept_application_id, reason: r.reason, resolvedAt: r.resolved_at, resolvedBy: r.resolved_by } : null,
      open: applications.filter((a) => !a.withdrawn && !a.voided).length > 1,
      outsideScope: false,
    };
  });
}

/** Who asks: a scoped account (a reviewer's schools and types). */
export type GroupViewer = Pick<SignedIn, 'role' | 'scope'>;

/**
 * The group as the viewer may see it, or null when it may not. A group wholly in scope is shown as it is. A group
 * reaching outside the scope (the same child at a school or of a type the viewer does not handle) is shown only while
 * it is open and one of its applications in scope is still active: then the viewer must know that the child applied
 * elsewhere too and that a county-wide reviewer resolves it, and learns nothing else. It holds only the applications
 * in scope, `outsideScope` instead of the others (no school, receipt, status or number), and the resolution only when
 * it kept an application in scope. A group with nothing in scope is answered as one that does not exist.
 */
async function scopedView(db: Db, group: DuplicateGroupCore, viewer: GroupViewer | undefined): Promise<DuplicateGroupCore | null> {
  if (!viewer) return group;
  const visible = await visibleIds(db, group.applications.map((a) => a.applicationId), viewer);
  const mine = group.applications.filter((a) => visible.has(a.applicationId));
  if (mine.length === group.applications.length) return group;
  if (!group.open || !mine.some((a) => !a.withdrawn && !a.voided)) return null;
  const resolution = group.resolution && visible.has(group.resolution.keptApplicationId) ? group.resolution : null;
  return { ...group, applications: mine, resolution, outsideScope: true };
}

function isVoided(record: string): boolean {
  try {
    return !!(JSON.parse(record) as { voided?: unknown }).voided;
  } catch {
    return false;
  }
}

/** A page of groups (keyset on the group id), open, resolved or all; of a scoped viewer, as `scopedView` shows them. */
export async function listDuplicateGroups(
  db: Kysely<Database>,
  opts: { state: 'open' | 'resolved' | 'all'; after?: string | undefined; limit: number },
  viewer?: GroupViewer,
): Promise<{ groups: DuplicateGroupCore[]; nextCursor: string | null }> {
  const repos = reposOf(db);
  const out: DuplicateGroupCore[] = [];
  let after = opts.after ?? null;
  // Filtering by state happens after grouping: read pages until the page is full or the groups run out.
  for (;;) {
    const ids = await repos.applications.duplicateChildren(after, opts.limit * 2);
    const groups = await groupsOf(repos, ids);
    for (const g of groups) {
      after = g.groupId;
      const shown = opts.state === 'all' || (opts.state === 'open') === g.open ? await scopedView(db, g, viewer) : null;
      if (shown) out.push(shown);
      if (out.length === opts.limit) return { groups: out, nextCursor: g.groupId };
    }
    if (ids.length < opts.limit * 2) return { groups: out, nextCursor: null };
  }
}

/** One group as the viewer may see it (`scopedView`); one it may not see is answered as one that does not exist. */
export async function getDuplicateGroup(db: Kysely<Database>, groupId: string, viewer?: GroupViewer): Promise<DuplicateGroupCore> {
  const [group] = await groupsOf(reposOf(db), [groupId]);
  const shown = group && group.applications.length >= 2 ? await scopedView(db, group, viewer) : null;
  if (!shown) throw problem(404, 'not_found', t.noGroup);
  return shown;
}

/**
 * Keeps one application of the group and withdraws every other one not yet withdrawn, with the reason; tells
 * every counter involved (a `duplicate` change with the resolution) and records it in the audit, all in one
 * transaction. A group reaching outside a scoped viewer's scope is refused (403, resolved by an unscoped reviewer).
 */
export async function resolveDuplicateGroup(
  db: Kysely<Database>,
  input: { groupId: string; keepApplicationId: string; reason: string },
  actor: OpsActor,
  audit: OpsAudit,
  now: Date,
  viewer?: GroupViewer,
): Promise<DuplicateGroupCore> {
  const at = now.toISOString();
  const by = actorLabel(actor);
  await db.transaction().execute(async (trx) => {
    const repos = reposOf(trx);
    const [group] = await groupsOf(repos, [input.groupId]);
    const shown = group && group.applications.length >= 2 ? await scopedView(trx, group, viewer) : null;
    if (!group || !shown) throw problem(404, 'not_found', t.noGroup);
    if (shown.outsideScope) throw problem(403, 'forbidden', t.outsideScope);
    const kept = group.applications.find((a) => a.applicationId === input.keepApplicationId);
    if (!kept) throw problem(409, 'state_conflict', t.notInGroup);
    if (kept.withdrawn || kept.voided) throw problem(409, 'state_conflict', format(t.keptInactive, { receiptNo: kept.receiptNo }));
    await repos.duplicates.resolve({ group_id: group.groupId, kept_application_id: kept.applicationId, reason: input.reason, resolved_at: at, resolved_by: by });
    const withdrawnNow: string[] = [];
    for (const a of group.applications) {
      if (a.applicationId === kept.applicationId || a.withdrawn) continue;
      if (await repos.duplicates.withdraw({ application_id: a.applicationId, group_id: group.groupId, kept_application_id: kept.applicationId, reason: input.reason, withdrawn_at: at, withdrawn_by: by })) {
        withdrawnNow.push(a.applicationId);
      }
    }
    // The queue shows 已撤回 (and the group's duplicate flags) at once, not at the application's next change.
    await projectQueue(repos, group.applications.map((a) => a.applicationId));
    const refs: DuplicateRef[] = group.applications.map((a) => ({ applicationId: a.applicationId, receiptNo: a.receiptNo, counterCode: a.counterCode, source: a.source }));
    for (const a of group.applications) {
      if (a.source !== 'counter') continue;
      const withdrawn = a.applicationId !== kept.applicationId;
      await repos.changes.add(
        a.counterCode,
        {
          kind: 'duplicate',
          applicationId: a.applicationId,
          receiptNo: a.receiptNo,
          duplicates: refs.filter((r) => r.applicationId !== a.applicationId),
          detectedAt: at,
          resolution: { keptApplicationId: kept.applicationId, keptReceiptNo: kept.receiptNo, withdrawn, reason: input.reason, resolvedAt: at },
        },
        at,
      );
    }
    await audit.record(actor, 'duplicates.resolve', group.groupId, { kept: kept.applicationId, withdrawn: withdrawnNow, reason: input.reason }, now, trx);
  });
  return getDuplicateGroup(db, input.groupId, viewer);
}

interface RecordForRow {
  form?: {
    grade?: unknown;
    child?: { name?: string; idNumber?: string };
    school?: { schoolId?: string };
    typeDecision?: { chosen?: unknown };
    materials?: { state?: string }[];
  };
  submittedAt?: string;
  /** Online applications (simulated) carry only the name. */
  childName?: string;
}

/**
 * The group's applications as queue rows (the side-by-side view's header). Staff see full names; the ID number
 * is always masked here. Status from what this server holds (voided, withdrawn, the newest result).
 */
export async function groupRows(db: Kysely<Database>, group: DuplicateGroupCore): Promise<QueueRow[]> {
  const repos = reposOf(db);
  const ids = group.applications.map((a) => a.applicationId);
  const [rows, pages, names] = await Promise.all([repos.applications.byIds(ids), repos.applications.pageCounts(), schoolNames(db)]);
  const out: QueueRow[] = [];
  for (const member of group.applications) {
    const row = rows.find((r) => r.id === member.applicationId);
    if (!row) continue;
    const record = JSON.parse(row.record) as RecordForRow;
    const form = record.form ?? {};
    const latest = (await repos.reviewResults.of(row.id)).at(-1);
    const grade = gradeSchema.safeParse(form.grade).data ?? null;
    const type = enrollmentTypeSchema.safeParse(form.typeDecision?.chosen).data ?? null;
    const schoolId = form.school?.schoolId ?? null;
    out.push({
      applicationId: row.id,
      receiptNo: row.receipt_no,
      counterCode: row.counter_code,
      source: row.source,
      childName: form.child?.name ?? record.childName ?? '',
      idNumberMasked: maskId(form.child?.idNumber ?? ''),
      grade,
      schoolId,
      schoolName: schoolId ? (names.get(schoolId) ?? null) : null,
      type,
      status: statusFrom(member.voided, member.withdrawn, latest),
      duplicate: true,
      missingMaterials: (form.materials ?? []).filter((m) => m.state === 'missing').length + (latest?.outcome === 'needs_materials' ? latest.missingMaterials.length : 0),
      reentered: false,
      revision: Number(row.revision),
      pages: pages.get(row.id) ?? 0,
      submittedAt: record.submittedAt ?? null,
      receivedAt: row.created_at,
    });
  }
  return out;
}

/** Each application's record as labelled sections (the one mapping desks, console and printouts share). */
export async function groupRecords(db: Kysely<Database>, group: DuplicateGroupCore): Promise<{ applicationId: string; sections: RecordSection[] }[]> {
  const rows = await reposOf(db).applications.byIds(group.applications.map((a) => a.applicationId));
  const { plan } = await latestPlan(db);
  return group.applications.flatMap((m) => {
    const row = rows.find((r) => r.id === m.applicationId);
    if (!row) return [];
    const parsed = applicationDraftSchema.safeParse((JSON.parse(row.record) as { form?: unknown }).form ?? {});
    return [{ applicationId: m.applicationId, sections: recordSections(parsed.success ? parsed.data : {}, plan ?? undefined) }];
  });
}
