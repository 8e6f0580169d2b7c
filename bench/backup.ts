// backup.ratio and restore.ratio: the desk's backup (and verified restore) of a season's data, each beside `tar` of
// the same files measured in the same run. Both sides end durable on disk: tar's output is fsynced (syncfs for an
// extracted tree), as the desk fsyncs its archive and its staged restore.
import { execFileSync } from 'node:child_process';
import { closeSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDesk, tempDataDir, type TestDesk } from '../electron/core/testing/desk';
import { attachPages, syncDesk, takeApplications } from '../electron/core/testing/syncKit';
import { figure, type Figure } from './lib';

const APPS = Number(process.env.BENCH_BACKUP_APPS ?? 2000);
const PAGES_PER_APP = 3;
/** A 200 dpi A4 scan as the desk stores it is 100–250 KB (JPEG q82, ≤ 400 KB). */
const PAGE_BYTES = Number(process.env.BENCH_BACKUP_PAGE_BYTES ?? 150 * 1024);
const RUNS = Number(process.env.BENCH_BACKUP_RUNS ?? 3);

function seconds(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
}

async function secondsAsync(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Neither timing pays for the other's dirty pages. */
function settle(): void {
  execFileSync('sync');
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return n;
}

interface Run {
  tarBackup: number;
  backup: number;
  tarRestore: number;
  restore: number;
}

export async function benchBackup(): Promise<Figure[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-backup-'));
  let desk: TestDesk | null = null;
  try {
    desk = await syncDesk(undefined, 'B01');
    const apps = await takeApplications(desk, APPS);
    await attachPages(desk, apps.map((a) => a.id), PAGES_PER_APP, PAGE_BYTES);
    const files = readdirSync(desk.dataDir).filter((n) => n.startsWith('desk.') || n === 'blobs');
    const mb = files.reduce((s, f) => s + (f === 'blobs' ? dirBytes(join(desk!.dataDir, f)) : statSync(join(desk!.dataDir, f)).size), 0) / 1048576;
    const runs: Run[] = [];
    for (let r = 0; r < RUNS; r++) {
      const usb = join(scratch, `usb-${r}`);
      mkdirSync(usb);
      const tarFile = join(scratch, `baseline-${r}.tar`);
      settle();
      const tarBackup = seconds(() => {
        execFileSync('tar', ['-cf', tarFile, '-C', desk!.dataDir, ...files]);
        fsyncFile(tarFile);
      });
      settle();
      desk.ports.fileDialog.folders.push(usb);
      await desk.call('backup.chooseFolder', {});
      let archive = '';
      const backup = await secondsAsync(async () => {
        const rec = await desk!.call('backup.run', {});
        archive = join(usb, rec!.fileName);
      });
      settle();
      const tarDir = join(scratch, `extract-${r}`);
      mkdirSync(tarDir);
      const tarRestore = seconds(() => {
        execFileSync('tar', ['-xf', tarFile, '-C', tarDir]);
        execFileSync('sync', ['-f', tarDir]);
      });
      settle();
      // Restore onto a fresh data dir on the same PC (no passphrase): verification of every entry and page included.
      const target = await openTestDesk(tempDataDir());
      const restore = await secondsAsync(async () => {
        target.ports.fileDialog.files.push(archive);
        const picked = await target.call('backup.chooseArchive', {});
        const res = await target.call('backup.restore', { token: picked!.token });
        if (!res.opened) throw new Error('restored desk did not open');
      });
      target.cleanup();
      rmSync(tarDir, { recursive: true, force: true });
      rmSync(tarFile, { force: true });
      rmSync(usb, { recursive: true, force: true });
      runs.push({ tarBackup, backup, tarRestore, restore });
      console.error(`backup bench run ${r + 1}/${RUNS}: backup ${backup.toFixed(2)} s (tar ${tarBackup.toFixed(2)} s), restore ${restore.toFixed(2)} s (tar -x ${tarRestore.toFixed(2)} s)`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const bRatios = runs.map((r) => r.tarBackup / r.backup);
    const rRatios = runs.map((r) => r.tarRestore / r.restore);
    const bMid = runs.find((r) => r.tarBackup / r.backup === median(bRatios)) as Run;
    const rMid = runs.find((r) => r.tarRestore / r.restore === median(rRatios)) as Run;
    const what = `${APPS} apps + ${APPS * PAGES_PER_APP} pages, ${mb.toFixed(0)} MiB`;
    return [
      figure('backup.ratio', median(bRatios), 'x', 1, `tar -cf + fsync of the same files (${what}): ${bMid.tarBackup.toFixed(2)} s vs backup ${bMid.backup.toFixed(2)} s; median of ${RUNS} (${bRatios.map((x) => x.toFixed(2)).join(', ')})`, { min: 0.5 }),
      figure('restore.ratio', median(rRatios), 'x', 1, `tar -xf + syncfs of the same files: ${rMid.tarRestore.toFixed(2)} s vs verified restore ${rMid.restore.toFixed(2)} s; median of ${RUNS} (${rRatios.map((x) => x.toFixed(2)).join(', ')})`, { min: 0.5 }),
    ];
  } finally {
    desk?.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  }
}
