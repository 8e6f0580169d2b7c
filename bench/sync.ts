// sync.upload_ratio and sync.metadata_1000_s: the real desk engine against the real county server process over
// loopback HTTP, each beside a plain HTTP upload of the same bytes measured in the same run.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { loadOrCreateKeys } from '../electron/core/services/keys';
import { BlobStore } from '../electron/core/services/documents/blobStore';
import { testPorts } from '../electron/harness/testPorts';
import { attachPages, enroll, startCountyServer, syncDesk, takeApplications, type CountyServer } from '../electron/core/testing/syncKit';
import type { TestDesk } from '../electron/core/testing/desk';
import { figure, type Figure } from './lib';

/** Applications with pages for the upload ratio: the 1,000 (586 MiB; about 25 s with set-up). */
const UPLOAD_APPS = Number(process.env.BENCH_SYNC_APPS ?? 1000);
const PAGE_BYTES = Number(process.env.BENCH_SYNC_PAGE_BYTES ?? 200 * 1024);
/** Paired runs (plain, then sync) on fresh desks; the figure is the median run. */
const UPLOAD_RUNS = Number(process.env.BENCH_SYNC_RUNS ?? 5);
const META_APPS = Number(process.env.BENCH_SYNC_META_APPS ?? 1000);

/** A plain HTTP server that stores each request body in a file: the baseline's receiving end. */
async function plainServer(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    const file = join(dir, `body-${++n}`);
    pipeline(req, createWriteStream(file)).then(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** PUT every body to the plain server, 4 at a time over keep-alive (as the engine uploads blobs). */
async function plainUpload(url: string, bodies: Buffer[]): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      await new Promise<void>((resolve, reject) => {
        const req = http.request(`${url}/upload`, { method: 'PUT', agent, headers: { 'content-length': String(body.length), 'content-type': 'application/octet-stream' } }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        });
        req.on('error', reject);
        req.end(body);
      });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  agent.destroy();
  return (performance.now() - started) / 1000;
}

/** The bytes the desk holds for these blobs, read back (decrypted) exactly as the engine reads them. */
async function blobBytes(desk: TestDesk, shas: string[]): Promise<Buffer[]> {
  const keys = await loadOrCreateKeys(desk.dataDir, testPorts().secretStore, false);
  const store = new BlobStore(join(desk.dataDir, 'blobs'), keys.blob);
  return shas.map((s) => store.read(s));
}

/**
 * Neither timing pays for the other's disk writes: the set-up's pages and the baseline's files are dropped or
 * written out before the next timing starts (half a GiB of dirty pages flushing in the background would
 * otherwise land on whichever run comes next).
 */
function settleDisk(dropDir?: string): void {
  if (dropDir) {
    rmSync(dropDir, { recursive: true, force: true });
    mkdirSync(dropDir, { recursive: true });
  }
  if (process.platform !== 'win32') execFileSync('sync');
}

/** Resume a paused, enrolled desk and wait until its queue is empty (the resume starts the round). */
async function timedSync(desk: TestDesk): Promise<number> {
  const started = performance.now();
  await desk.call('sync.resume', {});
  const st = await desk.call('sync.syncNow', { wait: true });
  const s = (performance.now() - started) / 1000;
  if (st.lastError || st.counts.unsynced + st.counts.uploading > 0) throw new Error(`sync did not finish: ${st.lastError ?? JSON.stringify(st.counts)}`);
  return s;
}

interface UploadRun {
  bytes: number;
  plain: number;
  sync: number;
}

/** One paired measurement: the plain upload of the pages' bytes, then the desk's sync of the same applications. */
async function uploadRun(up: TestDesk, server: CountyServer, plainUrl: string, scratch: string, counterCode: string): Promise<UploadRun> {
  const apps = await takeApplications(up, UPLOAD_APPS);
  const pages = await attachPages(up, apps.map((a) => a.id), 3, PAGE_BYTES);
  const shas = [...pages.values()].flat();
  const bodies = await blobBytes(up, shas);
  const bytes = bodies.reduce((n, b) => n + b.length, 0);
  if (createHash('sha256').update(bodies[0]!).digest('hex') !== shas[0]) throw new Error('blob read-back mismatch');
  await up.call('sync.pause', {});
  await enroll(up, server, server.url, counterCode);
  settleDisk();
  const plain = await plainUpload(plainUrl, bodies);
  settleDisk(scratch);
  // The baseline's copies of the pages are not the desk's to carry while it syncs (half a GiB at 1,000 apps).
  bodies.length = 0;
  const sync = await timedSync(up);
  return { bytes, plain, sync };
}

export async function benchSync(): Promise<Figure[]> {
  const server = await startCountyServer();
  const scratch = mkdtempSync(join(tmpdir(), 'bench-sync-'));
  const plain = await plainServer(scratch);
  const desks: TestDesk[] = [];
  try {
    // --- metadata only: META_APPS applications, no pages ---
    const meta = await syncDesk(undefined, 'M01');
    desks.push(meta);
    await takeApplications(meta, META_APPS);
    await meta.call('sync.pause', {});
    await enroll(meta, server, server.url, 'M01');
    const metaSeconds = await timedSync(meta);
    const metaBodies: Buffer[] = [];
    // Baseline: the same number of application records as JSON bodies, 100 per request, to the plain server.
    const sample = await meta.call('applications.search', { limit: 100 });
    const oneBatch = Buffer.from(JSON.stringify({ items: sample.rows }));
    for (let i = 0; i < Math.ceil(META_APPS / 100); i++) metaBodies.push(oneBatch);
    const metaPlain = await plainUpload(plain.url, metaBodies);

    // --- upload ratio: UPLOAD_APPS applications × 3 pages of PAGE_BYTES, RUNS times on fresh desks ---
    const runs: UploadRun[] = [];
    for (let run = 1; run <= UPLOAD_RUNS; run++) {
      const up = await syncDesk(undefined, `U0${run}`);
      try {
        runs.push(await uploadRun(up, server, plain.url, scratch, `U0${run}`));
      } finally {
        up.cleanup();
      }
      const r = runs.at(-1)!;
      console.error(`sync bench run ${run}/${UPLOAD_RUNS}: sync ${r.sync.toFixed(2)} s, plain ${r.plain.toFixed(2)} s, ratio ${(r.plain / r.sync).toFixed(2)}`);
    }
    // The median run by ratio (the VM's disk makes single runs vary by ±15%; the baseline varies too).
    const sorted = [...runs].sort((a, b) => a.plain / a.sync - b.plain / b.sync);
    const mid = sorted[Math.floor(sorted.length / 2)]!;
    const mb = mid.bytes / 1048576;
    const all = runs.map((r) => (r.plain / r.sync).toFixed(2)).join(', ');
    console.error(
      `sync bench: ${UPLOAD_APPS} apps × 3 pages × ${PAGE_BYTES} B = ${mb.toFixed(0)} MiB; median run: sync ${mid.sync.toFixed(2)} s (${(mb / mid.sync).toFixed(1)} MiB/s), ` +
        `plain ${mid.plain.toFixed(2)} s (${(mb / mid.plain).toFixed(1)} MiB/s); ratios ${all}; metadata ${META_APPS} apps ${metaSeconds.toFixed(2)} s, plain ${metaPlain.toFixed(2)} s`,
    );
    return [
      figure(
        'sync.upload_ratio',
        mid.plain / mid.sync,
        'x',
        1,
        `plain HTTP upload of the same ${mb.toFixed(0)} MiB (${UPLOAD_APPS} apps × 3 pages): ${mid.plain.toFixed(2)} s vs sync ${mid.sync.toFixed(2)} s; median of ${runs.length} runs (${all})`,
        { min: 0.7 },
      ),
      figure('sync.metadata_1000_s', (metaSeconds * 1000) / META_APPS, 's', (metaPlain * 1000) / META_APPS, `plain HTTP POST of the same count of records (${META_APPS} measured, scaled to 1,000)`, { max: 2 }),
    ];
  } finally {
    for (const d of desks) d.cleanup();
    await plain.close();
    await server.stop('SIGTERM');
    rmSync(server.dataDir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}
