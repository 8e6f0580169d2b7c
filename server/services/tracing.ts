import ExcelJS from 'exceljs';
import { type ReportInRow, type TracingCase, type TracingOutcome, type TracingReportRow, type TracingStage, type TracingVisit, closesCase, tracingOutcomeSchema } from '../../shared/console/tracing';
import { maskId } from '../../shared/domain/mask';
import { type DeptRow } from '../../shared/dept/sources';
import { format } from '../../shared/i18n/zhCN';
import { tracingText as T } from '../../shared/i18n/zhCN.tracing';
import { type Store } from '../db/open';
import { reposOf } from '../db/repos';
import { type TracingCaseRow } from '../db/repos/tracingRepo';
import { activeImports } from './deptImport';
import { chinaDay, chinaMonth } from '../../shared/chinaTime';

// Tracing (控辍保学): the imported school-age cohort matched against applications (by the keyed child ID hash the
// desks send), admissions and report-ins. A child is accounted for once reported in, or admitted with the report
// day still ahead; anyone else gets a case on the township's worklist. A case closes when a visit records an
// outcome (dropped out stays open until persuaded back) or when a later match finds the child reported in.

export class TracingError extends Error {
  constructor(
    readonly code: 'not_found' | 'state_conflict' | 'validation_failed',
    message: string,
  ) {
    super(message);
  }
}

/** What a case keeps of the cohort row (JSON in tracing_cases.child). */
interface CaseChild {
  name: string;
  idMasked: string;
  birthDate: string;
  sex: string | null;
  address: string | null;
  guardianName: string | null;
  guardianPhone: string | null;
  stage: TracingStage;
}

const PLACED = new Set(['admitted', 'reassigned']);

export interface MatchSummary {
  cohort: number;
  matched: number;
  opened: number;
  closed: number;
  open: number;
}

/** Match the year's cohort; opens cases for the unmatched, closes open cases of children now reported in. */
export async function matchCohort(store: Store, year: number, now: Date): Promise<MatchSummary> {
  const repos = reposOf(store.db);
  const cohortIds = activeImports(await repos.dept.listImports()).get('cohort') ?? [];
  if (cohortIds.length === 0) throw new TracingError('validation_failed', T.noCohort);
  const cohort = await repos.dept.recordsOf(cohortIds);
  const appsByChild = new Map<string, string[]>();
  for (const a of await repos.tracing.applicationChildren()) appsByChild.set(a.child_id_hash, [...(appsByChild.get(a.child_id_hash) ?? []), a.id]);
  const results = await repos.tracing.latestResults();
  const reported = await repos.tracing.reportedIn();
  const today = chinaDay(now);
  const at = now.toISOString();

  const stageOf = (hash: string | null): TracingStage | null => {
    const apps = hash ? (appsByChild.get(hash) ?? []) : [];
    if (apps.some((id) => reported.has(id))) return null;
    const placed = apps.map((id) => results.get(id)).filter((p): p is string => p !== undefined).map((p) => JSON.parse(p) as { outcome: string; reportDate: string | null });
    const admitted = placed.filter((r) => PLACED.has(r.outcome));
    // Admitted and the report day not yet past: accounted for until the school records 报到 (or the day passes).
    if (admitted.some((r) => r.reportDate === null || r.reportDate >= today)) return null;
    if (admitted.length > 0) return 'not_reported';
    return apps.length > 0 ? 'not_admitted' : 'no_application';
  };

  return store.db.transaction().execute(async (trx) => {
    const r = reposOf(trx);
    const existing = new Map((await r.tracing.cases(year)).map((c) => [c.person_hash, c]));
    const summary: MatchSummary = { cohort: 0, matched: 0, opened: 0, closed: 0, open: 0 };
    const seen = new Set<string>();
    for (const row of cohort) {
      const data = JSON.parse(row.data) as DeptRow;
      const hash = row.person_hash ?? `id:${data.idNumber}`;
      if (seen.has(hash)) continue;
      seen.add(hash);
      summary.cohort += 1;
      const stage = stageOf(row.person_hash);
      const known = existing.get(hash);
      if (stage === null) {
        summary.matched += 1;
        if (known?.status === 'open') {
          await r.tracing.setOutcome(known.id, 'enrolled', { at, by: T.matchedBy });
          summary.closed += 1;
        }
        continue;
      }
      const child: CaseChild = {
        name: data.name ?? '',
        idMasked: maskId(data.idNumber ?? ''),
        birthDate: data.birthDate ?? '',
        sex: data.sex ?? null,
        address: data.address ?? null,
        guardianName: data.guardianName ?? null,
        guardianPhone: data.guardianPhone ?? null,
        stage,
      };
      if (!known) {
        await r.tracing.openCase({ person_hash: hash, year, township: data.township ?? '', child: JSON.stringify(child), status: 'open', outcome: null, opened_at: at, closed_at: null, closed_by: null });
        summary.opened += 1;
        summary.open += 1;
      } else if (known.status === 'open') {
        await r.tracing.updateChild(known.id, JSON.stringify(child));
        summary.open += 1;
      }
    }
    return summary;
  });
}

function caseOf(row: TracingCaseRow, visits: number): TracingCase {
  const c = JSON.parse(row.child) as CaseChild;
  const outcome = row.outcome === null ? null : tracingOutcomeSchema.parse(row.outcome);
  return {
    id: row.id,
    year: Number(row.year),
    township: row.township,
    childName: c.name,
    idMasked: c.idMasked,
    birthDate: c.birthDate,
    sex: c.sex,
    address: c.address,
    guardianName: c.guardianName,
    guardianPhone: c.guardianPhone,
    stage: c.stage,
    status: row.status,
    outcome,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    closedBy: row.closed_by,
    visits,
  };
}

export async function listCases(store: Store, year: number, township: string | undefined, status: 'open' | 'closed' | 'all') {
  const repos = reposOf(store.db);
  const all = await repos.tracing.cases(year);
  const visits = new Map<number, number>();
  for (const v of await repos.tracing.visitsOfYear(year)) visits.set(v.case_id, (visits.get(v.case_id) ?? 0) + 1);
  const towns = new Map<string, { township: string; open: number; closed: number }>();
  for (const c of all) {
    const t = towns.get(c.township) ?? { township: c.township, open: 0, closed: 0 };
    t[c.status] += 1;
    towns.set(c.township, t);
  }
  const cases = all.filter((c) => (township === undefined || c.township === township) && (status === 'all' || c.status === status)).map((c) => caseOf(c, visits.get(c.id) ?? 0));
  return { townships: [...towns.values()].sort((a, b) => a.township.localeCompare(b.township, 'zh-CN')), cases };
}

export async function getCase(store: Store, id: number): Promise<{ case: TracingCase; visits: TracingVisit[] }> {
  const repos = reposOf(store.db);
  const row = await repos.tracing.case(id);
  if (!row) throw new TracingError('not_found', format(T.noSuchCase, { id }));
  const visits = (await repos.tracing.visits(id)).map(
    (v): TracingVisit => ({ id: v.id, visitedOn: v.visited_on, note: v.note, outcome: v.outcome === null ? null : tracingOutcomeSchema.parse(v.outcome), recordedBy: v.recorded_by, recordedAt: v.recorded_at }),
  );
  return { case: caseOf(row, visits.length), visits };
}

/** A visit, and with an outcome the case's outcome (closing it unless dropped out). */
export async function recordVisit(store: Store, id: number, visit: { visitedOn: string; note: string; outcome?: TracingOutcome | undefined }, by: string, now: Date) {
  await store.db.transaction().execute(async (trx) => {
    const r = reposOf(trx);
    const row = await r.tracing.case(id);
    if (!row) throw new TracingError('not_found', format(T.noSuchCase, { id }));
    if (row.status === 'closed') throw new TracingError('state_conflict', format(T.closedCase, { id, outcome: row.outcome ? T.outcome[tracingOutcomeSchema.parse(row.outcome)] : '' }));
    const at = now.toISOString();
    await r.tracing.addVisit({ case_id: id, visited_on: visit.visitedOn, note: visit.note, outcome: visit.outcome ?? null, recorded_by: by, recorded_at: at });
    if (visit.outcome) await r.tracing.setOutcome(id, visit.outcome, closesCase(visit.outcome) ? { at, by } : null);
  });
  return getCase(store, id);
}

/** The month's figures by township (`month` YYYY-MM; times compared in China time, UTC+8). */
export async function monthlyReport(store: Store, year: number, month: string): Promise<TracingReportRow[]> {
  const repos = reposOf(store.db);
  const cases = await repos.tracing.cases(year);
  const visits = await repos.tracing.visitsOfYear(year);
  const day = (iso: string) => chinaMonth(iso);
  const rows = new Map<string, TracingReportRow>();
  const rowOf = (township: string) => {
    let r = rows.get(township);
    if (!r) {
      r = { township, total: 0, openAtEnd: 0, openedInMonth: 0, closedInMonth: 0, visitsInMonth: 0, closedByOutcome: {} };
      rows.set(township, r);
    }
    return r;
  };
  const townOf = new Map<number, string>();
  for (const c of cases) {
    townOf.set(c.id, c.township);
    const opened = day(c.opened_at);
    if (opened > month) continue;
    const r = rowOf(c.township);
    r.total += 1;
    if (opened === month) r.openedInMonth += 1;
    const closed = c.closed_at ? day(c.closed_at) : null;
    if (closed === null || closed > month) r.openAtEnd += 1;
    if (closed === month && c.outcome) {
      r.closedInMonth += 1;
      const o = tracingOutcomeSchema.parse(c.outcome);
      r.closedByOutcome[o] = (r.closedByOutcome[o] ?? 0) + 1;
    }
  }
  for (const v of visits) if (v.visited_on.slice(0, 7) === month) rowOf(townOf.get(v.case_id) ?? '').visitsInMonth += 1;
  return [...rows.values()].sort((a, b) => a.township.localeCompare(b.township, 'zh-CN'));
}

export async function reportXlsx(year: number, month: string, rows: readonly TracingReportRow[]): Promise<{ fileName: string; bytes: Buffer }> {
  const outcomes = tracingOutcomeSchema.options;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(T.report.sheet);
  ws.addRow([format(T.report.title, { year, month })]).font = { bold: true, size: 14 };
  ws.addRow([T.report.note]);
  ws.addRow([...T.report.columns, ...outcomes.map((o) => `${T.outcome[o]}`)]).font = { bold: true };
  const line = (r: TracingReportRow) => [r.township, r.total, r.openAtEnd, r.openedInMonth, r.closedInMonth, r.visitsInMonth, ...outcomes.map((o) => r.closedByOutcome[o] ?? 0)];
  for (const r of rows) ws.addRow(line(r));
  const sum = (f: (r: TracingReportRow) => number) => rows.reduce((n, r) => n + f(r), 0);
  ws.addRow([T.report.total, sum((r) => r.total), sum((r) => r.openAtEnd), sum((r) => r.openedInMonth), sum((r) => r.closedInMonth), sum((r) => r.visitsInMonth), ...outcomes.map((o) => sum((r) => r.closedByOutcome[o] ?? 0))]).font = {
    bold: true,
  };
  ws.getColumn(1).width = 16;
  return { fileName: format(T.report.fileName, { month }), bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}

/** 报到: the child came to the school (recorded by the school; until its console page exists, by the CLI). */
export async function recordReportIn(store: Store, receiptNo: string, schoolId: string, reportedOn: string, by: string, now: Date): Promise<boolean> {
  const repos = reposOf(store.db);
  const app = await repos.tracing.applicationByReceipt(receiptNo);
  if (!app) return false;
  await repos.tracing.addReportIn({ application_id: app, school_id: schoolId, reported_on: reportedOn, recorded_by: by, recorded_at: now.toISOString() });
  return true;
}

/**
 * The 报到 list of a school user: every child whose newest result places it at one of `schoolIds` (admitted or
 * reassigned there), with the report-in when recorded, in receipt order.
 */
export async function schoolReportIns(store: Store, schoolIds: readonly string[], state: 'pending' | 'reported' | 'all'): Promise<ReportInRow[]> {
  const repos = reposOf(store.db);
  const placed = new Map<string, { outcome: 'admitted' | 'reassigned'; schoolCode: string; schoolName: string | null; reportDate: string | null; reportPlace: string | null }>();
  for (const [app, payload] of await repos.tracing.latestResults()) {
    const r = JSON.parse(payload) as { outcome: string; schoolCode?: string | null; schoolName?: string | null; reportDate?: string | null; reportPlace?: string | null };
    if ((r.outcome === 'admitted' || r.outcome === 'reassigned') && r.schoolCode && schoolIds.includes(r.schoolCode)) {
      placed.set(app, { outcome: r.outcome, schoolCode: r.schoolCode, schoolName: r.schoolName ?? null, reportDate: r.reportDate ?? null, reportPlace: r.reportPlace ?? null });
    }
  }
  const rows = await repos.tracing.reportInsOf([...placed.keys()]);
  return rows
    .filter((r) => state === 'all' || (state === 'reported') === (r.reported_on !== null))
    .map((r) => ({
      applicationId: r.id,
      receiptNo: r.receipt_no,
      childName: r.child_name ?? '',
      idNumberMasked: maskId(r.id_number ?? ''),
      ...placed.get(r.id)!,
      reportedOn: r.reported_on,
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at,
    }))
    .sort((a, b) => (a.receiptNo < b.receiptNo ? -1 : a.receiptNo > b.receiptNo ? 1 : 0));
}

/** 报到 recorded by a school user: only for a child admitted to one of the account's schools (newest result). */
export async function recordSchoolReportIn(store: Store, receiptNo: string, schoolIds: readonly string[], reportedOn: string, by: string, now: Date): Promise<string> {
  const repos = reposOf(store.db);
  const app = await repos.tracing.applicationByReceipt(receiptNo);
  const payload = app ? (await repos.tracing.latestResults()).get(app) : undefined;
  const result = payload ? (JSON.parse(payload) as { outcome: string; schoolCode: string | null }) : null;
  if (!app || !result || !PLACED.has(result.outcome) || result.schoolCode === null || !schoolIds.includes(result.schoolCode)) {
    throw new TracingError('not_found', format(T.notOurAdmission, { receiptNo }));
  }
  await repos.tracing.addReportIn({ application_id: app, school_id: result.schoolCode, reported_on: reportedOn, recorded_by: by, recorded_at: now.toISOString() });
  return result.schoolCode;
}
