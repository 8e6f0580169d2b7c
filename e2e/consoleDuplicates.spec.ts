// A duplicate in the console with real processes: the same child taken at two counters (two desks syncing to the
// county server child process) shows in 重复报名 side by side with the differing fields marked; a reviewer keeps one
// and withdraws the other with a reason, and the desk that took the withdrawn one learns it at its next sync. A
// reviewer limited to one school sees a group reaching another school flagged, with only its own application.
import { approveIfOutsideWindow } from '../electron/core/testing/desk';
import { houseHukouApplication } from '../electron/core/testing/fixtures';
import { takeApplications } from '../electron/core/testing/syncKit';
import { expectAccessible } from './consoleKit';
import { test, expect } from './countyFixture';

test.use({ viewport: { width: 1440, height: 900 } });

test('the same child at two counters: compared side by side, one kept, the other withdrawn with a reason', async ({ page, county }) => {
  const { server } = county;
  const a01 = await county.desk('A01');
  const [kept] = await takeApplications(a01, 1);
  await a01.call('sync.syncNow', { wait: true });
  const a02 = await county.desk('A02');
  const [other] = await takeApplications(a02, 1, [kept!.idNumber]);
  await a02.call('sync.syncNow', { wait: true });

  await county.signInAdmin(page);
  await county.signInAs(page, 'shenhe1', '李审核', '审核员');

  await page.goto(`${server.url}/console/duplicates`);
  await expect(page.getByTestId('duplicates-page')).toBeVisible();
  await page.getByTestId('dup-open').first().click();
  const compare = page.getByTestId('dup-compare');
  await expect(compare).toContainText(kept!.receiptNo);
  await expect(compare).toContainText(other!.receiptNo);
  // The two records differ somewhere (names differ between the desks' test children) and that row is marked.
  await expect(compare.locator('tr[data-differs="true"]').first()).toBeVisible();
  await expectAccessible(page, '[data-testid="duplicates-page"]');

  // A reason is required; then keep A01's and withdraw A02's.
  await page.getByTestId(`dup-keep-${kept!.receiptNo}`).check();
  await page.getByTestId('dup-submit').click();
  await expect(page.getByTestId('dup-error')).toContainText('请填写处理理由');
  await page.getByTestId('dup-reason').fill('家长确认在 A01 报名点办理');
  await page.getByTestId('dup-submit').click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: '确定' }).click();
  await expect(page.getByTestId('dup-resolution')).toContainText('家长确认在 A01 报名点办理');
  await expect(page.getByTestId('dup-resolution')).toContainText(kept!.receiptNo);

  // Both desks learn it at their next sync; the withdrawn one's desk sees it among records needing attention.
  await a02.call('sync.syncNow', { wait: true });
  const attention = await a02.call('sync.listAttention', {});
  expect(JSON.stringify(attention)).toContain(other!.id);
});

test('a reviewer limited to one school: the same child at another school is flagged for a county-wide reviewer, without its details', async ({ page, county }) => {
  const { server } = county;
  await county.loadSamplePlan(); // the staff form lists the plan's schools for the scope
  // The child applies at 城关第一小学 (A01, the fixture's zone) and at 实验小学 (A02, 府前社区).
  const a01 = await county.desk('A01');
  const [outside] = await takeApplications(a01, 1);
  await a01.call('sync.syncNow', { wait: true });
  const a02 = await county.desk('A02');
  const { plan, info } = await a02.call('plans.getActive', {});
  const data = { ...houseHukouApplication(plan, { idNumber: outside!.idNumber, birthDate: `20${outside!.idNumber.slice(8, 10)}-${outside!.idNumber.slice(10, 12)}-${outside!.idNumber.slice(12, 14)}` }), school: { zoneEntryId: 'zp03', schoolId: 'p-shiyan' } };
  const { id } = await a02.call('applications.saveDraft', { data });
  await approveIfOutsideWindow(a02, id);
  const inside = await a02.call('applications.submit', { id, data, planKey: info.planKey, confirmNearMatches: true });
  await a02.call('sync.syncNow', { wait: true });

  await county.signInAdmin(page);
  await county.signInAs(page, 'zhou1', '周审核', '审核员', ['示例县实验小学']);
  await page.goto(`${server.url}/console/duplicates`);
  const item = page.locator('[data-testid^="dup-group-"]');
  await expect(item).toHaveCount(1);
  await expect(item.getByTestId('dup-outside-chip')).toHaveText('涉及其他学校');
  await expect(item).toContainText(inside.receiptNo);
  await expect(item).not.toContainText(outside!.receiptNo);
  await item.getByTestId('dup-open').click();
  await expect(page.getByTestId('dup-outside-scope')).toContainText('不限学校和类别的审核员');
  await expect(page.getByTestId('dup-compare')).toContainText(inside.receiptNo);
  await expect(page.getByTestId('dup-compare')).not.toContainText(outside!.receiptNo);
  await expect(page.getByTestId('dup-resolve')).toHaveCount(0);
  await expectAccessible(page, '[data-testid="duplicates-page"]');
});
