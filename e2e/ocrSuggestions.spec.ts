// Suggestions read from a scanned page, beside the intake form: the clerk types a child's name, captures the
// 户口簿 登记卡 (a page rendered with real Chinese text, photographed badly, imported through the scan desk's file
// picker) and comes back to the form. The page's person is named otherwise, so nothing of it is offered for the
// child; the clerk corrects the name to the page's and takes the page's ID number with F4 in the ID field and the
// 迁入 date with F4 in its field. Each accepted value is audited with its source page; the draft holds what was
// taken. Recognition runs in the harness core's worker.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { testPage } from '../electron/core/testing/ocrPages';

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };

test("a captured 户口簿 page offers its person's values beside the form only for that person; F4 takes one", async ({ page, desk }) => {
  test.setTimeout(240_000);
  const hukou = await testPage('hukou_card', 71);
  const file = join(tmpdir(), `hukou-card-${process.pid}.jpg`);
  writeFileSync(file, hukou.image);
  const setup = await desk.rpc('setup.initialize', { counterName: '示例县政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '379901', admin: ADMIN });
  expect(setup.ok, JSON.stringify(setup.error)).toBe(true);
  await page.goto(desk.url);
  await expect(page.getByTestId('main-frame')).toBeVisible();
  await page.getByTestId('nav-intake').click();
  await expect(page.getByTestId('intake-new')).toBeFocused();
  await page.keyboard.press('Enter');

  // The clerk types another child's name and the draft is saved.
  const typedName = '张小明';
  expect(hukou.truth.name).not.toBe(typedName);
  await page.keyboard.type(typedName);
  await expect(page).toHaveURL(/#\/intake\/[0-9a-f-]{36}/, { timeout: 15_000 });
  const draftId = /#\/intake\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';

  // Nothing scanned yet: the panel offers to scan the readable materials.
  const panel = page.getByTestId('ocr-suggestions');
  await panel.getByTestId('ocr-scan-hukou-booklet').click();
  await expect(page.getByTestId('scan-page')).toBeVisible();
  await page.getByTestId('scan-source').getByText('文件', { exact: true }).click();
  await page.getByTestId('file-input').setInputFiles(file);
  await expect(page.getByTestId('page-1')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('scan-back').click();

  // Back at ①: the page is read off the window's thread. Its person is named otherwise than the child typed, so
  // none of that person's values is offered for the child: the panel says a person on the page is unmatched.
  await expect(page.getByTestId('intake-step-1')).toBeVisible();
  await expect(panel.getByTestId('ocr-other-people')).toContainText('另有 1 人', { timeout: 90_000 });
  await expect(panel.getByTestId('ocr-suggestion-idNumber')).toHaveCount(0);

  // The clerk corrects the name to the page's: the person is the child now, the page's number is offered.
  await page.getByTestId('f-child.name').focus();
  await page.keyboard.press('Control+a');
  await page.keyboard.type(hukou.truth.name ?? '');
  await page.getByTestId('f-child.idNumber').focus();
  const name = panel.getByTestId('ocr-suggestion-name');
  await expect(name).toHaveAttribute('data-state', 'same');
  const id = panel.getByTestId('ocr-suggestion-idNumber');
  await expect(id).toHaveAttribute('data-state', 'offer');
  await expect(id).toHaveAttribute('data-path', 'child.idNumber');
  await expect(id.getByTestId('ocr-page')).toContainText('户口簿 第 1 页');
  await desk.shot(page, '01-suggestions-beside-the-form');

  // F4 in the ID field takes the page's number and moves on (the last field of ①: on to ②).
  await page.keyboard.press('F4');
  await expect(page.getByTestId('intake-step-2')).toBeVisible();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect(page.getByTestId('f-child.idNumber')).toHaveValue(hukou.truth.idNumber ?? '');
  await expect(page.getByTestId('f-child.name')).toHaveValue(hukou.truth.name ?? '');
  await expect(panel.getByTestId('ocr-accepted')).toContainText('已采用：证件号码');

  // ③: the 迁入 date, by F4 in its field.
  await page.keyboard.press('Alt+ArrowRight');
  await page.keyboard.press('Alt+ArrowRight');
  await expect(page.getByTestId('intake-step-3')).toBeVisible();
  await page.keyboard.press('y');
  const moveIn = page.getByTestId('f-hukou.moveInDate');
  await expect(moveIn).toBeVisible();
  await expect(panel.getByTestId('ocr-suggestion-moveInDate')).toHaveAttribute('data-state', 'offer');
  await moveIn.focus();
  await page.keyboard.press('F4');
  await expect(moveIn).toHaveValue(hukou.truth.moveInDate ?? '');
  await expect(panel.getByTestId('ocr-suggestion-moveInDate')).toHaveAttribute('data-state', 'same');
  await desk.shot(page, '02-move-in-taken');

  // The draft holds what was taken and what was typed; the audit names the source page of each.
  await page.keyboard.press('Control+s');
  await expect
    .poll(async () => {
      const r = await desk.rpc('applications.get', { id: draftId });
      const data = (r.value as { data: { child?: { name?: string; idNumber?: string }; hukou?: { moveInDate?: string } } }).data;
      return [data.child?.name, data.child?.idNumber, data.hukou?.moveInDate];
    })
    .toEqual([hukou.truth.name, hukou.truth.idNumber, hukou.truth.moveInDate]);
  const audit = (await desk.rpc('audit.list', { limit: 30 })).value as Array<{ action: string; details: { path: string; pageNo: number; materialKey: string } }>;
  const taken = audit.filter((e) => e.action === 'ocr.suggestionAccepted').map((e) => `${e.details.materialKey} p${e.details.pageNo} → ${e.details.path}`);
  expect(taken.sort()).toEqual(['hukou-booklet p1 → child.idNumber', 'hukou-booklet p1 → hukou.moveInDate']);
});
