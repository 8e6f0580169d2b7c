// 补充材料 return visits (issue 15): find the application from its receipt or notice, list what it still owes, record
// what the family brought as a new revision, and the due list behind the 工作台 count.
import { createHash } from 'node:crypto';
import type { ApplicationDraft, ReviewResult } from '../../../../shared/contract';
import type { DueRow, FollowUp } from '../../../../shared/contract/followUps';
import { DeskError } from '../../../../shared/contract/result';
import { FOLLOW_UP_STATUSES, daysLeft, followUpState, withBrought, type FollowUpState, type VisitView } from '../../../../shared/domain/followUp';
import { parseReceiptNumber } from '../../../../shared/domain/receiptNumber';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import { statusLabel } from '../../../../shared/i18n/zhCN.labels';
import type { CountyPlan } from '../../../../shared/plan/schema';
import { chinaDay } from '../../../../shared/print/layout';
import { parseReceiptQr } from '../../../../shared/print/qr';
import { normaliseCode } from '../../../../nodelib/verification';
import { actor, type Ctx, type Handlers } from '../../context';
import type { ApplicationRow } from '../../db/repos/applicationRepo';
import { FollowUpRepo, type VisitRow } from '../../db/repos/followUpRepo';
import { derivedColumns } from '../applications';
import { planOf } from '../plans';
import { staffName } from '../staff';

const t = zhCN.followUps;

export function followUpRepo(ctx: Ctx): FollowUpRepo {
  return new FollowUpRepo(ctx.db);
}

interface VisitData {
  items: { itemId: string; state: 'original_seen' | 'copy_kept' }[];
  note: string | null;
}

export function visitData(v: VisitRow): VisitData {
  return JSON.parse(v.items) as VisitData;
}

const visitView = (v: VisitRow): VisitView => ({ resultVersion: v.result_version, itemIds: visitData(v).items.map((i) => i.itemId) });

/** The newest county result applied here (a result held back as a conflict asks for nothing yet). */
export function appliedResult(ctx: Ctx, applicationId: string): ReviewResult | null {
  const r = ctx.repos.reviewResults.latest(applicationId);
  return r && ctx.repos.reviewResults.latestApplied(applicationId) !== false ? r : null;
}

export function planFor(ctx: Ctx, row: Pick<ApplicationRow, 'plan_key'>): CountyPlan {
  const planRow = ctx.repos.plans.byKey(row.plan_key);
  if (!planRow) throw new DeskError('PLAN_NOT_FOUND', { planKey: row.plan_key });
  return planOf(planRow);
}

/** What the application owes now (the rule in shared/domain/followUp.ts over stored data). */
export function followUpOf(ctx: Ctx, row: ApplicationRow, plan: CountyPlan = planFor(ctx, row)): FollowUpState & { visits: VisitRow[] } {
  const visits = followUpRepo(ctx).visits(row.id);
  const draft = JSON.parse(row.data) as ApplicationDraft;
  return { ...followUpState(draft, plan, row.submitted_at ?? row.created_at, appliedResult(ctx, row.id), visits.map(visitView)), visits };
}

function mustFind(ctx: Ctx, id: string): ApplicationRow {
  const row = ctx.repos.applications.byId(id);
  if (!row || !row.receipt_no) throw new DeskError('APPLICATION_NOT_FOUND');
  return row;
}

const isOpen = (status: string) => (FOLLOW_UP_STATUSES as readonly string[]).includes(status);

function phonesOf(draft: ApplicationDraft): string[] {
  return [...(draft.guardians ?? []).map((g) => g.mobile ?? ''), draft.proxy?.mobile ?? ''].filter((p) => p.trim() !== '');
}

export const supplementHandlers: Pick<Handlers, 'followUps.find' | 'followUps.get' | 'followUps.record' | 'followUps.due'> = {
  'followUps.find': (input, ctx) => {
    const qr = parseReceiptQr(input.code.trim());
    const typed = qr ? qr.receiptNo : input.code;
    const parsed = parseReceiptNumber(typed);
    if (!parsed.ok) throw new DeskError('FOLLOWUP_CODE_UNREADABLE', { code: input.code.slice(0, 40) });
    const receiptNo = parsed.value.receiptNumber;
    const found = followUpRepo(ctx).byReceiptCompact(receiptNo.replace(/-/g, ''));
    if (!found) throw new DeskError('FOLLOWUP_NOT_FOUND', { receiptNo });
    // A QR code carries the verification code of the paper it is on: it must be one this desk printed.
    if (qr && !followUpRepo(ctx).printedCode(found.id, normaliseCode(qr.verificationCode))) throw new DeskError('FOLLOWUP_CODE_MISMATCH', { receiptNo });
    return { applicationId: found.id, receiptNo: found.receipt_no };
  },

  'followUps.get': (input, ctx) => {
    const row = mustFind(ctx, input.id);
    const plan = planFor(ctx, row);
    const state = followUpOf(ctx, row, plan);
    const pages = new Map<string, number>();
    for (const p of ctx.repos.pages.listForApplication(row.id)) pages.set(p.materialKey, (pages.get(p.materialKey) ?? 0) + (p.pdfPages ?? 1));
    const name = (id: string) => plan.materials.find((m) => m.id === id)?.name ?? id;
    const today = chinaDay(ctx.nowIso());
    const owes = isOpen(row.status);
    const out: FollowUp = {
      applicationId: row.id,
      receiptNo: row.receipt_no ?? '',
      childName: row.child_name ?? '',
      status: row.status,
      items: owes ? state.items.map((i) => ({ ...i, pages: pages.get(i.itemId) ?? 0 })) : [],
      deadline: owes ? state.deadline : null,
      daysLeft: owes && state.deadline ? daysLeft(state.deadline, today) : null,
      countyReasons: owes ? (state.countyRequest?.reasons ?? []) : [],
      visits: state.visits.map((v) => {
        const d = visitData(v);
        return {
          at: v.at,
          by: staffName(ctx, v.by),
          revision: v.revision,
          items: d.items.map((i) => ({ itemId: i.itemId, name: name(i.itemId), state: i.state })),
          remaining: (JSON.parse(v.remaining) as string[]).map(name),
          note: d.note,
        };
      }),
    };
    return out;
  },

  'followUps.record': (input, ctx) => {
    const row = mustFind(ctx, input.id);
    if (!isOpen(row.status)) throw new DeskError('FOLLOWUP_NOT_OPEN', { status: statusLabel(row.status) });
    const plan = planFor(ctx, row);
    const before = followUpOf(ctx, row, plan);
    if (before.items.length === 0 && !before.countyRequest) throw new DeskError('FOLLOWUP_NOTHING_OWED');
    for (const b of input.items) {
      if (!before.items.some((i) => i.itemId === b.itemId)) throw new DeskError('FOLLOWUP_ITEM_NOT_OWED', { item: plan.materials.find((m) => m.id === b.itemId)?.name ?? b.itemId });
    }
    const note = input.note?.trim() || null;
    if (input.items.length === 0 && !(note && before.countyRequest)) throw new DeskError('FOLLOWUP_NOTHING_BROUGHT');
    const draft = withBrought(JSON.parse(row.data) as ApplicationDraft, input.items);
    const resultVersion = before.countyRequest?.resultVersion ?? null;
    const view: VisitView = { resultVersion, itemIds: input.items.map((i) => i.itemId) };
    const after = followUpState(draft, plan, row.submitted_at ?? row.created_at, appliedResult(ctx, row.id), [...before.visits.map(visitView), view]);
    const nowIso = ctx.nowIso();
    const by = ctx.session?.username ?? '';
    const json = JSON.stringify(draft);
    const revision = row.revision + 1;
    const names = input.items.map((i) => plan.materials.find((m) => m.id === i.itemId)?.name ?? i.itemId);
    const reason = names.length ? format(t.revisionReason, { items: names.join('、') }) : format(t.revisionReasonNote, { note: note ?? '' });
    ctx.db.transaction(() => {
      // The marks change in a new revision like any correction; sync queues it (enqueueNewRevisions) and the county's
      // queue re-enters the application for review.
      ctx.repos.applications.updateData(row.id, json, derivedColumns(ctx, draft), nowIso, by);
      ctx.repos.applications.bumpRevision(row.id, revision, row.plan_key);
      ctx.repos.applications.insertRevision({ application_id: row.id, revision, data: json, sha256: createHash('sha256').update(json).digest('hex'), created_at: nowIso, created_by: by, reason: reason.slice(0, 200), kind: 'form' });
      followUpRepo(ctx).insertVisit({
        id: ctx.ports.ids.uuid(),
        application_id: row.id,
        revision,
        result_version: resultVersion,
        items: JSON.stringify({ items: input.items, note } satisfies VisitData),
        remaining: JSON.stringify(after.items.map((i) => i.itemId)),
        at: nowIso,
        by,
      });
      ctx.audit.append({
        at: nowIso,
        ...actor(ctx),
        action: 'application.supplemented',
        target: row.id,
        details: { revision, receiptNo: row.receipt_no, brought: input.items, remaining: after.items.map((i) => i.itemId), resultVersion, note },
      });
    }).immediate();
    ctx.emit('applications.changed', { ids: [row.id] });
    const closed = after.items.length === 0 && !after.countyRequest;
    return { revision, remaining: after.items.length, document: closed ? ('supplementReceipt' as const) : ('supplementNotice' as const) };
  },

  'followUps.due': (_input, ctx) => dueRows(ctx),
};

/** The plan each application was taken under, read once per key (null where the desk no longer holds it). */
export function planLookup(ctx: Ctx): (key: string) => CountyPlan | null {
  const plans = new Map<string, CountyPlan | null>();
  return (key) => {
    if (!plans.has(key)) {
      const r = ctx.repos.plans.byKey(key);
      plans.set(key, r ? planOf(r) : null);
    }
    return plans.get(key) ?? null;
  };
}

/** Open applications owing materials: overdue first (most overdue at the top), then by deadline. */
export function dueRows(ctx: Ctx, range: { fromIso: string; toIso: string } | null = null): DueRow[] {
  const repo = followUpRepo(ctx);
  const candidates = repo.candidates(range?.fromIso ?? null, range?.toIso ?? null);
  const visits = new Map<string, VisitView[]>();
  for (const v of repo.visitsOf(candidates.map((c) => c.id))) visits.set(v.application_id, [...(visits.get(v.application_id) ?? []), visitView(v)]);
  const plan = planLookup(ctx);
  const today = chinaDay(ctx.nowIso());
  const rows: DueRow[] = [];
  for (const c of candidates) {
    const p = plan(c.plan_key);
    if (!p) continue;
    const draft = JSON.parse(c.data) as ApplicationDraft;
    const result = c.status === 'needs_materials' ? appliedResult(ctx, c.id) : null;
    const s = followUpState(draft, p, c.submitted_at, result, visits.get(c.id) ?? []);
    if (!s.deadline) continue;
    rows.push({
      applicationId: c.id,
      receiptNo: c.receipt_no,
      childName: c.child_name ?? '',
      phones: phonesOf(draft),
      items: s.items.map((i) => i.name),
      county: s.countyRequest !== null,
      deadline: s.deadline,
      daysLeft: daysLeft(s.deadline, today),
    });
  }
  return rows.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.receiptNo.localeCompare(b.receiptNo));
}
