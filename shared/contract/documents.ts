// Scanned documents: pages attached to an application's material items (issue 4).
// Binary content crosses the RPC as base64 inside JSON: a 20 MB file is about 27 MB of base64, within the
// 32 MB request limit (shared/bridge.ts). Thumbnails come inline with the page list so an application with
// 20 pages shows them from one call.
import { z } from 'zod';
import { method } from './define';
import { longText, text } from './fields';
import { contractText as ct } from '../i18n/zhCN.contract';

const anyStaff = 'session' as const;
const appId = z.string().uuid(ct.ids.application);
const pageId = z.string().uuid(ct.ids.page);
/** A plan material id, optionally `:<n>` for per-guardian items (the second guardian's ID card). */
export const materialKey = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}(:[0-9])?$/, ct.ids.materialKey);
const base64 = z
  .string()
  .max(30_000_000, ct.files.tooLarge)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, ct.files.badEncoding);
const fileName = text(200).optional();

export const pageSourceSchema = z.enum(['camera', 'scanner', 'file']);
export const colourModeSchema = z.enum(['color', 'gray', 'bw']);
export const rotateSchema = z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]);
export const cropSchema = z.strictObject({
  left: z.number().min(0).max(1),
  top: z.number().min(0).max(1),
  width: z.number().min(0.05).max(1),
  height: z.number().min(0.05).max(1),
});
export const transformSchema = z.strictObject({
  rotate: rotateSchema.optional(),
  crop: cropSchema.optional(),
  trim: z.boolean().optional(),
  mode: colourModeSchema.optional(),
});

export const pageViewSchema = z.object({
  id: z.string(),
  applicationId: z.string(),
  materialKey: z.string(),
  pageNo: z.number(),
  sha256: z.string(),
  bytes: z.number(),
  mime: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
  width: z.number().nullable(),
  height: z.number().nullable(),
  pdfPages: z.number().nullable(),
  source: pageSourceSchema,
  createdAt: z.string(),
  createdBy: z.string(),
  /** `data:image/jpeg;base64,…`, about 160 × 226 px. */
  thumb: z.string(),
});
export type PageView = z.infer<typeof pageViewSchema>;

export const itemPagesSchema = z.object({ materialKey: z.string(), pages: z.array(pageViewSchema) });
const pagesOutput = z.object({ pages: z.array(pageViewSchema) });

export const scannerDeviceSchema = z.object({ id: z.string(), vendor: z.string(), model: z.string(), type: z.string() });

export const importFileInput = z.strictObject({
  applicationId: appId,
  materialKey,
  name: fileName,
  source: z.enum(['camera', 'file']),
  dataBase64: base64,
  transform: transformSchema.optional(),
});
export const scanInput = z.strictObject({
  applicationId: appId,
  materialKey,
  deviceId: z.string().min(1).max(200),
  resolution: z.number().int().min(75).max(600).default(200),
  mode: colourModeSchema.default('color'),
  source: z.enum(['flatbed', 'adf']).default('flatbed'),
  maxPages: z.number().int().min(1).max(40).default(20),
});

export const documentMethods = {
  'documents.list': method({
    input: z.strictObject({ applicationId: appId }),
    output: z.object({ items: z.array(itemPagesSchema), tookMs: z.number() }),
    access: anyStaff,
  }),
  'documents.getPage': method({
    input: z.strictObject({ pageId }),
    output: z.object({ page: pageViewSchema, mime: z.string(), dataBase64: z.string() }),
    access: anyStaff,
  }),
  'documents.importFile': method({ input: importFileInput, output: pagesOutput, access: anyStaff }),
  'documents.importPath': method({
    input: z.strictObject({ applicationId: appId, materialKey, path: z.string().min(1).max(1000), transform: transformSchema.optional() }),
    output: pagesOutput,
    access: anyStaff,
  }),
  /** The scan-to-folder inboxes: files waiting there, newest first. */
  'documents.listInbox': method({
    input: z.strictObject({}),
    output: z.object({ dirs: z.array(z.string()), files: z.array(z.object({ path: z.string(), name: z.string(), bytes: z.number(), modifiedAt: z.string() })) }),
    access: anyStaff,
  }),
  'documents.setInboxDirs': method({
    input: z.strictObject({ dirs: z.array(z.string().min(1).max(1000)).max(5) }),
    output: z.object({ dirs: z.array(z.string()) }),
    access: ['admin'],
  }),
  'documents.listScanners': method({
    input: z.strictObject({}),
    output: z.object({ driver: z.enum(['sane', 'wia', 'none']), devices: z.array(scannerDeviceSchema) }),
    access: anyStaff,
  }),
  'documents.scan': method({ input: scanInput, output: pagesOutput, access: anyStaff }),
  'documents.reorder': method({
    input: z.strictObject({ applicationId: appId, materialKey, pageIds: z.array(pageId).min(1).max(100) }),
    output: pagesOutput,
    access: anyStaff,
  }),
  'documents.transformPage': method({
    input: z.strictObject({ pageId, transform: transformSchema }),
    output: z.object({ page: pageViewSchema }),
    access: anyStaff,
  }),
  'documents.replacePage': method({
    input: z.strictObject({ pageId, name: fileName, source: z.enum(['camera', 'file']), dataBase64: base64, reason: longText(200).optional() }),
    output: z.object({ page: pageViewSchema }),
    access: anyStaff,
  }),
  'documents.removePage': method({
    input: z.strictObject({ pageId, reason: longText(200).optional() }),
    output: z.object({ removed: z.literal(true) }),
    access: anyStaff,
  }),
  /** Delete blob files no page row references, and temp files of interrupted writes. Audited. */
  'documents.collectOrphans': method({
    input: z.strictObject({}),
    output: z.object({ removedBlobs: z.number(), removedTemps: z.number(), freedBytes: z.number(), kept: z.number() }),
    access: ['admin'],
  }),
} as const;
