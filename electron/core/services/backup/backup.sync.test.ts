import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, openTestDesk, tempDataDir, type TestDesk } from '../../testing/desk';
import { attachPages, enroll, enrollmentCode, serverApplications, startCounty, syncDesk, takeApplications, COUNTY_DRIVERS, type TestCounty } from '../../testing/syncKit';
import { PASSPHRASE, backUp } from '../../testing/backupKit';

// A desk backed up while some of its applications were still unsent, which then sent them and took more before
// it died. Restored from the archive (on the same PC, and on another one), it syncs with the real county server
// without duplicating anything the server already has, and its new receipt numbers do not collide. Once per
// CountyApi driver: the server as its own process over HTTP, and its app in this process.

describe.each(COUNTY_DRIVERS)('a restored desk syncs without duplicating (%s driver)', (driver) => {
  let server: TestCounty;
  let archive: string;
  let folder: string;
  let before: number;

  beforeAll(async () => {
    server = await startCounty(driver);
    folder = mkdtempSync(join(tmpdir(), 'usb-sync-'));
    const desk: TestDesk = await syncDesk(undefined, 'R01', server.deskOptions);
    try {
      await enroll(desk, server, server.url, 'R01');
      const first = await takeApplications(desk, 3);
      await attachPages(desk, first.map((a) => a.id), 2, 3_000);
      await desk.call('sync.syncNow', { wait: true });
      await desk.call('sync.pause', {});
      await takeApplications(desk, 2);
      await desk.call('backup.setRecoveryPassphrase', { passphrase: PASSPHRASE, confirm: PASSPHRASE });
      archive = await backUp(desk, folder);
      // After the backup: the two go up, one more is taken and sent, then the desk is lost.
      await desk.call('sync.resume', {});
      await desk.call('sync.syncNow', { wait: true });
      await takeApplications(desk, 1);
      await desk.call('sync.syncNow', { wait: true });
      expect((await desk.call('sync.getStatus', {})).counts).toMatchObject({ confirmed: 6, unsynced: 0 });
    } finally {
      desk.cleanup();
    }
    before = (await serverApplications(server)).filter((a) => a.counterCode === 'R01').length;
  }, 180_000);

  afterAll(async () => {
    await server.stop('SIGTERM');
    rmSync(server.dataDir, { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
  });

  async function restore(options: { secret?: string }, passphrase?: string): Promise<TestDesk> {
    const desk = await openTestDesk(tempDataDir(), { ...server.deskOptions, ...options });
    desk.ports.fileDialog.files.push(archive);
    const picked = await desk.call('backup.chooseArchive', {});
    const result = await desk.call('backup.restore', { token: picked!.token, ...(passphrase ? { passphrase } : {}) });
    expect(result.opened).toBe(true);
    await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    return desk;
  }

  it('on the same PC: its enrollment still works, the unsent two meet the server’s copies, new receipts do not collide', async () => {
    expect(before).toBe(6);
    const desk = await restore({});
    try {
      expect((await desk.call('backup.getStatus', {})).reenrollNeeded).toBe(false);
      expect((await desk.call('sync.getStatus', {})).counts).toMatchObject({ confirmed: 3, unsynced: 2 });
      // The backup was taken while sync was paused; the restored desk is as it was then.
      expect((await desk.call('sync.getStatus', {})).phase).toBe('paused');
      await desk.call('sync.resume', {});
      await desk.call('sync.syncNow', { wait: true });
      const st = await desk.call('sync.getStatus', {});
      expect(st.counts).toMatchObject({ confirmed: 5, unsynced: 0, uploading: 0, conflict: 0, quarantined: 0 });
      expect(st.lastError).toBeNull();
      expect((await serverApplications(server)).filter((a) => a.counterCode === 'R01')).toHaveLength(6);
      // The lost desk's sixth receipt was issued today after the backup: the restored desk's next one skips past it.
      const [next] = await takeApplications(desk, 1);
      await desk.call('sync.syncNow', { wait: true });
      expect((await desk.call('sync.getStatus', {})).counts).toMatchObject({ confirmed: 6, quarantined: 0, conflict: 0 });
      const onServer = (await serverApplications(server)).filter((a) => a.counterCode === 'R01');
      expect(onServer).toHaveLength(7);
      expect(new Set(onServer.map((a) => a.receiptNo)).size).toBe(7);
      expect(onServer.find((a) => a.id === next!.id)?.receiptNo).toBe(next!.receiptNo);
    } finally {
      desk.cleanup();
    }
  }, 120_000);

  it('on another PC: told to enroll again; after enrolling, the server’s copies are met, not duplicated', async () => {
    const desk = await restore({ secret: 'replacement-pc' }, PASSPHRASE);
    try {
      const status = await desk.call('backup.getStatus', {});
      expect(status.reenrollNeeded).toBe(true);
      expect(status.lastRestore?.sameMachine).toBe(false);
      const sync = await desk.call('sync.getStatus', {});
      expect(sync).toMatchObject({ enrolled: false, serverUrl: server.url });
      await desk.call('sync.enroll', { code: await enrollmentCode(server, 'R01'), deviceName: 'R01 新电脑' });
      expect((await desk.call('backup.getStatus', {})).reenrollNeeded).toBe(false);
      await desk.call('sync.resume', {});
      await desk.call('sync.syncNow', { wait: true });
      expect((await desk.call('sync.getStatus', {})).counts).toMatchObject({ confirmed: 5, unsynced: 0, conflict: 0, quarantined: 0 });
      expect((await serverApplications(server)).filter((a) => a.counterCode === 'R01')).toHaveLength(7);
    } finally {
      desk.cleanup();
    }
  }, 120_000);
});
