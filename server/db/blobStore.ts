/**
 * Where page bytes live: files on one host's disk (`DiskBlobs`) or rows in PostgreSQL that every replica shares
 * (`PgBlobs`). `BlobService` (server/services/blobs.ts) decides what is complete and what an upload's offset is;
 * a store only keeps bytes. Complete pages are immutable and named by their SHA-256.
 */
export interface BlobStore {
  readonly kind: 'disk' | 'postgres';
  /**
   * Runs `fn` for one device's upload of one page. The disk store (one process per host) runs them one at a time
   * in memory; the PostgreSQL store runs them as they come and relies on its key: `append` at an offset another
   * request already filled throws `OffsetTaken`.
   */
  serialise<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Bytes of this device's unfinished upload so far. */
  partSize(sha256: string, owner: string): Promise<number>;
  /** Appends `chunk` at `offset` (the current part size, checked by the caller); returns the new size. */
  append(sha256: string, owner: string, offset: number, chunk: Buffer): Promise<number>;
  partHash(sha256: string, owner: string): Promise<string>;
  /** A whole verified page; durable when this returns. */
  writeWhole(sha256: string, bytes: Buffer | Buffer[]): Promise<void>;
  /** Makes a device's verified upload the complete page. */
  commit(sha256: string, owner: string): Promise<void>;
  discard(sha256: string, owner: string): Promise<void>;
  /** Removes unfinished uploads not written to since `cutoff`; returns how many. */
  sweep(cutoff: Date): Promise<number>;
  /** Health: writes, reads back and removes a probe. */
  check(): Promise<void>;
  /** A complete page's bytes, or null. */
  read(sha256: string): Promise<Buffer | null>;
}

/** Another request (on any replica) appended at this offset first: the caller answers 409 with the new offset. */
export class OffsetTaken extends Error {
  constructor() {
    super('another request appended at this offset first');
  }
}
