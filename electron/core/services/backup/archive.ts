// The backup archive file (.edbak): one file, written front to back, readable without loading it whole.
//
//   "EDBAK01\n" | u32 header length | header JSON (plaintext: who, when, data version, the wrapped master key)
//   entries, back to back: the database snapshot (SQLite3MC pages, encrypted under the desk's database key),
//     the scanned pages (blob files as stored, AES-GCM under the blob key), extra data-folder files (AES-GCM here)
//   manifest: AES-256-GCM under the archive key, associated data = SHA-256 of the header bytes; names, offsets,
//     sizes and SHA-256 of every entry as stored
//   trailer (48 bytes): u64 manifest offset | u32 manifest length | 12-byte nonce | 16-byte tag | "EDBAKEND"
//
// Nothing but the header is readable without the key, and the header is authenticated by the manifest. An archive
// cut short has no trailer: it is incomplete, never mistaken for a smaller backup.
import { createCipheriv, createDecipheriv, createHash, type Hash } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { DeskError } from '../../../../shared/contract/result';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import { keyFileSchema } from '../keys';
import { recoveryWrapSchema } from './masterKey';

export const ARCHIVE_EXT = '.edbak';
const MAGIC = Buffer.from('EDBAK01\n', 'ascii');
const END_MAGIC = Buffer.from('EDBAKEND', 'ascii');
const TRAILER = 8 + 4 + 12 + 16 + END_MAGIC.length;
const MAX_HEADER = 64 * 1024;
const MAX_MANIFEST = 64 * 1024 * 1024;
/** Files are copied through one reused buffer; a rare larger file gets its own. */
const SCRATCH = 4 * 1024 * 1024;

export const archiveHeaderSchema = z.object({
  format: z.literal(1),
  archiveId: z.uuid(),
  createdAt: z.string(),
  appVersion: z.string().max(50),
  schemaVersion: z.number().int().min(0),
  counter: z.object({ counterCode: z.string().max(20), counterName: z.string().max(200), countyCode: z.string().max(10) }).nullable(),
  counts: z.object({ applications: z.number().int().min(0), pages: z.number().int().min(0) }),
  keys: z.object({ os: keyFileSchema, recovery: recoveryWrapSchema.nullable() }),
});
export type ArchiveHeader = z.infer<typeof archiveHeaderSchema>;

export type EntryKind = 'db' | 'blob' | 'file';
const RESERVED_FILES = new Set(['desk.db', 'desk.db-wal', 'desk.db-shm', 'desk.key.json']);
const entrySchema = z
  .object({
    kind: z.enum(['db', 'blob', 'file']),
    name: z.string(),
    offset: z.number().int().min(0),
    size: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .refine((e) => (e.kind === 'db' ? e.name === 'desk.db' : e.kind === 'blob' ? /^[0-9a-f]{64}$/.test(e.name) : /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/.test(e.name) && !RESERVED_FILES.has(e.name)));
export type ArchiveEntry = z.infer<typeof entrySchema>;

const manifestSchema = z.object({
  archiveId: z.string(),
  headerSha256: z.string(),
  schemaVersion: z.number(),
  entries: z.array(entrySchema),
});

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

function writeAll(fd: number, bytes: Buffer): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

function readExactly(fd: number, into: Buffer, length: number, position: number): Buffer {
  let got = 0;
  while (got < length) {
    const n = readSync(fd, into, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  if (got < length) throw new DeskError('ARCHIVE_INCOMPLETE');
  return into.subarray(0, length);
}

function encrypt(key: Buffer, nonce: Buffer, aad: string, plain: Buffer): { body: Buffer; tag: Buffer } {
  const c = createCipheriv('aes-256-gcm', key, nonce);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(plain), c.final()]);
  return { body, tag: c.getAuthTag() };
}

function decrypt(key: Buffer, nonce: Buffer, tag: Buffer, aad: string, body: Buffer): Buffer | null {
  try {
    const d = createDecipheriv('aes-256-gcm', key, nonce);
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(tag);
    return Buffer.concat([d.update(body), d.final()]);
  } catch {
    return null;
  }
}

/** Writes an archive to an open file (the caller's `.partial` path, renamed only once `finish` returns). */
export class ArchiveWriter {
  private readonly entries: ArchiveEntry[] = [];
  private offset: number;
  private readonly headerSha256: string;
  private scratch = Buffer.allocUnsafe(256 * 1024);
  private closed = false;

  constructor(
    private readonly fd: number,
    readonly header: ArchiveHeader,
    private readonly random: (n: number) => Buffer,
  ) {
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(json.length);
    writeAll(fd, MAGIC);
    writeAll(fd, len);
    writeAll(fd, json);
    this.headerSha256 = sha256(json);
    this.offset = MAGIC.length + 4 + json.length;
  }

  get bytesWritten(): number {
    return this.offset;
  }

  /** Copy a file into the archive as it is on disk. Returns its size. */
  addFile(kind: 'db' | 'blob', name: string, path: string): number {
    const src = openSync(path, 'r');
    try {
      const size = fstatSync(src).size;
      const hash = createHash('sha256');
      const buf = this.bufferFor(size);
      let done = 0;
      while (done < size) {
        const want = Math.min(buf.length, size - done);
        const chunk = readExactly(src, buf, want, done);
        hash.update(chunk);
        writeAll(this.fd, chunk);
        done += want;
      }
      this.push(kind, name, size, hash);
      return size;
    } finally {
      closeSync(src);
    }
  }

  /** Small data-folder files: encrypted under the archive key (their content is not encrypted on disk by us). */
  addEncrypted(name: string, plain: Buffer, key: Buffer): void {
    const nonce = this.random(12);
    const { body, tag } = encrypt(key, nonce, `file:${name}`, plain);
    const stored = Buffer.concat([nonce, tag, body]);
    writeAll(this.fd, stored);
    const hash = createHash('sha256').update(stored);
    this.push('file', name, stored.length, hash);
  }

  /** Manifest and trailer, then fsync. The caller renames the file into place and fsyncs its folder. */
  finish(key: Buffer): void {
    const manifest = Buffer.from(JSON.stringify({ archiveId: this.header.archiveId, headerSha256: this.headerSha256, schemaVersion: this.header.schemaVersion, entries: this.entries }), 'utf8');
    const nonce = this.random(12);
    const { body, tag } = encrypt(key, nonce, this.headerSha256, manifest);
    writeAll(this.fd, body);
    const trailer = Buffer.alloc(TRAILER);
    trailer.writeBigUInt64BE(BigInt(this.offset), 0);
    trailer.writeUInt32BE(body.length, 8);
    nonce.copy(trailer, 12);
    tag.copy(trailer, 24);
    END_MAGIC.copy(trailer, 40);
    writeAll(this.fd, trailer);
    this.offset += body.length + TRAILER;
    fsyncSync(this.fd);
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private push(kind: EntryKind, name: string, size: number, hash: Hash): void {
    this.entries.push({ kind, name, offset: this.offset, size, sha256: hash.digest('hex') });
    this.offset += size;
  }

  private bufferFor(size: number): Buffer {
    if (size > this.scratch.length && this.scratch.length < SCRATCH) this.scratch = Buffer.allocUnsafe(SCRATCH);
    return this.scratch;
  }
}

/** An archive opened for reading: the header is parsed at once; the manifest needs the key. */
export class ArchiveReader {
  readonly header: ArchiveHeader;
  readonly size: number;
  private readonly headerSha256: string;
  private readonly dataStart: number;
  private readonly manifestAt: { offset: number; length: number; nonce: Buffer; tag: Buffer };
  private scratch = Buffer.allocUnsafe(256 * 1024);

  private constructor(private readonly fd: number) {
    this.size = fstatSync(fd).size;
    const head = Buffer.alloc(MAGIC.length + 4);
    if (this.size < head.length || !readExactly(fd, head, head.length, 0).subarray(0, MAGIC.length).equals(MAGIC)) throw new DeskError('ARCHIVE_NOT_BACKUP');
    const headerLength = head.readUInt32BE(MAGIC.length);
    if (headerLength > MAX_HEADER) throw new DeskError('ARCHIVE_NOT_BACKUP');
    const headerBytes = Buffer.from(readExactly(fd, Buffer.alloc(headerLength), headerLength, head.length));
    let parsed: ArchiveHeader;
    try {
      parsed = archiveHeaderSchema.parse(JSON.parse(headerBytes.toString('utf8')));
    } catch {
      throw new DeskError('ARCHIVE_DAMAGED', { what: zhCN.backup.damaged.header });
    }
    this.header = parsed;
    this.headerSha256 = sha256(headerBytes);
    this.dataStart = head.length + headerLength;
    if (this.size < this.dataStart + TRAILER) throw new DeskError('ARCHIVE_INCOMPLETE');
    const trailer = Buffer.from(readExactly(fd, Buffer.alloc(TRAILER), TRAILER, this.size - TRAILER));
    if (!trailer.subarray(40).equals(END_MAGIC)) throw new DeskError('ARCHIVE_INCOMPLETE');
    const offset = Number(trailer.readBigUInt64BE(0));
    const length = trailer.readUInt32BE(8);
    if (offset < this.dataStart || length > MAX_MANIFEST || offset + length + TRAILER !== this.size) throw new DeskError('ARCHIVE_DAMAGED', { what: zhCN.backup.damaged.manifestPlace });
    this.manifestAt = { offset, length, nonce: Buffer.from(trailer.subarray(12, 24)), tag: Buffer.from(trailer.subarray(24, 40)) };
  }

  static open(path: string): ArchiveReader {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      throw new DeskError('ARCHIVE_NOT_FOUND');
    }
    try {
      return new ArchiveReader(fd);
    } catch (e: unknown) {
      closeSync(fd);
      throw e;
    }
  }

  /** Decrypts and checks the manifest: entries back to back from the header to the manifest, each name once. */
  entries(key: Buffer): ArchiveEntry[] {
    const { offset, length, nonce, tag } = this.manifestAt;
    const body = Buffer.from(readExactly(this.fd, Buffer.alloc(length), length, offset));
    const plain = decrypt(key, nonce, tag, this.headerSha256, body);
    if (!plain) throw new DeskError('ARCHIVE_DAMAGED', { what: zhCN.backup.damaged.manifestCheck });
    let manifest: z.infer<typeof manifestSchema>;
    try {
      manifest = manifestSchema.parse(JSON.parse(plain.toString('utf8')));
    } catch {
      throw new DeskError('ARCHIVE_DAMAGED', { what: zhCN.backup.damaged.manifestUnreadable });
    }
    if (manifest.archiveId !== this.header.archiveId || manifest.headerSha256 !== this.headerSha256 || manifest.schemaVersion !== this.header.schemaVersion) {
      throw new DeskError('ARCHIVE_DAMAGED', { what: zhCN.backup.damaged.headerMismatch });
    }
    let at = this.dataStart;
    const names = new Set<string>();
    for (const e of manifest.entries) {
      if (e.offset !== at || names.has(`${e.kind}:${e.name}`)) throw new DeskError('ARCHIVE_DAMAGED', { what: zhCN.backup.damaged.gap });
      names.add(`${e.kind}:${e.name}`);
      at += e.size;
    }
    if (at !== offset) throw new DeskError('ARCHIVE_DAMAGED', { what: zhCN.backup.damaged.length });
    if (manifest.entries.filter((e) => e.kind === 'db').length !== 1) throw new DeskError('ARCHIVE_DAMAGED', { what: zhCN.backup.damaged.noDatabase });
    return manifest.entries;
  }

  /**
   * One entry's stored bytes, hash-checked unless the caller checks them another way (`verifyHash: false`: restore
   * checks each page's AES-GCM tag instead). The returned buffer is reused by the next call (copy what you keep).
   */
  read(entry: ArchiveEntry, opts: { verifyHash?: boolean } = {}): Buffer {
    if (entry.size > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(entry.size, Math.min(SCRATCH, this.scratch.length * 2)));
    const bytes = readExactly(this.fd, this.scratch, entry.size, entry.offset);
    if (opts.verifyHash !== false && sha256(bytes) !== entry.sha256) throw new DeskError('ARCHIVE_DAMAGED', { what: entry.kind === 'db' ? zhCN.backup.damaged.databaseHash : zhCN.backup.damaged.pageHash });
    return bytes;
  }

  /** Streams a large entry (the database) to `sink` in chunks, checking its hash at the end. */
  copyTo(entry: ArchiveEntry, sink: (chunk: Buffer) => void): void {
    const hash = createHash('sha256');
    const buf = this.scratch.length >= SCRATCH ? this.scratch : (this.scratch = Buffer.allocUnsafe(SCRATCH));
    let done = 0;
    while (done < entry.size) {
      const want = Math.min(buf.length, entry.size - done);
      const chunk = readExactly(this.fd, buf, want, entry.offset + done);
      hash.update(chunk);
      sink(chunk);
      done += want;
    }
    if (hash.digest('hex') !== entry.sha256) throw new DeskError('ARCHIVE_DAMAGED', { what: zhCN.backup.damaged.databaseHash });
  }

  /** An extra data-folder file, decrypted. */
  readFile(entry: ArchiveEntry, key: Buffer): Buffer {
    const stored = this.read(entry);
    const plain = stored.length >= 28 ? decrypt(key, stored.subarray(0, 12), stored.subarray(12, 28), `file:${entry.name}`, stored.subarray(28)) : null;
    if (!plain) throw new DeskError('ARCHIVE_DAMAGED', { what: format(zhCN.backup.damaged.entryUndecryptable, { name: entry.name }) });
    return plain;
  }

  close(): void {
    closeSync(this.fd);
  }
}
