import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { KeyedLock } from './keyedLock';
import { type BlobStore } from './blobStore';

/**
 * Document pages on disk, content-addressed: `blobs/ab/<sha256>` when complete, `uploads/<sha256>.<owner>.part`
 * while a device's resumable upload is in progress (each device has its own, so no device can spoil another's),
 * `uploads/<sha256>.<random>.tmp` while a whole page is written. The committed offset of an upload is the size
 * of its part file: bytes are appended and fsynced before the offset is reported, so a crash loses at most the
 * chunk in flight. One process per host writes here, so uploads are serialised in memory (`serialise`).
 */
export class DiskBlobs implements BlobStore {
  readonly kind = 'disk';
  private readonly locks = new KeyedLock();
  /** Folders known to exist: no mkdir call per page. */
  private readonly madeDirs = new Set<string>();
  constructor(private readonly root: string) {}

  private async ensureDir(dir: string): Promise<void> {
    if (this.madeDirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.madeDirs.add(dir);
  }

  finalPath(sha256: string): string {
    return join(this.root, 'blobs', sha256.slice(0, 2), sha256);
  }

  private partPath(sha256: string, owner: string): string {
    return join(this.root, 'uploads', `${sha256}.${owner}.part`);
  }

  async partSize(sha256: string, owner: string): Promise<number> {
    try {
      return (await stat(this.partPath(sha256, owner))).size;
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw e;
    }
  }

  serialise<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(key, fn);
  }

  async read(sha256: string): Promise<Buffer | null> {
    try {
      return await readFile(this.finalPath(sha256));
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async append(sha256: string, owner: string, _offset: number, chunk: Buffer): Promise<number> {
    const path = this.partPath(sha256, owner);
    await this.ensureDir(dirname(path));
    const fh = await open(path, 'a');
    try {
      await fh.write(chunk);
      await fh.datasync();
      return (await fh.stat()).size;
    } finally {
      await fh.close();
    }
  }

  async partHash(sha256: string, owner: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const data of createReadStream(this.partPath(sha256, owner))) hash.update(data as Buffer);
    return hash.digest('hex');
  }

  /** A whole verified blob in one go (as one buffer or the chunks it arrived in): temp file, fsync, rename into place, fsync the directory. */
  async writeWhole(sha256: string, bytes: Buffer | Buffer[]): Promise<void> {
    // A name of its own: two devices may send the same page at once (the second rename replaces it with the same bytes).
    const path = join(this.root, 'uploads', `${sha256}.${randomBytes(6).toString('hex')}.tmp`);
    await this.ensureDir(dirname(path));
    const fh = await open(path, 'w');
    try {
      if (Buffer.isBuffer(bytes)) await fh.write(bytes);
      else await writeAll(fh, bytes);
      await fh.datasync();
    } catch (e: unknown) {
      await fh.close();
      await rm(path, { force: true });
      throw e;
    }
    await fh.close();
    await this.moveIntoPlace(path, sha256);
  }

  /** Moves a device's verified upload into place. */
  async commit(sha256: string, owner: string): Promise<void> {
    await this.moveIntoPlace(this.partPath(sha256, owner), sha256);
  }

  /** Atomic rename within one file system, then the directory fsynced. */
  private async moveIntoPlace(from: string, sha256: string): Promise<void> {
    const dest = this.finalPath(sha256);
    await this.ensureDir(dirname(dest));
    await rename(from, dest);
    // The rename itself must survive a power cut before the blob is reported complete.
    const dir = await open(dirname(dest), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  /** Health: a small file is written, fsynced, read back and removed in the folder uploads are written to. */
  async check(): Promise<void> {
    const dir = join(this.root, 'uploads');
    await mkdir(dir, { recursive: true });
    const probe = randomBytes(16);
    const path = join(dir, `health.${probe.toString('hex')}.tmp`);
    const fh = await open(path, 'w');
    try {
      await fh.write(probe);
      await fh.datasync();
    } finally {
      await fh.close();
    }
    try {
      const back = await readFile(path);
      if (!back.equals(probe)) throw new Error(`page store: ${path} read back different bytes`);
    } finally {
      await rm(path, { force: true });
    }
  }

  async discard(sha256: string, owner: string): Promise<void> {
    await rm(this.partPath(sha256, owner), { force: true });
  }

  /** Removes unfinished uploads and temp files not written to since `cutoff` (their devices start again at 0). */
  async sweep(cutoff: Date): Promise<number> {
    const dir = join(this.root, 'uploads');
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw e;
    }
    let removed = 0;
    for (const name of names) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtime < cutoff) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }
}

/** writev may write fewer bytes than asked (large vectors, signals): continue until every chunk is on disk. */
async function writeAll(fh: FileHandle, parts: Buffer[]): Promise<void> {
  let rest = parts.filter((p) => p.length > 0);
  while (rest.length > 0) {
    let { bytesWritten } = await fh.writev(rest);
    const next: Buffer[] = [];
    for (const p of rest) {
      if (bytesWritten >= p.length) bytesWritten -= p.length;
      else {
        next.push(p.subarray(bytesWritten));
        bytesWritten = 0;
      }
    }
    rest = next;
  }
}
