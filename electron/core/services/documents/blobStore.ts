import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DeskError } from '../../../../shared/contract/result';
import { fsyncDir, writeFileAtomic } from '../../fsAtomic';

/** File layout: magic, 12-byte nonce, 16-byte GCM tag, ciphertext. The blob's hash is the GCM associated data. */
const MAGIC = Buffer.from('EDB1', 'ascii');
const HEADER = MAGIC.length + 12 + 16;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const SCRATCH_MAX = 4 * 1024 * 1024;

export interface PutResult {
  sha256: string;
  bytes: number;
  /** True when the same content was already stored: nothing was written. */
  existed: boolean;
}

/**
 * Content-addressed store for scanned pages and their thumbnails. Addressed by the SHA-256 of the
 * PLAINTEXT (so the same page scanned twice is stored once), encrypted at rest with AES-256-GCM under the
 * desk's `blob` subkey, written atomically (temp file, fsync, rename, fsync directory): a reader sees a
 * whole blob or none. A blob file bound to another name fails authentication, so files cannot be swapped.
 */
export class BlobStore {
  /**
   * The encrypted file is read into this reused buffer (reads are synchronous, so never shared): a sync of
   * thousands of pages would otherwise allocate each file twice, and every 64 MB of fresh buffers costs a full
   * garbage collection.
   */
  private scratch = Buffer.alloc(0);
  constructor(
    readonly dir: string,
    private readonly key: Buffer,
  ) {
    if (key.length !== 32) throw new Error('blob key must be 32 bytes');
    mkdirSync(dir, { recursive: true });
  }

  static hash(bytes: Buffer): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return SHA256_HEX.test(sha256) && existsSync(this.pathOf(sha256));
  }

  put(bytes: Buffer): PutResult {
    const sha256 = BlobStore.hash(bytes);
    const path = this.pathOf(sha256);
    if (existsSync(path)) return { sha256, bytes: bytes.length, existed: true };
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(sha256, 'ascii'));
    const body = Buffer.concat([cipher.update(bytes), cipher.final()]);
    const file = Buffer.concat([MAGIC, nonce, cipher.getAuthTag(), body]);
    const dir = dirname(path);
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true });
      fsyncDir(this.dir);
    }
    writeFileAtomic(path, file);
    return { sha256, bytes: bytes.length, existed: false };
  }

  /**
   * The plaintext, authenticated and hash-checked. A missing or altered blob is a `BLOB_MISSING` / `BLOB_DAMAGED`
   * error. `verifyHash: false` skips re-hashing the plaintext: the GCM tag, with the hash as associated data,
   * already proves the file is what `put` wrote under this name (and `put` named it by hashing it). The sync
   * engine uses it, since the county server checks every page's hash again on arrival.
   */
  read(sha256: string, opts: { verifyHash?: boolean } = {}): Buffer {
    return BlobStore.decrypt(this.readRaw(this.pathOf(sha256)), sha256, this.key, opts);
  }

  /** A blob file's plaintext from its bytes (restore checks each page from the archive before it is written). */
  static decrypt(file: Buffer, sha256: string, key: Buffer, opts: { verifyHash?: boolean } = {}): Buffer {
    if (file.length < HEADER || !file.subarray(0, MAGIC.length).equals(MAGIC)) throw new DeskError('BLOB_DAMAGED');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, file.subarray(4, 16));
      decipher.setAuthTag(file.subarray(16, HEADER));
      decipher.setAAD(Buffer.from(sha256, 'ascii'));
      // GCM is a stream cipher: update() returns every plaintext byte; final() only checks the tag.
      const plain = decipher.update(file.subarray(HEADER));
      if (decipher.final().length !== 0) throw new Error('unexpected trailing plaintext');
      if (opts.verifyHash !== false && BlobStore.hash(plain) !== sha256) throw new Error('hash mismatch');
      return plain;
    } catch {
      throw new DeskError('BLOB_DAMAGED');
    }
  }

  /** The file's bytes, in the scratch buffer (valid until the next read). */
  private readRaw(path: string): Buffer {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      throw new DeskError('BLOB_MISSING');
    }
    try {
      const size = fstatSync(fd).size;
      // Scanned pages are well under 1 MB; a rare large PDF gets its own buffer rather than a lasting one.
      if (this.scratch.length < size && size <= SCRATCH_MAX) this.scratch = Buffer.allocUnsafe(Math.min(SCRATCH_MAX, Math.max(size, 2 * this.scratch.length)));
      const into = size <= this.scratch.length ? this.scratch : Buffer.allocUnsafe(size);
      let got = 0;
      while (got < size) {
        const n = readSync(fd, into, got, size - got, got);
        if (n === 0) break;
        got += n;
      }
      return into.subarray(0, got);
    } finally {
      closeSync(fd);
    }
  }

  /** Every stored blob hash, and leftover temp files of writes that never finished (a killed process). */
  list(): { blobs: string[]; temps: string[] } {
    const blobs: string[] = [];
    const temps: string[] = [];
    for (const sub of readdirSync(this.dir)) {
      const subDir = join(this.dir, sub);
      if (!/^[0-9a-f]{2}$/.test(sub) || !statSync(subDir).isDirectory()) continue;
      for (const name of readdirSync(subDir)) {
        if (SHA256_HEX.test(name)) blobs.push(name);
        else if (name.endsWith('.tmp')) temps.push(join(sub, name));
      }
    }
    return { blobs, temps };
  }

  /** Only for orphan collection, which checks references first. */
  remove(sha256: string): number {
    const path = this.pathOf(sha256);
    const size = statSync(path).size;
    unlinkSync(path);
    return size;
  }

  removeTemp(relative: string): void {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{64}\.[0-9a-f]{12}\.tmp$/.test(relative.replace(/\\/g, '/'))) throw new Error('not a temp blob');
    unlinkSync(join(this.dir, relative));
  }
}
