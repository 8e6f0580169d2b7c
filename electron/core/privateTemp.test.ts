import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRIVATE_TEMP_DIR, PrivateTemp } from './privateTemp';
import { openTestDesk, setUpDesk, tempDataDir, type TestDesk } from './testing/desk';
import type { ScanRequest, Scanner } from './ports';

const posix = process.platform !== 'win32';
const mode = (path: string) => statSync(path).mode & 0o777;

let dirs: string[] = [];
let desk: TestDesk | undefined;
afterEach(() => {
  desk?.cleanup();
  desk = undefined;
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function dataDir(): string {
  const d = tempDataDir();
  dirs.push(d);
  return d;
}

describe('private temp folders', () => {
  it('live in the data dir, private to this account, and each job folder goes when the job ends', async () => {
    const data = dataDir();
    const temp = new PrivateTemp(data, 'print');
    temp.sweep();
    expect(temp.root).toBe(join(data, PRIVATE_TEMP_DIR, 'print'));
    if (posix) expect([mode(join(data, PRIVATE_TEMP_DIR)), mode(temp.root)]).toEqual([0o700, 0o700]);

    let seen = '';
    const out = await temp.withDir('job', (dir) => {
      seen = dir;
      expect(dir.startsWith(temp.root)).toBe(true);
      if (posix) expect(mode(dir)).toBe(0o700);
      writeFileSync(join(dir, 'document.pdf'), '%PDF-1.7 张小明 370102202001010011', { mode: 0o600 });
      return Promise.resolve('printed');
    });
    expect(out).toBe('printed');
    expect(existsSync(seen)).toBe(false);

    // A failing job: the error reaches the caller and the folder still goes.
    await expect(
      temp.withDir('job', (dir) => {
        seen = dir;
        writeFileSync(join(dir, 'document.pdf'), 'x');
        return Promise.reject(new Error('printer offline'));
      }),
    ).rejects.toThrow('printer offline');
    expect(existsSync(seen)).toBe(false);
    expect(readdirSync(temp.root)).toEqual([]);
  });

  it('the sweep at start removes what a crash left and makes an opened-up folder private again', () => {
    const data = dataDir();
    const root = join(data, PRIVATE_TEMP_DIR, 'print');
    mkdirSync(join(root, 'job-abc'), { recursive: true, mode: 0o755 });
    writeFileSync(join(root, 'job-abc', 'document.pdf'), 'left by a crash');
    writeFileSync(join(root, 'stray.pdf'), 'x');
    if (posix) {
      chmodSync(root, 0o755);
      chmodSync(join(data, PRIVATE_TEMP_DIR), 0o777);
    }
    new PrivateTemp(data, 'print').sweep();
    expect(readdirSync(root)).toEqual([]);
    if (posix) expect([mode(join(data, PRIVATE_TEMP_DIR)), mode(root)]).toEqual([0o700, 0o700]);
  });

  it.skipIf(!posix)('a symlink in the folder’s place is replaced, never followed', async () => {
    const data = dataDir();
    const elsewhere = mkdtempSync(join(tmpdir(), 'elsewhere-'));
    dirs.push(elsewhere);
    writeFileSync(join(elsewhere, 'keep.txt'), 'not ours');
    mkdirSync(join(data, PRIVATE_TEMP_DIR), { mode: 0o700 });
    symlinkSync(elsewhere, join(data, PRIVATE_TEMP_DIR, 'core'));
    const temp = new PrivateTemp(data, 'core');
    temp.sweep();
    expect(statSync(temp.root).isDirectory()).toBe(true);
    expect(readdirSync(elsewhere)).toEqual(['keep.txt']);
    await temp.withDir('scan', (dir) => Promise.resolve(expect(dir.startsWith(temp.root)).toBe(true)));
    expect(readdirSync(elsewhere)).toEqual(['keep.txt']);
  });
});

describe('the desk’s own scratch files', () => {
  it('are swept when the desk opens, and a scan works in a private folder removed afterwards', async () => {
    const data = dataDir();
    const leftover = join(data, PRIVATE_TEMP_DIR, 'core', 'scan-old');
    mkdirSync(leftover, { recursive: true });
    writeFileSync(join(leftover, 'page-001.png'), 'a family document');

    // The scanner port as the core drives it: which folder is it given, and is it gone afterwards?
    const given: string[] = [];
    const recording: Scanner = {
      driver: 'sane',
      listDevices: () => Promise.resolve([]),
      scan(_request: ScanRequest, workDir: string) {
        given.push(workDir);
        return Promise.reject(new Error('no paper in this test'));
      },
    };
    desk = await openTestDesk(data);
    desk.ports.scanner = recording;
    expect(existsSync(leftover)).toBe(false);
    await setUpDesk(desk);
    const { id } = await desk.call('applications.saveDraft', { data: { grade: 'primary1' } });
    const { plan } = await desk.call('plans.getActive', {});
    const materialKey = plan.materials[0]!.id;
    await desk.fail('documents.scan', { applicationId: id, materialKey, deviceId: 'test:0', resolution: 100 });
    expect(given).toHaveLength(1);
    expect(given[0]!.startsWith(join(data, PRIVATE_TEMP_DIR, 'core'))).toBe(true);
    expect(existsSync(given[0]!)).toBe(false);
  });
});
