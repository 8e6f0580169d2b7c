// Issue 10: the side menu and every page without a mouse. Each menu item is its own Tab stop and names
// only its page (no icon name), Alt+digit opens a page from anywhere and is shown in the menu, 员工管理 is
// reached by keyboard, and choosing 申请列表 with Enter opens the list, not the selected row's detail.
import { randomUUID } from 'node:crypto';
import { test, expect, type DeskFixture, approvedOutsideWindow } from './fixtures';
import { houseHukouApplication, makeId } from '../electron/core/testing/fixtures';
import type { CountyPlan } from '../shared/plan/schema';

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };
// The admin's menu, in order, with the key shown beside each (补材料与回访, the eleventh, has none).
const MENU: Array<[key: string, label: string, testId: string, shortcut: string | null]> = [
  ['home', '工作台', 'home-page', '1'],
  ['intake', '报名受理', 'intake-page', '2'],
  ['applications', '申请列表', 'apps-list', '3'],
  ['plans', '招生方案', 'plans-page', '4'],
  ['reports', '报表', 'reports-page', '5'],
  ['sync', '同步', 'sync-page', '6'],
  ['backup', '数据备份', 'backup-page', '7'],
  ['staff', '员工管理', 'staff-page', '8'],
  ['audit', '审计日志', 'audit-page', '9'],
  ['settings', '系统设置', 'settings-page', '0'],
  ['followups', '补材料与回访', 'followups-page', null],
];

async function ok<T>(desk: DeskFixture, method: string, input: unknown): Promise<T> {
  const res = await desk.rpc(method, input);
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(res.error)}`);
  return res.value as T;
}

test('side menu and pages by keyboard: Tab stops, Alt+digit, Enter opens the list', async ({ page, desk }) => {
  await ok(desk, 'setup.initialize', { counterName: '示例县政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '379901', admin: ADMIN });
  const active = await ok<{ info: { planKey: string }; plan: CountyPlan }>(desk, 'plans.getActive', {});
  const data = houseHukouApplication(active.plan, { name: '林小雨', birthDate: '2020-04-11', idNumber: makeId('370102', '2020-04-11', '301') });
  const app = await ok<{ id: string; receiptNo: string }>(desk, 'applications.submit', await approvedOutsideWindow(desk.rpc, { id: randomUUID(), data, planKey: active.info.planKey, confirmNearMatches: true }));

  await page.goto(desk.url);
  await expect(page.getByTestId('home-page')).toBeVisible({ timeout: 30_000 });

  // Each item is named by its page alone and shows its key; Tab walks the menu item by item.
  const nav = page.getByRole('navigation', { name: '主导航' });
  for (const [key, label, , shortcut] of MENU) {
    if (!shortcut) {
      await expect(nav.getByRole('link', { name: label, exact: true })).toHaveAttribute('data-testid', `nav-${key}`);
      continue;
    }
    const link = nav.getByRole('link', { name: label, exact: true });
    await expect(link).toHaveAttribute('data-testid', `nav-${key}`);
    await expect(link).toContainText(`Alt+${shortcut}`);
    await expect(link).toHaveAttribute('aria-keyshortcuts', `Alt+${shortcut}`);
  }
  await page.getByTestId('nav-home').focus();
  const tabbable = MENU.filter(([, , , s]) => s !== null);
  for (const [key] of tabbable.slice(1)) {
    await page.keyboard.press('Tab');
    await expect(page.getByTestId(`nav-${key}`)).toBeFocused();
  }

  // 员工管理 without the mouse: Shift+Tab back to it, Enter.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('nav-staff')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('staff-page')).toBeVisible();
  await expect(page.getByTestId('nav-staff')).toHaveAttribute('aria-current', 'page');

  // Alt+digit opens every page from wherever the cursor is, also from inside a field.
  for (const [, , testId, shortcut] of MENU) {
    if (!shortcut) continue;
    await page.keyboard.press(`Alt+${shortcut}`);
    await expect(page.getByTestId(testId)).toBeVisible({ timeout: 30_000 });
  }
  await page.keyboard.press('Alt+3');
  await expect(page.getByTestId('apps-search')).toBeFocused();
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('home-page')).toBeVisible();

  // The list has a selected row (its page is loaded); choosing 申请列表 in the menu with Enter opens the
  // list, and it stays there: the Enter that chose the menu item does not open the row.
  await page.keyboard.press('Alt+3');
  await expect(page.getByTestId(`apps-row-${app.receiptNo}`)).toHaveAttribute('aria-selected', 'true');
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('Alt+1');
    await expect(page.getByTestId('home-page')).toBeVisible();
    await page.getByTestId('nav-applications').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('apps-list')).toBeVisible();
    await page.waitForTimeout(300);
    await expect(page.getByTestId('app-detail')).toHaveCount(0);
    await expect(page.getByTestId('apps-list')).toBeVisible();
  }
});
