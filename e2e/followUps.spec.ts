// Issue 15 follow-ups in the browser against the real core: a family comes back with its missing paper — the
// notice's QR typed by the scanner opens the application at its missing item only, the clerk ticks it by key,
// confirms with Ctrl+Enter, and the 补充材料接收回执 prints (read back with pdftotext and zbar); the due list empties.
// Then results by phone: the call list reads the county's result as a script, attempts are recorded and audited.
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { test, expect, approvedOutsideWindow, type DeskFixture } from './fixtures';
import { houseHukouApplication } from '../electron/core/testing/fixtures';
import { pdfQrCodes, pdfText } from '../electron/core/testing/pdfTools';
import { reviewResult } from '../electron/core/testing/printData';
import { openEncrypted } from '../electron/core/db/connection';
import { ReviewResultRepo } from '../electron/core/db/repos/reviewResultRepo';
import { loadOrCreateKeys } from '../electron/core/services/keys';
import { parseReceiptQr } from '../shared/print/qr';
import type { ReviewResult } from '../shared/contract/reviewResult';
import type { CountyPlan } from '../shared/plan/schema';

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };

async function ok<T>(desk: DeskFixture, method: string, input: unknown): Promise<T> {
  const res = await desk.rpc(method, input);
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(res.error)}`);
  return res.value as T;
}

async function submit(desk: DeskFixture, plan: CountyPlan, planKey: string, name: string, missing: string[]) {
  const base = houseHukouApplication(plan, { name });
  const data = { ...base, materials: base.materials!.map((m) => (missing.includes(m.itemId) ? { ...m, state: 'missing' } : m)) };
  const r = await ok<{ id: string; receiptNo: string }>(desk, 'applications.submit', await approvedOutsideWindow(desk.rpc, { id: randomUUID(), data, planKey, confirmNearMatches: true }));
  return { ...r, data };
}

/** What the sync does with a pulled result: store it and set the status. */
async function countyResult(desk: DeskFixture, result: ReviewResult): Promise<void> {
  const keys = await loadOrCreateKeys(desk.dataDir, desk.bridge.ports.secretStore, false);
  const db = openEncrypted(join(desk.dataDir, 'desk.db'), keys.db);
  try {
    new ReviewResultRepo(db).record(result);
    db.prepare('UPDATE applications SET status = ? WHERE id = ?').run(result.outcome, result.applicationId);
  } finally {
    db.close();
  }
}

test('a return visit from the notice QR closes the 补充材料 notice; results are told by phone from the call list', async ({ page, desk }) => {
  await ok(desk, 'setup.initialize', { counterName: '示例县政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '379901', admin: ADMIN });
  const active = await ok<{ info: { planKey: string }; plan: CountyPlan }>(desk, 'plans.getActive', {});
  const plan = active.plan;
  const name = (id: string) => plan.materials.find((m) => m.id === id)!.name;
  const a = await submit(desk, plan, active.info.planKey, '张小明', ['hukou-booklet']);
  const c = await submit(desk, plan, active.info.planKey, '陈小雨', ['hukou-booklet', 'guardian-id']);
  const notice = await ok<{ pdfBase64: string }>(desk, 'printing.render', { applicationId: a.id, kind: 'supplementNotice' });
  const [qr] = pdfQrCodes(Buffer.from(notice.pdfBase64, 'base64'));
  expect(parseReceiptQr(qr!)?.receiptNo).toBe(a.receiptNo);

  await page.goto(desk.url);
  await expect(page.getByTestId('home-page')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('today-followups').click();
  await expect(page.getByTestId('followups-page')).toBeVisible();
  const due = page.getByTestId('followup-due-row');
  await expect(due).toHaveCount(2);
  await expect(page.getByTestId('followup-code')).toBeFocused();

  // The scanner types the QR text and Enter.
  await page.keyboard.type(qr!);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('visit-page')).toHaveAttribute('data-id', a.id);
  await expect(page.getByTestId('visit-receipt')).toHaveText(a.receiptNo);
  await expect(page.locator('[data-testid^="visit-item-"]')).toHaveCount(1);
  await expect(page.getByTestId('visit-item-hukou-booklet')).toContainText(name('hukou-booklet'));
  await expect(page.getByTestId('visit-confirm')).toBeDisabled();
  await page.keyboard.press('1');
  await expect(page.getByTestId('visit-state-hukou-booklet').locator('input[value="original_seen"]')).toBeChecked();
  await desk.shot(page, 'visit');
  await page.keyboard.press('Control+Enter');

  // Nothing left: the 补充材料接收回执 is up for printing.
  await expect(page.getByTestId('print-page')).toBeVisible();
  await expect(page.getByTestId('print-kind')).toContainText('补充材料接收回执');
  await expect(page.getByTestId('print-version')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('print-submit').click();
  await expect(page.getByTestId('print-notice')).toBeVisible();
  const printer = desk.bridge.ports.printer;
  expect(printer.files()).toHaveLength(1);
  const printed = readFileSync(printer.files()[0]!);
  const text = pdfText(printed).replace(/\s+/g, '');
  for (const t of ['补充材料接收回执', name('hukou-booklet'), '原件已核', '所缺材料已全部补齐', a.receiptNo]) expect(text).toContain(t);
  expect(pdfQrCodes(printed).map((q) => parseReceiptQr(q)?.receiptNo)).toEqual([a.receiptNo]);
  const record = await ok<{ revision: number; revisions: { reason: string | null }[]; syncState: string }>(desk, 'applications.get', { id: a.id });
  expect(record.revision).toBe(2);
  expect(record.revisions.at(-1)?.reason).toBe(`补充材料：${name('hukou-booklet')}`);
  expect(record.syncState).toBe('unsynced');
  const audit = await ok<{ action: string; target: string | null }[]>(desk, 'audit.list', { limit: 30 });
  expect(audit.some((e) => e.action === 'application.supplemented' && e.target === a.id)).toBe(true);

  // Back on the list (Esc from the print page's back button): one family still owes; it brings one of two papers.
  await page.getByTestId('print-back').click();
  await expect(page.getByTestId('visit-page')).toBeVisible();
  await expect(page.getByTestId('visit-nothing-owed')).toBeVisible();
  await page.getByTestId('visit-back').click();
  await expect(due).toHaveCount(1);
  await expect(due.first()).toHaveAttribute('data-receipt', c.receiptNo);
  await page.getByTestId('followup-code').fill(c.receiptNo.toLowerCase());
  await page.getByTestId('followup-code').press('Enter');
  await expect(page.getByTestId('visit-page')).toHaveAttribute('data-id', c.id);
  await expect(page.locator('[data-testid^="visit-item-"]')).toHaveCount(2);
  await page.getByTestId('visit-state-guardian-id').locator('input[value="copy_kept"]').check();
  await page.getByTestId('visit-confirm').click();
  await expect(page.getByTestId('print-kind')).toContainText('补充材料告知书');
  const still = await ok<{ items: { itemId: string }[] }>(desk, 'followUps.get', { id: c.id });
  expect(still.items.map((i) => i.itemId)).toEqual(['hukou-booklet']);

  // A typed number from another counter is refused in Chinese with what to do.
  await page.keyboard.press('Alt+1');
  await page.getByTestId('today-followups').click();
  await page.getByTestId('followup-code').fill(a.receiptNo.replace('-A01-', '-B02-'));
  await page.getByTestId('followup-code').press('Enter');
  await expect(page.getByTestId('followup-find-error')).toContainText(/回执|其他报名点/);

  // Results by phone.
  await countyResult(desk, reviewResult({ applicationId: a.id, outcome: 'admitted', resultVersion: 2, schoolName: '示例县实验小学', reportDate: '2099-08-28', reportPlace: '示例县实验小学东校区报告厅', decidedAt: new Date(Date.now() + 60_000).toISOString() }));
  await page.getByTestId('followups-tab-calls').click();
  const row = page.locator(`[data-testid="call-row"][data-receipt="${a.receiptNo}"]`);
  await expect(row).toHaveAttribute('data-state', 'todo');
  await expect(row.getByTestId('call-script')).toContainText('示例县实验小学');
  await expect(row.getByTestId('call-script')).toContainText('张小明');
  const father = a.data.guardians![0]!.mobile!;
  const contact = row.locator(`[data-testid="call-contact"][data-phone="${father}"]`);
  await contact.getByTestId('call-no_answer').click();
  await expect(row).toHaveAttribute('data-state', 'retry');
  await row.getByTestId('call-note').fill('家长明天来领录取通知书');
  await contact.getByTestId('call-informed').click();
  await expect(row).toHaveAttribute('data-state', 'informed');
  await expect(row.getByTestId('call-attempts')).toContainText('家长明天来领录取通知书');
  await desk.shot(page, 'calls');
  const download = page.waitForEvent('download');
  await page.getByTestId('calls-view').getByText('全部').click();
  await page.getByTestId('calls-print').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^电话告知名单-A01-\d{4}-\d{2}-\d{2}\.pdf$/);
  await expect(page.getByTestId('calls-printed')).toBeVisible();
  // The same list for Excel/WPS: one row per number, read back.
  const xlsxDownload = page.waitForEvent('download');
  await page.getByTestId('calls-xlsx').click();
  const xlsx = await xlsxDownload;
  expect(xlsx.suggestedFilename()).toMatch(/^电话告知名单-A01-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await xlsx.path());
  const sheet = wb.getWorksheet('电话告知名单')!;
  const fatherRow = sheet.getRows(2, sheet.rowCount - 1)?.find((r) => r.getCell(6).value === father);
  expect([1, 2, 3, 4].map((i) => fatherRow?.getCell(i).value)).toEqual([a.receiptNo, '张小明', '已录取', '已告知']);
  const calls = (await ok<{ action: string; details: Record<string, unknown> }[]>(desk, 'audit.list', { limit: 30 })).filter((e) => e.action === 'call.recorded');
  expect(calls.map((e) => e.details.outcome)).toEqual(['informed', 'no_answer']);
});
