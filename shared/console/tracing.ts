import { z } from 'zod';
import { endpoint, isoDay, isoTime } from './define';
import { int32 } from '../contract/fields';
import { consoleContractText } from '../i18n/zhCN.consoleContract';

// Tracing school-age children who did not enrol (控辍保学; COUNTY.md "Tracing"). After placement the county matches
// the imported school-age cohort (公安 适龄儿童名单) against applications, admissions and report-ins (报到); each
// unmatched child is a case on its township's worklist, visited until an outcome closes it (动态销号), and
// counted in a monthly report by township. Cases hold personal data: only the bureau's administrators work them;
// the report (counts only) is readable by viewers too.

/** Why a child of the cohort is on the worklist (as of the last match). */
export const tracingStageSchema = z.enum([
  'no_application', // 未报名
  'not_admitted', // 已报名未录取
  'not_reported', // 已录取，报到日已过仍未报到
]);
export type TracingStage = z.infer<typeof tracingStageSchema>;

/**
 * What a visit found. Every outcome but `dropped_out` closes the case; `dropped_out` keeps it open until the
 * child is persuaded back (`persuaded_back`). `enrolled` is set by a later match that finds the child reported in.
 */
export const tracingOutcomeSchema = z.enum(['moved_away', 'studying_elsewhere', 'home_teaching', 'deferred', 'dropped_out', 'persuaded_back', 'enrolled']);
export type TracingOutcome = z.infer<typeof tracingOutcomeSchema>;

export const closesCase = (o: TracingOutcome): boolean => o !== 'dropped_out';

export const tracingCaseSchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  township: z.string(),
  childName: z.string(),
  /** 3799****0030: the full number stays in the department data. */
  idMasked: z.string(),
  birthDate: z.string(),
  sex: z.string().nullable(),
  address: z.string().nullable(),
  guardianName: z.string().nullable(),
  guardianPhone: z.string().nullable(),
  stage: tracingStageSchema,
  status: z.enum(['open', 'closed']),
  outcome: tracingOutcomeSchema.nullable(),
  openedAt: isoTime,
  closedAt: isoTime.nullable(),
  closedBy: z.string().nullable(),
  visits: z.number().int(),
});
export type TracingCase = z.infer<typeof tracingCaseSchema>;

export const tracingVisitSchema = z.object({
  id: z.number().int(),
  visitedOn: isoDay,
  note: z.string(),
  outcome: tracingOutcomeSchema.nullable(),
  recordedBy: z.string(),
  recordedAt: isoTime,
});
export type TracingVisit = z.infer<typeof tracingVisitSchema>;

export const tracingReportRowSchema = z.object({
  township: z.string(),
  /** Cases opened in the year so far / open at the month's end. */
  total: z.number().int(),
  openAtEnd: z.number().int(),
  openedInMonth: z.number().int(),
  closedInMonth: z.number().int(),
  visitsInMonth: z.number().int(),
  /** Cases closed in the month, by outcome. */
  closedByOutcome: z.partialRecord(tracingOutcomeSchema, z.number().int()),
});
export type TracingReportRow = z.infer<typeof tracingReportRowSchema>;

/** A child admitted (or reassigned) to one of the school user's schools, with its 报到 when recorded. */
export const reportInRowSchema = z.object({
  applicationId: z.string(),
  receiptNo: z.string(),
  /** Full name: a school sees its own admissions (COUNTY.md 学校用户). */
  childName: z.string(),
  idNumberMasked: z.string(),
  schoolCode: z.string(),
  schoolName: z.string().nullable(),
  outcome: z.enum(['admitted', 'reassigned']),
  /** 报到 day and place as the result notice says. */
  reportDate: z.string().nullable(),
  reportPlace: z.string().nullable(),
  reportedOn: isoDay.nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: isoTime.nullable(),
});
export type ReportInRow = z.infer<typeof reportInRowSchema>;

const year = z.number().int().min(2000).max(2100);
const caseId = int32(1);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, consoleContractText.tracing.month);

export const tracingEndpoints = {
  'tracing.match': endpoint('tracing.match', {
    summary: 'Match the school-age cohort against applications, admissions and report-ins; open and close cases',
    input: z.strictObject({ year }),
    output: z.object({ cohort: z.number().int(), matched: z.number().int(), opened: z.number().int(), closed: z.number().int(), open: z.number().int() }),
    access: ['admin'],
  }),
  'tracing.list': endpoint('tracing.list', {
    summary: "A township's worklist (or every township's), with counts per township",
    input: z.strictObject({ year, township: z.string().max(100).optional(), status: z.enum(['open', 'closed', 'all']).default('open') }),
    output: z.object({ townships: z.array(z.object({ township: z.string(), open: z.number().int(), closed: z.number().int() })), cases: z.array(tracingCaseSchema) }),
    access: ['admin'],
  }),
  'tracing.get': endpoint('tracing.get', {
    summary: 'One case with its visits',
    input: z.strictObject({ caseId }),
    output: z.object({ case: tracingCaseSchema, visits: z.array(tracingVisitSchema) }),
    access: ['admin'],
  }),
  'tracing.visit': endpoint('tracing.visit', {
    summary: 'Record a visit and, when known, its outcome (closes the case unless dropped out)',
    input: z.strictObject({ caseId, visitedOn: isoDay, note: z.string().trim().min(1, consoleContractText.tracing.visitNote).max(2000), outcome: tracingOutcomeSchema.optional() }),
    output: z.object({ case: tracingCaseSchema, visits: z.array(tracingVisitSchema) }),
    access: ['admin'],
  }),
  'tracing.reportIn': endpoint('tracing.reportIn', {
    summary: "Report-in: a school records that a child it admitted came (its own schools' admissions only)",
    input: z.strictObject({ receiptNo: z.string().trim().min(1, consoleContractText.tracing.receiptNo).max(60), reportedOn: isoDay }),
    output: z.object({ done: z.literal(true), schoolId: z.string() }),
    access: ['school'],
  }),
  /** The account's schools' admissions with their 报到 (what the 报到 page lists); audited. */
  'tracing.reportIns': endpoint('tracing.reportIns', {
    summary: "Report-ins: the children admitted to the school user's own schools, with the report-ins recorded",
    input: z.strictObject({ state: z.enum(['pending', 'reported', 'all']).default('all') }),
    output: z.object({ rows: z.array(reportInRowSchema) }),
    access: ['school'],
  }),
  'tracing.report': endpoint('tracing.report', {
    summary: 'Monthly report by township (counts only), with the XLSX as base64',
    input: z.strictObject({ year, month }),
    output: z.object({ month, rows: z.array(tracingReportRowSchema), fileName: z.string(), xlsxBase64: z.string() }),
    access: ['admin', 'viewer'],
  }),
} as const;
