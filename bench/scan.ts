// scan.* figures: a 300-dpi A4 colour page from capture to stored page through the real core (sniff,
// sharp pipeline, encrypted blob write with fsync, page row, audit), beside sharp alone doing the same
// resize and encode; and 20 thumbnails shown in the browser harness beside the same view with no pages.
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { openTestDesk, setUpDesk, tempDataDir } from '../electron/core/testing/desk';
import { startBridge } from '../electron/harness/server';
import { LIMITS } from '../electron/core/services/documents/process';
import { pageSvg, smallPng } from '../electron/core/testing/documentFiles';
import { materialsFor } from '../shared/domain/applicationRules';
import type { CountyPlan } from '../shared/plan/schema';
import { figure, percentile, type Figure } from './lib';

const RENDERER = join(import.meta.dirname, '..', 'dist', 'renderer');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const PAGES = 12;
const RUNS = 7;

/** Distinct camera JPEGs of one printed A4 page at 300 dpi (2480 × 3508), each with a little different noise. */
async function cameraPages(n: number): Promise<Buffer[]> {
  const base = await sharp(pageSvg(2480, 3508, 'BENCH')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const out: Buffer[] = [];
  let seed = 99;
  for (let k = 0; k < n; k++) {
    const px = Buffer.from(base.data);
    for (let i = k; i < px.length; i += 5) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      px.writeUInt8(Math.max(0, Math.min(255, px.readUInt8(i) + ((seed >> 16) % 7) - 3)), i);
    }
    out.push(await sharp(px, { raw: { width: 2480, height: 3508, channels: base.info.channels } }).jpeg({ quality: 92 }).toBuffer());
  }
  return out;
}

export async function benchScan(): Promise<Figure[]> {
  return [...(await benchPage()), ...(await benchThumbs())];
}

async function benchPage(): Promise<Figure[]> {
  const inputs = await cameraPages(PAGES);
  const dataDir = tempDataDir();
  const desk = await openTestDesk(dataDir);
  try {
    await setUpDesk(desk);
    const { plan } = await desk.call('plans.getActive', {});
    const materialKey = materialsFor('house_hukou', plan)[0]?.id ?? '';
    const { id } = await desk.call('applications.saveDraft', { data: { grade: 'primary1' } });
    // Warm both paths once (sharp's first call loads libvips).
    await sharp(inputs[0]).rotate().resize(LIMITS.shortSide, LIMITS.longSide, { fit: 'inside' }).jpeg({ quality: 82 }).toBuffer();
    const core: number[] = [];
    const alone: number[] = [];
    const kb: number[] = [];
    for (const [i, jpeg] of inputs.entries()) {
      const b64 = jpeg.toString('base64');
      let t0 = performance.now();
      const r = await desk.call('documents.importFile', { applicationId: id, materialKey: i < 6 ? materialKey : (materialsFor('house_hukou', plan)[1]?.id ?? materialKey), source: 'camera', dataBase64: b64 });
      core.push(performance.now() - t0);
      kb.push((r.pages[0]?.bytes ?? 0) / 1024);
      t0 = performance.now();
      await sharp(jpeg).rotate().resize(LIMITS.shortSide, LIMITS.longSide, { fit: 'inside' }).jpeg({ quality: 82 }).toBuffer();
      alone.push(performance.now() - t0);
    }
    const inputKb = percentile(inputs.map((b) => b.length / 1024), 50);
    return [
      figure('scan.page_p50_ms', percentile(core, 50), 'ms', percentile(alone, 50), 'sharp alone: orient, resize, encode', { max: 300 }),
      figure('scan.page_kb', percentile(kb, 50), 'KB', inputKb, 'camera JPEG in (300 dpi, q92)', { max: 400 }),
    ];
  } finally {
    desk.cleanup();
  }
}

async function benchThumbs(): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-bench-scan-'));
  const bridge = await startBridge({ dataDir, staticDir: RENDERER });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const rpc = async (method: string, input: unknown) => {
      const res = await fetch(`http://127.0.0.1:${bridge.port}/rpc`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ method, input }),
      });
      const body = (await res.json()) as { ok: boolean; value?: unknown; error?: unknown };
      if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
      return body.value;
    };
    await rpc('setup.initialize', { counterName: '基准测试窗口', counterCode: 'B01', countyCode: '371102', admin: { username: 'admin', displayName: '基准', password: 'Bench2026x' } });
    const { plan } = (await rpc('plans.getActive', {})) as { plan: CountyPlan };
    const [full] = materialsFor('house_hukou', plan);
    if (!full) throw new Error('sample plan has no materials');
    const { id } = (await rpc('applications.saveDraft', { data: { grade: 'primary1' } })) as { id: string };
    const { id: other } = (await rpc('applications.saveDraft', { data: { grade: 'primary1' } })) as { id: string };
    for (let i = 0; i < 20; i++) {
      await rpc('documents.importFile', { applicationId: id, materialKey: full.id, source: 'file', dataBase64: (await smallPng(`THUMB ${i}`)).toString('base64') });
    }
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${bridge.url}`);
    await page.getByTestId('main-frame').waitFor();
    if (process.env.BENCH_DEBUG) page.on('console', (m) => console.error('[page]', m.text())).on('pageerror', (e) => console.error('[pageerror]', e)).on('crash', () => console.error('[crash]'));
    /** From the hash change to every thumbnail decoded on screen (or the empty strip), in the page's clock. */
    // A string, not a function: tsx would wrap inner functions in a helper the page does not have.
    const open = (applicationId: string, expected: number) =>
      page.evaluate<number>(`new Promise((resolve) => {
        location.hash = '#/applications';
        requestAnimationFrame(() => {
          const t0 = performance.now();
          location.hash = ${JSON.stringify(`#/scan/${applicationId}?item=${full.id}`)};
          const check = () => {
            const imgs = [...document.querySelectorAll('[data-testid="page-strip"] img')];
            const done = ${expected} === 0
              ? document.querySelector('[data-testid="strip-empty"]') !== null
              : imgs.length === ${expected} && imgs.every((i) => i.complete && i.naturalWidth > 0);
            if (done) resolve(performance.now() - t0);
            else requestAnimationFrame(check);
          };
          check();
        });
      })`);
    // Alternating applications: each opening loads its pages afresh (nothing cached from the last one).
    await open(id, 20);
    await open(other, 0);
    const withPages: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      withPages.push(await open(id, 20));
      without.push(await open(other, 0));
    }
    return [figure('scan.thumbs_20_ms', percentile(withPages, 50), 'ms', percentile(without, 50), 'same view, application with no pages', { max: 200 })];
  } finally {
    await browser.close();
    await bridge.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
