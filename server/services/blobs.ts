import { createHash } from 'node:crypto';
import { type Kysely } from 'kysely';
import { format } from '../../shared/i18n/zhCN';
import { serverText } from '../../shared/i18n/zhCN.server';
import { MAX_BLOB_BYTES, UPLOAD_TTL_MS, type BlobState, type BundleResponse } from '../../shared/sync/protocol';
import { type BlobStore, OffsetTaken } from '../db/blobStore';
import { type Repos, reposOf } from '../db/repos';
import { type Database } from '../db/schema';
import { problem } from '../http/problems';

const t = serverText.blobs;

/** A page of a bundle as received: its declared name and size, the SHA-256 of what arrived, and its bytes. */
export interface BundlePage {
  sha256: string;
  bytes: number;
  actual: string;
  parts: Buffer[];
}

/**
 * Document pages: which the server holds, resumable uploads (one per device and page, expiring after
 * UPLOAD_TTL_MS without a chunk) and whole pages in bundles. Bytes live in a `BlobStore` (one host's disk, or
 * PostgreSQL shared by every replica); rows of `blobs` say what is complete.
 */
export class BlobService {
  private readonly repos: Repos;
  private lastSweep = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly disk: BlobStore,
    private readonly now: () => Date,
  ) {
    this.repos = reposOf(db);
  }

  /** The page's bytes when the server holds it complete. */
  read(sha256: string): Promise<Buffer | null> {
    return this.disk.read(sha256);
  }

  get kind(): 'disk' | 'postgres' {
    return this.disk.kind;
  }

  /** Health: the store writes and reads back. */
  check(): Promise<void> {
    return this.disk.check();
  }

  async missing(wanted: readonly string[]): Promise<string[]> {
    const unique = [...new Set(wanted)];
    const held = await this.repos.blobs.held(unique);
    return unique.filter((h) => !held.has(h));
  }

  /** The page as this device sees it: complete (whoever sent it), or this device's own upload so far. */
  async state(sha256: string, deviceId: string): Promise<BlobState> {
    const bytes = (await this.repos.blobs.held([sha256])).get(sha256);
    if (bytes !== undefined) return { sha256, offset: bytes, length: bytes, complete: true };
    const length = await this.repos.blobs.uploadLength(sha256, deviceId);
    return { sha256, offset: length === null ? 0 : await this.disk.partSize(sha256, deviceId), length, complete: false };
  }

  /** One chunk of a resumable upload (PATCH). `bodySha256` is the hash the signature check computed of `chunk`. */
  async patch(sha256: string, deviceId: string, offset: number, length: number, chunk: Buffer, bodySha256: string | null): Promise<BlobState> {
    if (length > MAX_BLOB_BYTES) throw problem(413, 'blob_too_large', format(t.tooLarge, { mb: MAX_BLOB_BYTES / 1024 / 1024 }));
    await this.sweepNowAndThen();
    return this.disk.serialise(`${sha256}:${deviceId}`, async () => {
      let state = await this.state(sha256, deviceId);
      if (state.complete) return state;
      if (state.length !== null && state.length !== length) {
        // This device's own upload with another length: starting again from 0 replaces it; anything else is refused.
        if (offset !== 0) throw problem(409, 'upload_length_mismatch', format(t.lengthChanged, { was: state.length, now: length }), undefined, { offset: state.offset });
        await this.forget(sha256, deviceId);
        state = { sha256, offset: 0, length: null, complete: false };
      }
      if (offset !== state.offset) throw problem(409, 'upload_offset_mismatch', format(t.offsetMismatch, { offset: state.offset }), undefined, { offset: state.offset });
      if (offset + chunk.length > length) throw problem(409, 'upload_length_mismatch', t.pastLength, undefined, { offset });
      const nowIso = this.now().toISOString();
      // A whole page in one request (the usual case): hashed in memory, written once, no re-read.
      if (offset === 0 && chunk.length === length) {
        if ((bodySha256 ?? createHash('sha256').update(chunk).digest('hex')) !== sha256) throw await this.corrupt(sha256, deviceId);
        await this.disk.writeWhole(sha256, chunk);
        return this.complete(sha256, length);
      }
      if (state.length === null) await this.repos.blobs.startUpload(sha256, deviceId, length, nowIso);
      else await this.repos.blobs.touchUpload(sha256, deviceId, nowIso);
      let newOffset = offset;
      try {
        if (chunk.length) newOffset = await this.disk.append(sha256, deviceId, offset, chunk);
      } catch (e: unknown) {
        // Another replica appended at this offset first (the same chunk sent twice): answer with where it stands now.
        if (!(e instanceof OffsetTaken)) throw e;
        const now = await this.disk.partSize(sha256, deviceId);
        throw problem(409, 'upload_offset_mismatch', format(t.offsetMismatch, { offset: now }), undefined, { offset: now });
      }
      if (newOffset < length) return { sha256, offset: newOffset, length, complete: false };
      if ((await this.disk.partHash(sha256, deviceId)) !== sha256) throw await this.corrupt(sha256, deviceId);
      await this.disk.commit(sha256, deviceId);
      return this.complete(sha256, length);
    });
  }

  /** Whole pages of a bundle (POST /v1/blobs): each answered held, stored or corrupt. */
  async bundle(pages: readonly BundlePage[]): Promise<BundleResponse> {
    const held = await this.repos.blobs.held(pages.map((p) => p.sha256));
    const answers: BundleResponse['pages'] = pages.map((p) => ({ sha256: p.sha256, status: held.has(p.sha256) ? 'held' : p.actual === p.sha256 ? 'stored' : 'corrupt' }));
    const fresh = pages.filter((p) => !held.has(p.sha256) && p.actual === p.sha256);
    if (fresh.length > 0) {
      // Each file is fsynced under its final name before the rows that say it is complete (as for PATCH).
      await Promise.all(fresh.map((p) => this.disk.writeWhole(p.sha256, p.parts)));
      await this.recordComplete(fresh.map((p) => ({ sha256: p.sha256, bytes: p.bytes })));
    }
    return { pages: answers };
  }

  /**
   * Forgets unfinished uploads that got no chunk for UPLOAD_TTL_MS: their rows and part files (and temp files
   * left by a crash). Runs at most every ten minutes, from upload requests.
   */
  async sweep(): Promise<number> {
    const cutoff = new Date(this.now().getTime() - UPLOAD_TTL_MS);
    await this.repos.blobs.deleteUploadsBefore(cutoff.toISOString());
    return this.disk.sweep(cutoff);
  }

  private async sweepNowAndThen(): Promise<void> {
    const at = this.now().getTime();
    if (at - this.lastSweep < 10 * 60_000) return;
    this.lastSweep = at;
    await this.sweep();
  }

  // The file is already fsynced under its final name (and its directory too), so the row needs no forced
  // commit: only a power cut can lose it, and then the page is simply reported missing and sent again.
  // A forced commit here ran on the event loop and serialised every upload behind one fsync (ADR 0007).
  private async complete(sha256: string, length: number): Promise<BlobState> {
    await this.recordComplete([{ sha256, bytes: length }]);
    return { sha256, offset: length, length, complete: true };
  }

  /** Marks pages complete; every device's unfinished upload of them is moot and removed. */
  private async recordComplete(pages: { sha256: string; bytes: number }[]): Promise<void> {
    const moot = await this.db.transaction().execute(async (trx) => {
      const { blobs } = reposOf(trx);
      await blobs.insertComplete(pages, this.now().toISOString());
      return blobs.deleteUploadsOf(pages.map((p) => p.sha256));
    });
    await Promise.all(moot.map((u) => this.disk.discard(u.sha256, u.device_id)));
  }

  private async forget(sha256: string, deviceId: string): Promise<void> {
    await this.disk.discard(sha256, deviceId);
    await this.repos.blobs.deleteUpload(sha256, deviceId);
  }

  /** An upload whose bytes do not hash to its name: forget it entirely; the desk sends it again from 0. */
  private async corrupt(sha256: string, deviceId: string) {
    await this.forget(sha256, deviceId);
    return problem(422, 'blob_hash_mismatch', t.hashMismatch, undefined, { offset: 0 });
  }
}
