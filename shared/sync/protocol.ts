import { z } from 'zod';
import { MAX_INT32 } from '../contract/numberBounds';
import { reviewResultSchema } from '../contract/reviewResult';
import { format } from '../i18n/zhCN';
import { serverText } from '../i18n/zhCN.server';

const m = serverText.protocol;

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
  /** GET → 零证明: which plan materials department data verifies for a child (`:childIdHash`, match flags only). */
  deptVerified: '/v1/dept/verified/:childIdHash',
  /** POST → the desk anchors the head of its audit log (at each sync), proving the log still holds the last anchor. */
  auditAnchor: '/v1/audit/anchor',
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
/** Largest revision, cursor or size the protocol carries (a PostgreSQL `integer`). */
export { MAX_INT32 };
/**
 * A JSON body nests at most this deep (batch → items → item → record → …, so a record keeps 28 levels).
 * Deeper bodies are refused before they are parsed.
 */
export const MAX_JSON_DEPTH = 32;
/** An unfinished resumable upload that gets no chunk for this long is discarded; the desk then starts it again at 0. */
export const UPLOAD_TTL_MS = 24 * 3600_000;

/**
 * What the device signs. `pathWithQuery` is exactly the request target sent (e.g. `/v1/changes?cursor=12`);
 * `bodySha256` is lower-case hex SHA-256 of the raw body bytes (of the empty string when there is no body).
 */
export function signingString(method: string, pathWithQuery: string, timestamp: string, nonce: string, bodySha256: string): string {
  return ['ENROLL-DESK-SYNC-1', method.toUpperCase(), pathWithQuery, timestamp, nonce, bodySha256].join('\n');
}

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, m.sha256);
/**
 * Single-line text without control characters (U+0000–U+001F, U+007F) and without unpaired surrogates: such
 * text cannot be stored unchanged (PostgreSQL refuses U+0000; UTF-8 has no unpaired surrogates), so protocol
 * fields (names, keys, receipt numbers) that have it are refused up front.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const SAFE_TEXT = /^(?:[^\u0000-\u001f\u007f\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;
/** The same for multi-line text (remarks in a record): tab, line feed and carriage return are allowed. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const SAFE_MULTILINE_TEXT = /^(?:[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;
const text = (min: number, max: number) => z.string().min(min).max(max).regex(SAFE_TEXT, m.safeText);
/** Revisions and other counters: positive and within a PostgreSQL `integer`. */
const int32Positive = z.number().int().positive().max(MAX_INT32);
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
  'request_timeout', // the request did not arrive in time (HTTP level)
  'headers_too_large', // the request's headers exceed the server's limit (HTTP level)
  'internal_error',
  'unhealthy', // GET /health: a part the server needs is failing; `checks` says which
  'audit_anchor_mismatch', // POST /v1/audit/anchor: the desk's audit log no longer holds what it anchored before (recorded)
]);
export type ProblemCode = z.infer<typeof problemCodeSchema>;

export const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** What GET /health checks: the database answers (and takes writes), the page store writes and reads back. */
export const healthChecksSchema = z.object({ database: z.enum(['ok', 'failed']), blobs: z.enum(['ok', 'failed']) });
export type HealthChecks = z.infer<typeof healthChecksSchema>;

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
  /** GET /health only: each part the server needs and whether it works. */
  checks: healthChecksSchema.optional(),
});
export type Problem = z.infer<typeof problemSchema>;

// ---------- enrollment ----------

export const enrollRequestSchema = z.strictObject({
  /** One-time code printed by `npm run server -- counter create`; spaces and dashes are ignored. */
  code: text(6, 40),
  deviceName: text(1, 100),
  /** The desk's own idea of its counter (name, code), shown to county staff; informative only. */
  counterInfo: z.strictObject({ name: text(0, 100), code: text(0, 8) }).partial().optional(),
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

/** Headers of a page bundle (POST /v1/blobs); other headers pass. */
export const bundleHeadersSchema = z.looseObject({
  [pagesHeaders.manifest]: z.string().regex(PAGES_MANIFEST, m.manifest),
});

/** Headers of a chunk (PATCH /v1/blobs/:sha256); other headers pass. Sizes above MAX_BLOB_BYTES get `413 blob_too_large`. */
export const uploadHeadersSchema = z.looseObject({
  [uploadHeaders.offset]: z.string().regex(/^\d{1,12}$/, m.offset),
  [uploadHeaders.length]: z.string().regex(/^[1-9]\d{0,11}$/, m.length),
});

// ---------- batches ----------

export const pageRefSchema = z.strictObject({
  pageId: uuid,
  sha256: sha256Hex,
  bytes: z.number().int().positive().max(MAX_BLOB_BYTES),
  /** Material key of the county plan the page belongs to. */
  materialKey: text(1, 60),
  pageNo: z.number().int().positive().max(999),
});
export type PageRef = z.infer<typeof pageRefSchema>;

export const batchItemSchema = z.strictObject({
  applicationId: uuid,
  /** Desk-side revision, 1 for the first upload, +1 per edit. */
  revision: int32Positive,
  /** The last revision the server acknowledged to this desk; null when the server has none yet. */
  baseRevision: int32Positive.nullable(),
  /** `contentHashOf(record, pages)`; the server recomputes it and refuses a mismatch (corrupted body). */
  contentHash: sha256Hex,
  /** Must belong to this county and this device's counter and be a valid receipt number. */
  receiptNo: text(1, 40),
  /** See `enrollResponseSchema.idHashKey`. Null when the child has no ID number yet. */
  childIdHash: sha256Hex.nullable(),
  /**
   * The application as the desk holds it (opaque to the protocol, at most MAX_RECORD_JSON_CHARS as JSON). Its keys
   * must be SAFE_TEXT and its strings SAFE_MULTILINE_TEXT: an item whose record holds a control character or a
   * broken character is answered `invalid` with the path of the offending value (see `findUnsafeText`).
   */
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
  revision: int32Positive,
  result: itemResultKindSchema,
  /** The content hash the server holds for this revision (accepted / already_have), else the current one or null. */
  serverHash: sha256Hex.nullable(),
  /** The server's current revision for this application (helps resolve a conflict). */
  serverRevision: int32Positive.nullable(),
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

/**
 * The path (e.g. `form.child.name`) of the first key that is not SAFE_TEXT or string that is not
 * SAFE_MULTILINE_TEXT in `value`, or null. The server answers such a record `invalid`; a desk can check before
 * it sends.
 */
export function findUnsafeText(value: unknown, path: readonly (string | number)[] = []): string | null {
  if (typeof value === 'string') return SAFE_MULTILINE_TEXT.test(value) ? null : path.join('.');
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], [...path, i]);
      if (found !== null) return found;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (!SAFE_TEXT.test(key)) return [...path, key].join('.');
    const found = findUnsafeText(v, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

/** `contentHash` = lower-case hex SHA-256 of this string (UTF-8). */
export function contentHashInput(record: Record<string, unknown>, pages: readonly PageRef[]): string {
  return canonicalJson({ pages, record });
}

// ---------- changes (pull) ----------

export const changesQuerySchema = z.strictObject({
  /** Opaque; omit (or '0') for the beginning. Pass back `nextCursor`. */
  cursor: z
    .string()
    .regex(/^\d{1,10}$/, m.cursor)
    .refine((c) => Number(c) <= MAX_INT32, format(m.cursorMax, { max: MAX_INT32 }))
    .optional(),
  limit: z.coerce.number().int().min(1).max(MAX_CHANGES_PAGE).optional(),
});

export const planChangeSchema = z.object({
  kind: z.literal('plan'),
  /** Server-assigned, increasing per county. */
  planVersion: int32Positive,
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
  /**
   * Set when the county resolved the group (console 重复报名): which application it kept, and whether this
   * counter's application was withdrawn (已撤回) because of it. Desks that predate the field ignore it.
   */
  resolution: z
    .object({
      keptApplicationId: uuid,
      keptReceiptNo: z.string(),
      withdrawn: z.boolean(),
      reason: z.string(),
      resolvedAt: isoTime,
    })
    .optional(),
});

export const changeSchema = z.discriminatedUnion('kind', [planChangeSchema, reviewResultChangeSchema, duplicateChangeSchema]);
export type Change = z.infer<typeof changeSchema>;

export const changesResponseSchema = z.object({
  items: z.array(z.object({ seq: int32Positive, change: changeSchema })),
  nextCursor: z.string(),
  /** True when more changes are waiting: call again with nextCursor. */
  more: z.boolean(),
  serverTime: isoTime,
});
export type ChangesResponse = z.infer<typeof changesResponseSchema>;

// ---------- 零证明: department verification flags at the ID field ----------

export const deptVerifiedParamsSchema = z.strictObject({ childIdHash: sha256Hex });

/**
 * Only match flags, never department data: per material of the county's latest plan (`itemId` as in the plan),
 * whether department data already verifies it for this child. `items` is empty when the county has no data for
 * the child (or no plan yet): the desk then asks for paper as usual.
 */
export const deptVerifiedResponseSchema = z.object({
  planVersion: int32Positive.nullable(),
  items: z.array(z.object({ itemId: z.string(), verified: z.boolean() })),
  serverTime: isoTime,
});
export type DeptVerifiedResponse = z.infer<typeof deptVerifiedResponseSchema>;

// ---------- health ----------

/** 200 when every check passes; otherwise 503 `unhealthy`, a problem document carrying the same `checks`. */
// ---------- audit anchors ----------

/** A point of the desk's audit chain: row `seq` and its hash (seq 0 with the genesis hash for an empty log). */
export const auditPointSchema = z.strictObject({ seq: z.number().int().nonnegative().max(MAX_INT32), hash: sha256Hex });
export type AuditPoint = z.infer<typeof auditPointSchema>;

/**
 * The desk's audit head, and what its log holds today at the last anchor the server accepted (`previous`, null the
 * first time). The server keeps every anchor; a head behind the last anchor, or a `previous` that differs from it,
 * means rows were cut or rewritten after that anchor: answered 409 `audit_anchor_mismatch` and recorded.
 */
export const auditAnchorRequestSchema = z.strictObject({ head: auditPointSchema, previous: auditPointSchema.nullable() });
export type AuditAnchorRequest = z.infer<typeof auditAnchorRequestSchema>;

export const auditAnchorResponseSchema = z.object({ anchored: auditPointSchema, serverTime: isoTime });
export type AuditAnchorResponse = z.infer<typeof auditAnchorResponseSchema>;

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  protocolVersion: z.literal(PROTOCOL_VERSION),
  database: z.enum(['sqlite', 'postgres']),
  /** Where document pages are kept: files in the data folder, or the database (what replicas share). */
  blobStore: z.enum(['disk', 'postgres']),
  checks: healthChecksSchema,
  serverTime: isoTime,
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
