// 工作台 counts, the 日报 and date-range reports, and exports of reports and of the application list (issue 15).
import { z } from 'zod';
import { method } from './define';
import { searchInputSchema } from './applications';
import { contractText as ct } from '../i18n/zhCN.contract';

const supervisors = ['supervisor', 'admin'] as const;
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, ct.dates.isoDay);

export const todayCountsSchema = z.object({
  day: z.string(),
  /** Applications submitted today. */
  taken: z.number(),
  /** Drafts not yet submitted (any day). */
  draftsWaiting: z.number(),
  /** Applications with missing materials whose 补充材料 deadline is today or past. */
  followUpsDue: z.number(),
  /** Submitted applications the county has not acknowledged yet. */
  notUploaded: z.number(),
  /** Print jobs still queued after a failed attempt. */
  printFailed: z.number(),
  lastBackupAt: z.string().nullable(),
  backupStale: z.boolean(),
  /** Restored from another PC's backup and not enrolled again yet. */
  reenrollNeeded: z.boolean(),
});
export type TodayCounts = z.infer<typeof todayCountsSchema>;

const countRow = z.object({ key: z.string(), label: z.string(), count: z.number() });
export type CountRow = z.infer<typeof countRow>;

export const reportSchema = z.object({
  from: z.string(),
  to: z.string(),
  generatedAt: z.string(),
  counterName: z.string(),
  counterCode: z.string(),
  /** Submitted in the range (voided ones included, counted again under voided). */
  taken: z.number(),
  byType: z.array(countRow),
  bySchool: z.array(countRow),
  byGrade: z.array(countRow),
  byStatus: z.array(countRow),
  byClerk: z.array(countRow),
  sync: z.object({ uploaded: z.number(), pending: z.number(), problems: z.number() }),
  voided: z.array(z.object({ receiptNo: z.string().nullable(), childName: z.string().nullable(), reason: z.string().nullable(), at: z.string(), by: z.string().nullable(), auditSeq: z.number() })),
  reprinted: z.array(z.object({ receiptNo: z.string().nullable(), childName: z.string().nullable(), document: z.string(), reprintNo: z.number(), reason: z.string().nullable(), at: z.string(), by: z.string().nullable(), auditSeq: z.number() })),
  missing: z.array(z.object({ applicationId: z.string(), receiptNo: z.string().nullable(), childName: z.string().nullable(), items: z.array(z.string()), dueDay: z.string().nullable() })),
  tookMs: z.number(),
});
export type Report = z.infer<typeof reportSchema>;

export const exportFormatSchema = z.enum(['xlsx', 'pdf']);
const exportOutput = z.object({ fileName: z.string(), mime: z.string(), dataBase64: z.string(), rows: z.number() });

export const reportRangeInput = z
  .strictObject({ from: isoDay, to: isoDay })
  .refine((v) => v.from <= v.to, { message: ct.dates.fromAfterTo, path: ['to'] })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 400 * 86_400_000, { message: ct.dates.rangeTooLong, path: ['to'] });

export const reportMethods = {
  'reports.today': method({ input: z.strictObject({}), output: todayCountsSchema, access: 'session', background: true }),
  'reports.summary': method({ input: reportRangeInput, output: reportSchema, access: supervisors }),
  /** The report as an A4 PDF or an XLSX workbook. Audited. */
  'reports.export': method({
    input: z.strictObject({ from: isoDay, to: isoDay, format: exportFormatSchema }).refine((v) => v.from <= v.to, { message: ct.dates.fromAfterTo, path: ['to'] }),
    output: exportOutput,
    access: supervisors,
  }),
  /**
   * The application list under its current filter, as XLSX or PDF. ID numbers and phones are masked unless a
   * supervisor or admin asks for full numbers (`fullNumbers`). Audited with the filter and the row count.
   */
  'reports.exportApplications': method({
    input: z.strictObject({ filter: searchInputSchema.omit({ offset: true, limit: true }), format: exportFormatSchema, fullNumbers: z.boolean().default(false) }),
    output: exportOutput,
    access: 'session',
  }),
} as const;
