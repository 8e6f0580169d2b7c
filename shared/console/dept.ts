import { z } from 'zod';
import { int32, longText } from '../contract/fields';
import { columnMappingSchema } from '../dept/mapping';
import { deptSourceSchema } from '../dept/sources';
import { deptConsoleText } from '../i18n/zhCN.deptConsole';
import { endpoint, isoDay, isoTime } from './define';

// Department data in the console (issue 14, COUNTY.md "Department data"): the bureau imports each department's
// extract (CSV/XLSX, GBK-aware) with the column mapping saved per source, sees every problem with its row and
// column, and keeps versions it can withdraw. The server does the reading and checking (server/services/deptImport.ts,
// the same path as `npm run server -- dept import`). The data is personal: only the bureau's administrators and
// reviewers reach these endpoints, and every call is audited.

const t = deptConsoleText.contract;

/** Who works with department data: not school users, not viewers. */
export const DEPT_ACCESS = ['admin', 'reviewer', 'second_reviewer'] as const;

/** Files travel as base64 in JSON: up to 48 MB of file (larger extracts: `npm run server -- dept import`). */
export const DEPT_FILE_MAX_BYTES = 48 * 1024 * 1024;
/** The request body limit of the endpoints that carry a file (base64 is 4/3 of the bytes, plus the rest). */
export const DEPT_BODY_LIMIT = Math.ceil((DEPT_FILE_MAX_BYTES * 4) / 3) + 64 * 1024;

export const encodingChoiceSchema = z.enum(['auto', 'utf-8', 'gb18030', 'utf-16le']);

const fileInput = {
  source: deptSourceSchema,
  fileName: longText(200, 1),
  contentBase64: z
    .string()
    .min(1, t.fileEmpty)
    .max(Math.ceil((DEPT_FILE_MAX_BYTES * 4) / 3) + 4, t.fileTooLarge)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, t.notBase64),
  encoding: encodingChoiceSchema.default('auto'),
};

export const deptFieldSchema = z.object({ key: z.string(), name: z.string(), required: z.boolean(), headers: z.array(z.string()) });

export const deptSourceInfoSchema = z.object({
  source: deptSourceSchema,
  department: z.string(),
  name: z.string(),
  fields: z.array(deptFieldSchema),
  /** The mapping saved by the last complete import of this source (null: none yet). */
  mapping: columnMappingSchema.nullable(),
  mappingUpdatedBy: z.string().nullable(),
  mappingUpdatedAt: isoTime.nullable(),
  /** Rows that count now (every active import since the latest active full extract). */
  activeRows: z.number().int().nonnegative(),
  activeImports: z.number().int().nonnegative(),
});

export const deptImportStatusSchema = z.enum(['active', 'withdrawn', 'purged']);

export const deptImportInfoSchema = z.object({
  id: z.number().int(),
  source: deptSourceSchema,
  mode: z.enum(['replace', 'add']),
  status: deptImportStatusSchema,
  /** Active and not superseded by a later full extract of its source: its rows are used for verification. */
  counting: z.boolean(),
  fileName: z.string(),
  fileSha256: z.string(),
  encoding: z.string(),
  rows: z.number().int(),
  importedBy: z.string(),
  importedAt: isoTime,
  retainUntil: isoDay,
  withdrawnBy: z.string().nullable(),
  withdrawnAt: isoTime.nullable(),
  withdrawReason: z.string().nullable(),
  purgedAt: isoTime.nullable(),
});
export type DeptImportInfo = z.infer<typeof deptImportInfoSchema>;

export const importProblemSchema = z.object({ row: z.number().int().nullable(), column: z.string().nullable(), message: z.string() });
export type ImportProblemOut = z.infer<typeof importProblemSchema>;

export const deptImportResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    import: deptImportInfoSchema,
    /** Applications whose verification was recomputed with the new data. */
    verified: z.number().int().nonnegative(),
  }),
  z.object({
    ok: z.literal(false),
    fileName: z.string(),
    /** Up to 200 problems in file order; `totalProblems` counts them all. Nothing was imported. */
    problems: z.array(importProblemSchema),
    totalProblems: z.number().int().nonnegative(),
    headers: z.array(z.string()),
    encoding: z.string(),
  }),
]);
export type DeptImportResult = z.infer<typeof deptImportResultSchema>;

export const deptEnquirySchema = z.object({
  id: z.number().int(),
  source: deptSourceSchema,
  applicationId: z.string(),
  receiptNo: z.string(),
  childName: z.string(),
  /** The full number: the department looks the child up by it. */
  idNumber: z.string(),
  itemId: z.string(),
  itemName: z.string(),
  createdAt: isoTime,
  createdBy: z.string(),
  exportedAt: isoTime.nullable(),
  answer: z.enum(['confirmed', 'denied']).nullable(),
  answerNote: z.string().nullable(),
  answeredBy: z.string().nullable(),
  answeredAt: isoTime.nullable(),
  /** The application's revision the answer was recorded on (null: unanswered, or answered before answers were pinned). */
  answeredRevision: z.number().int().nullable(),
  /**
   * 待答复 (open), 已答复 (answered), or 待重新函调 (reenquire): answered for an earlier revision whose data the enquiry
   * concerns changed since, so the answer no longer counts; it is exported again with the open ones.
   */
  state: z.enum(['open', 'answered', 'reenquire']),
});
export type DeptEnquiry = z.infer<typeof deptEnquirySchema>;

export const deptEndpoints = {
  'dept.sources': endpoint('dept.sources', {
    summary: 'The department sources with their fields, saved column mapping and active rows',
    input: z.strictObject({}),
    output: z.object({ sources: z.array(deptSourceInfoSchema), defaultRetainUntil: isoDay }),
    access: DEPT_ACCESS,
  }),
  /** The first rows as read, the encoding found and the suggested mapping. Audited (the rows are personal data). */
  'dept.preview': endpoint('dept.preview', {
    summary: 'Read a file: encoding, headers, suggested column mapping and the first rows',
    input: z.strictObject(fileInput),
    output: z.object({ headers: z.array(z.string()), encoding: z.string(), mapping: columnMappingSchema, sample: z.array(z.array(z.string())) }),
    access: DEPT_ACCESS,
    bodyLimit: DEPT_BODY_LIMIT,
  }),
  /** All rows or none: a file with any problem imports nothing and answers every problem with its row and column. */
  'dept.import': endpoint('dept.import', {
    summary: 'Import an extract (all rows or none), versioned and audited',
    input: z.strictObject({
      ...fileInput,
      mapping: columnMappingSchema.optional(),
      mode: z.enum(['replace', 'add']).default('replace'),
      retainUntil: isoDay.optional(),
    }),
    output: deptImportResultSchema,
    access: DEPT_ACCESS,
    bodyLimit: DEPT_BODY_LIMIT,
  }),
  'dept.imports': endpoint('dept.imports', {
    summary: 'Every import (version) of department data, newest first',
    input: z.strictObject({ source: deptSourceSchema.optional() }),
    output: z.object({ imports: z.array(deptImportInfoSchema) }),
    access: DEPT_ACCESS,
  }),
  'dept.withdraw': endpoint('dept.withdraw', {
    summary: 'Withdraw an import: its rows stop counting at once and verification is recomputed',
    input: z.strictObject({ importId: int32(1), reason: longText(300, 2) }),
    output: z.object({ import: deptImportInfoSchema, verified: z.number().int().nonnegative() }),
    access: DEPT_ACCESS,
  }),
  /** 函调: adds an enquiry for every material the current verifications find no record of. */
  'dept.collectEnquiries': endpoint('dept.collectEnquiries', {
    summary: 'Collect enquiries to departments for materials department data has no record of',
    input: z.strictObject({}),
    output: z.object({ added: z.number().int().nonnegative() }),
    access: DEPT_ACCESS,
  }),
  'dept.enquiries': endpoint('dept.enquiries', {
    summary: 'Enquiries to departments, per department and state, one page (keyset on the enquiry id)',
    input: z.strictObject({
      source: deptSourceSchema.optional(),
      /** `open`: 待答复 and 待重新函调. */
      state: z.enum(['open', 'answered', 'all']).default('open'),
      /** Keyset: the `nextCursor` of the previous page. */
      after: int32(0).optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    /** A page may hold fewer than `limit` rows while `nextCursor` is set (rows of another state were passed over). */
    output: z.object({ enquiries: z.array(deptEnquirySchema), nextCursor: z.number().int().nullable() }),
    access: DEPT_ACCESS,
  }),
  /** The department's open enquiries as an XLSX to send or print; marks them exported. */
  'dept.exportEnquiries': endpoint('dept.exportEnquiries', {
    summary: "One department's open enquiries as XLSX (base64)",
    input: z.strictObject({ source: deptSourceSchema }),
    output: z.object({ fileName: z.string(), xlsxBase64: z.string(), count: z.number().int().nonnegative() }),
    access: DEPT_ACCESS,
  }),
  'dept.answerEnquiry': endpoint('dept.answerEnquiry', {
    summary: "Record a department's answer to an enquiry (who and when kept)",
    input: z.strictObject({ enquiryId: int32(1), answer: z.enum(['confirmed', 'denied']), note: longText(500, 2) }),
    output: deptEnquirySchema,
    access: DEPT_ACCESS,
  }),
} as const;
