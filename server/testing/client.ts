import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { makeReceiptNumber } from '../../shared/domain/receiptNumber';
import {
  CHUNK_CONTENT_TYPE,
  PAGES_CONTENT_TYPE,
  type BatchItem,
  type BatchResponse,
  type BlobState,
  type BundleResponse,
  type EnrollResponse,
  type PageRef,
  ackString,
  authHeaders,
  blobPath,
  contentHashInput,
  formatManifest,
  pagesHeaders,
  paths,
  signingString,
  uploadHeaders,
} from '../../shared/sync/protocol';

// A small reference client of the protocol for the server's tests and bench (the desk has its own engine).

export interface Reply<T = unknown> {
  status: number;
  contentType: string;
  body: T;
}

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export async function enroll(baseUrl: string, code: string, deviceName = 'test-pc', receiptMacKey?: Buffer): Promise<Reply<EnrollResponse>> {
  const body = { code, deviceName, ...(receiptMacKey ? { receiptMacKey: receiptMacKey.toString('base64') } : {}) };
  const res = await fetch(baseUrl + paths.enroll, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: (await res.json()) as EnrollResponse };
}

export interface SignedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer | undefined;
}

export class DeviceClient {
  readonly secret: Buffer;
  readonly idHashKey: Buffer;
  /** Added to this machine's clock when signing (a test server may run on a shifted clock). */
  clockOffsetMs = 0;

  constructor(
    readonly baseUrl: string,
    readonly creds: EnrollResponse,
  ) {
    this.secret = Buffer.from(creds.deviceSecret, 'base64');
    this.idHashKey = Buffer.from(creds.idHashKey, 'base64');
  }

  /** Builds a signed request (exposed so tests can tamper with or replay it). */
  sign(method: string, pathWithQuery: string, body?: Buffer, extra: Record<string, string> = {}, at = Date.now() + this.clockOffsetMs, bodySha256?: string): SignedRequest {
    const ts = String(at);
    const nonce = randomBytes(12).toString('base64url');
    const signature = createHmac('sha256', this.secret)
      .update(signingString(method, pathWithQuery, ts, nonce, bodySha256 ?? sha256(body ?? Buffer.alloc(0))))
      .digest('hex');
    return {
      method,
      url: pathWithQuery,
      headers: {
        ...extra,
        [authHeaders.deviceId]: this.creds.deviceId,
        [authHeaders.timestamp]: ts,
        [authHeaders.nonce]: nonce,
        [authHeaders.signature]: signature,
      },
      body,
    };
  }

  async send<T = unknown>(req: SignedRequest): Promise<Reply<T>> {
    const res = await fetch(this.baseUrl + req.url, { method: req.method, headers: req.headers, ...(req.body ? { body: new Uint8Array(req.body) } : {}) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: the caller sees the text
    }
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: body as T };
  }

  json<T = unknown>(method: string, path: string, value?: unknown): Promise<Reply<T>> {
    const body = value === undefined ? undefined : Buffer.from(JSON.stringify(value));
    return this.send<T>(this.sign(method, path, body, body ? { 'content-type': 'application/json' } : {}));
  }

  signedChunk(hash: string, offset: number, length: number, chunk: Buffer): SignedRequest {
    return this.sign('PATCH', blobPath(hash), chunk, { 'content-type': CHUNK_CONTENT_TYPE, [uploadHeaders.offset]: String(offset), [uploadHeaders.length]: String(length) });
  }

  patchChunk(hash: string, offset: number, length: number, chunk: Buffer): Promise<Reply<BlobState>> {
    return this.send<BlobState>(this.signedChunk(hash, offset, length, chunk));
  }

  /**
   * A page bundle (POST /v1/blobs), signed through its manifest. Tests pass a different `body` (corrupted in
   * transit) or `sent` manifest (altered after signing) to see the server refuse it.
   */
  signedBundle(pages: Buffer[], opts: { body?: Buffer; signed?: string; sent?: string } = {}): SignedRequest {
    const manifest = opts.signed ?? formatManifest(pages.map((p) => ({ sha256: sha256(p), bytes: p.length })));
    const headers = { 'content-type': PAGES_CONTENT_TYPE, [pagesHeaders.manifest]: opts.sent ?? manifest };
    return this.sign('POST', paths.blobs, opts.body ?? Buffer.concat(pages), headers, undefined, sha256(manifest));
  }

  bundle(pages: Buffer[], opts: { body?: Buffer; signed?: string; sent?: string } = {}): Promise<Reply<BundleResponse>> {
    return this.send<BundleResponse>(this.signedBundle(pages, opts));
  }

  /** Uploads a blob in chunks, resuming from the server's offset. */
  async upload(bytes: Buffer, chunkSize = 256 * 1024): Promise<BlobState> {
    const hash = sha256(bytes);
    const state = await this.json<BlobState>('GET', blobPath(hash));
    if (state.status !== 200) throw new Error(`offset query failed: ${state.status} ${JSON.stringify(state.body)}`);
    let offset = state.body.offset;
    if (state.body.complete) return state.body;
    for (;;) {
      const r = await this.patchChunk(hash, offset, bytes.length, bytes.subarray(offset, offset + chunkSize));
      if (r.status !== 200) throw new Error(`upload failed: ${r.status} ${JSON.stringify(r.body)}`);
      if (r.body.complete) return r.body;
      offset = r.body.offset;
    }
  }

  batch(batchId: string, items: BatchItem[]): Promise<Reply<BatchResponse>> {
    return this.json<BatchResponse>('POST', paths.batches, { batchId, items });
  }

  ackValid(res: BatchResponse): boolean {
    return res.ack.signature === createHmac('sha256', this.secret).update(ackString(res.batchId, res.items)).digest('hex');
  }

  childHash(idNumber: string): string {
    return createHmac('sha256', this.idHashKey).update(idNumber.toUpperCase().replace(/\s/g, '')).digest('hex');
  }
}

let seqCounter = 0;

/** A plausible application item for this device's counter (receipt number valid for its county/counter). */
export function makeItem(
  client: DeviceClient,
  opts: { applicationId?: string; revision?: number; baseRevision?: number | null; pages?: PageRef[]; childId?: string | null; record?: Record<string, unknown>; seq?: number } = {},
): BatchItem {
  const seq = opts.seq ?? ++seqCounter;
  const receiptNo = makeReceiptNumber({ countyCode: client.creds.countyCode, counterCode: client.creds.counterCode, date: '2026-06-15', seq });
  const record = opts.record ?? { childName: `测试儿童${seq}`, grade: 'primary1', enrollmentType: 'house_hukou', note: randomUUID() };
  const pages = opts.pages ?? [];
  const childId = opts.childId === undefined ? `37990120200101${String(seq % 10000).padStart(4, '0')}` : opts.childId;
  return {
    applicationId: opts.applicationId ?? randomUUID(),
    revision: opts.revision ?? 1,
    baseRevision: opts.baseRevision ?? null,
    contentHash: sha256(contentHashInput(record, pages)),
    receiptNo,
    childIdHash: childId ? client.childHash(childId) : null,
    record,
    pages,
  };
}

export function pageOf(bytes: Buffer, pageNo = 1, materialKey = 'hukou_book'): PageRef {
  return { pageId: randomUUID(), sha256: sha256(bytes), bytes: bytes.length, materialKey, pageNo };
}
