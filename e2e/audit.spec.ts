// A tampered audit log as staff meet it: someone with the database key deletes the newest audit row while the desk
// runs. The sign-in screen says so, a clerk is kept out, the admin records what was done, and work goes on.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { openEncrypted } from '../electron/core/db/connection';
import { loadOrCreateKeys } from '../electron/core/services/keys';
import { DB_FILE } from '../electron/core/desk';

const ADMIN = { username: 'admin', displayName: '王主任', password: 'Desk2025x' };
const CLERK = { username: 'zhangsan', displayName: '张三', password: 'Zhang2025y' };

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-password').press('Enter');
}

test('audit tamper: raised at sign-in, clerks kept out until the admin acknowledges', async ({ page, desk }) => {
  await desk.rpc('setup.initialize', { counterName: '城关镇政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '371102', admin: ADMIN });
  await desk.rpc('staff.create', { ...CLERK, role: 'clerk' });
  await desk.rpc('auth.logout');

  // Outside the desk, with the database key only: drop the guard trigger and delete the newest row.
  const keys = await loadOrCreateKeys(desk.dataDir, desk.bridge.ports.secretStore, false);
  const db = openEncrypted(join(desk.dataDir, DB_FILE), keys.db);
  db.exec('DROP TRIGGER audit_log_no_delete');
  db.prepare('DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)').run();
  db.close();

  await page.goto(desk.url);
  const banner = page.getByTestId('audit-alert-banner');
  await expect(banner).toContainText('审计日志校验未通过');
  await expect(banner).toContainText('日志末尾缺少记录');
  await desk.shot(page, '01-login-alert');

  await signIn(page, CLERK.username, CLERK.password);
  await expect(page.getByTestId('login-error')).toContainText('管理员登录并确认之前，其他人员不能登录');

  await signIn(page, ADMIN.username, ADMIN.password);
  const alert = page.getByTestId('audit-alert');
  await expect(alert).toContainText('日志末尾缺少记录');
  await expect(page.getByTestId('audit-alert-acknowledge')).toBeDisabled();
  await page.getByTestId('audit-alert-note').fill('已电话报告县教育局信息中心，按要求保留现场；工单号 2026-17');
  await desk.shot(page, '02-admin-alert');
  await page.getByTestId('audit-alert-acknowledge').click();
  await expect(alert).toHaveCount(0);

  // The audit page lists the incident and who acknowledged it.
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-table')).toContainText('检测到审计日志被篡改');
  await expect(page.getByTestId('audit-table')).toContainText('管理员确认日志篡改');
  await page.getByTestId('audit-verify').click();
  await expect(page.getByTestId('audit-incidents')).toContainText(`已由 ${ADMIN.displayName}(${ADMIN.username}) 确认`);
  await desk.shot(page, '03-audit-incidents');

  await page.getByTestId('logout-button').click();
  await expect(page.getByTestId('audit-alert-banner')).toHaveCount(0);
  await signIn(page, CLERK.username, CLERK.password);
  // Signed in: a clerk created by the admin chooses an own password first (the temporary one is not asked again).
  await expect(page.getByTestId('change-new')).toBeVisible();
});
