// The public lookup page (/lookup) with real processes: a desk takes an application, prints its receipt and syncs it
// to the county server (a child process); a family types the receipt number and code in Chromium.
import { takeApplications } from '../electron/core/testing/syncKit';
import { expectAccessible, receiptCode } from './consoleKit';
import { expect, test } from './countyFixture';

test('a family checks a printed receipt on the public lookup page: genuine with the status, masked; a wrong code says nothing', async ({ page, county }) => {
  const server = county.server;
  const desk = await county.desk('A01');
  const [app] = await takeApplications(desk, 1);
  const code = await receiptCode(desk, app!.id);
  await desk.call('sync.syncNow', { wait: true });

  await page.goto(`${server.url}/lookup`);
  await expect(page.getByTestId('lookup-receipt')).toBeFocused();
  await page.getByTestId('lookup-submit').click();
  await expect(page.getByRole('alert')).toContainText('请输入回执号');
  await page.getByTestId('lookup-receipt').fill(app!.receiptNo);
  await page.getByTestId('lookup-code').fill(code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A'));
  await page.getByTestId('lookup-submit').click();
  await expect(page.getByTestId('lookup-not-found')).toContainText('没有查到匹配的记录');
  await expect(page.getByTestId('lookup-result')).toBeHidden();

  await page.getByTestId('lookup-code').fill(code);
  await page.getByTestId('lookup-submit').click();
  const result = page.getByTestId('lookup-result');
  await expect(result).toContainText('这是真实的报名回执');
  await expect(result).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('lookup-status')).toHaveText('审核中');
  // Only a masked name: the second character is hidden.
  const name = await page.getByTestId('lookup-child').innerText();
  expect(name).toContain('*');
  await expectAccessible(page, '[data-testid="lookup-page"]');

  // The QR on the receipt opens the page with the receipt and code filled in, and asks at once.
  await page.goto(`${server.url}/lookup?r=${encodeURIComponent(app!.receiptNo)}&c=${encodeURIComponent(code)}`);
  await expect(page.getByTestId('lookup-result')).toContainText('这是真实的报名回执');
});
