// Issue 10, "readable and reachable for every clerk": axe-core's WCAG 2.1 A/AA rules (contrast included)
// over every screen a counter meets: set-up, sign-in, the forced password change, the lock, every page of
// the side menu, each step of the intake wizard, the application list and detail, printing, scanning and
// the dialogs. One run lists every screen's violations, then fails if any screen has one.
import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { test, expect, type DeskFixture, approvedOutsideWindow } from './fixtures';
import { houseHukouApplication, makeId } from '../electron/core/testing/fixtures';
import type { CountyPlan } from '../shared/plan/schema';

test.use({ viewport: { width: 1366, height: 768 } });

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const STRUCTURE = ['page-has-heading-one', 'landmark-one-main', 'region', 'landmark-unique', 'heading-order'];
const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };
const CLERK = { username: 'zhangsan', displayName: '张三', password: 'Temp2026ok' };
const STEPS = ['年级与儿童', '监护人', '户籍与住房', '随迁/优待/特殊', '学区与学校', '招生类型', '材料', '核对提交'];

type Found = Record<string, string[]>;

/** Runs axe over the whole page once antd's motion has settled; records what it finds under the screen's name. */
async function audit(page: Page, found: Found, screen: string): Promise<void> {
  await page.mouse.move(1, 1);
  await page.waitForTimeout(400);
  const { violations: wcag } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  // Beyond the WCAG tags: each screen has landmarks, content inside them, and one h1 naming it.
  const { violations: structure } = await new AxeBuilder({ page }).withRules(STRUCTURE).analyze();
  found[screen] = [...wcag, ...structure].map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

async function ok<T>(desk: DeskFixture, method: string, input: unknown): Promise<T> {
  const res = await desk.rpc(method, input);
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(res.error)}`);
  return res.value as T;
}

async function go(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    location.hash = p;
  }, path);
}

test('axe-core finds no WCAG 2.1 AA violation on any screen', async ({ page, desk }) => {
  // 31 screens, two axe passes each: over 5 minutes on the shared 2-core machine under load.
  test.setTimeout(600_000);
  const found: Found = {};
  await page.goto(desk.url);

  // ---- First run: set-up, and set-up with errors.
  await expect(page.getByTestId('setup-screen')).toBeVisible({ timeout: 30_000 });
  await audit(page, found, 'set-up');
  await page.getByTestId('setup-counter-name').fill('示例县政务服务中心 1 号窗口');
  await page.getByTestId('setup-counter-code').fill('A01');
  await page.getByTestId('setup-county-code').fill('3799');
  await page.getByTestId('setup-admin-username').fill(ADMIN.username);
  await page.getByTestId('setup-admin-name').fill(ADMIN.displayName);
  await page.getByTestId('setup-admin-password').fill('short');
  await page.getByTestId('setup-admin-confirm').fill('shorter');
  await page.getByTestId('setup-admin-confirm').press('Enter');
  await expect(page.getByTestId('setup-error')).toBeVisible();
  await audit(page, found, 'set-up: errors');
  await page.getByTestId('setup-county-code').fill('379901');
  await page.getByTestId('setup-admin-password').fill(ADMIN.password);
  await page.getByTestId('setup-admin-confirm').fill(ADMIN.password);
  await page.getByTestId('setup-admin-confirm').press('Enter');
  await expect(page.getByTestId('home-page')).toBeVisible({ timeout: 30_000 });

  // An application to look at, and a clerk who must change the temporary password.
  const active = await ok<{ info: { planKey: string }; plan: CountyPlan }>(desk, 'plans.getActive', {});
  const data = houseHukouApplication(active.plan, { name: '林小雨', birthDate: '2020-04-11', idNumber: makeId('370102', '2020-04-11', '301') });
  const app = await ok<{ id: string; receiptNo: string }>(desk, 'applications.submit', await approvedOutsideWindow(desk.rpc, { id: randomUUID(), data, planKey: active.info.planKey, confirmNearMatches: true }));
  await ok(desk, 'staff.create', { ...CLERK, role: 'clerk' });
  // The counter's address and hours, so the 一次性告知 sheet renders its preview.
  const settings = await ok<Record<string, unknown>>(desk, 'settings.get', {});
  await ok(desk, 'settings.update', { ...settings, counterAddress: '示例县政务服务中心二楼 12 号窗口', counterHours: '工作日 8:30–12:00、14:00–17:30' });

  // ---- Every page of the side menu.
  await audit(page, found, '工作台');
  // 一次性告知 (Alt+G from the 工作台): the four questions, then the materials for the answers and the sheet's preview.
  await page.keyboard.press('Alt+G');
  await expect(page.getByTestId('once-notice-page')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('once-q-hukouHere').locator('input').first()).toBeFocused();
  await audit(page, found, '一次性告知');
  for (const key of ['y', 'y', 'n', 'n']) await page.keyboard.press(key);
  await expect(page.getByTestId('once-materials')).toBeVisible();
  await expect(page.getByTestId('once-preview').locator('canvas').first()).toBeVisible({ timeout: 30_000 });
  await audit(page, found, '一次性告知: materials and preview');
  for (const [key, testId] of [
    ['plans', 'plans-page'],
    ['reports', 'reports-page'],
    ['sync', 'sync-page'],
    ['backup', 'backup-page'],
    ['audit', 'audit-page'],
    ['settings', 'settings-page'],
    ['staff', 'staff-page'],
  ] as const) {
    await page.getByTestId(`nav-${key}`).click();
    await expect(page.getByTestId(testId)).toBeVisible({ timeout: 30_000 });
    await audit(page, found, key);
  }
  await page.getByTestId('staff-create-button').click();
  await expect(page.getByTestId('staff-create-modal')).toBeVisible();
  await audit(page, found, 'staff: create dialog');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('staff-create-modal')).toBeHidden();
  await page.getByTestId(`staff-reset-${CLERK.username}`).click();
  await expect(page.getByTestId('staff-reset-modal')).toBeVisible();
  await audit(page, found, 'staff: reset password dialog');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('staff-reset-modal')).toBeHidden();

  // ---- The application list, the detail, its void dialog, printing and scanning.
  await page.getByTestId('nav-applications').click();
  await expect(page.getByTestId(`apps-row-${app.receiptNo}`)).toBeVisible({ timeout: 30_000 });
  await audit(page, found, '申请列表');
  await page.getByTestId(`apps-row-${app.receiptNo}`).click();
  await expect(page.getByTestId('app-detail')).toBeVisible();
  await audit(page, found, '申请详情');
  await page.getByTestId('app-void').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await audit(page, found, '申请详情: void dialog');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByTestId('app-print').click();
  await expect(page.getByTestId('print-page')).toBeVisible();
  await expect(page.getByTestId('print-preview')).toBeVisible({ timeout: 30_000 });
  await audit(page, found, '打印文书');
  await go(page, `/scan/${app.id}`);
  await expect(page.getByTestId('scan-page')).toBeVisible({ timeout: 30_000 });
  await audit(page, found, '扫描材料');
  await go(page, '/no-such-page');
  await expect(page.getByTestId('not-found')).toBeVisible();
  await audit(page, found, 'not found');

  // ---- The intake wizard: start panel and each step.
  await page.getByTestId('nav-intake').click();
  await expect(page.getByTestId('intake-new')).toBeVisible({ timeout: 30_000 });
  await audit(page, found, '新建报名');
  await page.getByTestId('intake-new').click();
  await expect(page.getByTestId('intake-step-1')).toBeVisible();
  for (const [i, title] of STEPS.entries()) {
    if (i > 0) await page.getByTestId('intake-steps').getByText(title, { exact: true }).click();
    await expect(page.getByTestId(`intake-step-${i + 1}`)).toBeVisible();
    await audit(page, found, `wizard ${i + 1} ${title}`);
  }
  // Outside the sample plan's 报名时间 (the real date), the supervisor's approval dialog.
  const approve = page.getByTestId('intake-window-approve');
  if ((await approve.count()) > 0) {
    await approve.click();
    await expect(page.getByTestId('intake-window-reason')).toBeVisible();
    await audit(page, found, 'wizard: 报名时间外受理批准');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('intake-window-reason')).toBeHidden();
  }

  // ---- The lock, sign-in (plain and with an error) and the forced password change.
  await page.getByTestId('lock-button').click();
  await expect(page.getByTestId('lock-overlay')).toBeVisible();
  await audit(page, found, 'lock');
  await page.getByTestId('unlock-password').fill(ADMIN.password);
  await page.getByTestId('unlock-password').press('Enter');
  await expect(page.getByTestId('lock-overlay')).toBeHidden();
  await page.getByTestId('logout-button').click();
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await audit(page, found, 'sign-in');
  await page.getByTestId('login-username').fill(CLERK.username);
  await page.getByTestId('login-password').fill('wrong-password');
  await page.getByTestId('login-password').press('Enter');
  await expect(page.getByTestId('login-error')).toBeVisible();
  await audit(page, found, 'sign-in: error');
  await page.getByTestId('login-password').fill(CLERK.password);
  await page.getByTestId('login-password').press('Enter');
  await expect(page.getByTestId('change-password-screen')).toBeVisible({ timeout: 30_000 });
  await audit(page, found, 'password change');

  const summary = Object.entries(found).map(([screen, v]) => `${screen}: ${v.length === 0 ? 'none' : `\n    ${v.join('\n    ')}`}`);
  console.log(`axe over ${Object.keys(found).length} screens\n  ${summary.join('\n  ')}`);
  expect(Object.keys(found).length).toBeGreaterThanOrEqual(31);
  expect(Object.fromEntries(Object.entries(found).filter(([, v]) => v.length > 0))).toEqual({});
});
