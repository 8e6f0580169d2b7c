import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorker } from '../../testing/bundleWorker';
import { type KillAt, killOnProgress, randomKillAt, runLineWorker } from '../../testing/lineWorker';
import { openTestDesk, setUpDesk, tempDataDir, ADMIN } from '../../testing/desk';
import { materialsFor } from '../../../../shared/domain/applicationRules';
import { BlobStore } from './blobStore';
import { loadOrCreateKeys } from '../keys';
import { testPorts } from '../../../harness/testPorts';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const WORKER = join(ROOT, '.tmp', 'blob-kill-worker.mjs');
const TRIALS = Number(process.env.BLOB_CRASH_TRIALS ?? 8);

async function runAndKill(args: string[], killAt: KillAt, acks: Map<string, string>, removing: Set<string>): Promise<void> {
  // The first page (noise made, PNG encoded, imported) takes a few hundred milliseconds before any step is timed.
  const kill = killOnProgress(killAt, 600);
  const exit = await runLineWorker(WORKER, args, (line, child) => {
    const [kind, id, sha] = line.split(' ');
    kill(line, child);
    if (kind === 'ACK' && id && sha) acks.set(id, sha);
    // A removal under way when the kill lands may or may not have committed.
    if (kind === 'REMOVING' && id) removing.add(id);
    if (kind === 'REMOVED' && id) {
      acks.delete(id);
      removing.delete(id);
    }
  });
  if (exit.signal !== 'SIGKILL') throw new Error(`worker exited on its own: ${exit.stderr}`);
}

describe('killing the desk while it writes scanned pages', () => {
  let dataDir: string;
  let applicationId: string;
  let materialKey: string;
  beforeAll(async () => {
    await bundleWorker(join(import.meta.dirname, '..', '..', 'testing', 'blobKillWorker.ts'), WORKER);
    dataDir = tempDataDir();
    const desk = await openTestDesk(dataDir);
    await setUpDesk(desk);
    const { plan } = await desk.call('plans.getActive', {});
    materialKey = materialsFor('house_hukou', plan)[0]?.id ?? '';
    applicationId = (await desk.call('applications.saveDraft', { data: { grade: 'primary1' } })).id;
    desk.close();
  }, 180_000); // bundling the worker with sharp takes most of this on a loaded machine
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`never shows a half-written blob and never references a missing one (${TRIALS} kills)`, async () => {
    const acked = new Map<string, string>();
    const removing = new Set<string>();
    for (let trial = 0; trial < TRIALS; trial++) {
      // Chosen by the worker's progress, not the clock (a loaded machine would see fewer pages before each kill).
      await runAndKill([dataDir, applicationId, materialKey], randomKillAt(6), acked, removing);
    }
    const keys = await loadOrCreateKeys(dataDir, testPorts().secretStore, false);
    const store = new BlobStore(join(dataDir, 'blobs'), keys.blob);
    const { blobs, temps } = store.list();
    // Every file under a final name is whole: it decrypts, authenticates and hashes to its name.
    for (const sha of blobs) expect(BlobStore.hash(store.read(sha))).toBe(sha);

    const desk = await openTestDesk(dataDir);
    await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    const pages = (await desk.call('documents.list', { applicationId })).items.flatMap((i) => i.pages);
    // Every acknowledged page is there with the content it was acknowledged with; every page row's blob reads.
    const byId = new Map(pages.map((p) => [p.id, p]));
    for (const [id, sha] of acked) if (!removing.has(id)) expect(byId.get(id)?.sha256).toBe(sha);
    for (const p of pages) expect((await desk.call('documents.getPage', { pageId: p.id })).dataBase64.length).toBeGreaterThan(0);
    expect(pages.map((p) => p.pageNo)).toEqual(pages.map((_, i) => i + 1));

    // Collection clears interrupted temp files and blobs written just before a kill, and nothing referenced.
    const r = await desk.call('documents.collectOrphans', {});
    expect(r.removedTemps).toBe(temps.length);
    expect(store.list().temps).toEqual([]);
    for (const p of pages) expect(store.has(p.sha256)).toBe(true);
    expect((await desk.call('audit.verify', {})).ok).toBe(true);
    desk.close();
    console.log(`blob kill test: ${TRIALS} kills, ${acked.size} acknowledged pages, ${pages.length} stored, ${temps.length} interrupted temp files, ${r.removedBlobs} orphan blobs collected`);
    expect(acked.size).toBeGreaterThan(TRIALS);
  }, 300_000);
});
