// 控辍保学 in the console with the real server process: the sample cohort (适龄儿童名单) imported, matched from the
// page; the worklist per township with its counts; a case opened, a visit recorded with an outcome that closes it
// (动态销号); the monthly report by township, downloaded as XLSX.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ROOT } from '../electron/core/testing/syncKit';
import { expectAccessible } from './consoleKit';
import { expect, test } from './countyFixture';

test.use({ viewport: { width: 1440, height: 900 } });

const ARTIFACTS = join(import.meta.dirname, 'artifacts', 'consoleTracing');

test('控辍保学: match the cohort, work a township, record a visit that closes the case, the monthly report', async ({ page, county }) => {
  test.setTimeout(150_000);
  await county.loadSamplePlan();
  await county.server.cli(['dept', 'import', 'cohort', join(ROOT, 'resources', 'dept-samples', '示例-公安-适龄儿童名单.csv')]);
  await county.signInAdmin(page);

  await page.getByTestId('nav-tracing').click();
  await expect(page.getByTestId('tracing-page')).toBeVisible();
  await page.getByTestId('tracing-year').fill('2026');
  await page.getByTestId('tracing-year').blur();
  await page.getByTestId('tracing-match').click();
  // No child of the sample cohort applied: all of them are on the worklist.
  await expect(page.getByTestId('tracing-matched')).toContainText('2026 年适龄儿童 28 人');
  await expect(page.getByTestId('tracing-matched')).toContainText('新立案 28 件');
  await expect(page.getByTestId('tracing-totals')).toContainText('在跟踪 28 件');

  await page.getByLabel('乡镇（街道）').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '北山镇' }).click();
  const rows = page.locator('[data-testid^="tracing-row-"]');
  const count = await rows.count();
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThan(28);
  for (let i = 0; i < count; i++) await expect(rows.nth(i)).toContainText('北山镇');
  await expect(rows.first()).toContainText('未报名');
  await expectAccessible(page, '[data-testid="tracing-page"]');
  await page.screenshot({ path: join(ARTIFACTS, 'worklist.png') });

  // A visit without an outcome keeps the case open; one with 已迁出本县 closes it.
  await rows.first().getByRole('button', { name: '查看' }).click();
  const drawer = page.getByTestId('tracing-case');
  await expect(drawer.getByTestId('tracing-case-status')).toHaveAttribute('data-status', 'open');
  await drawer.getByTestId('tracing-note').fill('电话联系监护人未接通，已留言');
  await drawer.getByTestId('tracing-visit-submit').click();
  await expect(drawer.getByTestId('tracing-visit')).toHaveCount(1);
  await expect(drawer.getByTestId('tracing-case-status')).toHaveAttribute('data-status', 'open');
  await drawer.getByTestId('tracing-note').fill('入户走访：全家已迁往杭州，孩子在当地小学就读');
  await drawer.getByLabel('结果（已落实时选择）').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '已迁出本县' }).click();
  await drawer.getByTestId('tracing-visit-submit').click();
  await expect(drawer.getByTestId('tracing-case-status')).toHaveAttribute('data-status', 'closed');
  await expect(drawer.getByTestId('tracing-case-status')).toContainText('已迁出本县');
  await expect(drawer.getByTestId('tracing-visit')).toHaveCount(2);
  await expect(drawer.getByTestId('tracing-visit-form')).toHaveCount(0);
  await page.screenshot({ path: join(ARTIFACTS, 'case.png') });
  await expectAccessible(page, '[data-testid="tracing-case"]');
  await drawer.getByRole('button', { name: 'Close' }).or(drawer.locator('.ant-drawer-close')).first().click();
  // The county's totals, and the township's in its option.
  await expect(page.getByTestId('tracing-totals')).toContainText('在跟踪 27 件，已销号 1 件');
  await expect(page.getByTestId('tracing-page').getByText(`北山镇（在跟踪 ${count - 1}，已销号 1）`)).toBeVisible();

  // The month's report (cases opened and closed today, China time) and its XLSX.
  const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
  await page.getByTestId('tracing-month').fill(month);
  await page.getByTestId('tracing-report-run').click();
  const report = page.getByTestId('tracing-report');
  await expect(report.locator('tr').filter({ hasText: '北山镇' })).toContainText(String(count));
  const download = page.waitForEvent('download');
  await page.getByTestId('tracing-report-download').click();
  const file = await (await download).path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  const text = JSON.stringify(wb.worksheets[0]!.getSheetValues());
  expect(text).toContain('北山镇');
  expect(text).toContain(month);
  await page.screenshot({ path: join(ARTIFACTS, 'report.png') });
});
