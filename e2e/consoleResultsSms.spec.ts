// What the admin commands do, in the console, against the real county server process (issue 12: every CLI action is
// also in the console, audited with the operator): 登记录取结果 refuses an application still under review and records
// one for an approved one under the signed-in account; 短信通知 shows the driver, the templates and that result's
// message to the guardian, sent by the development log driver; 核验回执和通知书 checks a printed receipt (its QR text
// scanned, or number and code typed) for an admin and a reviewer; 模拟网上报名 finds the counter's application of the
// same child.
import { join } from 'node:path';
import { takeApplications } from '../electron/core/testing/syncKit';
import { expectAccessible, receiptCode } from './consoleKit';
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

test('核验回执和通知书: a scanned receipt QR is genuine, a wrong code is not; 模拟网上报名 finds the same child at the counter', async ({ page, county }) => {
  test.setTimeout(150_000);
  await county.loadSamplePlan();
  const desk = await county.desk('A01');
  const [app] = await takeApplications(desk, 1);
  const code = await receiptCode(desk, app!.id);
  await desk.call('sync.syncNow', { wait: true });
  await county.signInAdmin(page);

  // A handheld scanner types the receipt's QR text and Enter into the first field.
  await page.getByTestId('nav-verify').click();
  await expect(page.getByTestId('verify-receipt')).toBeFocused();
  await page.keyboard.type(`ED1|${app!.receiptNo}|${code}`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-genuine', 'true');
  await expect(page.getByTestId('verify-result')).toContainText('真实：这是报名点 A01 签发的报名回执');
  await expect(page.getByTestId('verify-code')).toHaveValue(code);
  // One character off: not genuine, with why and what to do.
  await page.getByTestId('verify-code').fill(code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-genuine', 'false');
  await expect(page.getByTestId('verify-result')).toContainText('核验未通过');
  await expect(page.getByTestId('verify-result')).toContainText('请核对回执号和核验码');
  await expectAccessible(page, '[data-testid="verify-page"]');

  // The online stand-in: a wrong ID number is refused in the form; the counter's child is found as a duplicate.
  await page.getByTestId('nav-online').click();
  await page.getByTestId('online-id').fill(app!.idNumber.slice(0, 17) + (app!.idNumber.endsWith('1') ? '2' : '1'));
  await page.getByTestId('online-name').fill('网上报名测试');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('online-page').locator('.ant-form-item-explain-error')).toContainText('校验位不正确');
  await page.getByTestId('online-id').fill(app!.idNumber);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('online-done')).toContainText(/已登记网上报名，回执号 WS-379901-/);
  await expect(page.getByTestId('online-done')).toContainText(`${app!.receiptNo}（报名点 A01）`);
  await expectAccessible(page, '[data-testid="online-page"]');

  // A reviewer may check papers, not record results, send SMS or apply online (the server refuses those calls too).
  await county.signInAs(page, 'li.shenhe', '李审核', '审核员');
  await expect(page.getByTestId('nav-verify')).toBeVisible();
  for (const key of ['results', 'sms', 'online']) await expect(page.getByTestId(`nav-${key}`)).toHaveCount(0);
  await page.getByTestId('nav-verify').click();
  await page.getByTestId('verify-receipt').fill(app!.receiptNo.toLowerCase());
  await page.getByTestId('verify-code').fill(code.toLowerCase());
  await page.getByTestId('verify-submit').click();
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-genuine', 'true');
});
