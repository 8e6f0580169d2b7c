// Counters and plans in the console against the real county server process: the admin creates a counter and a desk
// enrolls with the one-time code shown (as text and QR) and syncs; the counters page shows its desk, last contact and
// pending applications; a broken plan file is refused with the exact place of each problem, the sample plan publishes
// and the page says which desk runs which version.
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './countyFixture';
import { takeApplications } from '../electron/core/testing/syncKit';
import { consoleSignIn, expectAccessible } from './consoleKit';

test.use({ viewport: { width: 1440, height: 900 } });

const PLAN = join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json');

test('admin: a counter created with a one-time code a desk enrolls with; a plan checked, refused at its place, then published', async ({ page, county }) => {
  const { server } = county;
  const out = await server.cli(['staff', 'create-admin', '--username', 'juadmin', '--name', '王局长']);
  const initial = /一次性初始密码：(\S+)/.exec(out)?.[1];
  await consoleSignIn(page, server.url, 'juadmin', initial!, 'Juzhang2026');

  // 柜台管理 → 新建报名点: the code shows once, as text and as a QR image.
  await page.getByTestId('nav-counters').click();
  await page.getByTestId('counter-new').click();
  await page.getByTestId('counter-code').fill('b07');
  await page.getByTestId('counter-name').fill('东关镇便民服务中心');
  await page.getByRole('button', { name: '创建并生成注册码' }).click();
  const shown = page.getByTestId('enroll-code');
  await expect(shown).toBeVisible();
  await expect(page.getByTestId('enroll-qr')).toBeVisible();
  const code = (await shown.getAttribute('data-code'))!;
  expect(code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4})+$/);
  await expectAccessible(page, '.ant-modal');
  await page.getByRole('button', { name: '关闭' }).last().click();
  await expect(page.getByTestId('counter-B07')).toContainText('从未联系');

  // A desk of that counter enrolls with the code and uploads two applications.
  const desk = await county.desk('B07', { enroll: false });
  await desk.call('sync.configure', { serverUrl: server.url, caPem: null });
  await desk.call('sync.enroll', { code, deviceName: 'B07 一号机' });
  await takeApplications(desk, 2);
  await desk.call('sync.syncNow', { wait: true });
  await page.getByRole('button', { name: '刷新' }).click();
  const row = page.getByTestId('counter-B07');
  await expect(row).not.toContainText('从未联系');
  await expect(row.locator('td').nth(5)).toHaveText('2');
  await expectAccessible(page, '[data-testid="counters-page"]');

  // 招生方案: a file with a wrong value is refused with line and column; the sample plan passes and publishes.
  const dir = mkdtempSync(join(tmpdir(), 'plan-'));
  const text = readFileSync(PLAN, 'utf8');
  const broken = text.replace(/"year":\s*2026/, '"year": "二〇二六"');
  expect(broken).not.toBe(text);
  writeFileSync(join(dir, 'broken.json'), broken);
  writeFileSync(join(dir, 'plan.json'), text);
  await page.getByTestId('nav-plans').click();
  await page.getByTestId('plan-file').setInputFiles(join(dir, 'broken.json'));
  await expect(page.getByTestId('plan-problems')).toContainText(/第 \d+ 行第 \d+ 列/);
  await expect(page.getByTestId('plan-publish')).toHaveCount(0);
  await page.getByTestId('plan-file').setInputFiles(join(dir, 'plan.json'));
  await expect(page.getByTestId('plan-ok')).toBeVisible();
  await page.getByTestId('plan-publish').click();
  await page.getByRole('button', { name: '发布到全部窗口' }).last().click();
  await expect(page.getByTestId('plans-page')).toContainText('B07 一号机');
  await expectAccessible(page, '[data-testid="plans-page"]');
  rmSync(dir, { recursive: true, force: true });
});
