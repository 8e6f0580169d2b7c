import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorker } from '../../testing/bundleWorker';
import { runLineWorker } from '../../testing/lineWorker';
import { ADMIN, openTestDesk, type TestDesk } from '../../testing/desk';
import { testPorts } from '../../../harness/testPorts';
import { attachPages, ROOT, syncDesk, takeApplications } from '../../testing/syncKit';
import { ArchiveReader } from './archive';
import { archiveKey, readKeyFile, unwrapWithStore } from './masterKey';
import { backUp, pageBytes } from '../../testing/backupKit';

// The desk process SIGKILLed at random moments while it backs up, and while it restores. After a backup kill, every
// `.edbak` in the folder is complete and verifies, and the last good backup recorded is one of them; after a restore
// kill, the reopened desk holds exactly the old data or exactly the archive's, each page readable.

const WORKER = join(ROOT, '.tmp', 'backup-kill-worker.mjs');
const TRIALS = Number(process.env.BACKUP_KILL_TRIALS ?? 12);
const seed = Number(process.env.BACKUP_KILL_SEED ?? Date.now() % 1_000_000);
let state = seed;
/** Deterministic per seed (printed), so a failing run can be repeated. */
function random(): number {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return state / 2 ** 31;
}

let oldDesk: string;
let folder: string;
let archiveFolder: string;
let oldApps: string[];
let newApps: string[];
const newPages = new Map<string, string[]>();
const oldPages = new Map<string, string[]>();

async function verifyArchive(path: string, dataDir: string): Promise<void> {
  const master = (await unwrapWithStore(readKeyFile(dataDir), testPorts().secretStore))?.master;
  if (!master) throw new Error('no key');
  const reader = ArchiveReader.open(path);
  try {
    for (const e of reader.entries(archiveKey(master, reader.header.archiveId))) reader.read(e);
  } finally {
    reader.close();
  }
}

interface Run {
  lines: string[];
  killed: boolean;
  done: boolean;
}

async function runAndKill(args: string[], pickLine: (line: string, index: number) => boolean, afterMs: number | null): Promise<Run> {
  const lines: string[] = [];
  let killed = false;
  let done = false;
  const exit = await runLineWorker(WORKER, args, (line, child) => {
    lines.push(line);
    if (line.startsWith('DONE')) done = true;
    if (line === 'READY' && afterMs !== null) setTimeout(() => !killed && child.kill('SIGKILL'), afterMs);
    if (!killed && !done && pickLine(line, lines.length)) {
      killed = true;
      child.kill('SIGKILL');
    }
  });
  if (exit.signal === 'SIGKILL') return { lines, killed: true, done };
  if (exit.code === 0) return { lines, killed, done };
  throw new Error(`worker exited (${exit.code}): ${exit.stderr}`);
}

beforeAll(async () => {
  console.log(`backup kill test seed ${seed} (BACKUP_KILL_SEED=${seed} repeats it)`);
  await bundleWorker(join(import.meta.dirname, '..', '..', 'testing', 'backupKillWorker.ts'), WORKER);
  folder = mkdtempSync(join(tmpdir(), 'usb-kill-'));
  archiveFolder = mkdtempSync(join(tmpdir(), 'usb-archive-'));
  // The "old" desk: what a restore replaces, and what the backup kills back up.
  const old: TestDesk = await syncDesk(undefined, 'A01');
  oldDesk = old.dataDir;
  oldApps = (await takeApplications(old, 10)).map((a) => a.id);
  for (const [id, shas] of await attachPages(old, oldApps, 3, 120_000)) oldPages.set(id, shas);
  old.ports.fileDialog.folders.push(folder);
  await old.call('backup.chooseFolder', {});
  old.close();
  // The archive a restore brings in: another desk's data (same PC, so no passphrase).
  const other: TestDesk = await syncDesk(undefined, 'A01');
  newApps = (await takeApplications(other, 12)).map((a) => a.id);
  for (const [id, shas] of await attachPages(other, newApps, 3, 120_000)) newPages.set(id, shas);
  await backUp(other, archiveFolder);
  other.cleanup();
}, 120_000);

afterAll(() => {
  for (const d of [oldDesk, folder, archiveFolder]) rmSync(d, { recursive: true, force: true });
});

describe('desk process killed during backup', () => {
  it(`never leaves an incomplete archive that counts (${TRIALS} kills)`, async () => {
    const clean = await runAndKill(['backup', oldDesk, folder], () => false, null);
    expect(clean.done).toBe(true);
    const lineCount = clean.lines.length;
    let midWrite = 0;
    const killedAt = new Map<string, number>();
    for (let t = 0; t < TRIALS; t++) {
      // Kill after a random line: before the snapshot, between two entries, before or after the rename.
      const target = 1 + Math.floor(random() * (lineCount - 1));
      const run = await runAndKill(['backup', oldDesk, folder], (_line, i) => i >= target, null);
      if (run.killed) {
        const last = run.lines.at(-1)?.split(' ').slice(0, 2).join(' ') ?? 'start';
        killedAt.set(last, (killedAt.get(last) ?? 0) + 1);
      }
      const last = run.lines.at(-1) ?? '';
      if (run.killed && /^WROTE (db|blob)/.test(last)) {
        midWrite++;
        expect(readdirSync(folder).some((n) => n.endsWith('.partial'))).toBe(true);
      }
      for (const n of readdirSync(folder).filter((x) => x.endsWith('.edbak'))) await verifyArchive(join(folder, n), oldDesk);
    }
    // The kills must have landed inside archive writes, not only before or after them.
    expect(midWrite).toBeGreaterThanOrEqual(Math.floor(TRIALS / 4));
    const desk = await openTestDesk(oldDesk);
    try {
      await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
      const last = (await desk.call('backup.getStatus', {})).last;
      expect(last).not.toBeNull();
      await verifyArchive(join(folder, last!.fileName), oldDesk);
      // The next backup clears the leftovers of killed ones and completes.
      await desk.call('backup.run', {});
      expect(readdirSync(folder).filter((n) => n.endsWith('.partial'))).toEqual([]);
      expect(readdirSync(folder).filter((n) => n.endsWith('.edbak')).length).toBeGreaterThanOrEqual(2);
    } finally {
      desk.close();
    }
    console.log(`backup kill test: ${TRIALS} kills, ${midWrite} inside an archive write (a .partial, never listed), killed after ${JSON.stringify(Object.fromEntries(killedAt))}`);
  }, 300_000);
});

describe('desk process killed during restore', () => {
  it(`holds exactly the old data or exactly the archive's after any kill (${TRIALS} kills)`, async () => {
    const outcomes = { old: 0, restored: 0 };
    const killedAt = new Map<string, number>();
    let lineCount = 0;
    let cleanMs = 0;
    {
      const trial = mkdtempSync(join(tmpdir(), 'restore-trial-'));
      cpSync(oldDesk, trial, { recursive: true });
      const started = performance.now();
      const clean = await runAndKill(['restore', trial, archiveFolder], () => false, null);
      cleanMs = performance.now() - started;
      expect(clean.done).toBe(true);
      lineCount = clean.lines.length;
      rmSync(trial, { recursive: true, force: true });
    }
    for (let t = 0; t < TRIALS; t++) {
      const trial = mkdtempSync(join(tmpdir(), 'restore-trial-'));
      cpSync(oldDesk, trial, { recursive: true });
      try {
        // Half the kills at a random progress or swap line (these reach the swap), half at a random time within the
        // first half of a clean restore's duration on this machine (before the swap: these leave the old data). A fixed
        // 1.5 s bound let a fast machine finish before most kills, so once no kill left the old data.
        const byLine = t % 2 === 0;
        // The first run is killed at its first progress line, so at least one kill lands before the swap.
        const target = t === 0 ? 1 : 2 + Math.floor(random() * (lineCount - 2));
        const run = await runAndKill(['restore', trial, archiveFolder], (_line, i) => byLine && i >= target, byLine ? null : Math.floor(random() * cleanMs * 0.5));
        if (run.killed) {
          const last = run.lines.at(-1)?.split(' ').slice(0, 2).join(' ') ?? 'start';
          killedAt.set(last, (killedAt.get(last) ?? 0) + 1);
        }
        const desk = await openTestDesk(trial);
        try {
          expect(desk.core.bootError).toBeNull();
          await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
          const has = async (id: string) => (await desk.core.call('applications.get', { id })).ok;
          const oldHere = await Promise.all(oldApps.map(has));
          const newHere = await Promise.all(newApps.map(has));
          const isOld = oldHere.every(Boolean) && !newHere.some(Boolean);
          const isNew = newHere.every(Boolean) && !oldHere.some(Boolean);
          expect({ trial: t, isOld, isNew }).toEqual({ trial: t, isOld: isOld, isNew: !isOld });
          const pages = isOld ? oldPages : newPages;
          for (const [id, shas] of pages) expect((await pageBytes(desk, id)).sort()).toEqual([...shas].sort());
          expect((await desk.call('audit.verify', {})).ok).toBe(true);
          expect(existsSync(join(trial, 'restore'))).toBe(false);
          outcomes[isOld ? 'old' : 'restored']++;
        } finally {
          desk.close();
        }
      } finally {
        rmSync(trial, { recursive: true, force: true });
      }
    }
    console.log(`restore kill test: ${TRIALS} runs, outcomes ${JSON.stringify(outcomes)}, killed after ${JSON.stringify(Object.fromEntries(killedAt))}`);
    expect(outcomes.old).toBeGreaterThan(0);
    expect(outcomes.restored).toBeGreaterThan(0);
    // Some kills must land inside the swap itself (between its renames).
    expect([...killedAt.keys()].filter((k) => k.startsWith('SWAP')).length).toBeGreaterThan(0);
  }, 300_000);
});
