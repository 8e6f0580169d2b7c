// The bureau's first admin in the console, against the real county server process: created by the CLI, signs in
// with the one-time password and must set a new one, creates a reviewer on 账号与角色 (role and scope), resets its
// password, and verifies the audit log's hash chain, which has recorded all of it.
import { rmSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { startCountyServer, type CountyServer } from '../electron/core/testing/syncKit';
import { consoleSignIn, createAccount, expectAccessible, signOut } from './consoleKit';

test.use({ viewport: { width: 1440, height: 900 } });

let server: CountyServer | null = null;
test.afterEach(async () => {
  if (server) {
    await server.stop('SIGTERM');
    rmSync(server.dataDir, { recursive: true, force: true });
    server = null;
  }
});

test('first admin: forced password change, a reviewer created and its password reset, the audit chain verified', async ({ page }) => {
  server = await startCountyServer();
  const out = await server.cli(['staff', 'create-admin', '--username', 'juadmin', '--name', '王局长']);
  const initial = /一次性初始密码：(\S+)/.exec(out)?.[1];
  expect(initial, out).toBeTruthy();

  // A wrong password says so without telling which part was wrong.
  await page.goto(`${server.url}/console/`);
  await page.getByTestId('sign-in-username').fill('juadmin');
  await page.getByTestId('sign-in-password').fill('not-the-password1');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-error')).toContainText('用户名或密码不正确');
  await expect(page.getByTestId('sign-in-password')).toHaveValue('');

  await consoleSignIn(page, server.url, 'juadmin', initial!, 'Juzhang2026');
  await expect(page.getByTestId('signed-in-as')).toContainText('王局长（局管理员）');

  // 账号与角色: a reviewer limited to one type; its one-time password is shown once.
  const reviewerPw = await createAccount(page, 'shenhe1', '李审核', '审核员');
  expect(reviewerPw.length).toBeGreaterThanOrEqual(8);
  const row = page.getByTestId('staff-shenhe1');
  await expect(row).toContainText('李审核');
  await expect(row).toContainText('审核员');
  await expect(row).toContainText('待修改初始密码');
  await expectAccessible(page, '[data-testid="staff-page"]');

  // Reset: a new one-time password, different from the first.
  await page.getByTestId('staff-reset-shenhe1').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '重置密码' }).click();
  await expect(page.getByTestId('initial-password-text')).toBeVisible();
  const resetPw = (await page.getByTestId('initial-password-text').first().innerText({ timeout: 10_000 })).trim();
  expect(resetPw).not.toBe(reviewerPw);
  await page.getByTestId('initial-password-close').click();

  // 审计日志: every step is there, and the chain checks out.
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-page')).toBeVisible();
  await page.getByTestId('audit-verify').click();
  await expect(page.getByTestId('audit-ok')).toContainText('审计日志完整');
  await expect(page.getByTestId('audit-page').locator('tbody')).toContainText('创建账号');
  await expectAccessible(page, '[data-testid="audit-page"]');
  await signOut(page);

  // The reviewer signs in with the reset password (the first no longer works) and must change it too.
  await page.getByTestId('sign-in-username').fill('shenhe1');
  await page.getByTestId('sign-in-password').fill(reviewerPw);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-error')).toBeVisible();
  await consoleSignIn(page, server.url, 'shenhe1', resetPw, 'Shenhe2026');
  await expect(page.getByTestId('signed-in-as')).toContainText('李审核（审核员）');
  // A reviewer's menu has no admin pages, and the server refuses them anyway.
  await expect(page.getByTestId('nav-staff')).toHaveCount(0);
  await page.goto(`${server.url}/console/staff`);
  await expect(page.getByTestId('page-forbidden')).toBeVisible();
});
