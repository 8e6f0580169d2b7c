// 新生报到 in the console with the real server process, and what 控辍保学 makes of it: a child of the sample cohort
// (王芳芳) applied and was admitted to 示例县城关第一小学, but the report day passed without her coming, so the
// county's match opens a case (已录取未报到). The school's own account records her 报到 on its 新生报到 page; the
// bureau's next match closes her case (已入学（比对到报到）) and the county's totals move by one.
import { join } from 'node:path';
import { openStore } from '../server/db/open';
import { simulateOnlineApplication } from '../server/services/applications';
import { loadCounty } from '../server/services/counters';
import { recordResult } from '../server/services/results';
import { sampleFamilies } from '../server/testing/deptData';
import { COUNTY, ROOT } from '../electron/core/testing/syncKit';
import { consoleSignIn, expectAccessible, signOut } from './consoleKit';
import { expect, test } from './countyFixture';

test.use({ viewport: { width: 1440, height: 900 } });

const ARTIFACTS = join(import.meta.dirname, 'artifacts', 'consoleReportIn');
const SCHOOL = { id: 'p-chengguan', name: '示例县城关第一小学' };
const { child } = sampleFamilies.wang;
/** A day in China time, `days` from today. */
const chinaDay = (days: number) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

test('新生报到: a school records an admitted child’s report-in, and the next tracing match closes her case', async ({ page, county }) => {
  test.setTimeout(150_000);
  await county.loadSamplePlan();
  await county.server.cli(['dept', 'import', 'cohort', join(ROOT, 'resources', 'dept-samples', '示例-公安-适龄儿童名单.csv')]);
  // Her application and admission, as the online platform and the bureau's results would leave them; the report day
  // was days ago, so until the school records her she counts as admitted but not reported in.
  const store = await openStore({ dataDir: county.server.dataDir });
  let receiptNo = '';
  try {
    const app = await simulateOnlineApplication(store.db, await loadCounty(store.db, COUNTY), child.id, child.name, new Date());
    receiptNo = app.receiptNo;
    await recordResult(
      store.db,
      { ref: app.applicationId, outcome: 'admitted', reasons: [], missingMaterials: [], schoolCode: SCHOOL.id, schoolName: SCHOOL.name, reportDate: chinaDay(-5), reportPlace: '学校教务处', decidedBy: '局管理员' },
      new Date(),
    );
  } finally {
    await store.close();
  }

  // The bureau's match: all 28 of the cohort open, hers as 已录取未报到.
  await county.signInAdmin(page);
  const match = async () => {
    await page.getByTestId('nav-tracing').click();
    await page.getByTestId('tracing-year').fill('2026');
    await page.getByTestId('tracing-year').blur();
    await page.getByTestId('tracing-match').click();
  };
  await match();
  await expect(page.getByTestId('tracing-matched')).toContainText('已报到或已录取 0 人；新立案 28 件，销号 0 件，在跟踪 28 件');
  const hers = page.locator('[data-testid^="tracing-row-"]', { hasText: child.name });
  await expect(hers).toContainText('已录取未报到');
  await expect(page.getByTestId('tracing-totals')).toContainText('在跟踪 28 件，已销号 0 件');

  // The school's account (学校用户 of 城关第一小学) and its 新生报到 page.
  await page.getByTestId('nav-staff').click();
  await page.getByTestId('staff-new').click();
  await page.getByTestId('staff-username').fill('chengguan');
  await page.getByTestId('staff-name').fill('城关一小教务处');
  await page.getByLabel('角色').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '学校用户' }).click();
  await page.getByLabel('所属学校').click();
  await page.locator('.ant-select-item-option').filter({ hasText: SCHOOL.name }).click();
  await page.getByTestId('staff-submit').click();
  const initial = (await page.getByTestId('initial-password-text').first().innerText({ timeout: 10_000 })).trim();
  await page.getByTestId('initial-password-close').click();
  await signOut(page);
  await consoleSignIn(page, county.server.url, 'chengguan', initial, 'Xuexiao2026');

  await page.getByTestId('nav-reportIn').click();
  const row = page.getByTestId(`report-in-${receiptNo}`);
  await expect(row).toContainText(child.name);
  await expect(row).toContainText(`${SCHOOL.name}（录取）`);
  await expect(row).toContainText('未报到');
  const day = chinaDay(0);
  await page.getByTestId('report-in-day').fill(day);
  await page.getByTestId(`report-in-record-${receiptNo}`).click();
  await expect(page.getByText(`已登记 ${child.name} 报到（${day}）。`)).toBeVisible();
  // The list shows the pending children: she has left it, and is on the reported one with who recorded her.
  await expect(row).toHaveCount(0);
  await page.getByTestId('report-in-state').getByText('已报到').click();
  await expect(row).toContainText(`${day} 已报到（城关一小教务处 登记）`);
  await expect(page.getByTestId(`report-in-record-${receiptNo}`)).toHaveCount(0);
  await expectAccessible(page, '[data-testid="report-in-page"]');
  await page.screenshot({ path: join(ARTIFACTS, 'report-in.png') });

  // The bureau's next match finds her report-in: her case is closed as enrolled (动态销号), the totals move by one.
  await signOut(page);
  await consoleSignIn(page, county.server.url, 'juadmin', 'Juzhang2026');
  await match();
  await expect(page.getByTestId('tracing-matched')).toContainText('已报到或已录取 1 人；新立案 0 件，销号 1 件，在跟踪 27 件');
  await expect(page.getByTestId('tracing-totals')).toContainText('在跟踪 27 件，已销号 1 件');
  await page.getByTestId('tracing-status').getByText('已销号').click();
  await expect(hers).toContainText('已入学（比对到报到）');
  await page.screenshot({ path: join(ARTIFACTS, 'tracing.png') });
});
