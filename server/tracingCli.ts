import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { tracingOutcomeSchema } from '../shared/console/tracing';
import { format } from '../shared/i18n/zhCN';
import { tracingText as T } from '../shared/i18n/zhCN.tracing';
import { type Store } from './db/open';
import { recordReportIn, getCase, listCases, matchCohort, monthlyReport, recordVisit, reportXlsx } from './services/tracing';
import { chinaMonth } from '../shared/chinaTime';

// `npm run server -- tracing …`: 控辍保学 from the command line (the console's tracing.* endpoints call the same services).

const c = T.cli;

export async function runTracingCli(verb: string, rest: string[], store: Store, now: Date, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { school: { type: 'string' }, year: { type: 'string' }, township: { type: 'string' }, date: { type: 'string' }, note: { type: 'string' }, outcome: { type: 'string' }, month: { type: 'string' }, xlsx: { type: 'string' }, by: { type: 'string' } },
  });
  const year = Number(values.year ?? now.getUTCFullYear());
  switch (verb) {
    case 'match': {
      const r = await matchCohort(store, year, now);
      out(format(c.matched, { year, ...r }));
      return 0;
    }
    case 'list': {
      const r = await listCases(store, year, values.township, 'open');
      for (const t of r.townships) out(format(c.township, t));
      for (const k of r.cases) out(format(c.caseLine, { id: k.id, township: k.township, name: k.childName, id6: k.idMasked, stage: T.stage[k.stage], guardian: k.guardianName ?? '', phone: k.guardianPhone ?? '', visits: k.visits }));
      return 0;
    }
    case 'visit': {
      const outcome = values.outcome === undefined ? undefined : tracingOutcomeSchema.safeParse(values.outcome);
      if (outcome && !outcome.success) {
        err(format(c.badOutcome, { outcomes: tracingOutcomeSchema.options.join(' | ') }));
        return 1;
      }
      if (!values.date || !values.note) {
        err(c.visitArgs);
        return 1;
      }
      const r = await recordVisit(store, Number(positionals[0]), { visitedOn: values.date, note: values.note, outcome: outcome?.data }, values.by ?? process.env.USER ?? 'cli', now);
      out(format(c.visited, { id: r.case.id, status: T.status[r.case.status], outcome: r.case.outcome ? T.outcome[r.case.outcome] : '—' }));
      return 0;
    }
    case 'show': {
      const r = await getCase(store, Number(positionals[0]));
      out(format(c.caseLine, { id: r.case.id, township: r.case.township, name: r.case.childName, id6: r.case.idMasked, stage: T.stage[r.case.stage], guardian: r.case.guardianName ?? '', phone: r.case.guardianPhone ?? '', visits: r.case.visits }));
      for (const v of r.visits) out(format(c.visitLine, { on: v.visitedOn, note: v.note, outcome: v.outcome ? T.outcome[v.outcome] : '', by: v.recordedBy }));
      return 0;
    }
    case 'report': {
      const month = values.month ?? chinaMonth(now);
      const rows = await monthlyReport(store, year, month);
      for (const r of rows) out(format(c.reportLine, { township: r.township, total: r.total, openAtEnd: r.openAtEnd, openedInMonth: r.openedInMonth, closedInMonth: r.closedInMonth, visitsInMonth: r.visitsInMonth }));
      if (values.xlsx) {
        writeFileSync(values.xlsx, (await reportXlsx(year, month, rows)).bytes);
        out(format(c.wrote, { file: values.xlsx }));
      }
      return 0;
    }
    case 'report-in': {
      const receiptNo = positionals[0];
      if (!receiptNo || !values.school || !values.date) {
        err(c.reportInArgs);
        return 1;
      }
      const ok = await recordReportIn(store, receiptNo, values.school, values.date, values.by ?? process.env.USER ?? 'cli', now);
      if (!ok) {
        err(format(c.noApplication, { receiptNo }));
        return 1;
      }
      out(format(c.reportedIn, { receiptNo, date: values.date, school: values.school }));
      return 0;
    }
    default:
      err(c.usage);
      return 1;
  }
}
