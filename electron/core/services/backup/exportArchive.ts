// County IT's way into a desk's data: a backup archive and the recovery passphrase become a plain SQLite file
// (any `sqlite3` opens it) and the scanned pages and printed PDFs as ordinary files. See ADR 0012.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { DeskError } from '../../../../shared/contract/result';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import { checkIntegrity, openEncrypted } from '../../db/connection';
import { BackupRepo, type ExportedPage } from '../../db/repos/backupRepo';
import { BlobStore } from '../documents/blobStore';
import { ArchiveReader, type ArchiveEntry } from './archive';
import { archiveKey } from './masterKey';
import { dataKeys, unlockArchive } from './restore';

export interface ExportResult {
  outDir: string;
  database: string;
  applications: number;
  pages: number;
  printouts: number;
  /** Pages or printouts the database names whose file the archive does not hold (lost before the backup). */
  missing: number;
}

const EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };

/** A name that is a valid file name on Windows and Linux (material keys carry `:` for the second guardian). */
function safe(part: string): string {
  return part.replace(/[^0-9A-Za-z._-]/g, '_');
}

function csvCell(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const E = zhCN.backup.export;

/**
 * Verifies the archive (as restore does) and writes the plain export into `outDir`, which must be new or empty.
 * Nothing is written outside it; a failure removes what was written.
 */
export async function exportArchive(archivePath: string, passphrase: string, outDir: string): Promise<ExportResult> {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new Error(format(E.notEmpty, { outDir }));
  const reader = ArchiveReader.open(archivePath);
  const scratch = join(outDir, '.blobs');
  try {
    const { secrets } = await unlockArchive(reader, null, passphrase);
    const keys = dataKeys(secrets);
    const entries = reader.entries(archiveKey(secrets.master, reader.header.archiveId));
    mkdirSync(scratch, { recursive: true, mode: 0o700 });

    const database = join(outDir, 'desk.sqlite');
    const dbEntry = entries.find((e) => e.kind === 'db') as ArchiveEntry;
    const fd = openSync(database, 'wx', 0o600);
    try {
      reader.copyTo(dbEntry, (chunk) => {
        let off = 0;
        while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off);
      });
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // Decrypt in place: SQLite3 Multiple Ciphers rewrites every page without the cipher (rekey to an empty key).
    {
      const db = openEncrypted(database, keys.db);
      try {
        if (!checkIntegrity(db).ok) throw new DeskError('ARCHIVE_DAMAGED', { what: zhCN.backup.damaged.integrity });
        db.pragma('journal_mode = DELETE');
        db.pragma(`rekey = ''`);
      } finally {
        db.close();
      }
    }
    const plain = new Database(database);
    let index: { pages: ExportedPage[]; printouts: ExportedPage[]; applications: number };
    try {
      if (!checkIntegrity(plain).ok) throw new Error('plain export failed its integrity check');
      // The search index is derived from the applications table, and older sqlite3 builds (Debian 12's 3.40) cannot
      // read its FTS5 options: without it every table opens in any sqlite3.
      new BackupRepo(plain).dropVirtualTables();
      plain.exec('VACUUM');
      index = new BackupRepo(plain).exportIndex();
    } finally {
      plain.close();
    }

    const blobEntries = new Map(entries.filter((e) => e.kind === 'blob').map((e) => [e.name, e]));
    const store = new BlobStore(scratch, keys.blob);
    const rows: string[][] = [[...E.columns]];
    let missing = 0;
    const write = (folder: string, name: string, sha: string): string | null => {
      const entry = blobEntries.get(sha);
      if (!entry) return null;
      // Through the blob store's own read: authenticated, and the plaintext re-hashed against its name.
      mkdirSync(join(scratch, sha.slice(0, 2)), { recursive: true });
      writeFileSync(store.pathOf(sha), reader.read(entry));
      const bytes = store.read(sha);
      mkdirSync(join(outDir, folder), { recursive: true, mode: 0o700 });
      writeFileSync(join(outDir, folder, name), bytes, { mode: 0o600 });
      rmSync(store.pathOf(sha));
      return `${folder}/${name}`;
    };
    for (const p of index.pages) {
      const app = safe(p.receiptNo ?? `draft-${p.applicationId.slice(0, 8)}`);
      const folder = p.removed ? `pages/${app}/removed` : `pages/${app}`;
      const name = `${safe(p.item)}-${p.position}${p.removed ? `-${p.id.slice(0, 8)}` : ''}.${EXT[p.mime] ?? 'bin'}`;
      const file = write(folder, name, p.sha256);
      if (!file) missing++;
      rows.push([p.receiptNo ?? '', p.applicationId, p.childName ?? '', E.page, p.item, String(p.position), p.removed ? E.removed : E.current, file ?? E.notInArchive, p.sha256]);
    }
    for (const p of index.printouts) {
      const app = safe(p.receiptNo ?? `draft-${p.applicationId.slice(0, 8)}`);
      const file = write(`printouts/${app}`, `${safe(p.item)}-v${p.position}.pdf`, p.sha256);
      if (!file) missing++;
      rows.push([p.receiptNo ?? '', p.applicationId, p.childName ?? '', E.printout, p.item, String(p.position), '', file ?? E.notInArchive, p.sha256]);
    }
    rmSync(scratch, { recursive: true, force: true });
    writeFileSync(join(outDir, 'index.csv'), `\ufeff${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`, { mode: 0o600 });
    writeFileSync(join(outDir, 'README.txt'), E.readme, { mode: 0o600 });
    return { outDir, database, applications: index.applications, pages: index.pages.length, printouts: index.printouts.length, missing };
  } catch (e: unknown) {
    rmSync(outDir, { recursive: true, force: true });
    throw e;
  } finally {
    reader.close();
  }
}
