// The county console end to end with real processes: the county server as a child process, two desks (their core
// through the test kit) taking applications with scanned pages and syncing them, and the console in Chromium.
// A reviewer opens an application, sees its pages, asks for materials; the desk pulls the decision and prints the
// 补充材料告知书; a duplicate from a second desk is resolved; a rejection waits for the 复核人.
import { join } from 'node:path';
import { test, expect } from './countyFixture';
import { attachScans, takeApplications } from '../electron/core/testing/syncKit';
import { consoleSignIn, createAccount, expectAccessible, scan, signOut } from './consoleKit';

test.use({ viewport: { width: 1440, height: 900 } });

const IMAGES = join(import.meta.dirname, '..', 'docs', 'images');

test('review season: materials asked and printed at the desk, a duplicate resolved, a rejection confirmed by the 复核人', async ({ page, county }) => {
  const { server } = county;
  // The county publishes the plan the desks take applications under (the material list comes from it).
  await county.loadSamplePlan();

  // Counter A01 takes three applications, one with six scanned pages, and uploads them.
  const a01 = await county.desk('A01');
  const [first, second, third] = await takeApplications(a01, 3);
  const scans = [
    { materialKey: 'hukou-booklet', data: await scan('户口簿', '户主页') },
    { materialKey: 'hukou-booklet', data: await scan('户口簿', '儿童页') },
    { materialKey: 'guardian-id', data: await scan('监护人居民身份证', '正面') },
    { materialKey: 'guardian-id', data: await scan('监护人居民身份证', '反面') },
    { materialKey: 'property-certificate', data: await scan('不动产权证书', '第 1 页') },
    { materialKey: 'property-certificate', data: await scan('不动产权证书', '第 2 页') },
  ].map((s) => ({ ...s, width: 840, height: 1188 }));
  await attachScans(a01, new Map([[first!.id, scans]]));
  await a01.call('sync.syncNow', { wait: true });

  // Counter A02 takes the same child as `third` again: a duplicate.
  const a02 = await county.desk('A02');
  const [dup] = await takeApplications(a02, 1, [third!.idNumber]);
  await a02.call('sync.syncNow', { wait: true });

  // The first admin signs in, sets a password and creates a reviewer and a 复核人.
  await county.signInAdmin(page);
  const reviewerPw = await createAccount(page, 'shenhe1', '李审核', '审核员');
  const secondPw = await createAccount(page, 'fuhe1', '赵复核', '复核人');
  await signOut(page);

  // The reviewer: the queue shows all four, with the duplicate flagged.
  await consoleSignIn(page, server.url, 'shenhe1', reviewerPw, 'Shenhe2026');
  await expect(page.getByTestId('queue-page')).toBeVisible();
  await expect(page.getByTestId('queue-total')).toHaveAttribute('data-total', '4');
  await expect(page.getByTestId(`queue-row-${dup!.receiptNo}`)).toContainText('重复');
  await expectAccessible(page, '[data-testid="queue-page"]');
  await page.screenshot({ path: join(IMAGES, 'console-queue.png') });

  // Search by the last six digits of the ID number, then keyboard: ↓ Enter opens.
  await page.keyboard.press('/');
  await expect(page.getByTestId('queue-search').locator('input').or(page.getByTestId('queue-search'))).toBeFocused();
  await page.keyboard.type(first!.idNumber.slice(-6));
  await expect(page.getByTestId('queue-total')).toHaveAttribute('data-total', '1');
  await page.getByTestId('queue-table').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('review-page')).toHaveAttribute('data-id', first!.id);

  // Every page is there and shows; → pages through, R rotates.
  await expect(page.getByTestId('page-caption')).toContainText('第 1 / 6 页');
  const img = page.getByTestId('page-image');
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(840);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('page-caption')).toContainText('第 2 / 6 页');
  await page.keyboard.press('r');
  await expect(page.getByTestId('page-zoom')).toHaveAttribute('data-turn', '90');
  await page.keyboard.press('0');
  await expect(page.getByTestId('materials-table')).toContainText('户口簿');
  await expectAccessible(page, '[data-testid="review-page"]');
  await page.screenshot({ path: join(IMAGES, 'console-review.png') });

  // 需补充材料: pick two items, a place; the text survives a failed request (server down), then goes through.
  await page.getByRole('tab', { name: '需补充材料' }).click();
  const pick = page.getByTestId('materials-pick');
  for (const box of await pick.locator('input[type=checkbox]:checked').all()) await box.uncheck();
  const boxes = pick.locator('label.ant-checkbox-wrapper');
  const asked = [(await boxes.nth(0).getByTestId('pick-name').innerText()).trim(), (await boxes.nth(1).getByTestId('pick-name').innerText()).trim()];
  await boxes.nth(0).click();
  await boxes.nth(1).click();
  await page.getByTestId('materials-place').fill('城关教育办一楼 3 号窗口');
  await page.getByTestId('materials-note').fill('请一次带齐原件和复印件');
  await server.stop('SIGKILL');
  await page.getByTestId('materials-submit').click();
  await expect(page.getByTestId('decision-error')).toContainText('无法连接县级服务器');
  await server.restart();
  await page.reload();
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
  await page.getByRole('tab', { name: '需补充材料' }).click();
  await expect(page.getByTestId('draft-restored')).toBeVisible();
  await expect(page.getByTestId('materials-place')).toHaveValue('城关教育办一楼 3 号窗口');
  await expect(page.getByTestId('materials-note')).toHaveValue('请一次带齐原件和复印件');
  await page.getByTestId('materials-submit').click();
  await expect(page.getByTestId('review-page')).toHaveAttribute('data-status', 'needs_materials');
  await page.getByRole('tab', { name: /审核记录/ }).click();
  for (const name of asked) await expect(page.getByTestId('decision-request_materials').first()).toContainText(name);

  // The desk pulls the decision and prints the 补充材料告知书.
  await a01.call('sync.syncNow', { wait: true });
  const taken = await a01.call('applications.get', { id: first!.id });
  expect(taken.status).toBe('needs_materials');
  const notice = await a01.call('printing.render', { applicationId: first!.id, kind: 'supplementNotice' });
  expect(Buffer.from(notice.pdfBase64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');

  // The duplicate: side by side, keep A01's, withdraw A02's with a reason.
  await page.getByTestId('nav-duplicates').click();
  await page.getByTestId('dup-open').first().click();
  await expect(page.getByTestId('dup-compare')).toContainText(third!.receiptNo);
  await expect(page.getByTestId('dup-compare')).toContainText(dup!.receiptNo);
  await page.getByTestId(`dup-keep-${third!.receiptNo}`).check();
  await page.getByTestId('dup-reason').fill('家长确认在 A01 报名点办理');
  await page.getByTestId('dup-submit').click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: '确定' }).click();
  await expect(page.getByTestId('dup-resolution')).toContainText('家长确认在 A01 报名点办理');
  await expectAccessible(page, '[data-testid="duplicates-page"]');
  await a02.call('sync.syncNow', { wait: true });

  // A rejection by the reviewer waits for the 复核人; nothing reaches the desk until then.
  await page.goto(`${server.url}/console/applications/${second!.id}`);
  await page.getByRole('tab', { name: '审核不通过' }).click();
  await page.getByTestId('reject-reasons').click();
  await page.locator('.ant-select-item-option').first().click();
  await page.keyboard.press('Escape');
  await page.getByTestId('reject-text').fill('房产证登记地址不在片区内');
  await page.getByTestId('reject-submit').click();
  await expect(page.getByTestId('review-page')).toHaveAttribute('data-status', 'rejection_pending');
  await expect(page.getByTestId('pending-rejection')).toContainText('等待另一位复核人确认');
  await a01.call('sync.syncNow', { wait: true });
  expect((await a01.call('applications.get', { id: second!.id })).status).not.toBe('rejected');
  await signOut(page);

  await consoleSignIn(page, server.url, 'fuhe1', secondPw, 'Fuhe2026ok');
  await page.getByTestId('queue-status-tabs').getByText('待复核', { exact: false }).click();
  await expect(page.getByTestId('queue-total')).toHaveAttribute('data-total', '1');
  await page.getByTestId(`queue-row-${second!.receiptNo}`).click();
  await page.getByTestId('confirm-rejection').click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认不通过' }).click();
  await expect(page.getByTestId('review-page')).toHaveAttribute('data-status', 'rejected');
  await a01.call('sync.syncNow', { wait: true });
  expect((await a01.call('applications.get', { id: second!.id })).status).toBe('rejected');
});
