// Department data in the console with real processes: the bureau imports the sample county's GBK extract through the
// 部门数据 page (encoding found, column mapping, first rows), a broken file is refused with every problem at its row
// and column, the review shows each material 已核验 / 不一致 from the data, the queue's 全部材料已核验 filter finds
// the fast lane, and withdrawing a version takes its rows out of verification at once. A reviewer limited to some
// schools is offered neither import nor withdrawal (county-wide acts the server refuses them).
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { approveIfOutsideWindow, type TestDesk } from '../electron/core/testing/desk';
import { houseHukouApplication } from '../electron/core/testing/fixtures';
import { ROOT } from '../electron/core/testing/syncKit';
import { SAMPLE_AREA, csvLine, makeId, sampleFamilies } from '../server/testing/deptData';
import { expectAccessible } from './consoleKit';
import { expect, test } from './countyFixture';

test.use({ viewport: { width: 1440, height: 900 } });

const SAMPLES = join(ROOT, 'resources', 'dept-samples');
const ARTIFACTS = join(import.meta.dirname, 'artifacts', 'consoleDept');

type Family = (typeof sampleFamilies)['zhang'];

/** A family no extract knows: its 户口簿 and 出生医学证明 are 无记录, so the bureau sends 函调. */
const stranger: Family = {
  child: { id: makeId(SAMPLE_AREA, '2019-11-11', 901), name: '周小舟', sex: 'M', birth: '2019-11-11' },
  father: { id: makeId(SAMPLE_AREA, '1987-01-01', 903), name: '周大海', sex: 'M', birth: '1987-01-01' },
  mother: { id: makeId(SAMPLE_AREA, '1988-02-02', 904), name: '吴晓', sex: 'F', birth: '1988-02-02' },
};

/** An application for a sample family as a clerk takes it (house and hukou, the home's certificate number). */
async function take(desk: TestDesk, f: Family, moveIn: string, certificateNumber: string): Promise<{ id: string; receiptNo: string }> {
  const { plan, info } = await desk.call('plans.getActive', {});
  const base = houseHukouApplication(plan, { name: f.child.name, idNumber: f.child.id, birthDate: f.child.birth });
  const data = {
    ...base,
    child: { ...base.child!, sex: f.child.sex },
    guardians: [
      { ...base.guardians![0]!, name: f.father.name, idNumber: f.father.id },
      { ...base.guardians![1]!, name: f.mother.name, idNumber: f.mother.id },
    ],
    hukou: { ...base.hukou!, moveInDate: moveIn },
    housing: { ...base.housing!, certificateNumber, owner: 'father' as const, ownerName: f.father.name, registrationDate: '2018-06-01' },
  };
  const { id } = await desk.call('applications.saveDraft', { data });
  await approveIfOutsideWindow(desk, id);
  const r = await desk.call('applications.submit', { id, data, planKey: info.planKey, confirmNearMatches: true });
  return { id, receiptNo: r.receiptNo };
}

test('部门数据: import with the saved mapping, problems at row and column, verification in the review and the queue, withdrawal', async ({ page, county }) => {
  test.setTimeout(180_000);
  await county.loadSamplePlan();
  const desk = await county.desk('A01');
  const zhang = await take(desk, sampleFamilies.zhang, '2019-10-20', '示例县不动产权第0001001号');
  const wang = await take(desk, sampleFamilies.wang, '2026-05-01', '示例县不动产权第0002002号');
  await take(desk, stranger, '2019-01-01', '示例县不动产权第0009009号');
  await desk.call('sync.syncNow', { wait: true });
  // The other sources the review needs come in with the CLI (the same service); 户籍 and a broken file via the page.
  for (const [source, file] of [
    ['property', '示例-自然资源-不动产登记.xlsx'],
    ['birth_certificate', '示例-卫健-出生医学证明.csv'],
  ]) {
    await county.server.cli(['dept', 'import', source!, join(SAMPLES, file!)]);
  }

  await county.signInAdmin(page);
  await page.getByTestId('nav-dept').click();
  await expect(page.getByTestId('dept-page')).toBeVisible();
  await expect(page.getByTestId('dept-source-property').getByTestId('dept-active-rows')).toBeVisible();

  // 户籍 as the department sends it: GBK, found without being told.
  await page.getByTestId('dept-import-hukou').click();
  const modal = page.getByTestId('dept-import-modal');
  await modal.locator('input[type=file]').setInputFiles(join(SAMPLES, '示例-公安-常住人口.csv'));
  await expect(modal.getByTestId('dept-file-name')).toHaveText('示例-公安-常住人口.csv');
  await modal.getByTestId('dept-read').click();
  await expect(modal.getByTestId('dept-encoding-found')).toContainText('GBK/GB18030');
  await expect(modal.getByTestId('dept-sample')).toContainText(sampleFamilies.zhang.father.name);
  await expect(modal.getByTestId('dept-map-idNumber')).toContainText('公民身份号码');
  await page.screenshot({ path: join(ARTIFACTS, 'import-preview.png') });
  await modal.getByTestId('dept-import-submit').click();
  await expect(modal.getByTestId('dept-import-done')).toContainText('已导入第');
  await modal.getByTestId('dept-import-close').click();
  await expect(page.getByTestId('dept-source-hukou').getByTestId('dept-active-rows')).toBeVisible();
  await expect(page.getByTestId('dept-source-hukou')).toContainText('王局长');

  // A broken extract: nothing imported, each problem at its row and column.
  const bad = [
    csvLine(['公民身份号码', '姓名', '户号', '迁入日期']),
    csvLine([sampleFamilies.zhang.child.id, sampleFamilies.zhang.child.name, 'H1', '2020-01-01']),
    csvLine(['379901201910050018', '张三', 'H1', '2020-13-01']),
  ].join('\r\n');
  await page.getByTestId('dept-import-hukou').click();
  await modal.locator('input[type=file]').setInputFiles({ name: '派出所导出.csv', mimeType: 'text/csv', buffer: iconv.encode(bad, 'gb18030') });
  await modal.getByTestId('dept-read').click();
  await expect(modal.getByTestId('dept-encoding-found')).toContainText('GBK/GB18030');
  await modal.getByTestId('dept-import-submit').click();
  await expect(modal.getByTestId('dept-import-refused')).toContainText('2 处问题');
  await expect(modal.getByTestId('dept-problems')).toContainText('派出所导出.csv');
  const problems = modal.getByTestId('dept-problem');
  await expect(problems).toHaveCount(2);
  await expect(problems.nth(0)).toContainText('3');
  await expect(problems.nth(0)).toContainText('公民身份号码');
  await expect(problems.nth(1)).toContainText('迁入日期');
  await expect(problems.nth(1)).toContainText('2020-13-01');
  await page.screenshot({ path: join(ARTIFACTS, 'import-problems.png') });
  await expectAccessible(page, '[data-testid="dept-import-modal"]');
  await modal.getByTestId('dept-import-cancel').click();
  await expect(page.locator('[data-testid^="dept-version-"]')).toHaveCount(3);
  await expectAccessible(page, '[data-testid="dept-page"]');
  await page.screenshot({ path: join(ARTIFACTS, 'dept-page.png') });

  // The review: each material against the data; the queue's fast lane.
  await page.goto(`${county.server.url}/console/applications/${zhang.id}`);
  const verification = page.getByTestId('dept-verification');
  await expect(verification).toHaveAttribute('data-state', 'all');
  await expect(page.getByTestId('material-hukou-booklet').getByTestId('dept-check')).toHaveAttribute('data-status', 'verified');
  await expect(page.getByTestId('material-property-certificate').getByTestId('dept-check')).toHaveAttribute('data-status', 'verified');
  await page.screenshot({ path: join(ARTIFACTS, 'review-verified.png') });
  await page.goto(`${county.server.url}/console/applications/${wang.id}`);
  await expect(page.getByTestId('dept-verification')).toHaveAttribute('data-state', 'mismatch');
  const hukou = page.getByTestId('material-hukou-booklet').getByTestId('dept-check');
  await expect(hukou).toHaveAttribute('data-status', 'mismatch');
  await expect(hukou).toContainText('户籍迁入日期 2026-08-02 晚于方案截止日 2026-05-31');
  await expect(page.getByTestId('dept-verification-type')).toContainText('不符');
  await page.screenshot({ path: join(ARTIFACTS, 'review-mismatch.png') });

  await page.getByTestId('nav-queue').click();
  // antd puts the test id on the checkbox's input; its label carries the count.
  await expect(page.getByText('全部材料已核验（1）')).toBeVisible();
  await page.getByTestId('queue-filter-all-verified').check();
  await expect(page.getByText(zhang.receiptNo)).toBeVisible();
  await expect(page.getByText(wang.receiptNo)).toBeHidden();
  await page.screenshot({ path: join(ARTIFACTS, 'queue-all-verified.png') });

  // 函调 for what the data has no record of: the 户籍 list exported for the police, an answer recorded by hand.
  await page.getByTestId('nav-dept').click();
  await page.getByTestId('dept-collect').click();
  const enquiries = page.getByTestId('dept-enquiries');
  await expect(enquiries.locator('[data-testid^="dept-enquiry-"][data-row-key]').filter({ hasText: stranger.child.name }).first()).toBeVisible();
  await page.getByLabel('部门').click();
  await page.locator('.ant-select-item-option').filter({ hasText: '公安 常住人口（户籍）' }).click();
  const hukouRow = enquiries.locator('tr[data-row-key]').filter({ hasText: '户口簿' });
  await expect(hukouRow).toHaveCount(1);
  const download = page.waitForEvent('download');
  await page.getByTestId('dept-enquiry-export').click();
  expect((await download).suggestedFilename()).toContain('函调清单-公安');
  await hukouRow.getByRole('button', { name: '登记答复' }).click();
  await page.getByTestId('dept-answer-note').fill('城关派出所复函：该户 2019-01-01 迁入，属实');
  await page.getByTestId('dept-answer-submit').click();
  await enquiries.locator('.ant-radio-button-wrapper').filter({ hasText: '全部' }).click();
  await expect(hukouRow).toContainText('部门确认属实');
  await expect(hukouRow).toContainText('王局长');
  await page.getByTestId('dept-enquiries').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'enquiries.png') });
  await expectAccessible(page, '[data-testid="dept-enquiries"]');

  // Withdrawing the 不动产 version: zhang's property is no longer verified, the fast lane is empty.
  await page.getByTestId('nav-dept').click();
  const property = page.locator('[data-testid^="dept-version-"]').filter({ hasText: '示例-自然资源-不动产登记.xlsx' });
  await property.getByRole('button', { name: '撤回' }).click();
  await page.getByTestId('dept-withdraw-reason').fill('自然资源局更正登记日期后重发');
  await page.getByTestId('dept-withdraw-confirm').click();
  await expect(property).toHaveAttribute('data-status', 'withdrawn');
  await expect(property).toContainText('自然资源局更正登记日期后重发');
  await page.goto(`${county.server.url}/console/applications/${zhang.id}`);
  await expect(page.getByTestId('material-property-certificate').getByTestId('dept-check')).toHaveAttribute('data-status', 'no_data');
  await page.getByTestId('nav-queue').click();
  await expect(page.getByText('全部材料已核验（0）')).toBeVisible();
});

test('部门数据 for a reviewer limited to one school: no import or withdrawal offered (the server refuses them), and a note says who does it', async ({ page, county }) => {
  await county.loadSamplePlan();
  await county.server.cli(['dept', 'import', 'property', join(SAMPLES, '示例-自然资源-不动产登记.xlsx')]);
  await county.signInAdmin(page);
  await county.signInAs(page, 'zhou1', '周审核', '审核员', ['示例县实验小学']);
  await page.getByTestId('nav-dept').click();
  await expect(page.getByTestId('dept-page')).toBeVisible();
  await expect(page.getByTestId('dept-county-wide-only')).toContainText('局管理员和不限学校、类别的审核员');
  await expect(page.getByTestId('dept-source-property').getByTestId('dept-active-rows')).toBeVisible();
  await expect(page.locator('[data-testid^="dept-version-"]')).toHaveCount(1);
  await expect(page.locator('[data-testid^="dept-import-"], [data-testid^="dept-withdraw-"]')).toHaveCount(0);
  await expect(page.getByTestId('dept-collect')).toBeEnabled();
  await expectAccessible(page, '[data-testid="dept-page"]');
});
