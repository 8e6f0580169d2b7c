import type {
  AuditAnchorRequest,
  AuditAnchorResponse,
  BatchRequest,
  BatchResponse,
  BlobsMissingResponse,
  BlobState,
  BundleResponse,
  ChangesResponse,
  DeptVerifiedResponse,
  EnrollRequest,
  EnrollResponse,
  MeResponse,
  Problem,
} from '../../../../shared/sync/protocol';

// The port in front of the county server (DESIGN.md §2, docs/adr/0008-sync-engine.md): every exchange the sync
// engine and the sync handlers have with the county, typed by the protocol (shared/sync/protocol.ts). They know
// only this file. Drivers: the HTTP client (http.ts, production) and the county server's own app called in the
// test process (electron/core/testing/inProcessCounty.ts). Both sign and check every answer the same way
// (countyWire.ts); they differ only in how the bytes travel.

export type CountyFailure =
  /** Network error, timeout, 5xx, a page that is not the server's answer: try again later. */
  | { kind: 'transient'; reason: string; notAServer?: boolean }
  /** The server refused with a problem document (4xx). */
  | { kind: 'problem'; status: number; problem: Problem };

/** Every failure of a CountyApi call: the engine tells a refusal from a passing network fault by `failure`. */
export class CountyError extends Error {
  /** Reset on a reused kept-alive connection before any answer: a signed request is sent once more (countyWire.ts). */
  staleSocket = false;
  constructor(readonly failure: CountyFailure) {
    super(failure.kind === 'transient' ? failure.reason : `${failure.problem.code}: ${failure.problem.detail}`);
    this.name = 'CountyError';
  }
}

/** The enrolled device's credentials; every call but enrollment is signed with them. */
export interface Credentials {
  deviceId: string;
  secret: Buffer;
}

export interface PageBytes {
  sha256: string;
  bytes: Buffer;
}

export interface CallOptions {
  /** Give up after this long instead of the driver's default (a transient failure). */
  timeoutMs?: number;
}

export interface CountyApi {
  /** Enrollment with the county admin's one-time code (the only unsigned call). */
  enroll(request: EnrollRequest): Promise<EnrollResponse>;
  /** Who am I: a signed no-op (test connection); tells a revoked desk it is revoked. */
  me(creds: Credentials, options?: CallOptions): Promise<MeResponse>;
  /** Which of these pages (≤ MAX_MISSING_QUERY) the server lacks. */
  missingBlobs(creds: Credentials, sha256: readonly string[]): Promise<BlobsMissingResponse>;
  /** Small pages whole, several in one request (a bundle); answered per page (stored, held, corrupt). */
  uploadBundle(creds: Credentials, pages: readonly PageBytes[]): Promise<BundleResponse>;
  /** Resumable upload: `chunk` of a page of `totalBytes` bytes, starting at `offset`; a wrong offset is the problem `upload_offset_mismatch`. */
  uploadChunk(creds: Credentials, sha256: string, offset: number, totalBytes: number, chunk: Buffer): Promise<BlobState>;
  /** A batch of revisions under its idempotency key; per-item results under a signed acknowledgement. */
  sendBatch(creds: Credentials, batch: BatchRequest): Promise<BatchResponse>;
  /** Plan updates, review results and duplicates after `cursor` (null: from the beginning). */
  changes(creds: Credentials, cursor: string | null, limit: number): Promise<ChangesResponse>;
  /** The head of the desk's audit log, anchored at the county. */
  anchorAudit(creds: Credentials, request: AuditAnchorRequest): Promise<AuditAnchorResponse>;
  /** 零证明: which materials department data verifies for a child (by its keyed ID hash). */
  deptVerified(creds: Credentials, childIdHash: string, options?: CallOptions): Promise<DeptVerifiedResponse>;
  /** Release connections. */
  close(): void;
}

export interface CountyApiOptions {
  /** The configured server URL (the HTTP driver's target). */
  baseUrl: string;
  caPem: string | null;
  timeoutMs?: number;
  /** Milliseconds to add to the local clock for signatures (learned from the server's clock_skew answers). */
  clockOffsetMs?: () => number;
}

/** Makes the CountyApi for the configured server (the engine makes a new one when URL, CA or timeout change). */
export type CountyDriver = (options: CountyApiOptions) => CountyApi;
