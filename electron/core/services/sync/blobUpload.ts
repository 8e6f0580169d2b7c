import { format, zhCN } from '../../../../shared/i18n/zhCN';
import { MAX_BUNDLE_BYTES, MAX_BUNDLE_PAGE_BYTES, MAX_BUNDLE_PAGES, MAX_MISSING_QUERY } from '../../../../shared/sync/protocol';
import { CountyError } from './countyApi';
import { syncLog, type Round } from './round';

// Pages go up before the records that name them (docs/adr/0008-sync-engine.md): the server is asked which it lacks,
// small ones go whole in bundles, large ones through the resumable upload, several uploads in flight at once.

const CHUNK_BYTES = 4 * 1024 * 1024;
/** Uploads in flight at once (bundles of small pages, or resumable uploads of large ones). */
const BLOB_CONCURRENCY = 4;

/**
 * Groups the pages to upload: small pages into bundles of at most `MAX_BUNDLE_PAGES` pages and `maxBytes`
 * bytes, in order; each page over `MAX_BUNDLE_PAGE_BYTES` alone (it goes through the resumable upload).
 */
export function planUploads(shas: readonly string[], sizeOf: (sha256: string) => number, maxBytes = MAX_BUNDLE_BYTES): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const sha of shas) {
    const n = sizeOf(sha);
    if (n > MAX_BUNDLE_PAGE_BYTES) {
      out.push([sha]);
      continue;
    }
    if (current.length > 0 && (current.length >= MAX_BUNDLE_PAGES || size + n > maxBytes)) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(sha);
    size += n;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The page uploads of one round. */
export class BlobUploader {
  /**
   * False once the server answered 404 to a page bundle (an older server): pages go one by one for the rest of the
   * round. Asked again next round: the county may have upgraded its server.
   */
  private bundlesSupported = true;

  constructor(private readonly round: Round) {}

  /**
   * Upload the pages (content address → recorded size) the server lacks. A page this desk cannot read (missing or
   * damaged file) is skipped after `unreadable` is told. After one upload fails the others take no new work, and
   * this ends only when they have stopped: nothing keeps uploading behind a failed round (or alongside the next).
   */
  async upload(pages: ReadonlyMap<string, number>, unreadable: (sha256: string, error: unknown) => void): Promise<void> {
    const { api, creds, ctx } = this.round;
    const all = [...pages.keys()];
    const missing: string[] = [];
    for (let i = 0; i < all.length; i += MAX_MISSING_QUERY) {
      const res = await api.missingBlobs(creds, all.slice(i, i + MAX_MISSING_QUERY));
      missing.push(...res.missing.filter((s) => pages.has(s)));
    }
    this.round.step('missing-asked');
    const work = planUploads(missing, (sha) => pages.get(sha) ?? 0);
    const readPage = (sha: string): Buffer | null => {
      try {
        // The county server hashes every page on arrival; a page that does not match is answered and re-sent.
        return ctx.blobs.read(sha, { verifyHash: false });
      } catch (e: unknown) {
        unreadable(sha, e);
        return null;
      }
    };
    let next = 0;
    let failure: { error: unknown } | null = null;
    const upload = async (shas: string[]) => {
      const group: { sha256: string; bytes: Buffer }[] = [];
      for (const sha of shas) {
        const bytes = readPage(sha);
        if (bytes) group.push({ sha256: sha, bytes });
      }
      // The plan used the recorded page sizes; the bytes read decide (a page whose file grew goes on its own).
      const total = group.reduce((n, p) => n + p.bytes.length, 0);
      if (total <= MAX_BUNDLE_BYTES && group.every((p) => p.bytes.length <= MAX_BUNDLE_PAGE_BYTES)) {
        if (group.length > 0) await this.uploadBundle(group);
        return;
      }
      for (const p of group) {
        if (p.bytes.length > MAX_BUNDLE_PAGE_BYTES) await this.uploadBlob(p.sha256, p.bytes);
        else await this.uploadBundle([p]);
      }
    };
    const worker = async () => {
      while (failure === null && next < work.length) {
        try {
          await upload(work[next++]!);
        } catch (error: unknown) {
          failure ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BLOB_CONCURRENCY, work.length) }, worker));
    if (failure !== null) throw (failure as { error: unknown }).error;
  }

  /**
   * Small pages whole, several per request (protocol: POST /v1/blobs). A page the server finds corrupted is sent
   * again through the resumable upload, which restarts it from 0 a few times before giving up. A server without
   * bundles (404) gets every page through the resumable upload.
   */
  private async uploadBundle(pages: { sha256: string; bytes: Buffer }[]): Promise<void> {
    if (!this.bundlesSupported) {
      for (const p of pages) await this.uploadBlob(p.sha256, p.bytes);
      return;
    }
    const bodyBytes = pages.reduce((n, p) => n + p.bytes.length, 0);
    let res;
    try {
      res = await this.round.api.uploadBundle(this.round.creds, pages);
    } catch (e: unknown) {
      if (e instanceof CountyError && e.failure.kind === 'problem' && (e.failure.status === 404 || e.failure.status === 405)) {
        this.bundlesSupported = false;
        return this.uploadBundle(pages);
      }
      throw e;
    }
    this.round.progress.addBytes(bodyBytes);
    this.round.step('chunk-sent');
    const corrupt = new Set(res.pages.filter((p) => p.status === 'corrupt').map((p) => p.sha256));
    const answered = new Set(res.pages.map((p) => p.sha256));
    for (const p of pages) {
      if (!answered.has(p.sha256)) throw new CountyError({ kind: 'transient', reason: format(zhCN.sync.reasons.notAServer, { status: 200 }), notAServer: true });
      if (!corrupt.has(p.sha256)) continue;
      syncLog(this.round.ctx, { level: 'warn', code: 'blob_resent', message: zhCN.sync.log.blobRetry, details: { sha256: p.sha256 } });
      await this.uploadBlob(p.sha256, p.bytes);
    }
  }

  /** Resumable upload: PATCH from the server's offset; a hash mismatch discards the partial data and restarts. */
  private async uploadBlob(sha: string, bytes: Buffer): Promise<void> {
    let offset = 0;
    let restarts = 0;
    for (let guard = 0; guard < 10_000; guard++) {
      const chunk = bytes.subarray(offset, offset + CHUNK_BYTES);
      try {
        const state = await this.round.api.uploadChunk(this.round.creds, sha, offset, bytes.length, chunk);
        this.round.progress.addBytes(chunk.length);
        this.round.step('chunk-sent');
        if (state.complete) return;
        offset = state.offset;
      } catch (e: unknown) {
        if (!(e instanceof CountyError) || e.failure.kind !== 'problem') throw e;
        const p = e.failure.problem;
        if (p.code === 'upload_offset_mismatch' && p.offset !== undefined && p.offset <= bytes.length) {
          offset = p.offset;
          if (offset === bytes.length) return;
        } else if (p.code === 'blob_hash_mismatch' && restarts < 5) {
          restarts++;
          offset = 0;
          syncLog(this.round.ctx, { level: 'warn', code: 'blob_resent', message: zhCN.sync.log.blobRetry, details: { sha256: sha } });
        } else {
          throw e;
        }
      }
    }
    throw new CountyError({ kind: 'transient', reason: 'blob upload did not finish' });
  }
}
