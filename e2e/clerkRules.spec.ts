import { test, expect } from './fixtures';

// What a clerk sees of the county and name rules (issue 10): the county warning at set-up and on the 工作台,
// and the name field offering the dot for a space typed between the parts of a minority name.

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };

test.use({ viewport: { width: 1366, height: 768 } });

test('a counter of another county than the plan is told so at set-up and on the 工作台', async ({ page, desk }) => {
  await page.goto(desk.url);
  const county = page.getByTestId('setup-county-code');
  await county.fill('3711');
  await expect(page.getByTestId('setup-county-mismatch')).toHaveCount(0);
  await county.fill('371102');
  await expect(page.getByTestId('setup-county-mismatch')).toContainText('示例县（示例）（379901）');
  await expect(page.getByTestId('setup-county-mismatch')).toContainText('371102 不一致');
  await county.fill('379901');
  await expect(page.getByTestId('setup-county-mismatch')).toHaveCount(0);

  const res = await desk.rpc('setup.initialize', { counterName: '东港区政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '371102', admin: ADMIN });
  expect(res.ok, JSON.stringify(res.error)).toBe(true);
  await page.goto(desk.url);
  await expect(page.getByTestId('main-frame')).toBeVisible();
  await expect(page.getByTestId('home-county-mismatch')).toContainText('本窗口的县级行政区划代码是 371102');
  await expect(page.getByTestId('home-county-mismatch')).toContainText('请导入本县的招生方案');
});

test('a space between the parts of a name is offered as the dot, never dropped', async ({ page, desk }) => {
  const res = await desk.rpc('setup.initialize', { counterName: '示例县政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '379901', admin: ADMIN });
  expect(res.ok, JSON.stringify(res.error)).toBe(true);
  await page.goto(desk.url);
  await expect(page.getByTestId('main-frame')).toBeVisible();
  await expect(page.getByTestId('home-county-mismatch')).toHaveCount(0);
  await page.getByTestId('nav-intake').click();
  await expect(page.getByTestId('intake-new')).toBeFocused();
  await page.keyboard.press('Enter');
  const name = page.getByTestId('f-child.name');
  await name.fill('阿依古丽 买买提');
  await name.blur();
  await expect(name).toHaveValue('阿依古丽 买买提'); // not silently joined
  await expect(page.getByTestId('name-separator-child.name')).toBeVisible();
  await expect(page.getByTestId('error-child.name')).toContainText('间隔号“·”');
  await page.getByTestId('name-separator-use-child.name').click();
  await expect(name).toHaveValue('阿依古丽·买买提');
  await expect(page.getByTestId('name-separator-child.name')).toHaveCount(0);
  await expect(page.getByTestId('error-child.name')).toHaveCount(0);
});
