import { z } from 'zod';
import { reviewResultSchema } from '../contract/reviewResult';

// The desk ↔ county server wire protocol (DESIGN.md §5, docs/sync-protocol.md). Pure: the desk's sync
// engine and the server both import these schemas and string builders; each side computes the
// HMAC/SHA-256 with its own crypto (node:crypto `createHmac('sha256', key).update(s).digest('hex')`).

export const PROTOCOL_VERSION = 1;

export const paths = {
  health: '/health',
  openapi: '/openapi.json',
  enroll: '/v1/devices/enroll',
  /** Who am I: a signed no-op for "test connection"; also tells a revoked desk it is revoked. */
  me: '/v1/devices/me',
  blobsMissing: '/v1/blobs/missing',
  /** POST → several small pages whole in one request (a bundle); see `pagesHeaders`. */
  blobs: '/v1/blobs',
  /** GET → upload state (offset); PATCH → append bytes. `:sha256` is 64 lower-case hex. */
  blob: '/v1/blobs/:sha256',
  batches: '/v1/batches',
  changes: '/v1/changes',
} as const;

export function blobPath(sha256: string): string {
  return `/v1/blobs/${sha256}`;
}

/** Request headers of the signed scheme (all lower case, as Node gives them). */
export const authHeaders = {
  deviceId: 'x-device-id',
  /** Unix time in milliseconds, decimal. Must be within `SIGNATURE_WINDOW_MS` of the server clock. */
  timestamp: 'x-timestamp',
  /** 16–64 of [A-Za-z0-9_-], fresh per request; the server refuses a nonce it has seen in the window. */
  nonce: 'x-nonce',
  /** Lower-case hex HMAC-SHA256(deviceSecret bytes, signingString(...)). */
  signature: 'x-signature',
} as const;

export const uploadHeaders = {
  /** Bytes of the blob already committed before this chunk (PATCH); must equal the server's offset. */
  offset: 'upload-offset',
  /** Total size of the blob in bytes (PATCH, every chunk; must not change between chunks). */
  length: 'upload-length',
} as const;

/** Header of a page bundle (POST /v1/blobs). */
export const pagesHeaders = {
  /**
   * The bundle's table of contents: `<sha256>:<bytes>` per page, comma-separated, in body order. The body is
   * exactly those pages concatenated. The request signature's body hash is the SHA-256 of this header's value
   * the server checks every page against its SHA-256, so the signed manifest fixes
   * every byte of the body and neither side hashes the bytes twice.
   */
  manifest: 'x-pages',
} as const;

/** Content type of a page bundle body. */
export const PAGES_CONTENT_TYPE = 'application/vnd.enroll-desk.pages';
/** Pages larger than this go through the resumable PATCH upload instead of a bundle. */
export const MAX_BUNDLE_PAGE_BYTES = 2 * 1024 * 1024;
/** A bundle holds at most this many pages and bytes. */
export const MAX_BUNDLE_PAGES = 32;
export const MAX_BUNDLE_BYTES = 4 * 1024 * 1024;
/** `<sha256>:<bytes>` repeated, comma-separated (what `pagesHeaders.manifest` must match). */
export const PAGES_MANIFEST = new RegExp(`^[0-9a-f]{64}:[1-9]\\d{0,7}(,[0-9a-f]{64}:[1-9]\\d{0,7}){0,${MAX_BUNDLE_PAGES - 1}}$`);

export interface ManifestPage {
  sha256: string;
  bytes: number;
}

export function formatManifest(pages: readonly ManifestPage[]): string {
  return pages.map((p) => `${p.sha256}:${p.bytes}`).join(',');
}

/** The pages of a manifest header, or null when it is malformed. */
export function parseManifest(value: string): ManifestPage[] | null {
  if (!PAGES_MANIFEST.test(value)) return null;
  return value.split(',').map((part) => {
    const [sha256 = '', bytes = '0'] = part.split(':');
    return { sha256, bytes: Number(bytes) };
  });
}

/** Content type of a PATCH chunk body (IETF resumable-upload draft). */
export const CHUNK_CONTENT_TYPE = 'application/offset+octet-stream';
export const SIGNATURE_WINDOW_MS = 5 * 60_000;
export const MAX_BATCH_ITEMS = 100;
export const MAX_PAGES_PER_ITEM = 60;
export const MAX_BLOB_BYTES = 20 * 1024 * 1024;
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;
export const MAX_RECORD_JSON_CHARS = 64 * 1024;
export const MAX_MISSING_QUERY = 1000;
export const MAX_CHANGES_PAGE = 500;

/**
 * What the device signs. `pathWithQuery` is exactly the request target sent (e.g. `/v1/changes?cursor=12`);
 * `bodySha256` is lower-case hex SHA-256 of the raw body bytes (of the empty string when there is no body).
 */
export function signingString(method: string, pathWithQuery: string, timestamp: string, nonce: string, bodySha256: string): string {
  return ['ENROLL-DESK-SYNC-1', method.toUpperCase(), pathWithQuery, timestamp, nonce, bodySha256].join('\n');
}

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 应为 64 位小写十六进制');
const uuid = z.uuid();
const counterCode = z.string().regex(/^[A-Z0-9]{2,8}$/);
const countyCode = z.string().regex(/^\d{6}$/);
const isoTime = z.iso.datetime({ offset: true });

// ---------- problem details (RFC 9457), every 4xx/5xx ----------

export const problemCodeSchema = z.enum([
  'bad_request', // malformed JSON, wrong content type
  'validation_failed', // body/query/params do not match the schema; see `errors`
  'unauthenticated', // missing/unknown device, bad signature
  'clock_skew', // timestamp outside the window; `serverTime` tells the right time
  'replayed_request', // nonce already used
  'device_revoked', // the counter or device was revoked by the county: re-enrolment needed
  'enrollment_code_invalid', // unknown, used or expired one-time code
  'batch_id_reused', // same batchId, different body
  'upload_offset_mismatch', // `offset` carries the server's committed offset
  'upload_length_mismatch',
  'blob_too_large',
  'blob_hash_mismatch', // completed upload's SHA-256 differs: the partial upload is discarded, resend from 0
  'bundle_invalid', // a page bundle's body does not match its manifest (length, repeated page)
  'payload_too_large',
  'not_found',
  'method_not_allowed',
  'unsupported_media_type',
  'shutting_down',
  'internal_error',
]);
export type ProblemCode = z.infer<typeof problemCodeSchema>;

export const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  /** Chinese, says what went wrong and what to do. */
  detail: z.string(),
  code: problemCodeSchema,
  errors: z.array(fieldErrorSchema).optional(),
  offset: z.number().int().nonnegative().optional(),
  serverTime: isoTime.optional(),
});
export type Problem = z.infer<typeof problemSchema>;

// ---------- enrollment ----------

export const enrollRequestSchema = z.strictObject({
  /** One-time code printed by `npm run server -- counter create`; spaces and dashes are ignored. */
  code: z.string().min(6).max(40),
  deviceName: z.string().min(1).max(100),
  /** The desk's own idea of its counter (name, code), shown to county staff; informative only. */
  counterInfo: z.strictObject({ name: z.string().max(100), code: z.string().max(8) }).partial().optional(),
  /** Base64 key the desk uses to MAC its printed receipts, so county staff can verify them. */
  receiptMacKey: z.base64().max(200).optional(),
});
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

export const enrollResponseSchema = z.object({
  deviceId: uuid,
  /** Base64 of 32 random bytes; the HMAC key is the decoded bytes. Keep in the SecretStore. */
  deviceSecret: z.base64(),
  countyCode,
  counterCode,
  counterName: z.string(),
  /**
   * Base64 of the county's 32-byte key for `childIdHash`: lower-case hex HMAC-SHA256(key, the child's ID
   * number upper-cased with spaces removed). The same key for every counter of the county, so the server
   * can find the same child applying at two counters without seeing ID numbers.
   */
  idHashKey: z.base64(),
  serverTime: isoTime,
});
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;

export const meResponseSchema = z.object({
  deviceId: uuid,
  deviceName: z.string(),
  countyCode,
  counterCode,
  counterName: z.string(),
  serverTime: isoTime,
});
export type MeResponse = z.infer<typeof meResponseSchema>;

// ---------- blobs (document pages), content-addressed ----------

export const blobsMissingRequestSchema = z.strictObject({ sha256: z.array(sha256Hex).min(1).max(MAX_MISSING_QUERY) });
export const blobsMissingResponseSchema = z.object({ missing: z.array(sha256Hex) });
export type BlobsMissingRequest = z.infer<typeof blobsMissingRequestSchema>;
export type BlobsMissingResponse = z.infer<typeof blobsMissingResponseSchema>;

export const blobParamsSchema = z.strictObject({ sha256: sha256Hex });
/** GET /v1/blobs/:sha256 and every successful PATCH. */
export const blobStateSchema = z.object({
  sha256: sha256Hex,
  /** Bytes committed so far; the next PATCH must send `upload-offset: <offset>`. */
  offset: z.number().int().nonnegative(),
  /** Declared total size, null before the first chunk. */
  length: z.number().int().nonnegative().nullable(),
  complete: z.boolean(),
});
export type BlobState = z.infer<typeof blobStateSchema>;

/**
 * POST /v1/blobs answers per page, in manifest order: `stored` (written now), `held` (the server had it
 * complete already) or `corrupt` (its bytes do not hash to its name: nothing kept, send it again).
 */
export const bundleResponseSchema = z.object({
  pages: z.array(z.object({ sha256: sha256Hex, status: z.enum(['stored', 'held', 'corrupt']) })),
});
export type BundleResponse = z.infer<typeof bundleResponseSchema>;

// ---------- batches ----------

export const pageRefSchema = z.strictObject({
  pageId: uuid,
  sha256: sha256Hex,
  bytes: z.number().int().positive().max(MAX_BLOB_BYTES),
  /** Material key of the county plan the page belongs to. */
  materialKey: z.string().min(1).max(60),
  pageNo: z.number().int().positive().max(999),
});
export type PageRef = z.infer<typeof pageRefSchema>;

export const batchItemSchema = z.strictObject({
  applicationId: uuid,
  /** Desk-side revision, 1 for the first upload, +1 per edit. */
  revision: z.number().int().positive(),
  /** The last revision the server acknowledged to this desk; null when the server has none yet. */
  baseRevision: z.number().int().positive().nullable(),
  /** `contentHashOf(record, pages)`; the server recomputes it and refuses a mismatch (corrupted body). */
  contentHash: sha256Hex,
  /** Must belong to this county and this device's counter and be a valid receipt number. */
  receiptNo: z.string().min(1).max(40),
  /** See `enrollResponseSchema.idHashKey`. Null when the child has no ID number yet. */
  childIdHash: sha256Hex.nullable(),
  /** The application as the desk holds it (opaque to the protocol, at most MAX_RECORD_JSON_CHARS as JSON). */
  record: z.record(z.string(), z.unknown()),
  pages: z.array(pageRefSchema).max(MAX_PAGES_PER_ITEM),
});
export type BatchItem = z.infer<typeof batchItemSchema>;

export const batchRequestSchema = z.strictObject({
  /** Idempotency key, minted by the desk per batch. */
  batchId: uuid,
  items: z.array(batchItemSchema).min(1).max(MAX_BATCH_ITEMS),
});
export type BatchRequest = z.infer<typeof batchRequestSchema>;

export const itemResultKindSchema = z.enum([
  'accepted', // stored as this revision
  'already_have', // this exact revision and content were stored before (a replay)
  'conflict', // same id + revision with other content, a stale base revision, or an id of another counter
  'invalid', // permanent: see errors; quarantine, fix, send as a new revision
  'retry_later', // transient (e.g. a page's blob is not uploaded yet): resend in a NEW batch later
]);
export type ItemResultKind = z.infer<typeof itemResultKindSchema>;

export const duplicateRefSchema = z.object({
  applicationId: uuid,
  receiptNo: z.string(),
  counterCode: z.string(),
  /** 'counter' = another desk application; 'online' = an application made online (simulated by the CLI). */
  source: z.enum(['counter', 'online']),
});
export type DuplicateRef = z.infer<typeof duplicateRefSchema>;

export const itemResultSchema = z.object({
  applicationId: uuid,
  revision: z.number().int().positive(),
  result: itemResultKindSchema,
  /** The content hash the server holds for this revision (accepted / already_have), else the current one or null. */
  serverHash: sha256Hex.nullable(),
  /** The server's current revision for this application (helps resolve a conflict). */
  serverRevision: z.number().int().positive().nullable(),
  errors: z.array(fieldErrorSchema).optional(),
  /** Other applications for the same child (accepted but flagged; also sent via /v1/changes). */
  duplicateOf: z.array(duplicateRefSchema).optional(),
});
export type ItemResult = z.infer<typeof itemResultSchema>;

export const ackSchema = z.object({
  batchId: uuid,
  /** Lower-case hex HMAC-SHA256(deviceSecret bytes, ackString(batchId, items)). Only a valid ack counts. */
  signature: z.string().regex(/^[0-9a-f]{64}$/),
});

export const batchResponseSchema = z.object({
  batchId: uuid,
  items: z.array(itemResultSchema),
  ack: ackSchema,
  serverTime: isoTime,
});
export type BatchResponse = z.infer<typeof batchResponseSchema>;

/** What the server signs in `ack.signature`; the desk recomputes it before dropping anything local. */
export function ackString(batchId: string, items: readonly Pick<ItemResult, 'applicationId' | 'revision' | 'result' | 'serverHash'>[]): string {
  return ['ENROLL-DESK-ACK-1', batchId, ...items.map((i) => `${i.applicationId}:${i.revision}:${i.result}:${i.serverHash ?? '-'}`)].join('\n');
}

/** JSON with object keys sorted recursively and no whitespace: the input of every content hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** `contentHash` = lower-case hex SHA-256 of this string (UTF-8). */
export function contentHashInput(record: Record<string, unknown>, pages: readonly PageRef[]): string {
  return canonicalJson({ pages, record });
}

// ---------- changes (pull) ----------

export const changesQuerySchema = z.strictObject({
  /** Opaque; omit (or '0') for the beginning. Pass back `nextCursor`. */
  cursor: z.string().regex(/^\d{1,15}$/).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_CHANGES_PAGE).optional(),
});

export const planChangeSchema = z.object({
  kind: z.literal('plan'),
  /** Server-assigned, increasing per county. */
  planVersion: z.number().int().positive(),
  /** The county plan JSON (validate with shared/plan/schema `validatePlan`). */
  plan: z.record(z.string(), z.unknown()),
  publishedAt: isoTime,
});

export const reviewResultChangeSchema = z.object({
  kind: z.literal('review_result'),
  receiptNo: z.string(),
  result: reviewResultSchema,
});

export const duplicateChangeSchema = z.object({
  kind: z.literal('duplicate'),
  /** This counter's application … */
  applicationId: uuid,
  receiptNo: z.string(),
  /** … and the other applications for the same child. */
  duplicates: z.array(duplicateRefSchema).min(1),
  detectedAt: isoTime,
});

export const changeSchema = z.discriminatedUnion('kind', [planChangeSchema, reviewResultChangeSchema, duplicateChangeSchema]);
export type Change = z.infer<typeof changeSchema>;

export const changesResponseSchema = z.object({
  items: z.array(z.object({ seq: z.number().int().positive(), change: changeSchema })),
  nextCursor: z.string(),
  /** True when more changes are waiting: call again with nextCursor. */
  more: z.boolean(),
  serverTime: isoTime,
});
export type ChangesResponse = z.infer<typeof changesResponseSchema>;

// ---------- health ----------

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  protocolVersion: z.literal(PROTOCOL_VERSION),
  database: z.enum(['sqlite', 'postgres']),
  serverTime: isoTime,
});
