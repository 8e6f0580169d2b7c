// What the admin commands do, in the console, against the real county server process (issue 12: every CLI action is
// also in the console, audited with the operator): 登记录取结果 refuses an application still under review and records
// one for an approved one under the signed-in account; 短信通知 shows the driver, the templates and that result's
// message to the guardian, sent by the development log driver.
import { join } from 'node:path';
import { takeApplications } from '../electron/core/testing/syncKit';
import { expectAccessible } from './consoleKit';
import { expect, test } from './countyFixture';

// The server process inherits this worker's environment: messages go out through the log driver.
process.env.SMS_DRIVER = 'log';

test.use({ viewport: { width: 1440, height: 900 } });

const ARTIFACTS = join(import.meta.dirname, 'artifacts', 'consoleResultsSms');

test('登记录取结果 for an approved application, refused for one under review; 短信通知 shows the message sent', async ({ page, county }) => {
  test.setTimeout(150_000);
  await county.loadSamplePlan();
  const desk = await county.desk('A01');
  const [approved, pending] = await takeApplications(desk, 2);
  await desk.call('sync.syncNow', { wait: true });
  await county.server.cli(['result', 'record', approved!.receiptNo, '--status', 'approved']);
  await county.signInAdmin(page);

  // Still under review: the page says why no result can be recorded, and offers no form.
  const receipt = page.getByTestId('results-ref').locator('input');
  await page.getByTestId('nav-results').click();
  await expect(page.getByTestId('results-page')).toBeVisible();
  await receipt.fill(pending!.receiptNo);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('results-app')).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('results-not-placeable')).toContainText('待审核');
  await expect(page.getByTestId('results-form')).toHaveCount(0);

  // An unknown receipt says so.
  await receipt.fill('379901-A01-260615-9999-X');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('results-find-error')).toContainText('没有回执号为 379901-A01-260615-9999-X 的申请');

  // Approved: 已录取 at a school of the plan, with the report date and place, confirmed.
  await receipt.fill(approved!.receiptNo.toLowerCase());
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('results-app')).toHaveAttribute('data-status', 'approved');
  await page.getByLabel('学校').click();
  await page.keyboard.type('城关');
  await page.keyboard.press('Enter');
  await page.getByTestId('results-report-date').fill('2026-08-28');
  await page.getByTestId('results-report-place').fill('学校教务处');
  await page.getByTestId('results-reason').fill('家长放弃民办学校，按户籍安排');
  await expectAccessible(page, '[data-testid="results-page"]');
  await page.getByTestId('results-submit').click();
  const confirm = page.locator('.ant-modal-confirm');
  await expect(confirm).toContainText(approved!.receiptNo);
  await expect(confirm).toContainText('已录取');
  await confirm.getByRole('button', { name: '登记结果' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('results-done')).toContainText(`${approved!.receiptNo} 第 2 版结果，状态“已录取”`);
  await expect(page.getByTestId('results-app')).toHaveAttribute('data-status', 'admitted');
  await page.screenshot({ path: join(ARTIFACTS, 'results.png') });

  // 短信通知 for that receipt: the log driver, the templates, and the result's message, sent.
  await page.getByTestId('results-sms').click();
  await expect(page.getByTestId('sms-page')).toBeVisible();
  await expect(page.getByTestId('sms-status')).toHaveAttribute('data-driver', 'log');
  await expect(page.getByTestId('sms-templates')).toContainText('{child}');
  await expect(page.getByTestId('sms-receipt').locator('input')).toHaveValue(approved!.receiptNo);
  const rows = page.locator('[data-testid^="sms-row-"]');
  await expect(async () => {
    await page.getByTestId('sms-refresh').click();
    await expect(rows.first()).toHaveAttribute('data-status', 'sent', { timeout: 2_000 });
  }).toPass({ timeout: 40_000 });
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('录取结果');
  await expect(rows.first()).toContainText('已录取，学校：');
  await expect(rows.first()).toContainText(/1\d\d\*\*\*\*\d{4}/);
  await expect(rows.nth(1)).toContainText('审核通过');
  for (const row of await rows.all()) await expect(row).toContainText(approved!.receiptNo);
  await expectAccessible(page, '[data-testid="sms-page"]');
  await page.screenshot({ path: join(ARTIFACTS, 'sms.png') });

  // Both the result and the view of the messages are in the audit log under the signed-in account.
  await page.getByTestId('nav-audit').click();
  await page.getByRole('textbox', { name: '操作', exact: true }).fill('results.record');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('audit-page').locator('tbody tr').first()).toContainText('王局长');
});
