import { problem } from '../../http/problems';
import { TracingError, recordSchoolReportIn, schoolReportIns, getCase, listCases, matchCohort, monthlyReport, recordVisit, reportXlsx } from '../../services/tracing';
import { type ConsoleContext, type ConsoleHandlers, signedIn } from './define';

// tracing.*: 控辍保学 worklists per township, cases with visits and outcomes, the monthly report. Every view of
// the cases (personal data) and every change is audited.

const STATUS = { not_found: 404, state_conflict: 409, validation_failed: 422 } as const;

async function mapped<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e: unknown) {
    if (e instanceof TracingError) throw problem(STATUS[e.code], e.code, e.message);
    throw e;
  }
}

export function tracingHandlers(cctx: ConsoleContext): ConsoleHandlers {
  return {
    'tracing.match': (input, call) =>
      mapped(async () => {
        const r = await matchCohort(cctx.store, input.year, call.now);
        await cctx.audit.record(call.actor, 'tracing.matched', String(input.year), { ...r }, call.now);
        return r;
      }),
    'tracing.list': async (input, call) => {
      const r = await listCases(cctx.store, input.year, input.township, input.status);
      await cctx.audit.record(call.actor, 'tracing.viewed', input.township ?? null, { year: input.year, status: input.status, cases: r.cases.length }, call.now);
      return r;
    },
    'tracing.get': (input, call) =>
      mapped(async () => {
        const r = await getCase(cctx.store, input.caseId);
        await cctx.audit.record(call.actor, 'tracing.caseViewed', String(input.caseId), {}, call.now);
        return r;
      }),
    'tracing.visit': (input, call) =>
      mapped(async () => {
        const r = await recordVisit(cctx.store, input.caseId, input, call.actor.name ?? '', call.now);
        await cctx.audit.record(call.actor, 'tracing.visited', String(input.caseId), { visitedOn: input.visitedOn, outcome: input.outcome ?? null, status: r.case.status }, call.now);
        return r;
      }),
    'tracing.reportIn': (input, call) =>
      mapped(async () => {
        const session = signedIn(call);
        const schoolId = await recordSchoolReportIn(cctx.store, input.receiptNo, session.scope.schoolIds, input.reportedOn, session.displayName, call.now);
        await cctx.audit.record(call.actor, 'tracing.reportedIn', input.receiptNo, { schoolId, reportedOn: input.reportedOn }, call.now);
        return { done: true as const, schoolId };
      }),
    'tracing.reportIns': async (input, call) => {
      // Scoped on the server: a school user sees only the admissions of the schools on its account.
      const rows = await schoolReportIns(cctx.store, signedIn(call).scope.schoolIds, input.state);
      await cctx.audit.record(call.actor, 'tracing.reportInsViewed', null, { state: input.state, rows: rows.length }, call.now);
      return { rows };
    },
    'tracing.report': async (input, call) => {
      const rows = await monthlyReport(cctx.store, input.year, input.month);
      const file = await reportXlsx(input.year, input.month, rows);
      await cctx.audit.record(call.actor, 'tracing.reported', input.month, { year: input.year }, call.now);
      return { month: input.month, rows, fileName: file.fileName, xlsxBase64: file.bytes.toString('base64') };
    },
  };
}
