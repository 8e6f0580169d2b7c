// Issue 10, counter day one: the boot-error screen had no way to try again once the cause was put right (the data
// disk plugged back in, the file put back). 重新启动 asks the core to open its data again, by keyboard as by mouse.
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { startBridge } from '../electron/harness/server';
import { DB_FILE } from '../electron/core/desk';

const STATIC = join(import.meta.dirname, '..', 'dist', 'renderer');

test('a desk whose data could not be read opens after 重新启动 once the data is back', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-e2e-boot-'));
  try {
    // A desk with its data and key; then its database file is replaced by one it cannot read.
    const first = await startBridge({ dataDir, staticDir: STATIC });
    await first.close();
    const db = join(dataDir, DB_FILE);
    for (const side of ['-wal', '-shm']) if (existsSync(db + side)) rmSync(db + side);
    renameSync(db, `${db}.kept`);
    writeFileSync(db, Buffer.alloc(8192, 0x5a));

    const bridge = await startBridge({ dataDir, staticDir: STATIC });
    try {
      await page.goto(bridge.url);
      await expect(page.getByTestId('boot-error')).toBeVisible({ timeout: 30_000 });
      const restart = page.getByTestId('boot-restart-button');
      await expect(restart).toHaveText(/重新启动/);

      // Still unreadable: the screen stays, the button works again.
      await restart.click();
      await expect(page.getByTestId('boot-error')).toBeVisible();
      await expect(restart).toBeEnabled();

      // The file is put back; 重新启动 reached with the keyboard alone.
      rmSync(db);
      renameSync(`${db}.kept`, db);
      await page.locator('body').click({ position: { x: 1, y: 1 } });
      for (let i = 0; i < 12 && !(await restart.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
      await expect(restart).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('setup-screen')).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId('boot-error')).toBeHidden();
    } finally {
      await bridge.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
