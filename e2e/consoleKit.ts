// Helpers of the console's end-to-end specs: the console in Chromium against the real county server process.
import AxeBuilder from '@axe-core/playwright';
import sharp from 'sharp';
import { expect, type Page } from '@playwright/test';
import { withDeskDb } from '../electron/core/testing/syncKit';
import type { TestDesk } from '../electron/core/testing/desk';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function expectAccessible(page: Page, selector: string): Promise<void> {
  await page.mouse.move(1, 1);
  await page.waitForTimeout(400);
  const { violations } = await new AxeBuilder({ page }).include(selector).withTags(WCAG_21_AA).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** A scanned page as a counter scanner makes one: a grey sheet with the material's name on it. */
export async function scan(title: string, line: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="840" height="1188">
    <rect width="840" height="1188" fill="#f4f1ea"/>
    <rect x="60" y="60" width="720" height="1068" fill="none" stroke="#8a7f6a" stroke-width="4"/>
    <text x="420" y="200" font-size="64" text-anchor="middle" font-family="Droid Sans Fallback" fill="#333">${title}</text>
    <text x="420" y="300" font-size="34" text-anchor="middle" font-family="Droid Sans Fallback" fill="#555">${line}</text>
    ${Array.from({ length: 14 }, (_, i) => `<rect x="120" y="${400 + i * 48}" width="${600 - (i % 3) * 90}" height="14" fill="#c9c2b2"/>`).join('')}
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

export async function consoleSignIn(page: Page, url: string, username: string, password: string, newPassword?: string): Promise<void> {
  await page.goto(`${url}/console/`);
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  if (newPassword) {
    await expect(page.getByTestId('change-password')).toBeVisible();
    await page.getByLabel('当前密码').fill(password);
    await page.getByLabel('新密码', { exact: true }).fill(newPassword);
    await page.getByLabel('再次输入新密码').fill(newPassword);
    await page.getByTestId('change-password').getByRole('button', { name: '设置新密码' }).click();
  }
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}

/** An account made by the admin on the staff page (a reviewer limited to `schools`, by name, when given); returns its one-time password. */
export async function createAccount(page: Page, username: string, name: string, role: string, schools: readonly string[] = []): Promise<string> {
  await page.getByTestId('nav-staff').click();
  await page.getByTestId('staff-new').click();
  await page.getByTestId('staff-username').fill(username);
  await page.getByTestId('staff-name').fill(name);
  await page.getByLabel('角色').click();
  await page.locator('.ant-select-item-option').filter({ hasText: role }).click();
  for (const school of schools) {
    await page.getByLabel('负责的学校（不选为全部）').click();
    await page.locator('.ant-select-item-option').filter({ hasText: school }).click();
    await page.keyboard.press('Escape');
  }
  await page.getByTestId('staff-submit').click();
  await expect(page.getByTestId('initial-password-text')).toBeVisible();
  const pw = (await page.getByTestId('initial-password-text').first().innerText({ timeout: 10_000 })).trim();
  await page.getByTestId('initial-password-close').click();
  await expect(page.getByTestId('initial-password')).toBeHidden();
  return pw;
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('sign-in')).toBeVisible();
}

/** The verification code printed on an application's receipt (the desk prints it first). */
export async function receiptCode(desk: TestDesk, applicationId: string): Promise<string> {
  await desk.call('printing.render', { applicationId, kind: 'receipt' });
  const row = await withDeskDb(desk, (db) => db.prepare("SELECT verification_code FROM printouts WHERE application_id = ? AND kind = 'receipt'").get(applicationId) as { verification_code: string } | undefined);
  if (!row) throw new Error('no receipt printed');
  return row.verification_code;
}

