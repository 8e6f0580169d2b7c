import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, openTestDesk, setUpDesk, tempDataDir, type TestDesk } from '../../testing/desk';
import { attachPages, syncDesk, takeApplications, withDeskDb } from '../../testing/syncKit';
import { latestVersion } from '../../db/migrate';
import { ArchiveReader } from './archive';
import { PASSPHRASE, backUp, blobFiles, pageBytes } from '../../testing/backupKit';

const OTHER_PC = { secret: 'another-pc' };

describe('backup and restore', () => {
  let desk: TestDesk;
  let folder: string;
  let apps: Awaited<ReturnType<typeof takeApplications>>;
  let pages: Map<string, string[]>;
  let archive: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'usb-'));
    desk = await syncDesk();
    apps = await takeApplications(desk, 4);
    pages = await attachPages(desk, apps.map((a) => a.id), 3, 5_000);
    await desk.call('backup.setRecoveryPassphrase', { passphrase: PASSPHRASE, confirm: PASSPHRASE });
    archive = await backUp(desk, folder);
  }, 60_000);
  afterAll(() => {
    desk.cleanup();
    rmSync(folder, { recursive: true, force: true });
  });

  it('writes one complete archive, records it as the last good backup and audits it', async () => {
    expect(readdirSync(folder)).toEqual([archive.split('/').pop()]);
    const status = await desk.call('backup.getStatus', {});
    expect(status.last).toMatchObject({ applications: 4, pages: 12, hasRecovery: true, trigger: 'manual', folder });
    expect(status.stale).toBe(false);
    expect(status.recovery?.setBy).toBe(ADMIN.displayName); // a name as staff know it, not the stored 王管理(admin)
    const audit = await desk.call('audit.list', { limit: 20 });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['backup.created', 'backup.recoveryPassphraseSet', 'backup.folderChosen']));
    // Nothing personal or secret in the clear: the header names the counter, never a child.
    const bytes = readFileSync(archive);
    for (const a of apps) expect(bytes.includes(Buffer.from(a.receiptNo))).toBe(false);
    expect(bytes.includes(Buffer.from(PASSPHRASE))).toBe(false);
    const listed = await desk.call('backup.listArchives', {});
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ applications: 4, pages: 12, hasRecovery: true, sameMachine: true, fromNewerDesk: false });
  });

  it('restores onto another PC with only the archive and the passphrase: every application and page', async () => {
    const fresh = await openTestDesk(tempDataDir(), OTHER_PC);
    try {
      fresh.ports.fileDialog.files.push(archive);
      const picked = await fresh.call('backup.chooseArchive', {});
      expect(picked?.info).toMatchObject({ sameMachine: false, hasRecovery: true, applications: 4 });
      expect((await fresh.fail('backup.restore', { token: picked!.token })).code).toBe('RESTORE_PASSPHRASE_REQUIRED');
      expect((await fresh.fail('backup.restore', { token: picked!.token, passphrase: `${PASSPHRASE}x` })).code).toBe('RESTORE_WRONG_PASSPHRASE');
      // Full-width characters typed on another input method are the same passphrase (NFKC).
      const fullWidth = PASSPHRASE.replace(/[A-Za-z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
      const result = await fresh.call('backup.restore', { token: picked!.token, passphrase: fullWidth });
      expect(result).toMatchObject({ opened: true, reenrollNeeded: false, restored: { applications: 4 } });
      // The sign-in screen says what the desk now holds (kept in the restored database) until someone signs in.
      const notice = { sameMachine: false, reenrollNeeded: false, archiveCreatedAt: picked!.info.createdAt };
      expect((await fresh.call('system.getStatus', {})).restored).toMatchObject(notice);

      await fresh.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
      expect((await fresh.call('system.getStatus', {})).restored).toBeNull();
      for (const a of apps) {
        const rec = await fresh.call('applications.get', { id: a.id });
        expect(rec.receiptNo).toBe(a.receiptNo);
      }
      for (const [appId, shas] of pages) {
        const got = await pageBytes(fresh, appId);
        expect(got.sort()).toEqual([...shas].sort());
      }
      // The audit log's own key came along with the passphrase: its sealed head verifies, no tamper is raised.
      expect(await fresh.call('audit.verify', {})).toMatchObject({ ok: true, incidents: [] });
      expect((await fresh.call('system.getStatus', {})).auditAlert).toBeNull();
      const restoredAudit = await fresh.call('audit.list', { limit: 20 });
      expect(restoredAudit.find((a) => a.action === 'backup.restored')).toMatchObject({ details: { sameMachine: false, deviceCleared: false } });
      // The key is wrapped for this PC now: the desk reopens on its own, and the replaced data is gone.
      const again = await fresh.reopen();
      expect(again.core.bootError).toBeNull();
      expect(existsSync(join(fresh.dataDir, 'restore'))).toBe(false);
      again.close();
    } finally {
      fresh.cleanup();
    }
  }, 60_000);

  it('restores on the same PC without the passphrase, over a desk with newer data, keeping nothing half-replaced', async () => {
    const dir = tempDataDir();
    const copy = await openTestDesk(dir);
    try {
      copy.ports.fileDialog.files.push(archive);
      // A fresh desk (needs set-up) may restore without signing in.
      let picked = await copy.call('backup.chooseArchive', {});
      await copy.call('backup.restore', { token: picked!.token });
      await copy.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
      const later = await takeApplications(copy, 1);
      // Restoring again over data: only an admin who is signed in.
      await copy.call('auth.logout', {});
      copy.ports.fileDialog.files.push(archive);
      expect((await copy.fail('backup.chooseArchive', {})).code).toBe('RESTORE_FORBIDDEN');
      await copy.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
      picked = await copy.call('backup.chooseArchive', {});
      const r = await copy.call('backup.restore', { token: picked!.token });
      expect(r.opened).toBe(true);
      // The restore signed everyone out; the application taken after the backup is gone with the replaced data.
      expect((await copy.fail('applications.search', { query: '' })).code).toBe('NOT_AUTHENTICATED');
      await copy.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
      expect((await copy.fail('applications.get', { id: later[0]!.id })).code).toBe('APPLICATION_NOT_FOUND');
      expect((await copy.call('applications.get', { id: apps[0]!.id })).receiptNo).toBe(apps[0]!.receiptNo);
    } finally {
      copy.cleanup();
    }
  }, 60_000);

  it('moves the day’s receipt numbers past any the lost desk may have issued after the backup', async () => {
    const fresh = await openTestDesk(tempDataDir());
    try {
      fresh.ports.fileDialog.files.push(archive);
      const picked = await fresh.call('backup.chooseArchive', {});
      await fresh.call('backup.restore', { token: picked!.token });
      await fresh.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
      const [next] = await takeApplications(fresh, 1);
      const seq = (r: string) => Number(r.split('-')[3]);
      expect(seq(next!.receiptNo)).toBe(Math.max(...apps.map((a) => seq(a.receiptNo))) + 1001);
    } finally {
      fresh.cleanup();
    }
  }, 60_000);

  it('refuses a damaged, cut-short or foreign archive and changes nothing', async () => {
    const fresh = await openTestDesk(tempDataDir(), OTHER_PC);
    const bad = mkdtempSync(join(tmpdir(), 'bad-archives-'));
    try {
      const bytes = readFileSync(archive);
      const cases: Array<{ name: string; bytes: Buffer; code: string }> = [];
      const flip = (at: number) => {
        const b = Buffer.from(bytes);
        b[at] = b[at]! ^ 0xff;
        return b;
      };
      cases.push({ name: 'cut.edbak', bytes: bytes.subarray(0, bytes.length - 1000), code: 'ARCHIVE_INCOMPLETE' });
      cases.push({ name: 'page.edbak', bytes: flip(bytes.length - 3000), code: 'ARCHIVE_DAMAGED' });
      cases.push({ name: 'middle.edbak', bytes: flip(Math.floor(bytes.length / 2)), code: 'ARCHIVE_DAMAGED' });
      cases.push({ name: 'foreign.edbak', bytes: Buffer.from('PK\u0003\u0004 not a backup at all'), code: 'ARCHIVE_NOT_BACKUP' });
      for (const c of cases) {
        const path = join(bad, c.name);
        writeFileSync(path, c.bytes);
        fresh.ports.fileDialog.files.push(path);
        const picked = await fresh.core.call('backup.chooseArchive', {});
        const error = picked.ok ? await fresh.fail('backup.restore', { token: (picked.value as { token: string }).token, passphrase: PASSPHRASE }) : picked.error;
        expect({ name: c.name, code: error.code }).toEqual({ name: c.name, code: c.code });
        // Still a fresh desk: nothing staged, nothing replaced.
        expect((await fresh.call('system.getStatus', {})).phase).toBe('needsSetup');
        expect(existsSync(join(fresh.dataDir, 'restore'))).toBe(false);
      }
    } finally {
      fresh.cleanup();
      rmSync(bad, { recursive: true, force: true });
    }
  }, 120_000);

  it('an archive without a recovery passphrase restores only on its own PC', async () => {
    const plain = await syncDesk();
    const dir = mkdtempSync(join(tmpdir(), 'usb-'));
    try {
      const file = await backUp(plain, dir);
      expect((await plain.call('backup.getStatus', {})).last?.hasRecovery).toBe(false);
      const other = await openTestDesk(tempDataDir(), OTHER_PC);
      other.ports.fileDialog.files.push(file);
      const picked = await other.call('backup.chooseArchive', {});
      expect((await other.fail('backup.restore', { token: picked!.token, passphrase: PASSPHRASE })).code).toBe('RESTORE_NO_RECOVERY');
      other.cleanup();
    } finally {
      plain.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses an archive from a newer desk before asking for anything', async () => {
    const newer = await syncDesk();
    const dir = mkdtempSync(join(tmpdir(), 'usb-'));
    try {
      newer.close();
      await withDeskDb(newer, (db) => db.pragma(`user_version = ${latestVersion() + 1}`));
      const reopened = await newer.reopen();
      await reopened.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
      const file = await backUp(reopened, dir);
      reopened.close();
      const other = await openTestDesk(tempDataDir(), OTHER_PC);
      other.ports.fileDialog.files.push(file);
      const picked = await other.call('backup.chooseArchive', {});
      expect(picked?.info.fromNewerDesk).toBe(true);
      const error = await other.fail('backup.restore', { token: picked!.token });
      expect(error.code).toBe('ARCHIVE_FROM_NEWER_DESK');
      expect(error.message).toContain(String(latestVersion() + 1));
      other.cleanup();
    } finally {
      rmSync(newer.dataDir, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a folder that is gone fails the backup with a clear message, recorded for the 工作台', async () => {
    const d = await syncDesk();
    const dir = mkdtempSync(join(tmpdir(), 'usb-'));
    try {
      d.ports.fileDialog.folders.push(dir);
      await d.call('backup.chooseFolder', {});
      rmSync(dir, { recursive: true });
      const error = await d.fail('backup.run', {});
      expect(error.code).toBe('BACKUP_FOLDER_UNAVAILABLE');
      expect(error.message).toContain(dir);
      const status = await d.call('backup.getStatus', {});
      expect(status.lastFailure?.message).toBe(error.message);
      expect(status.stale).toBe(true);
    } finally {
      d.cleanup();
    }
  });

  it('backs up by itself at sign-out, and daily when the last backup is a day old', async () => {
    const d = await openTestDesk(tempDataDir(), { backupCheckMs: 100 });
    await setUpDesk(d);
    const dir = mkdtempSync(join(tmpdir(), 'usb-'));
    try {
      d.ports.fileDialog.folders.push(dir);
      await d.call('backup.chooseFolder', {});
      await takeApplications(d, 1);
      await d.call('auth.logout', {});
      await d.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
      let status = await d.call('backup.getStatus', {});
      for (const until = Date.now() + 20_000; !status.last && Date.now() < until; status = await d.call('backup.getStatus', {})) await new Promise((r) => setTimeout(r, 50));
      expect(readdirSync(dir).filter((n) => n.endsWith('.edbak'))).toHaveLength(1);
      expect(status.last?.trigger).toBe('signOut');
      expect(status.stale).toBe(false);
      d.ports.clock.advance(25 * 3600_000);
      await d.call('auth.touchSession', {}).catch(() => undefined);
      await d.call('auth.unlockSession', { password: ADMIN.password }).catch(() => undefined);
      // The daily check sees a day-old backup and makes a new one by itself.
      status = await d.call('backup.getStatus', {});
      for (const until = Date.now() + 20_000; status.last?.trigger !== 'daily' && Date.now() < until; status = await d.call('backup.getStatus', {})) await new Promise((r) => setTimeout(r, 50));
      expect(status.last?.trigger).toBe('daily');
      expect(status.stale).toBe(false);
      expect(readdirSync(dir).filter((n) => n.endsWith('.edbak'))).toHaveLength(2);
    } finally {
      d.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('only references pages the snapshot knows, and no plaintext page bytes reach the archive', () => {
    const reader = ArchiveReader.open(archive);
    try {
      expect(reader.size).toBe(statSync(archive).size);
      expect(blobFiles(desk).length).toBeGreaterThanOrEqual(12);
    } finally {
      reader.close();
    }
  });
});
