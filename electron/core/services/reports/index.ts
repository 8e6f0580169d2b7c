// 工作台 counts, the 日报 / date-range report and the exports (A4 PDF, XLSX) of reports and of the application list.
import type { ApplicationSummary, CountRow, Report, TodayCounts } from '../../../../shared/contract';
import type { reportMethods } from '../../../../shared/contract/reports';
import { DeskError } from '../../../../shared/contract/result';
import { maskId, maskPhone } from '../../../../shared/domain/mask';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import type { CountyPlan } from '../../../../shared/plan/schema';
import { actor, type Ctx, type Handlers } from '../../context';
import { ReportRepo } from '../../db/repos/reportRepo';
import { dueRows } from '../followUps';
import { localDay, localDayStart } from '../../time';
import { summaryOf, textMatch } from '../applications';
import { backupStatus } from '../backup';
import { planOf } from '../plans';
import { readCounter } from '../system';
import { staffName } from '../staff';
import { renderPdf } from '../printing/render';
import { applicationsPdf, reportPdf } from './pdf';
import { applicationsWorkbook, reportWorkbook, XLSX_MIME } from './xlsx';

const t = zhCN.reports;
const L = zhCN.labels;
/** The most rows one export carries (a season at one counter is far fewer). */
export const EXPORT_MAX_ROWS = 50_000;
/** A PDF list beyond this is refused with advice to export XLSX instead (hundreds of A4 pages help nobody). */
export const PDF_MAX_ROWS = 3_000;

/** Parsed plans by key, for one call (a report names schools and materials of every plan its rows used). */
class Plans {
  private readonly cache = new Map<string, CountyPlan | null>();
  constructor(private readonly ctx: Ctx) {}
  get(key: string): CountyPlan | null {
    if (!this.cache.has(key)) {
      const row = this.ctx.repos.plans.byKey(key);
      this.cache.set(key, row ? planOf(row) : null);
    }
    return this.cache.get(key) ?? null;
  }
  active(): CountyPlan | null {
    const row = this.ctx.repos.plans.active();
    return row ? this.get(row.plan_key) : null;
  }
  schoolName(id: string | null): string {
    if (!id) return t.none;
    for (const plan of [this.active(), ...this.cache.values()]) {
      const s = plan?.schools.find((x) => x.id === id);
      if (s) return s.name;
    }
    return id;
  }
}

function rangeIso(from: string, to: string): { fromIso: string; toIso: string } {
  return { fromIso: localDayStart(from).toISOString(), toIso: localDayStart(to, 1).toISOString() };
}

/** Missing-material follow-ups that are due (deadline today or past): the due list's rule (followUps). */
export function followUpsDue(ctx: Ctx): number {
  return dueRows(ctx).filter((r) => r.daysLeft <= 0).length;
}

export function todayCounts(ctx: Ctx): TodayCounts {
  const now = ctx.ports.clock.now();
  const day = localDay(now);
  const { fromIso, toIso } = rangeIso(day, day);
  const repo = new ReportRepo(ctx.db);
  const backup = backupStatus(ctx);
  return {
    day,
    taken: repo.countSubmitted(fromIso, toIso),
    draftsWaiting: repo.countDrafts(),
    followUpsDue: followUpsDue(ctx),
    notUploaded: repo.countNotUploaded(),
    printFailed: repo.countPrintFailed(),
    lastBackupAt: backup.last?.at ?? null,
    backupStale: backup.stale,
    reenrollNeeded: backup.reenrollNeeded,
  };
}

const label = <K extends string>(names: Record<K, string>, key: string | null): string => (key && key in names ? names[key as K] : (key ?? t.none));

export function buildReport(ctx: Ctx, from: string, to: string): Report {
  const t0 = performance.now();
  const { fromIso, toIso } = rangeIso(from, to);
  const repo = new ReportRepo(ctx.db);
  const plans = new Plans(ctx);
  const counter = readCounter(ctx);
  const rows = (col: Parameters<ReportRepo['countBy']>[0], name: (k: string | null) => string, includeVoid = false): CountRow[] =>
    repo.countBy(col, fromIso, toIso, includeVoid).map((r) => ({ key: r.k ?? '', label: name(r.k), count: r.n }));
  const missing = dueRows(ctx, { fromIso, toIso })
    .sort((a, b) => a.receiptNo.localeCompare(b.receiptNo))
    .map((r) => ({ applicationId: r.applicationId, receiptNo: r.receiptNo, childName: r.childName, items: r.items, dueDay: r.deadline }));
  return {
    from,
    to,
    generatedAt: ctx.nowIso(),
    counterName: counter?.counterName ?? '',
    counterCode: counter?.counterCode ?? '',
    taken: repo.countSubmitted(fromIso, toIso),
    byType: rows('enrollment_type', (k) => label(L.enrollmentType, k)),
    bySchool: rows('school_id', (k) => plans.schoolName(k)),
    byGrade: rows('grade', (k) => label(L.grade, k)),
    byStatus: rows('status', (k) => label(L.status, k), true),
    byClerk: rows('submitted_by', (k) => (k ? staffName(ctx, k) : t.none)),
    sync: repo.syncCounts(fromIso, toIso),
    voided: repo.voided(fromIso, toIso).map((v) => ({ receiptNo: v.receipt_no, childName: v.child_name, reason: v.reason, at: v.at, by: v.actor_id ? staffName(ctx, v.actor_id) : v.actor_name, auditSeq: v.seq })),
    reprinted: repo.reprinted(fromIso, toIso).map((r) => ({
      receiptNo: r.receipt_no,
      childName: r.child_name,
      document: label(zhCN.printing.kinds, r.kind),
      reprintNo: r.reprint_no,
      reason: r.reason,
      at: r.at,
      by: staffName(ctx, r.by),
      auditSeq: r.seq ?? 0,
    })),
    missing,
    tookMs: performance.now() - t0,
  };
}

/** The rows of the application list under a filter, as staff see them (every match, not one page). */
function listRows(ctx: Ctx, filter: Parameters<Handlers['reports.exportApplications']>[0]['filter']): ApplicationSummary[] {
  const filters = {
    ...filter,
    fromIso: filter.from ? localDayStart(filter.from).toISOString() : undefined,
    toIso: filter.to ? localDayStart(filter.to, 1).toISOString() : undefined,
  };
  const { rows } = ctx.repos.applications.search(textMatch(filter.query), filters, 0, EXPORT_MAX_ROWS);
  return rows.map((r) => summaryOf(ctx, r));
}

export interface ListLine {
  receiptNo: string;
  childName: string;
  idNumber: string;
  birthDate: string;
  grade: string;
  school: string;
  type: string;
  status: string;
  sync: string;
  phones: string;
  submittedAt: string;
  by: string;
}

function listLines(ctx: Ctx, rows: ApplicationSummary[], fullNumbers: boolean): ListLine[] {
  const plans = new Plans(ctx);
  return rows.map((r) => ({
    receiptNo: r.receiptNo ?? t.draft,
    childName: r.childName ?? '',
    idNumber: r.childIdNumber ? (fullNumbers ? r.childIdNumber : maskId(r.childIdNumber)) : '',
    birthDate: r.childBirthDate ?? '',
    grade: label(L.grade, r.grade),
    school: plans.schoolName(r.schoolId),
    type: label(L.enrollmentType, r.enrollmentType),
    status: label(L.status, r.status),
    sync: label(L.syncState, r.syncState),
    phones: r.guardianPhones.map((p) => (fullNumbers ? p : maskPhone(p))).join(' '),
    submittedAt: r.submittedAt ?? r.updatedAt,
    by: r.createdByName ?? r.createdBy,
  }));
}

function stamp(ctx: Ctx): string {
  return ctx.nowIso().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
}

export const reportHandlers: Pick<Handlers, keyof typeof reportMethods> = {
  'reports.today': (_input, ctx) => todayCounts(ctx),

  'reports.summary': (input, ctx) => buildReport(ctx, input.from, input.to),

  'reports.export': async (input, ctx) => {
    const report = buildReport(ctx, input.from, input.to);
    const name = input.from === input.to ? format(t.fileDaily, { code: report.counterCode, day: input.from }) : format(t.fileRange, { code: report.counterCode, from: input.from, to: input.to });
    const bytes = input.format === 'xlsx' ? await reportWorkbook(report) : (await renderPdf(reportPdf(report))).pdf;
    const rows = report.voided.length + report.reprinted.length + report.missing.length;
    ctx.audit.append({ at: ctx.nowIso(), ...actor(ctx), action: 'report.exported', target: null, details: { from: input.from, to: input.to, format: input.format, taken: report.taken, rows } });
    return { fileName: `${name}.${input.format}`, mime: input.format === 'xlsx' ? XLSX_MIME : 'application/pdf', dataBase64: bytes.toString('base64'), rows };
  },

  'reports.exportApplications': async (input, ctx) => {
    const role = ctx.session?.role;
    if (input.fullNumbers && role !== 'supervisor' && role !== 'admin') throw new DeskError('FORBIDDEN');
    const rows = listRows(ctx, input.filter);
    if (input.format === 'pdf' && rows.length > PDF_MAX_ROWS) throw new DeskError('EXPORT_TOO_MANY_FOR_PDF', { rows: rows.length, max: PDF_MAX_ROWS });
    const lines = listLines(ctx, rows, input.fullNumbers);
    const counter = readCounter(ctx);
    const title = format(t.listTitle, { counter: counter?.counterName ?? '' });
    const bytes = input.format === 'xlsx' ? await applicationsWorkbook(title, lines) : (await renderPdf(applicationsPdf(title, ctx.nowIso(), lines, input.fullNumbers))).pdf;
    ctx.audit.append({
      at: ctx.nowIso(),
      ...actor(ctx),
      action: 'applications.exported',
      target: null,
      details: { filter: input.filter, format: input.format, rows: rows.length, fullNumbers: input.fullNumbers },
    });
    return { fileName: `${format(t.fileList, { code: counter?.counterCode ?? '' })}-${stamp(ctx)}.${input.format}`, mime: input.format === 'xlsx' ? XLSX_MIME : 'application/pdf', dataBase64: bytes.toString('base64'), rows: rows.length };
  },
};
