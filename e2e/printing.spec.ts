import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, ARTIFACTS, type DeskFixture, approvedOutsideWindow } from './fixtures';
import { houseHukouApplication } from '../electron/core/testing/fixtures';
import { lotteryOutcome, printData, reviewResult } from '../electron/core/testing/printData';
import { renderPdf } from '../electron/core/services/printing/render';
import { buildDocument } from '../shared/print/documents';
import { pdfPngs, pdfQrCodes, pdfText } from '../electron/core/testing/pdfTools';
import { openEncrypted } from '../electron/core/db/connection';
import { ReviewResultRepo } from '../electron/core/db/repos/reviewResultRepo';
import { loadOrCreateKeys } from '../electron/core/services/keys';
import type { CountyPlan } from '../shared/plan/schema';
import type { ReviewResult } from '../shared/contract/reviewResult';
import { documentKinds, type DocumentKind } from '../shared/print/types';
import { zhCN } from '../shared/i18n/zhCN';

test.use({ viewport: { width: 1366, height: 900 } });

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };
const OUT = join(ARTIFACTS, 'printing');

async function setUp(desk: DeskFixture): Promise<{ planKey: string; plan: CountyPlan }> {
  const setup = await desk.rpc('setup.initialize', { counterName: '示例县政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '379901', admin: ADMIN });
  expect(setup.ok, JSON.stringify(setup.error)).toBe(true);
  const active = (await desk.rpc('plans.getActive', {})).value as { info: { planKey: string }; plan: CountyPlan };
  return { planKey: active.info.planKey, plan: active.plan };
}

async function value<T>(desk: DeskFixture, method: string, input: unknown): Promise<T> {
  const r = await desk.rpc(method, input);
  expect(r.ok, `${method}: ${JSON.stringify(r.error)}`).toBe(true);
  return r.value as T;
}

/** What the core stored for the newest version of a document. */
async function storedPdf(desk: DeskFixture, applicationId: string, kind: DocumentKind, paper = 'A4'): Promise<Buffer> {
  const list = await value<{ printoutId: string; kind: string; paper: string; version: number }[]>(desk, 'printing.list', { applicationId });
  const doc = list.filter((p) => p.kind === kind && p.paper === paper).sort((a, b) => b.version - a.version)[0];
  if (!doc) throw new Error(`no ${kind} stored`);
  const pdf = await value<{ pdfBase64: string }>(desk, 'printing.getPdf', { printoutId: doc.printoutId });
  return Buffer.from(pdf.pdfBase64, 'base64');
}

async function recordResult(desk: DeskFixture, result: ReviewResult): Promise<void> {
  const keys = await loadOrCreateKeys(desk.dataDir, desk.bridge.ports.secretStore, false);
  const db = openEncrypted(join(desk.dataDir, 'desk.db'), keys.db);
  try {
    new ReviewResultRepo(db).record(result);
  } finally {
    db.close();
  }
}

async function previewShown(page: Page): Promise<void> {
  await expect(page.getByTestId('print-rendering')).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('print-preview')).not.toHaveAttribute('data-pages', '0', { timeout: 30_000 });
}

test('submit → receipt on Enter → preview → reprint with a reason → printer trouble queued → every document rendered', async ({ page, desk }) => {
  mkdirSync(OUT, { recursive: true });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => {
    pageErrors.push(e.message);
    console.error(`pageerror: ${e.message}\n${e.stack ?? ''}`);
  });
  const { plan } = await setUp(desk);
  const printer = desk.bridge.ports.printer;
  const data = houseHukouApplication(plan, { name: '𠮷祥·阿依古丽' });
  const { id } = await value<{ id: string }>(desk, 'applications.saveDraft', { data });
  await approvedOutsideWindow(desk.rpc, { id, data });

  // ---- Submit in the intake wizard; the receipt is offered at once and Enter prints it.
  await page.goto(desk.url);
  await expect(page.getByTestId('main-frame')).toBeVisible();
  await page.goto(new URL(`#/intake/${id}`, desk.url).href);
  await expect(page.getByTestId('intake-summary')).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 600 } });
  for (let i = 0; i < 7; i++) await page.keyboard.press('Alt+ArrowRight');
  await expect(page.getByTestId('intake-issues')).toContainText('信息完整，可以提交');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('intake-success')).toBeVisible();
  await expect(page.getByTestId('intake-print')).toBeFocused();
  await expect(page.getByTestId('intake-print')).toBeEnabled();
  await desk.shot(page, '01-submitted-receipt-offered');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('intake-print-notice')).toContainText('柜台激光打印机');
  await expect(page.getByTestId('intake-next-applicant')).toBeFocused();
  const receipt = await storedPdf(desk, id, 'receipt');
  expect(printer.files()).toHaveLength(1);
  expect(readFileSync(printer.files()[0]!).equals(receipt)).toBe(true);
  const receiptNo = (await page.getByTestId('intake-receipt-no').innerText()).trim();
  const text = pdfText(receipt).replace(/\s+/g, '');
  expect(text).toContain('𠮷祥·阿依古丽');
  expect(text).toContain(receiptNo);
  expect(text).not.toContain(data.child!.idNumber!);
  expect(pdfQrCodes(receipt)[0]).toMatch(new RegExp(`^ED1\\|${receiptNo}\\|[0-9A-Z]{5}-[0-9A-Z]{5}$`));

  // ---- Preview: the stored PDF drawn by pdf.js; a second print needs a reason.
  await page.getByTestId('intake-print-preview').click();
  await expect(page.getByTestId('print-page')).toBeVisible();
  await previewShown(page);
  await expect(page.getByTestId('print-count')).toHaveText('已打印 1 次');
  await desk.shot(page, '02-receipt-preview');
  await page.getByTestId('print-submit').click();
  await expect(page.getByRole('dialog')).toContainText('重新打印需写明原因');
  await expect(page.getByTestId('reprint-confirm')).toBeDisabled();
  await page.getByTestId('reprint-reason').fill('家长遗失回执');
  await desk.shot(page, '03-reprint-reason');
  await page.getByTestId('reprint-confirm').click();
  await expect(page.getByTestId('print-notice')).toContainText('已发送到打印机');
  expect(printer.files()).toHaveLength(2);
  expect(readFileSync(printer.files()[1]!).equals(receipt)).toBe(true);
  const audit = await value<{ action: string; details: Record<string, unknown> }[]>(desk, 'audit.list', { limit: 50 });
  expect(audit.find((e) => e.action === 'printout.reprinted')?.details).toMatchObject({ reason: '家长遗失回执', reprintNo: 1 });

  // ---- The thermal roll: remembered for receipts; out of paper keeps the job queued until retried.
  await page.getByTestId('print-paper').getByText(zhCN.printing.papers.roll80).click();
  await previewShown(page);
  await page.getByTestId('print-printer').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '热敏小票打印机' }).click();
  printer.fail('out_of_paper');
  await page.getByTestId('print-submit').click();
  await page.getByTestId('reprint-reason').fill('改用小票打印');
  await page.getByTestId('reprint-confirm').click();
  await expect(page.getByTestId('print-error')).toContainText('缺纸');
  await expect(page.getByTestId('print-queue-item')).toHaveCount(1);
  await desk.shot(page, '04-out-of-paper-queued');
  expect(printer.files()).toHaveLength(2);
  printer.fail(null);
  await page.getByTestId('print-retry').click();
  await expect(page.getByTestId('print-notice')).toContainText('热敏小票打印机');
  await expect(page.getByTestId('print-queue-item')).toHaveCount(0);
  expect(readFileSync(printer.files()[2]!).equals(await storedPdf(desk, id, 'receipt', 'roll80'))).toBe(true);
  const printers = await value<{ remembered: Record<string, string>; papers: Record<string, string> }>(desk, 'printing.printers', {});
  expect(printers.remembered.receipt).toContain('热敏小票打印机');
  expect(printers.papers.receipt).toBe('roll80');

  // ---- Every document: a notice without a county result is refused; with one it renders. PNGs kept.
  await page.getByTestId('print-kind').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: zhCN.printing.kinds.admissionNotice }).click();
  await expect(page.getByTestId('print-error')).toContainText('尚未收到县招生平台的审核结果');
  await expect(page.getByTestId('print-preview')).toHaveCount(0);

  const outcomes: Partial<Record<DocumentKind, ReviewResult['outcome']>> = {
    supplementNotice: 'needs_materials',
    admissionNotice: 'admitted',
    reassignmentNotice: 'reassigned',
    rejectionNotice: 'rejected',
    // The family of a child in a draw: its pool, place, 中签 and own key (issue 13).
    lotteryResult: 'admitted',
  };
  let version = 1;
  for (const kind of documentKinds) {
    const outcome = outcomes[kind];
    if (outcome) {
      const reasons = { rejected: ['房产登记日期晚于方案规定的截止日期。'], reassigned: ['报名学校学位已满。'], needs_materials: ['房产证复印件不清晰，请携带原件。'] } as Record<string, string[]>;
      await recordResult(
        desk,
        reviewResult({
          applicationId: id,
          resultVersion: version++,
          outcome,
          reasons: reasons[outcome] ?? [],
          missingMaterials: outcome === 'needs_materials' ? [plan.materials[0]!.id] : [],
          // Decided after the receipt (a notice dated before it is refused).
          decidedAt: new Date().toISOString(),
          ...(outcome === 'needs_materials' ? { schoolCode: null, schoolName: null, reportDate: '2026-07-30', reportPlace: '示例县政务服务中心一楼教育窗口' } : {}),
          ...(kind === 'lotteryResult' ? { lottery: lotteryOutcome() } : {}),
        }),
      );
    }
    await page.getByTestId('print-kind').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${zhCN.printing.kinds[kind]}$`) }).click();
    if (kind === 'proxyAuthorization') {
      // The family came themselves: no proxy, no authorisation form (the builder test renders one from fixtures).
      await expect(page.getByTestId('print-error')).toContainText('不适用帮办授权委托书');
      const proxied = await renderPdf(buildDocument(kind, 'A4', printData({}, { proxy: { name: '王建国', relation: '舅舅', idNumber: '370102198001010011', mobile: '13700001111' } })));
      pdfPngs(proxied.pdf, 110).forEach((png, i) => writeFileSync(join(OUT, `doc-${kind}-${i + 1}.png`), png));
      continue;
    }
    if (kind === 'supplementReceipt') {
      // Printed at a return visit (followUps.spec); before any visit it says where to record one.
      await expect(page.getByTestId('print-error')).toContainText('还没有补交材料的记录');
      continue;
    }
    await previewShown(page);
    await desk.shot(page, `05-${kind}`);
    const pdf = await storedPdf(desk, id, kind);
    expect(pdfText(pdf).replace(/\s+/g, '')).not.toContain(data.child!.idNumber!);
    pdfPngs(pdf, 110).forEach((png, i) => writeFileSync(join(OUT, `doc-${kind}-${i + 1}.png`), png));
  }
  expect(pageErrors).toEqual([]);
  for (const paper of ['A5', 'roll80'] as const) {
    const r = await value<{ pdfBase64: string }>(desk, 'printing.render', { applicationId: id, kind: 'receipt', paper });
    pdfPngs(Buffer.from(r.pdfBase64, 'base64'), 110).forEach((png, i) => writeFileSync(join(OUT, `doc-receipt-${paper}-${i + 1}.png`), png));
  }
});

test('no printer installed: the receipt waits in the queue and can be saved as PDF', async ({ page, desk }) => {
  const { planKey, plan } = await setUp(desk);
  const data = houseHukouApplication(plan);
  const submitted = await value<{ id: string }>(desk, 'applications.submit', await approvedOutsideWindow(desk.rpc, { id: randomUUID(), data, planKey, confirmNearMatches: true }));
  desk.bridge.ports.printer.uninstall();
  await page.goto(desk.url);
  await expect(page.getByTestId('main-frame')).toBeVisible();
  await page.goto(new URL(`#/applications/${submitted.id}`, desk.url).href);
  await page.getByTestId('app-print').click();
  await previewShown(page);
  await page.getByTestId('print-submit').click();
  await expect(page.getByTestId('print-error')).toContainText('本机没有安装打印机');
  await expect(page.getByTestId('print-queue-item')).toHaveCount(1);
  const download = page.waitForEvent('download');
  await page.getByTestId('print-save').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^受理回执-.*-v1\.pdf$/);
  const saved = readFileSync(await file.path());
  expect(saved.equals(await storedPdf(desk, submitted.id, 'receipt'))).toBe(true);
  await desk.shot(page, '06-no-printer');
});
