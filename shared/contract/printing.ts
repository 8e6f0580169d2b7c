// Printed documents: receipts, notices, the print queue (issue 5).
import { z } from 'zod';
import { method } from './define';
import { longText, text } from './fields';
import { documentKinds, paperSizes } from '../print/types';
import { contractText as ct } from '../i18n/zhCN.contract';

const appId = z.string().uuid(ct.ids.application);
const rowId = z.string().min(1).max(64);
const none = z.strictObject({});

export const documentKindSchema = z.enum(documentKinds);
export const paperSizeSchema = z.enum(paperSizes);

export const printoutInfoSchema = z.object({
  printoutId: z.string(),
  applicationId: z.string(),
  kind: documentKindSchema,
  paper: paperSizeSchema,
  version: z.number(),
  sha256: z.string(),
  bytes: z.number(),
  pages: z.number(),
  createdAt: z.string(),
  /** Jobs sent for this document (any version or paper), printed or queued: the reprint counter. */
  printCount: z.number(),
  /** Characters no bundled font has (they print as boxes): the screen warns. */
  missingGlyphs: z.array(z.string()),
});
export type PrintoutInfo = z.infer<typeof printoutInfoSchema>;

export const printJobSchema = z.object({
  jobId: z.string(),
  printoutId: z.string(),
  applicationId: z.string(),
  kind: documentKindSchema,
  paper: paperSizeSchema,
  version: z.number(),
  printer: z.string(),
  copies: z.number(),
  status: z.enum(['queued', 'printed', 'cancelled']),
  attempts: z.number(),
  reprintNo: z.number(),
  /** Why the last attempt failed (Chinese, says what to do), while queued. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
});
export type PrintJob = z.infer<typeof printJobSchema>;

export const printersSchema = z.object({
  printers: z.array(z.object({ name: z.string(), isDefault: z.boolean() })),
  /** Printer remembered per document kind. */
  remembered: z.partialRecord(documentKindSchema, z.string()),
  /** Paper remembered per document kind (receipts: A4, A5 or roll). */
  papers: z.partialRecord(documentKindSchema, paperSizeSchema),
});

export const printingMethods = {
  /** Generate (or reuse, when nothing changed) a document for an application; returns it with the PDF. */
  'printing.render': method({
    input: z.strictObject({ applicationId: appId, kind: documentKindSchema, paper: paperSizeSchema.optional() }),
    output: printoutInfoSchema.extend({ pdfBase64: z.string(), reused: z.boolean() }),
    access: 'session',
  }),
  /** The stored bytes of a generated document (preview, save as PDF): exactly what was printed. */
  'printing.getPdf': method({
    input: z.strictObject({ printoutId: rowId }),
    output: z.object({ pdfBase64: z.string(), sha256: z.string(), fileName: z.string() }),
    access: 'session',
  }),
  /** Documents generated for an application, newest version per document and paper. */
  'printing.list': method({
    input: z.strictObject({ applicationId: appId }),
    output: z.array(printoutInfoSchema),
    access: 'session',
  }),
  /** Send a generated document to a printer. A document printed before needs a reason (reprint, audited). */
  'printing.print': method({
    input: z.strictObject({
      printoutId: rowId,
      printer: text(120).optional(),
      copies: z.number().int().min(1, ct.copies.atLeastOne).max(20, ct.copies.atMost).default(1),
      withDialog: z.boolean().default(false),
      reason: longText(200).optional(),
      /** Remember this printer for the document kind. */
      remember: z.boolean().default(true),
    }),
    output: printJobSchema,
    access: 'session',
  }),
  'printing.queue': method({ input: none, output: z.array(printJobSchema), access: 'session' }),
  'printing.retry': method({
    input: z.strictObject({ jobId: rowId, printer: text(120).optional() }),
    output: printJobSchema,
    access: 'session',
  }),
  'printing.cancel': method({ input: z.strictObject({ jobId: rowId }), output: z.object({ ok: z.literal(true) }), access: 'session' }),
  'printing.printers': method({ input: none, output: printersSchema, access: 'session' }),
  'printing.remember': method({
    input: z.strictObject({ kind: documentKindSchema, printer: text(120).optional(), paper: paperSizeSchema.optional() }),
    output: printersSchema,
    access: 'session',
  }),
} as const;
