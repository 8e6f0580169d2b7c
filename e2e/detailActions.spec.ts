// 申请详情 offers what the core will do for the application's status (shared/domain/applicationActions.ts): a
// correction and 补交材料 while the county has not decided, neither once it has (and the edit form refuses to open);
// approvals name the approving supervisor as staff know them (王管理), not by username; 补交材料 is reached by the
// keyboard and opens the return visit of 补材料与回访 for this application, whose back button and Esc return here.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, approvedOutsideWindow, type DeskFixture } from './fixtures';
import { houseHukouApplication, makeId } from '../electron/core/testing/fixtures';
import { openEncrypted } from '../electron/core/db/connection';
import { loadOrCreateKeys } from '../electron/core/services/keys';
import { DB_FILE } from '../electron/core/desk';
import type { CountyPlan } from '../shared/plan/schema';

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };

async function ok<T>(desk: DeskFixture, method: string, input: unknown): Promise<T> {
  const res = await desk.rpc(method, input);
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(res.error)}`);
  return res.value as T;
}

async function openDetail(page: Page, id: string) {
  await page.evaluate((path) => (location.hash = path), `/applications/${id}`);
  await expect(page.getByTestId('app-detail')).toHaveAttribute('data-id', id);
}

test('申请详情: actions by status, approvers by display name, 补交材料 by keyboard to the return visit', async ({ page, desk }) => {
  await ok(desk, 'setup.initialize', { counterName: '示例县政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '379901', admin: ADMIN });
  const active = await ok<{ info: { planKey: string }; plan: CountyPlan }>(desk, 'plans.getActive', {});
  const plan = active.plan;
  const planKey = active.info.planKey;

  // Born 1 September: taken with the signed-in admin's age exception approval; the household register is owed.
  const birth = `${plan.year - 6}-09-01`;
  const base = houseHukouApplication(plan, { name: '刘小满', birthDate: birth, idNumber: makeId('370102', birth, '131'), fatherMobile: '13900139021' });
  const young = { ...base, materials: base.materials!.map((m) => (m.itemId === 'hukou-booklet' ? { ...m, state: 'missing' as const } : m)) };
  const owing = { id: randomUUID(), data: young, planKey, confirmNearMatches: true };
  await approvedOutsideWindow(desk.rpc, owing);
  await ok(desk, 'applications.approveAgeOverride', { id: owing.id, reason: '经评估同意提前入学' });
  await ok(desk, 'applications.submit', owing);

  const decidedData = houseHukouApplication(plan, { name: '刘已录', idNumber: makeId('370102', '2020-04-02', '133'), birthDate: '2020-04-02', fatherMobile: '13900139022' });
  const decided = await ok<{ id: string }>(desk, 'applications.submit', await approvedOutsideWindow(desk.rpc, { id: randomUUID(), data: decidedData, planKey, confirmNearMatches: true }));
  // What the sync does with the county's 已录取 (a second handle on the same file).
  const keys = await loadOrCreateKeys(desk.dataDir, desk.bridge.ports.secretStore, false);
  const db = openEncrypted(join(desk.dataDir, DB_FILE), keys.db);
  try {
    db.prepare('UPDATE applications SET status = ? WHERE id = ?').run('admitted', decided.id);
  } finally {
    db.close();
  }

  await page.goto(desk.url);
  await expect(page.getByTestId('home-page')).toBeVisible({ timeout: 30_000 });

  // Not yet decided, a paper owed: 修改, 补交材料, 作废; the approver is 王管理.
  await openDetail(page, owing.id);
  await expect(page.getByTestId('app-edit')).toBeVisible();
  await expect(page.getByTestId('app-void')).toBeVisible();
  const approver = page.getByTestId('app-detail-age-override');
  await expect(approver).toContainText(ADMIN.displayName);
  await expect(approver).not.toContainText(ADMIN.username);
  await desk.shot(page, 'owing');

  // Keyboard only: Tab to 补交材料, Enter opens this application's return visit at its missing item.
  const bring = page.getByTestId('app-bring-materials');
  await expect(bring).toHaveText(/补交材料/);
  await page.getByTestId('app-back').focus();
  for (let i = 0; i < 8 && !(await bring.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(bring).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('visit-page')).toHaveAttribute('data-id', owing.id);
  await expect(page.locator('[data-testid^="visit-item-"]')).toHaveCount(1);
  await expect(page.getByTestId('visit-item-hukou-booklet')).toBeVisible();
  await expect(page.getByTestId('visit-back')).toHaveText(/返回申请详情/);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('app-detail')).toHaveAttribute('data-id', owing.id);

  // Decided by the county: printing stays, no 修改, 补交材料 or 作废.
  await openDetail(page, decided.id);
  await expect(page.getByTestId('app-detail-status')).toContainText('已录取');
  await expect(page.getByTestId('app-print')).toBeVisible();
  await expect(page.getByTestId('app-edit')).toHaveCount(0);
  await expect(page.getByTestId('app-void')).toHaveCount(0);
  await expect(page.getByTestId('app-bring-materials')).toHaveCount(0);
  await desk.shot(page, 'decided');
  // The edit form's address typed by hand: refused with what to do, nothing opened to type into.
  await page.evaluate((path) => (location.hash = path), `/intake/${decided.id}`);
  await expect(page.getByTestId('intake-load-error')).toContainText('县级已对该申请作出决定（已录取）');
  await expect(page.getByTestId('intake-load-error')).toContainText('县教育部门招生办申请更正');
});
