// Scanning at the counter: a page captured from the camera view (Chromium's fake camera device), a PDF
// and images imported from files, a real SANE scan (test backend) through the harness's Scanner port,
// pages reordered, rotated and removed, the viewer, and the checklist marked 已扫描. Screenshots as artifacts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { test, expect, type DeskFixture, approvedOutsideWindow } from './fixtures';
import { CHROMIUM_PATH } from '../playwright.config';
import { houseHukouApplication } from '../electron/core/testing/fixtures';
import { pdfOf, smallPng } from '../electron/core/testing/documentFiles';
import { materialsFor } from '../shared/domain/applicationRules';
import type { CountyPlan } from '../shared/plan/schema';

test.use({
  viewport: { width: 1366, height: 768 },
  launchOptions: {
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  },
  permissions: ['camera'],
});

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };

async function setUp(desk: DeskFixture): Promise<{ planKey: string; plan: CountyPlan }> {
  const setup = await desk.rpc('setup.initialize', { counterName: '示例县政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '379901', admin: ADMIN });
  expect(setup.ok, JSON.stringify(setup.error)).toBe(true);
  const active = (await desk.rpc('plans.getActive', {})).value as { info: { planKey: string }; plan: CountyPlan };
  return { planKey: active.info.planKey, plan: active.plan };
}

test('camera, file and scanner pages attach to material items; reorder, rotate, remove; the checklist shows 已扫描', async ({ page, desk }) => {
  const { planKey, plan } = await setUp(desk);
  const data = houseHukouApplication(plan);
  const draft = await desk.rpc('applications.saveDraft', { data });
  const id = (draft.value as { id: string }).id;
  const submitted = await desk.rpc('applications.submit', await approvedOutsideWindow(desk.rpc, { id, data, planKey, confirmNearMatches: true }));
  expect(submitted.ok, JSON.stringify(submitted.error)).toBe(true);
  const [first, second, third] = materialsFor('house_hukou', plan);
  if (!first || !second || !third) throw new Error('sample plan has fewer than 3 materials');

  // ---- The application's detail lists each material as 未扫描 with a 扫描 button.
  await page.goto(desk.url);
  await expect(page.getByTestId('main-frame')).toBeVisible();
  await page.goto(new URL(`#/applications/${id}`, page.url()).href);
  await expect(page.getByTestId(`scanned-${first.id}`)).toContainText('未扫描');
  await page.getByTestId(`scan-open-${first.id}`).click();
  await expect(page.getByTestId('scan-page')).toBeVisible();
  await expect(page.getByTestId(`scan-item-${first.id}`)).toHaveAttribute('aria-selected', 'true');

  // ---- Camera: Chromium's fake device streams; Space captures a page.
  await expect(page.getByTestId('camera-resolution')).toBeVisible();
  await desk.shot(page, '01-camera');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('scan-notice')).toContainText(`已添加到“${first.name}”：1 页`);
  await expect(page.getByTestId('page-1')).toBeVisible();
  await page.getByTestId('camera-capture').click();
  await expect(page.getByTestId('page-2')).toBeVisible();
  await expect(page.getByTestId(`scan-item-${first.id}`)).toHaveAttribute('data-pages', '2');
  // Replace page 1 with a new capture: same position, same count, new content.
  const before = await page.getByTestId('page-1').getAttribute('data-sha');
  await page.getByTestId('page-1-replace').click();
  await expect(page.getByTestId('scan-replacing')).toContainText('将替换第 1 页');
  await page.getByTestId('camera-capture').click();
  await expect(page.getByTestId('scan-notice')).toContainText('已替换第 1 页');
  await expect(page.getByTestId('page-1')).not.toHaveAttribute('data-sha', before ?? '');
  await expect(page.getByTestId(`scan-item-${first.id}`)).toHaveAttribute('data-pages', '2');

  // ---- Files: a PDF and two images into the second item through the file picker.
  await page.getByTestId(`scan-item-${second.id}`).click();
  await page.getByTestId('scan-source').getByText('文件', { exact: true }).click();
  const dir = tmpdir();
  const pdf = join(dir, 'property.pdf');
  writeFileSync(pdf, await pdfOf(3));
  const a = join(dir, 'page-a.png');
  const b = join(dir, 'page-b.png');
  writeFileSync(a, await smallPng('PAGE A'));
  writeFileSync(b, await smallPng('PAGE B'));
  await page.getByTestId('file-input').setInputFiles([pdf, a, b]);
  await expect(page.getByTestId('page-3')).toBeVisible();
  await expect(page.getByTestId('page-1')).toContainText('PDF · 3 页');
  // A text file named .png is refused by content with a specific message, and nothing is added.
  const fake = join(dir, 'not-an-image.png');
  writeFileSync(fake, '这不是图片');
  await page.getByTestId('file-input').setInputFiles(fake);
  await expect(page.getByTestId('scan-error')).toContainText('不是可识别的图片或 PDF');
  await expect(page.getByTestId('page-4')).toHaveCount(0);
  await desk.shot(page, '02-files');

  // ---- Reorder with the keyboard (Alt+←) and the buttons; the core's order is what shows.
  const shaOf = async (n: number) => (await page.getByTestId(`page-${n}`).getAttribute('data-sha')) ?? '';
  const [s1, s2, s3] = [await shaOf(1), await shaOf(2), await shaOf(3)];
  await page.getByTestId('page-3').click();
  await page.getByTestId('page-3').focus();
  await page.keyboard.press('Alt+ArrowLeft');
  await expect.poll(() => shaOf(2)).toBe(s3);
  await page.getByTestId('page-1-right').click();
  await expect.poll(async () => [await shaOf(1), await shaOf(2), await shaOf(3)]).toEqual([s3, s1, s2]);
  const listed = (await desk.rpc('documents.list', { applicationId: id })).value as { items: Array<{ materialKey: string; pages: Array<{ sha256: string }> }> };
  expect(listed.items.find((i) => i.materialKey === second.id)?.pages.map((p) => p.sha256)).toEqual([s3, s1, s2]);
  await desk.shot(page, '03-reordered');

  // ---- Rotate (R) an image page, open the viewer (Enter), page through, remove one page (Delete).
  await page.getByTestId('page-1').focus();
  await page.keyboard.press('r');
  await expect.poll(() => shaOf(1)).not.toBe(s3);
  // T trims the plain border around the page.
  const rotated = await shaOf(1);
  await page.getByTestId('page-1').focus();
  await page.keyboard.press('t');
  await expect.poll(() => shaOf(1)).not.toBe(rotated);
  await page.getByTestId('page-1').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('viewer-image')).toBeVisible();
  await page.keyboard.press('+');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('dialog')).toContainText('第 2/3 页');
  await desk.shot(page, '04-viewer');
  // Crop by dragging the bottom-right corner to the middle of the page; the page is replaced in place.
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('dialog')).toContainText('第 3/3 页');
  await expect(page.getByTestId('viewer-image')).toBeVisible();
  const beforeCrop = await shaOf(3);
  const beforeWidth = Number(await page.getByTestId('page-3').getAttribute('data-width'));
  await page.getByTestId('viewer-crop').click();
  const box = await page.getByTestId('viewer-image').boundingBox();
  const handle = await page.getByTestId('crop-br').boundingBox();
  if (!box || !handle) throw new Error('no crop box');
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 5 });
  await page.mouse.up();
  await desk.shot(page, '04b-crop');
  await page.getByTestId('viewer-crop-apply').click();
  await expect(page.getByTestId('viewer-image')).toHaveCount(0);
  await expect.poll(() => shaOf(3)).not.toBe(beforeCrop);
  const afterWidth = Number(await page.getByTestId('page-3').getAttribute('data-width'));
  expect(afterWidth).toBeLessThan(beforeWidth * 0.7);
  await page.getByTestId('page-3').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('viewer-image')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.getByTestId('page-3').focus();
  await page.keyboard.press('Delete');
  await page.locator('#page-remove-ok').click();
  await expect(page.getByTestId('page-3')).toHaveCount(0);
  await expect(page.getByTestId(`scan-item-${second.id}`)).toHaveAttribute('data-pages', '2');

  // ---- Scanner: the harness's real SANE port (test backend), feeder, three pages.
  await page.getByTestId(`scan-item-${third.id}`).click();
  await page.getByTestId('scan-source').getByText('扫描仪', { exact: true }).click();
  await expect(page.getByTestId('scanner-device')).toContainText('test:0');
  await page.getByTestId('scanner-source').click();
  await page.getByTitle('自动进纸器').click();
  await page.getByRole('spinbutton').fill('3');
  await page.getByTestId('scanner-scan').click();
  await expect(page.getByTestId('page-3')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId(`scan-item-${third.id}`)).toHaveAttribute('data-pages', '3');
  await desk.shot(page, '05-scanner');

  // ---- Scan-to-folder: a file a network scanner saved into the inbox appears and is imported.
  const fourth = materialsFor('house_hukou', plan)[3];
  if (!fourth) throw new Error('sample plan has fewer than 4 materials');
  mkdirSync(join(desk.dataDir, 'inbox'), { recursive: true });
  writeFileSync(join(desk.dataDir, 'inbox', 'scan0001.pdf'), await pdfOf(2));
  await page.getByTestId(`scan-item-${fourth.id}`).click();
  await page.getByTestId('scan-source').getByText('扫描文件夹').click();
  await page.getByTestId('inbox-scan0001.pdf').getByRole('button').click();
  await expect(page.getByTestId('page-1')).toContainText('PDF · 2 页');
  await expect(page.getByTestId('inbox-scan0001.pdf')).toHaveCount(0);

  // ---- Back to the application: the checklist says 已扫描 with page counts.
  await page.getByTestId('scan-back').click();
  await expect(page.getByTestId(`scanned-${first.id}`)).toContainText('已扫描 2 页');
  await expect(page.getByTestId(`scanned-${second.id}`)).toContainText('已扫描 2 页');
  await expect(page.getByTestId(`scanned-${third.id}`)).toContainText('已扫描 3 页');
  await desk.shot(page, '06-detail-checklist');
});
