// Electron-only checks of the shell: window, bridge surface, isolation, navigation lock.
// Needs the real Electron binary (downloaded on first run); skipped with a reason where it is absent.
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const mainBundle = join(root, 'dist', 'main', 'index.cjs');

/**
 * Where the electron package put its binary, without require('electron'): that require starts a
 * download when the binary is missing, which hangs or fails offline.
 */
function electronBinary(): string | null {
  try {
    const pkgDir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const relative = readFileSync(pathFile, 'utf8').trim();
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const binary = override ? join(override, relative) : join(pkgDir, 'dist', relative);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const executablePath = electronBinary();
const SKIP_REASON = 'Electron binary not present on this machine (it downloads on first run; offline here) — Electron-only specs skipped';
if (!executablePath) console.log(`[e2e/electron] ${SKIP_REASON}`);
test.skip(!executablePath, SKIP_REASON);

type Global = Record<string, unknown>;

test.describe('Electron shell', () => {
  let dataDir: string;
  let app: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    expect(existsSync(mainBundle), 'run `npm run build` first: dist/main/index.cjs is missing').toBe(true);
    dataDir = mkdtempSync(join(tmpdir(), 'enroll-desk-electron-'));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
    app = await electron.launch({
      executablePath: executablePath ?? undefined,
      args: [mainBundle, '--allow-insecure-key-storage'],
      cwd: root,
      env: { ...env, ENROLL_DESK_DATA_DIR: join(dataDir, 'data') },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('opens one window titled with the product name, from app://desk', async () => {
    const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle());
    expect(title).toBe('入学报名帮办台');
    expect(page.url()).toMatch(/^app:\/\/desk\//);
  });

  test('exposes exactly call and on as window.desk, and the core answers', async () => {
    const keys = await page.evaluate(() => Object.keys((globalThis as Global)['desk'] as object).sort());
    expect(keys).toEqual(['call', 'on']);
    const status = await page.evaluate(async () => {
      const desk = (globalThis as Global)['desk'] as { call(method: string, input: unknown): Promise<{ ok: boolean }> };
      return desk.call('system.getStatus', {});
    });
    expect(status.ok).toBe(true);
  });

  test('runs the desk core in its own utility process (ADR 0017), not on the main thread', async () => {
    // utilityProcess.fork's serviceName is the `name` of its ProcessMetric.
    const utilities = await app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics().filter((m) => m.type === 'Utility').map((m) => m.name ?? ''));
    expect(utilities).toContain('enroll-desk-core');
  });

  test('gives the page no Node: require and process are undefined', async () => {
    const types = await page.evaluate(() => [typeof (globalThis as Global)['require'], typeof (globalThis as Global)['process'], typeof (globalThis as Global)['module']]);
    expect(types).toEqual(['undefined', 'undefined', 'undefined']);
  });

  test('does not navigate to an external URL or open windows', async () => {
    const before = page.url();
    await page.evaluate(() => {
      const g = globalThis as unknown as { location: { href: string }; open(url: string): unknown };
      g.open('https://example.com/');
      g.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(1_000);
    expect(page.url()).toBe(before);
    expect(app.windows()).toHaveLength(1);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });
});
