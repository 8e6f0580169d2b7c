import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestDesk } from '../../testing/desk';
import { attachPages, ROOT, syncDesk, takeApplications } from '../../testing/syncKit';
import { PASSPHRASE, backUp } from '../../testing/backupKit';

// County IT's path into a desk's data: the export command run as its own process on a backup archive with the
// recovery passphrase, and the result opened with Debian's own `sqlite3` (apt package sqlite3).

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let desk: TestDesk;
let folder: string;
let archive: string;
let apps: Awaited<ReturnType<typeof takeApplications>>;
let pages: Map<string, string[]>;
let receiptPdf: string;

function runExport(out: string, passphrase: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'electron/core/services/backup/exportCli.ts'), archive, out], {
    cwd: ROOT,
    env: { ...process.env, DESK_RECOVERY_PASSPHRASE: passphrase },
    encoding: 'utf8',
  });
}

const sqlite = (db: string, sql: string) => execFileSync('sqlite3', ['-batch', '-noheader', db, sql], { encoding: 'utf8' }).trim();

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'usb-export-'));
  desk = await syncDesk();
  apps = await takeApplications(desk, 3);
  pages = await attachPages(desk, apps.map((a) => a.id), 2, 4_000);
  const printed = await desk.call('printing.render', { applicationId: apps[0]!.id, kind: 'receipt' });
  receiptPdf = printed.sha256;
  await desk.call('backup.setRecoveryPassphrase', { passphrase: PASSPHRASE, confirm: PASSPHRASE });
  archive = await backUp(desk, folder);
}, 120_000);

afterAll(() => {
  desk.cleanup();
  rmSync(folder, { recursive: true, force: true });
});

describe('desk:export', () => {
  it('turns an archive and the passphrase into a plain SQLite file that sqlite3 opens, and the pages as files', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'it-')), 'export');
    try {
      const run = runExport(out, PASSPHRASE);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('已导出 3 份申请');
      const db = join(out, 'desk.sqlite');
      expect(readFileSync(db).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
      expect(sqlite(db, 'PRAGMA integrity_check;')).toBe('ok');
      expect(sqlite(db, 'SELECT receipt_no FROM applications WHERE receipt_no IS NOT NULL ORDER BY receipt_no;').split('\n')).toEqual(apps.map((a) => a.receiptNo).sort());
      // Chinese text comes through as it is; every table reads in this sqlite3 (the whole file dumps without error).
      expect(sqlite(db, "SELECT count(*) FROM applications WHERE child_name LIKE '测%';")).toBe('3');
      expect(sqlite(db, 'SELECT count(*) FROM document_pages;')).toBe('6');
      const dump = spawnSync('sqlite3', [db, '.dump'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      expect(dump.status, dump.stderr).toBe(0);
      expect(dump.stderr).toBe('');
      expect(dump.stdout).toContain(apps[1]!.receiptNo);
      const index = readFileSync(join(out, 'index.csv'), 'utf8');
      expect(index.startsWith('\ufeff回执编号')).toBe(true);
      for (const a of apps) {
        for (const [i, s] of (pages.get(a.id) ?? []).entries()) {
          const file = join(out, 'pages', a.receiptNo, `hukou-${i + 1}.jpg`);
          expect(sha(readFileSync(file))).toBe(s);
        }
      }
      const pdf = readFileSync(join(out, 'printouts', apps[0]!.receiptNo, 'receipt-A4-v1.pdf'));
      expect(sha(pdf)).toBe(receiptPdf);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(existsSync(join(out, '.blobs'))).toBe(false);
    } finally {
      rmSync(join(out, '..'), { recursive: true, force: true });
    }
  }, 120_000);

  it('a wrong passphrase writes nothing and says so in Chinese', () => {
    const parent = mkdtempSync(join(tmpdir(), 'it-'));
    const out = join(parent, 'export');
    try {
      const run = runExport(out, '不是这个口令不是这个口令');
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('恢复口令不正确');
      expect(existsSync(out)).toBe(false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 60_000);
});
