import { missingRequiredMaterials, materialsFor } from '../../../../shared/domain/applicationRules';
import { acceptsReassignment, type ApplicationDraft, type EnrollmentType } from '../../../../shared/contract/application';
import { DeskError } from '../../../../shared/contract/result';
import type { ReviewResult } from '../../../../shared/contract/reviewResult';
import { labels } from '../../../../shared/i18n/zhCN.labels';
import { printingText } from '../../../../shared/i18n/zhCN.printing';
import { countyFromPlan } from '../../../../shared/print/county';
import { chinaDay } from '../../../../shared/print/layout';
import type { DocumentKind, PrintApplication, PrintData, PrintMaterial, PrintSupplement } from '../../../../shared/print/types';
import type { CountyPlan } from '../../../../shared/plan/schema';
import type { Ctx } from '../../context';
import type { ApplicationRow } from '../../db/repos/applicationRepo';
import { planOf } from '../plans';
import { readCounter } from '../system';
import { staffName } from '../staff';
import { followUpOf, visitData } from '../followUps/supplement';
import { verificationCode } from '../../../../nodelib/verification';

// Gathers what a document prints from the application, its plan, the counter, scanned pages and the
// county's result. Every value is taken from stored data (never the clock), so the same data assembles
// to the same PrintData and renders to the same bytes; the one exception, the day of printing, only decides
// whether a promised date has passed, and the stored version changes only when that decision does.

const NOTICE_KINDS = new Set<DocumentKind>(['admissionNotice', 'reassignmentNotice', 'rejectionNotice', 'lotteryResult']);

export function isNotice(kind: DocumentKind): boolean {
  return NOTICE_KINDS.has(kind);
}

function materialsOf(draft: ApplicationDraft, plan: CountyPlan, pages: Map<string, number>): PrintMaterial[] {
  const type: EnrollmentType | undefined = draft.typeDecision?.chosen ?? draft.typeDecision?.derived;
  if (!type) return [];
  const marks = new Map((draft.materials ?? []).map((m) => [m.itemId, m.state]));
  const situation = { proxy: draft.proxy !== null && draft.proxy !== undefined, disability: draft.disability !== null && draft.disability !== undefined };
  const missing = new Set(missingRequiredMaterials(draft, plan).map((m) => m.id));
  const out: PrintMaterial[] = [];
  for (const item of materialsFor(type, plan, situation)) {
    const state = marks.get(item.id);
    if (state && state !== 'missing') out.push({ name: item.name, reason: item.reason, state, required: item.required, pages: pages.get(item.id) });
    else if (missing.has(item.id)) out.push({ name: item.name, reason: item.reason, state: 'missing', required: true });
  }
  return out;
}

export interface Assembled {
  data: PrintData;
  result: ReviewResult | null;
}

export function assemble(ctx: Ctx, row: ApplicationRow, kind: DocumentKind): Assembled {
  const documentName = printingText.kinds[kind];
  if (row.status === 'draft' || !row.receipt_no || !row.submitted_at) throw new DeskError('DOCUMENT_NEEDS_SUBMISSION', { document: documentName });
  if (row.status === 'void') throw new DeskError('DOCUMENT_NOT_APPLICABLE', { document: documentName, reason: printingText.reasons.voided });
  const planRow = ctx.repos.plans.byKey(row.plan_key);
  if (!planRow) throw new DeskError('PLAN_NOT_FOUND', { planKey: row.plan_key });
  const plan = planOf(planRow);
  const draft = JSON.parse(row.data) as ApplicationDraft;
  const counter = readCounter(ctx);
  const pages = new Map<string, number>();
  for (const p of ctx.repos.pages.listForApplication(row.id)) pages.set(p.materialKey, (pages.get(p.materialKey) ?? 0) + (p.pdfPages ?? 1));
  const school = plan.schools.find((s) => s.id === draft.school?.schoolId);
  const type = draft.typeDecision?.chosen ?? draft.typeDecision?.derived;
  const child = draft.child ?? {};
  const person = (p: { name?: string | undefined; relation?: string | undefined; idNumber?: string | undefined; mobile?: string | undefined }, relation: string) => ({
    name: p.name ?? '',
    relation,
    idNumber: p.idNumber ?? '',
    mobile: p.mobile ?? '',
  });
  const application: PrintApplication = {
    receiptNo: row.receipt_no,
    submittedAt: row.submitted_at,
    counterName: counter?.counterName ?? '',
    // submitted_by holds the staff member's username (older rows may hold the id).
    clerkName: row.submitted_by ? staffName(ctx, row.submitted_by) : '',
    child: {
      name: child.name ?? '',
      idType: child.idType ? labels.idType[child.idType] : '',
      idNumber: child.idNumber ?? '',
      birthDate: child.birthDate ?? '',
      sex: child.sex ? labels.sex[child.sex] : '',
    },
    grade: draft.grade ? labels.grade[draft.grade] : '',
    enrollmentType: type ? labels.enrollmentType[type] : '',
    schoolName: school?.name ?? '',
    guardians: (draft.guardians ?? []).map((g) => person(g, g.relation ? (g.relation === 'other_guardian' && g.relationNote ? g.relationNote : labels.relation[g.relation]) : '')),
    proxy: draft.proxy ? person(draft.proxy, draft.proxy.relation ?? '') : null,
    materials: materialsOf(draft, plan, pages),
    acceptsReassignment: acceptsReassignment(draft),
    siblingIds: (draft.siblings ?? []).flatMap((x) => (x.idNumber ? [x.idNumber] : [])),
    synced: row.sync_state === 'confirmed',
  };

  let result: ReviewResult | null = null;
  if (isNotice(kind)) {
    result = ctx.repos.reviewResults.latest(row.id);
    if (result && ctx.repos.reviewResults.latestApplied(row.id) === false) result = null;
  }
  let supplement: PrintSupplement | undefined;
  if (kind === 'supplementNotice' || kind === 'supplementReceipt') {
    // What is still owed after every return visit (shared/domain/followUp.ts): the county's request joins the
    // counter's list while any of its items is not yet brought, each with the plan's reason.
    const owed = followUpOf(ctx, row, plan);
    result = owed.countyRequest;
    const missing = (name: string, reason: string): PrintMaterial => ({ name, reason, state: 'missing', required: true });
    for (const item of owed.items.filter((i) => i.source === 'county')) {
      const existing = application.materials.find((m) => m.name === item.name);
      if (existing) existing.state = 'missing';
      else application.materials.push(missing(item.name, item.reason));
    }
    const last = owed.visits.at(-1);
    if (kind === 'supplementReceipt' && last) {
      const visit = visitData(last);
      const byName = (id: string) => plan.materials.find((m) => m.id === id);
      supplement = {
        at: last.at,
        clerkName: staffName(ctx, last.by),
        received: visit.items.map((i) => ({ name: byName(i.itemId)?.name ?? i.itemId, reason: byName(i.itemId)?.reason ?? '', state: i.state, required: true })),
        remaining: owed.items.map((i) => missing(i.name, i.reason)),
        deadline: owed.items.length ? owed.deadline : null,
        note: visit.note,
      };
    }
  }
  // The key the county checks this desk's codes with (sent to the server at enrollment).
  const key = ctx.keys.receipt;
  const code =
    isNotice(kind) && result
      ? verificationCode(key, 'notice', {
          receiptNo: row.receipt_no,
          childIdNumber: application.child.idNumber,
          resultVersion: result.resultVersion,
          outcome: result.outcome,
          schoolCode: result.schoolCode,
        })
      : verificationCode(key, 'receipt', {
          receiptNo: row.receipt_no,
          childName: application.child.name,
          childIdNumber: application.child.idNumber,
          schoolId: draft.school?.schoolId ?? '',
          submittedAt: row.submitted_at,
        });
  const issuedAt = isNotice(kind) && result ? result.decidedAt : row.submitted_at;
  // The day of printing decides which promised dates may still be printed (shared/print/promises.ts).
  const printedOn = chinaDay(ctx.nowIso());
  const data: PrintData = { county: countyFromPlan(plan), application, verificationCode: code, result: result ?? undefined, issuedAt, printedOn, ...(supplement ? { supplement } : {}) };
  return { data, result };
}
