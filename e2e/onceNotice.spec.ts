// 系统设置: the counter's address and hours that the 一次性告知 sheet prints, saved from the keyboard and read back
// by the core (onceNotice.render prints them).
import { test, expect } from './fixtures';

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };

test('the admin sets the counter address and hours, and the 一次性告知 sheet prints them', async ({ page, desk }) => {
  const setup = await desk.rpc('setup.initialize', { counterName: '示例县政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '379901', admin: ADMIN });
  expect(setup.ok, JSON.stringify(setup.error)).toBe(true);
  await page.goto(desk.url);
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-counter-address').fill('示例县政务服务中心二楼 12 号窗口');
  await page.getByTestId('settings-counter-hours').fill('工作日 8:30–12:00、14:00–17:30');
  await page.getByTestId('settings-counter-hours').press('Enter');
  await expect(page.getByText('设置已保存')).toBeVisible();

  const r = await desk.rpc('onceNotice.render', { hukouHere: true, ownHome: true, residencePermit: false, proxy: false });
  expect(r.ok, JSON.stringify(r.error)).toBe(true);
  const settings = await desk.rpc('settings.get', {});
  expect(settings.value).toMatchObject({ counterAddress: '示例县政务服务中心二楼 12 号窗口', counterHours: '工作日 8:30–12:00、14:00–17:30' });

  // A family without its papers: from the 工作台 by keyboard only — Alt+G, four answers by Y/N, Ctrl+P.
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await expect(page.getByTestId('home-link-once-notice')).toContainText('Alt+G');
  await page.keyboard.press('Alt+G');
  await expect(page.getByTestId('once-notice-page')).toBeVisible();
  await expect(page.getByTestId('once-q-hukouHere').locator('input').first()).toBeFocused();
  // 户籍在本县 是, 自有住房 是, 居住证 否, 帮办 否.
  for (const key of ['y', 'y', 'n', 'n']) await page.keyboard.press(key);
  for (const [k, yes] of [['hukouHere', true], ['ownHome', true], ['residencePermit', false], ['proxy', false]] as const) {
    await expect(page.getByTestId(`once-q-${k}`).locator(`input[value="${String(yes)}"]`)).toBeChecked();
  }
  const expected = r.value as { typeName: string; materials: { name: string }[] };
  await expect(page.getByTestId('once-type')).toHaveText(expected.typeName);
  const shown = page.getByTestId('once-materials');
  for (const m of expected.materials) await expect(shown).toContainText(m.name);
  await expect(page.getByTestId('once-preview').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('once-q-print')).toBeFocused();
  await page.keyboard.press('Control+p');
  await expect(page.getByTestId('once-printed')).toContainText('已发送到打印机');
  const audit = await desk.rpc('audit.list', { limit: 20 });
  const printed = (audit.value as { action: string; details: Record<string, unknown> }[]).find((e) => e.action === 'onceNotice.printed');
  expect(printed?.details).toMatchObject({ type: 'house_hukou' });

  // Changing an answer changes the type shown: no hukou, no home, residence permit → another list.
  await page.getByTestId('once-q-hukouHere').locator('input[value="false"]').focus();
  await page.keyboard.press('n');
  await page.keyboard.press('n');
  await page.keyboard.press('y');
  await expect(page.getByTestId('once-type')).not.toHaveText(expected.typeName);
});
