import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import {
  auditAnchorResponseSchema,
  authHeaders,
  batchResponseSchema,
  blobPath,
  blobsMissingResponseSchema,
  blobStateSchema,
  bundleResponseSchema,
  changesResponseSchema,
  CHUNK_CONTENT_TYPE,
  deptVerifiedResponseSchema,
  enrollResponseSchema,
  formatManifest,
  meResponseSchema,
  PAGES_CONTENT_TYPE,
  pagesHeaders,
  paths,
  problemSchema,
  signingString,
  uploadHeaders,
} from '../../../../shared/sync/protocol';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import { CountyError, type CountyApi, type Credentials } from './countyApi';

// The protocol's encoding of each CountyApi call, shared by every driver: paths, signatures (authHeaders,
// signingString), and the check of every answer against the protocol's schema — a 200 that is not the server's
// JSON (a captive portal, a proxy page) is an error, never a success. A driver supplies only the Wire.

export interface RawResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface WireRequest {
  method: string;
  /** Path and query, as signed. */
  path: string;
  /** A body given as parts (the pages of a bundle) is sent part by part, without copying them into one buffer. */
  body: Buffer | readonly Buffer[] | null;
  headers: Record<string, string>;
  timeoutMs?: number;
}

/** How the bytes travel. Rejects with CountyError(transient) when no answer arrives (network error, timeout). */
export interface Wire {
  exchange(request: WireRequest): Promise<RawResponse>;
  close(): void;
}

interface SignedExtra {
  contentType?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** The body's SHA-256 when already known (a whole page's content address, or the bundle manifest's hash). */
  bodySha256?: string;
}

/** A CountyApi over a Wire; `clockOffsetMs` is added to the local clock in signatures. */
export function countyApiOver(wire: Wire, clockOffsetMs: () => number = () => 0): CountyApi {
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));

  async function signedOnce<T extends z.ZodType>(creds: Credentials, method: string, path: string, schema: T, body: Buffer | readonly Buffer[] | null, extra: SignedExtra): Promise<z.output<T>> {
    const target = new URL(path, 'http://county.invalid');
    const signedTarget = target.pathname + target.search;
    const ts = String(Date.now() + clockOffsetMs());
    const nonce = randomBytes(18).toString('base64url');
    const bodySha = extra.bodySha256 ?? bodyHash(body);
    const signature = createHmac('sha256', creds.secret).update(signingString(method, signedTarget, ts, nonce, bodySha)).digest('hex');
    const headers: Record<string, string> = {
      [authHeaders.deviceId]: creds.deviceId,
      [authHeaders.timestamp]: ts,
      [authHeaders.nonce]: nonce,
      [authHeaders.signature]: signature,
    };
    if (body) headers['content-type'] = extra.contentType ?? 'application/json';
    Object.assign(headers, extra.headers);
    return parse(await wire.exchange({ method, path: signedTarget, body, headers, ...(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}) }), schema);
  }

  async function signed<T extends z.ZodType>(creds: Credentials, method: string, path: string, schema: T, body: Buffer | readonly Buffer[] | null = null, extra: SignedExtra = {}): Promise<z.output<T>> {
    try {
      return await signedOnce(creds, method, path, schema, body, extra);
    } catch (e: unknown) {
      // A kept-alive connection closed by the other side while idle is reset when the next request crosses the
      // close on the wire. Sent again once, signed afresh (new nonce: the first may have reached a proxy); every
      // signed request is safe to repeat (batches by batchId, pages by content address and offset, reads).
      if (!(e instanceof CountyError) || !e.staleSocket) throw e;
      return signedOnce(creds, method, path, schema, body, extra);
    }
  }

  return {
    // Unsigned and never repeated: the one-time code may have reached the server.
    enroll: async (request) => parse(await wire.exchange({ method: 'POST', path: paths.enroll, body: json(request), headers: { 'content-type': 'application/json' } }), enrollResponseSchema),
    me: (creds, options = {}) => signed(creds, 'GET', paths.me, meResponseSchema, null, options),
    missingBlobs: (creds, sha256) => signed(creds, 'POST', paths.blobsMissing, blobsMissingResponseSchema, json({ sha256 })),
    uploadBundle: (creds, pages) => {
      const manifest = formatManifest(pages.map((p) => ({ sha256: p.sha256, bytes: p.bytes.length })));
      // Signed through the manifest: each page is hashed once, by the server as it arrives (protocol: POST /v1/blobs).
      return signed(
        creds,
        'POST',
        paths.blobs,
        bundleResponseSchema,
        pages.map((p) => p.bytes),
        { contentType: PAGES_CONTENT_TYPE, headers: { [pagesHeaders.manifest]: manifest }, bodySha256: createHash('sha256').update(manifest).digest('hex') },
      );
    },
    uploadChunk: (creds, sha256, offset, totalBytes, chunk) =>
      signed(creds, 'PATCH', blobPath(sha256), blobStateSchema, chunk, {
        contentType: CHUNK_CONTENT_TYPE,
        headers: { [uploadHeaders.offset]: String(offset), [uploadHeaders.length]: String(totalBytes) },
        // A whole page's SHA-256 is already known (its content address).
        ...(chunk.length === totalBytes ? { bodySha256: sha256 } : {}),
      }),
    sendBatch: (creds, batch) => signed(creds, 'POST', paths.batches, batchResponseSchema, json(batch)),
    changes: (creds, cursor, limit) => {
      const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
      return signed(creds, 'GET', `${paths.changes}?${query.toString()}`, changesResponseSchema);
    },
    anchorAudit: (creds, request) => signed(creds, 'POST', paths.auditAnchor, auditAnchorResponseSchema, json(request)),
    deptVerified: (creds, childIdHash, options = {}) => signed(creds, 'GET', paths.deptVerified.replace(':childIdHash', childIdHash), deptVerifiedResponseSchema, null, options),
    close: () => wire.close(),
  };
}

function bodyHash(body: Buffer | readonly Buffer[] | null): string {
  const hash = createHash('sha256');
  for (const part of body === null ? [] : Buffer.isBuffer(body) ? [body] : body) hash.update(part);
  return hash.digest('hex');
}

/** Check an answer: the schema on 2xx, a problem document on 4xx, anything else is transient. */
export function parse<T extends z.ZodType>(res: RawResponse, schema: T): z.output<T> {
  const json = /json/i.test(res.contentType) ? tryJson(res.body) : undefined;
  if (res.status >= 200 && res.status < 300) {
    const r = schema.safeParse(json);
    if (r.success) return r.data;
    throw new CountyError({ kind: 'transient', reason: format(zhCN.sync.reasons.notAServer, { status: res.status }), notAServer: true });
  }
  const problem = problemSchema.safeParse(json);
  if (res.status >= 400 && res.status < 500 && problem.success) throw new CountyError({ kind: 'problem', status: res.status, problem: problem.data });
  if (problem.success && problem.data.code === 'shutting_down') throw new CountyError({ kind: 'transient', reason: zhCN.sync.reasons.restarting });
  throw new CountyError({
    kind: 'transient',
    reason: `HTTP ${res.status}`,
    ...(problem.success || res.status >= 500 ? {} : { notAServer: true }),
  });
}

function tryJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
