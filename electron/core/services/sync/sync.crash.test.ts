import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorker } from '../../testing/bundleWorker';
import { runLineWorker } from '../../testing/lineWorker';
import { openTestDesk, type TestDesk } from '../../testing/desk';
import { attachPages, enroll, ROOT, serverApplications, serverHasBlob, signIn, startCountyServer, syncDesk, takeApplications, type CountyServer } from '../../testing/syncKit';

// The desk process SIGKILLed during sync at random points (≥ 50 kills that land mid-round), against the real
// county server. After a clean restart: every application on the server exactly once with all pages, blob
// hashes verified on the server's disk, every record acknowledged at the desk.
// HTTP driver only: the desk runs in worker processes that are killed, so the server is a process of its own.

const WORKER = join(ROOT, '.tmp', 'sync-kill-worker.mjs');
const KILLS = Number(process.env.SYNC_CRASH_KILLS ?? 50);
const APPS = Number(process.env.SYNC_CRASH_APPS ?? 150);
/** Pages of 300 KB: a batch of 5 applications (15 pages) goes up in two bundles, so kills land between them too. */
const PAGE_BYTES = 300 * 1024;

let server: CountyServer;
let dataDir: string;
const pages = new Map<string, string[]>();

beforeAll(async () => {
  await bundleWorker(join(import.meta.dirname, '..', '..', 'testing', 'syncKillWorker.ts'), WORKER);
  server = await startCountyServer();
  // Applications are taken before enrollment: nothing uploads until the workers run.
  const desk: TestDesk = await syncDesk(undefined, 'K01');
  dataDir = desk.dataDir;
  const apps = await takeApplications(desk, APPS);
  for (const [id, shas] of await attachPages(desk, apps.map((a) => a.id), 3, PAGE_BYTES)) pages.set(id, shas);
  await desk.call('sync.configure', { serverUrl: server.url, caPem: null });
  await desk.call('sync.pause', {});
  await enroll(desk, server, server.url, 'K01');
  await desk.call('sync.resume', {});
  desk.close();
}, 240_000); // bundling the worker and starting the county server, slow on a loaded machine

afterAll(async () => {
  await server.stop('SIGTERM');
  rmSync(server.dataDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** Run the worker; SIGKILL it right after its `killAtStep`-th sync step. Resolves with the steps seen. */
async function runAndKill(killAtStep: number | null): Promise<{ steps: string[]; killed: boolean }> {
  const steps: string[] = [];
  let killed = false;
  const exit = await runLineWorker(WORKER, [dataDir], (line, child) => {
    if (!line.startsWith('STEP ')) return;
    steps.push(line.slice(5));
    if (line === 'STEP round-done' && !killed) {
      child.kill(killAtStep === null ? 'SIGTERM' : 'SIGKILL');
    } else if (killAtStep !== null && steps.length >= killAtStep && !killed) {
      killed = true;
      child.kill('SIGKILL');
    }
  });
  if (exit.signal === 'SIGKILL' || exit.signal === 'SIGTERM') return { steps, killed };
  throw new Error(`worker exited (${exit.code}): ${exit.stderr}`);
}

describe('desk process killed during sync', () => {
  it(`survives ${KILLS} kills at random sync steps; the server ends with each application exactly once`, async () => {
    let midRound = 0;
    const where = new Map<string, number>();
    for (let trial = 0; trial < KILLS * 3 && midRound < KILLS; trial++) {
      // Each run gets 1–5 sync steps before its kill: short enough that the 150 applications' ~220 steps
      // (page bundles, batches, acknowledgements) last well past 50 kills.
      const r = await runAndKill(1 + Math.floor(Math.random() * 5));
      if (r.killed) {
        midRound++;
        const last = r.steps.at(-1) ?? 'start';
        where.set(last, (where.get(last) ?? 0) + 1);
      }
      if (r.steps.includes('round-done')) break;
    }
    // Enough kills must have landed inside rounds for the test to mean anything.
    expect(midRound).toBeGreaterThanOrEqual(KILLS);
    expect(where.size).toBeGreaterThanOrEqual(4);

    // Clean run to the end.
    const final = await runAndKill(null);
    expect(final.steps).toContain('round-done');

    const onServer = (await serverApplications(server)).filter((a) => a.counterCode === 'K01');
    expect(onServer).toHaveLength(APPS);
    expect(new Set(onServer.map((a) => a.id))).toEqual(new Set(pages.keys()));
    for (const a of onServer) expect([a.pages, a.revision]).toEqual([3, 1]);
    for (const shas of pages.values()) for (const sha of shas) expect(serverHasBlob(server, sha)).toBe(true);
    const desk = await openTestDesk(dataDir);
    try {
      await signIn(desk);
      const st = await desk.call('sync.getStatus', {});
      expect(st.counts).toMatchObject({ confirmed: APPS, unsynced: 0, uploading: 0, conflict: 0, quarantined: 0 });
    } finally {
      desk.close();
    }
    console.log(`sync crash test: ${midRound} kills inside rounds, at steps ${JSON.stringify(Object.fromEntries(where))}`);
    // Up to 150 worker starts: about 80 s on an idle CI machine, several times that on a loaded one. A worker that
    // hangs fails sooner, by runLineWorker's stall check.
  }, 600_000);
});
