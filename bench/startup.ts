import { chromium } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridge } from '../electron/harness/server';
import { figure, percentile, type Figure } from './lib';

const RENDERER = join(import.meta.dirname, '..', 'dist', 'renderer');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const RUNS = 15;

/** Gzip size of the JS the first screen loads (scripts and modulepreloads in index.html), and of all JS. */
export function jsSizes(dir = RENDERER): { initialKb: number; allKb: number } {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
  const gz = (f: string) => gzipSync(readFileSync(join(dir, f))).length / 1024;
  const all = readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  return { initialKb: initial.reduce((s, f) => s + gz(f), 0), allKb: all.reduce((s, f) => s + gz(f), 0) };
}

export async function benchStartup(): Promise<Figure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-bench-'));
  const bridge = await startBridge({ dataDir, staticDir: RENDERER });
  // A plain page from a plain loopback server: what any page costs to reach the screen here.
  const plain = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><p id="ready">就绪</p>');
  });
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  const plainPort = (plain.address() as { port: number }).port;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const rpc = (method: string, input: unknown) =>
      fetch(`http://127.0.0.1:${bridge.port}/rpc`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ method, input }),
      });
    await rpc('setup.initialize', {
      counterName: '基准测试窗口',
      counterCode: 'B01',
      countyCode: '371102',
      admin: { username: 'admin', displayName: '基准', password: 'Bench2026x' },
    });
    await rpc('auth.logout', {});

    const desk: number[] = [];
    const blank: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      let t0 = performance.now();
      await page.goto(`http://127.0.0.1:${plainPort}/`);
      await page.locator('#ready').waitFor();
      blank.push(performance.now() - t0);
      t0 = performance.now();
      await page.goto(bridge.url);
      await page.getByTestId('login-screen').waitFor({ state: 'visible' });
      desk.push(performance.now() - t0);
      await context.close();
    }
    // The first run warms the OS file cache; report the median of the rest.
    const sizes = jsSizes();
    return [
      figure('startup.first_screen_ms', percentile(desk.slice(1), 50), 'ms', percentile(blank.slice(1), 50), 'plain page, same browser', { max: 500 }),
      figure('startup.initial_js_kb_gz', sizes.initialKb, 'KB', sizes.allKb, 'all JS chunks, gzip', { max: 600 }),
    ];
  } finally {
    await browser.close();
    plain.close();
    await bridge.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
