// Sync as a county admin and counter staff meet it: start the county server, enroll the desk from the
// settings page with the one-time code, take applications while the server is down, start it again and
// watch them upload, record a review result with the server CLI and see the status change at the desk.
// HTTP driver only: the desk is the built Electron app in its own process, and the server is stopped and started.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { test, expect, type DeskFixture, approvedOutsideWindow } from './fixtures';
import { houseHukouApplication, makeId } from '../electron/core/testing/fixtures';
import { enrollmentCode, serverApplications, startCountyServer, type CountyServer } from '../electron/core/testing/syncKit';
import type { CountyPlan } from '../shared/plan/schema';

test.use({ viewport: { width: 1366, height: 768 } });

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };

let seq = 0;
async function submit(desk: DeskFixture, plan: CountyPlan, planKey: string, name: string): Promise<{ id: string; receiptNo: string }> {
  seq++;
  const data = houseHukouApplication(plan, { name, birthDate: '2020-04-1' + String(seq), idNumber: makeId('370102', `2020-04-1${seq}`, String(seq * 2 + 301)) });
  const res = await desk.rpc('applications.submit', await approvedOutsideWindow(desk.rpc, { id: randomUUID(), data, planKey, confirmNearMatches: true }));
  if (!res.ok) throw new Error(`submit failed: ${JSON.stringify(res.error)}`);
  return res.value as { id: string; receiptNo: string };
}

let server: CountyServer | null = null;
test.afterEach(async () => {
  if (server) {
    await server.stop('SIGTERM');
    rmSync(server.dataDir, { recursive: true, force: true });
    server = null;
  }
});

test('enroll from settings, upload after the server comes back, see the county result', async ({ page, desk }) => {
  const setup = await desk.rpc('setup.initialize', { counterName: '示例县政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '379901', admin: ADMIN });
  expect(setup.ok, JSON.stringify(setup.error)).toBe(true);
  const active = (await desk.rpc('plans.getActive', {})).value as { info: { planKey: string }; plan: CountyPlan };

  server = await startCountyServer();
  const code = await enrollmentCode(server, 'A01');

  await page.goto(desk.url);
  await expect(page.getByTestId('status-sync')).toContainText('未配置县级服务器');

  // Settings → 县级服务器: address, save, enroll with the code, test the connection.
  await page.getByTestId('nav-settings').click();
  const card = page.getByTestId('sync-settings');
  await expect(card).toBeVisible();
  await card.getByTestId('sync-server-url').fill('http://zsb.example.gov.cn');
  await card.getByTestId('sync-save-server').click();
  await expect(page.getByTestId('sync-settings-error')).toContainText('https://');
  await card.getByTestId('sync-server-url').fill(server.url);
  await card.getByTestId('sync-save-server').click();
  await expect(page.getByTestId('sync-settings-error')).toBeHidden();
  await card.getByTestId('sync-enroll-code').fill(code);
  await card.getByTestId('sync-enroll').click();
  await expect(card.getByTestId('sync-enrollment')).toContainText('已注册');
  await card.getByTestId('sync-test').click();
  await expect(card.getByTestId('sync-test-result')).toContainText('连接正常');
  await desk.shot(page, '01-settings-enrolled');

  // The server goes down; the counter keeps working offline.
  await server.stop('SIGKILL');
  const a = await submit(desk, active.plan, active.info.planKey, '林小雨');
  const b = await submit(desk, active.plan, active.info.planKey, '周子墨');
  await page.getByTestId('nav-sync').click();
  await expect(page.getByTestId('sync-page')).toBeVisible();
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-phase')).toHaveAttribute('data-phase', 'offline');
  await expect(page.getByTestId('sync-pending')).toHaveText('2');
  await expect(page.getByTestId('sync-last-error')).toContainText('无法连接县级服务器');
  await desk.shot(page, '02-offline-pending');

  // The server is back: 立即同步 uploads both.
  await server.restart();
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-pending')).toHaveText('0');
  await expect(page.getByTestId('sync-confirmed')).toHaveText('2');
  await expect(page.getByTestId('sync-phase')).toHaveAttribute('data-phase', 'idle');
  await expect(page.getByTestId('sync-last-success')).not.toHaveText('从未同步');
  const onServer = await serverApplications(server);
  expect(onServer.map((x) => x.receiptNo).sort()).toEqual([a.receiptNo, b.receiptNo].sort());
  await desk.shot(page, '03-uploaded');

  // The list shows the per-record badge.
  await page.getByTestId('nav-applications').click();
  await expect(page.getByTestId(`apps-row-${a.receiptNo}`)).toContainText('已确认');

  // The county records results with its CLI; the desk pulls them.
  await server.cli(['result', 'record', a.receiptNo, '--status', 'admitted', '--school-code', 'S01', '--school', '第一小学', '--report-date', '2026-08-28']);
  await server.cli(['result', 'record', b.receiptNo, '--status', 'needs_materials', '--reason', '请补交居住证明']);
  await page.getByTestId('nav-sync').click();
  await page.getByTestId('sync-now').click();
  const item = page.locator(`[data-testid="sync-attention-item"][data-app="${b.id}"]`);
  await expect(item).toContainText('请补交居住证明');
  await expect(item).toContainText('补充材料');
  await desk.shot(page, '04-attention');
  await page.goto(new URL(`#/applications/${a.id}`, page.url()).href);
  await expect(page.getByTestId('app-detail-status')).toHaveAttribute('data-status', 'admitted');
  await expect(page.getByTestId('app-detail-sync')).toHaveAttribute('data-sync', 'confirmed');
  await expect(page.getByTestId('status-last-sync')).toBeVisible({ timeout: 20_000 });
  await desk.shot(page, '05-admitted');

  // The pulled result makes the admission notice printable at the desk; the 需补充材料 record's is not.
  const notice = await desk.rpc('printing.render', { applicationId: a.id, kind: 'admissionNotice' });
  expect(notice.ok, JSON.stringify(notice.error)).toBe(true);
  const pdf = Buffer.from((notice.value as { pdfBase64: string }).pdfBase64, 'base64');
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const printed = await desk.rpc('printing.print', { printoutId: (notice.value as { printoutId: string }).printoutId });
  expect(printed.ok, JSON.stringify(printed.error)).toBe(true);
  expect((await desk.rpc('printing.render', { applicationId: b.id, kind: 'admissionNotice' })).ok).toBe(false);
});
