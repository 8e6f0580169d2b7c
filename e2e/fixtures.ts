import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridge, type RunningBridge } from '../electron/harness/server';

export const ARTIFACTS = join(import.meta.dirname, 'artifacts');

export interface DeskFixture {
  /** Page URL with the bridge token in the hash. */
  url: string;
  token: string;
  dataDir: string;
  bridge: RunningBridge;
  /** Saves a full-page screenshot as a test artifact: e2e/artifacts/<spec>/<name>.png */
  shot(page: Page, name: string): Promise<void>;
  /** Calls the core through the bridge as the page would (same token, same session). */
  rpc: (method: string, input?: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
}

export const test = base.extend<{ desk: DeskFixture }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern
  desk: async ({}, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-'));
    const bridge = await startBridge({ dataDir, staticDir: join(import.meta.dirname, '..', 'dist', 'renderer'), testHooks: true });
    const specName = testInfo.titlePath[0]?.replace(/\.spec\.ts$/, '') ?? 'spec';
    const dir = join(ARTIFACTS, specName);
    mkdirSync(dir, { recursive: true });
    const fixture: DeskFixture = {
      url: bridge.url,
      token: bridge.token,
      dataDir,
      bridge,
      shot: async (page, name) => {
        await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
      },
      rpc: async (method, input = {}) => {
        const res = await fetch(`http://127.0.0.1:${bridge.port}/rpc`, {
          method: 'POST',
          headers: { authorization: `Bearer ${bridge.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ method, input }),
        });
        return (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
      },
    };
    await use(fixture);
    await bridge.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };

type Rpc = (method: string, input?: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;

/**
 * For a submit through the core on the real date, usually outside the sample plan's registration window (issue 10):
 * saves the draft under the submit's id and records the signed-in supervisor's or admin's approval, as the counter
 * would (inside the window the core says none is needed). Returns the submit input unchanged.
 */
export async function approvedOutsideWindow<T extends { id: string; data: unknown }>(rpc: Rpc, input: T): Promise<T> {
  const saved = await rpc('applications.saveDraft', { id: input.id, data: input.data });
  if (!saved.ok) throw new Error(`saveDraft failed: ${JSON.stringify(saved.error)}`);
  const r = await rpc('applications.approveOutsideWindow', { id: input.id, reason: '测试：报名时间外受理' });
  if (!r.ok && r.error?.code !== 'OUTSIDE_WINDOW_NOT_NEEDED') throw new Error(`approveOutsideWindow failed: ${JSON.stringify(r.error)}`);
  return input;
}
