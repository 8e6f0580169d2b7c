// 系统设置 → 身份证阅读器 as an administrator meets it: nothing set, a wrong path named in Chinese, then the vendor
// library found and the reader answering. The library is the stand-in compiled from C (cardReader/standin),
// loaded through the real koffi driver inside the harness.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { buildStandin, setStandin } from '../electron/core/testing/cardReaderStandin/build';

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };

test('point the desk at the reader library and see the reader answer', async ({ page, desk }) => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-e2e-card-'));
  const control = join(dir, 'control.txt');
  process.env.IDCARD_STANDIN_CONTROL = control;
  setStandin(control, { card: null });
  try {
    const setup = await desk.rpc('setup.initialize', { counterName: '示例县政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '379901', admin: ADMIN });
    expect(setup.ok, JSON.stringify(setup.error)).toBe(true);
    await page.goto(desk.url);
    await page.getByTestId('nav-settings').click();
    const card = page.getByTestId('card-reader-settings');
    await expect(card.getByTestId('card-reader-state')).toContainText('未设置');

    await card.getByTestId('card-reader-library').fill(join(dir, 'termb.dll'));
    await card.getByTestId('card-reader-save').click();
    await expect(card.getByTestId('card-reader-state')).toContainText('找不到身份证阅读器驱动库');

    await card.getByTestId('card-reader-library').fill(buildStandin('sdtapi'));
    await card.getByTestId('card-reader-save').click();
    await expect(card.getByTestId('card-reader-state')).toContainText('已连接（sdtapi 接口，端口 1001）');
    await desk.shot(page, '01-card-reader-ready');
  } finally {
    delete process.env.IDCARD_STANDIN_CONTROL;
    rmSync(dir, { recursive: true, force: true });
  }
});
