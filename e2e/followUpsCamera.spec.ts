// Issue 15: a family comes back with its 补充材料告知书 and the counter has no QR scanner gun — the clerk presses F8
// and holds the notice under the document camera (高拍仪). Chromium's fake camera plays a picture of the notice's
// own QR (taken from the printed PDF with zbar), decoded in the page; the application opens at its missing item.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium } from '@playwright/test';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { test, expect, approvedOutsideWindow, type DeskFixture } from './fixtures';
import { CHROMIUM_PATH } from '../playwright.config';
import { houseHukouApplication } from '../electron/core/testing/fixtures';
import { pdfQrCodes } from '../electron/core/testing/pdfTools';
import type { CountyPlan } from '../shared/plan/schema';

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };

async function ok<T>(desk: DeskFixture, method: string, input: unknown): Promise<T> {
  const res = await desk.rpc(method, input);
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(res.error)}`);
  return res.value as T;
}

/** A Y4M clip (the format Chromium's fake camera plays) of one still: the QR lying on a grey desk, off centre. */
async function y4mOf(qrText: string, file: string): Promise<void> {
  const width = 640;
  const height = 480;
  const qr = await QRCode.toBuffer(qrText, { errorCorrectionLevel: 'M', margin: 2, width: 200 });
  const luma = await sharp({ create: { width, height, channels: 3, background: '#a9a59d' } })
    .composite([{ input: qr, left: 360, top: 150 }])
    .blur(0.7)
    .greyscale()
    .raw()
    .toBuffer();
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma.subarray(0, width * height), chroma, chroma]);
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]));
}

test('F8 reads the notice QR from the document camera and opens the return visit at its missing item', async ({ desk }) => {
  await ok(desk, 'setup.initialize', { counterName: '示例县政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '379901', admin: ADMIN });
  const active = await ok<{ info: { planKey: string }; plan: CountyPlan }>(desk, 'plans.getActive', {});
  const base = houseHukouApplication(active.plan, { name: '𠮷小明' });
  const data = { ...base, materials: base.materials!.map((m) => (m.itemId === 'hukou-booklet' ? { ...m, state: 'missing' as const } : m)) };
  const a = await ok<{ id: string; receiptNo: string }>(desk, 'applications.submit', await approvedOutsideWindow(desk.rpc, { id: randomUUID(), data, planKey: active.info.planKey, confirmNearMatches: true }));
  const notice = await ok<{ pdfBase64: string }>(desk, 'printing.render', { applicationId: a.id, kind: 'supplementNotice' });
  const [qr] = pdfQrCodes(Buffer.from(notice.pdfBase64, 'base64'));
  expect(qr).toContain(a.receiptNo);

  const dir = mkdtempSync(join(tmpdir(), 'camera-qr-'));
  const clip = join(dir, 'notice.y4m');
  await y4mOf(qr!, clip);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${clip}`],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, permissions: ['camera'] });
    const page = await context.newPage();
    await page.goto(desk.url);
    await expect(page.getByTestId('home-page')).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('today-followups').click();
    await expect(page.getByTestId('followups-page')).toBeVisible();
    await expect(page.getByTestId('followup-code')).toBeFocused();

    await page.keyboard.press('F8');
    await expect(page.getByTestId('followup-camera-video')).toBeVisible();
    await desk.shot(page, 'camera-qr');
    await expect(page.getByTestId('visit-page')).toHaveAttribute('data-id', a.id, { timeout: 20_000 });
    await expect(page.getByTestId('visit-receipt')).toHaveText(a.receiptNo);
    await expect(page.locator('[data-testid^="visit-item-"]')).toHaveCount(1);
    await expect(page.getByTestId('visit-item-hukou-booklet')).toBeVisible();
    // The camera is closed once the code is read (no stream left running behind the visit page).
    await expect(page.getByTestId('followup-camera-video')).toHaveCount(0);
    await context.close();
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
