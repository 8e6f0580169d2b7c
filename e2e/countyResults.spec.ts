// Issue 13 at the counter: once the county's placement results have synced, a family asks "did we get in, and
// where?". The list says 中签 / 未中签 for children a public draw decided; the detail shows the placement, the school
// (with the one applied for), the report date, and the child's pool, place, own key and the result digest, with how
// to verify it. The results are written into the desk's database as the sync stores them (review_results, applied,
// status set; the sync path itself is covered by sync.spec and the core's sync tests).
import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { test, expect, type DeskFixture, approvedOutsideWindow } from './fixtures';
import { houseHukouApplication, makeId } from '../electron/core/testing/fixtures';
import { lotteryOutcome, reviewResult } from '../electron/core/testing/printData';
import { openEncrypted } from '../electron/core/db/connection';
import { ReviewResultRepo } from '../electron/core/db/repos/reviewResultRepo';
import { loadOrCreateKeys } from '../electron/core/services/keys';
import { DB_FILE } from '../electron/core/desk';
import type { CountyPlan } from '../shared/plan/schema';

test.use({ viewport: { width: 1366, height: 768 } });

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };

async function ok<T>(desk: DeskFixture, method: string, input: unknown): Promise<T> {
  const res = await desk.rpc(method, input);
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(res.error)}`);
  return res.value as T;
}

test('synced placement results: 中签/未中签 in the list, the school, place and own key on the detail', async ({ page, desk }) => {
  await ok(desk, 'setup.initialize', { counterName: '示例县政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '379901', admin: ADMIN });
  const active = await ok<{ info: { planKey: string }; plan: CountyPlan }>(desk, 'plans.getActive', {});
  const take = async (name: string, birth: string, seq: string, mobile: string) => {
    const data = houseHukouApplication(active.plan, { name, birthDate: birth, idNumber: makeId('370102', birth, seq), fatherMobile: mobile });
    return ok<{ id: string; receiptNo: string }>(desk, 'applications.submit', await approvedOutsideWindow(desk.rpc, { id: randomUUID(), data, planKey: active.info.planKey, confirmNearMatches: true }));
  };
  const won = await take('林中签', '2020-05-11', '301', '13900139011');
  const lost = await take('林未签', '2020-05-12', '303', '13900139012');
  const plain = await take('林普通', '2020-05-13', '305', '13900139013');

  const wonDraw = lotteryOutcome();
  const lostDraw = lotteryOutcome({ rank: 7, won: false, key: '7c'.repeat(32) });
  const keys = await loadOrCreateKeys(desk.dataDir, desk.bridge.ports.secretStore, false);
  const db = openEncrypted(join(desk.dataDir, DB_FILE), keys.db);
  try {
    const repo = new ReviewResultRepo(db);
    const setStatus = db.prepare('UPDATE applications SET status = ? WHERE id = ?');
    const later = new Date(Date.now() + 60_000).toISOString();
    repo.record(reviewResult({ applicationId: won.id, outcome: 'admitted', schoolName: '示例县育才民办小学', decidedAt: later, lottery: wonDraw }));
    setStatus.run('admitted', won.id);
    repo.record(reviewResult({ applicationId: lost.id, outcome: 'awaiting_reassignment', schoolName: null, schoolCode: null, reportDate: null, reportPlace: null, decidedAt: later, lottery: lostDraw }));
    setStatus.run('awaiting_reassignment', lost.id);
    repo.record(reviewResult({ applicationId: plain.id, outcome: 'admitted', decidedAt: later }));
    setStatus.run('admitted', plain.id);
  } finally {
    db.close();
  }

  await page.goto(desk.url);
  await expect(page.getByTestId('home-page')).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('Alt+3');
  const row = (receiptNo: string) => page.getByTestId(`apps-row-${receiptNo}`);
  await expect(row(won.receiptNo)).toBeVisible({ timeout: 30_000 });
  await expect(row(won.receiptNo).locator('[data-status]')).toHaveText('中签');
  await expect(row(won.receiptNo).locator('[data-status]')).toHaveAttribute('title', '已录取（电脑派位中签）');
  await expect(row(lost.receiptNo).locator('[data-status]')).toHaveText('未中签');
  await expect(row(lost.receiptNo).locator('[data-status]')).toHaveAttribute('title', '待调剂（电脑派位未中签）');
  // Not decided by a draw: the placement itself.
  await expect(row(plain.receiptNo).locator('[data-status]')).toHaveText('已录取');
  await desk.shot(page, '01-list');

  await row(won.receiptNo).click();
  const result = page.getByTestId('app-detail-result');
  await expect(result).toBeVisible();
  await expect(page.getByTestId('app-detail-result-outcome')).toHaveText('已录取');
  await expect(page.getByTestId('app-detail-result-school')).toHaveText('示例县育才民办小学');
  await expect(result).toContainText('原报名学校');
  await expect(result).toContainText('2026-08-28');
  await expect(page.getByTestId('app-detail-lottery-outcome')).toHaveText('中签');
  await expect(page.getByTestId('app-detail-lottery-rank')).toHaveText('第 3 位 / 共 10 位（计划 4 人）');
  await expect(page.getByTestId('app-detail-lottery-key')).toContainText(wonDraw.key);
  await expect(page.getByTestId('app-detail-lottery-digest')).toContainText(wonDraw.resultDigest);
  await expect(page.getByTestId('app-detail-lottery')).toContainText('验证程序');
  await desk.shot(page, '02-detail-won');
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);

  await page.keyboard.press('Escape');
  await row(lost.receiptNo).click();
  await expect(page.getByTestId('app-detail-result-outcome')).toHaveText('待调剂');
  await expect(page.getByTestId('app-detail-result-school')).toHaveCount(0);
  await expect(page.getByTestId('app-detail-lottery-outcome')).toHaveText('未中签');
  await expect(page.getByTestId('app-detail-lottery-rank')).toHaveText('第 7 位 / 共 10 位（计划 4 人）');
  await expect(page.getByTestId('app-detail-lottery-key')).toContainText(lostDraw.key);
  await desk.shot(page, '03-detail-lost');

  await page.keyboard.press('Escape');
  await row(plain.receiptNo).click();
  await expect(page.getByTestId('app-detail-result-outcome')).toHaveText('已录取');
  await expect(page.getByTestId('app-detail-lottery')).toHaveCount(0);
});
