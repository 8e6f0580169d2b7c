import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Document pages on disk, content-addressed: `blobs/ab/<sha256>` when complete, `uploads/<sha256>.part` while
 * an upload is in progress. The committed offset of an upload is the size of its part file: bytes are
 * appended and fsynced before the offset is reported, so a crash loses at most the chunk in flight.
 */
export class DiskBlobs {
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

  private partPath(sha256: string): string {
    return join(this.root, 'uploads', `${sha256}.part`);
  }

  async partSize(sha256: string): Promise<number> {
    try {
      return (await stat(this.partPath(sha256))).size;
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw e;
    }
  }

  async append(sha256: string, chunk: Buffer): Promise<number> {
    const path = this.partPath(sha256);
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

  async partHash(sha256: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const data of createReadStream(this.partPath(sha256))) hash.update(data as Buffer);
    return hash.digest('hex');
  }

  /** A whole verified blob in one go (as one buffer or the chunks it arrived in): temp file, fsync, rename into place, fsync the directory. */
  async writeWhole(sha256: string, bytes: Buffer | Buffer[]): Promise<void> {
    const path = this.partPath(sha256);
    await this.ensureDir(dirname(path));
    const fh = await open(path, 'w');
    try {
      if (Buffer.isBuffer(bytes)) await fh.write(bytes);
      else await writeAll(fh, bytes);
      await fh.datasync();
    } finally {
      await fh.close();
    }
    await this.commit(sha256);
  }

  /** Moves a verified upload into place (atomic rename within one file system). */
  async commit(sha256: string): Promise<void> {
    const dest = this.finalPath(sha256);
    await this.ensureDir(dirname(dest));
    await rename(this.partPath(sha256), dest);
    // The rename itself must survive a power cut before the blob is reported complete.
    const dir = await open(dirname(dest), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  async discard(sha256: string): Promise<void> {
    await rm(this.partPath(sha256), { force: true });
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

/** Serialises work per key (one upload of a blob at a time; one batch ingest at a time). */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await next;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
