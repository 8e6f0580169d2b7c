// A clerk types ahead of the screen. The whole standard application (child with ID, two guardians, an owned
// home, four papers, submit, print) typed at full speed with no wait at all between fields, steps or the
// submission, then every stored field compared with what was typed (issue 10: typed text must never vanish
// while an option list closes, a step changes or a save runs). Then the same application with the ID-card
// reader (issue 17): the cards fill the child and both parents, nothing of theirs is typed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, type DeskFixture } from './fixtures';
import { differences, pageReader, standardApplication, storedApplication, STANDARD } from './clerkScript';
import { buildStandin, setStandin } from '../electron/core/testing/cardReaderStandin/build';
import type { Page } from '@playwright/test';

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };

async function openIntake(page: Page, desk: DeskFixture): Promise<void> {
  const setup = await desk.rpc('setup.initialize', { counterName: '示例县政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '379901', admin: ADMIN });
  expect(setup.ok, JSON.stringify(setup.error)).toBe(true);
  // The standard application is taken inside the plan's 报名时间 (outside it a supervisor approves first, intake.spec).
  desk.bridge.ports.clock.set(new Date('2026-06-20T02:00:00Z'));
  await page.goto(desk.url);
  await page.getByTestId('nav-intake').click();
  await expect(page.getByTestId('intake-new')).toBeFocused();
}

const keysOf = (page: Page) => ({ type: (text: string) => page.keyboard.type(text), press: (key: string) => page.keyboard.press(key) });

test('the standard application typed ahead of the screen: nothing typed is lost', async ({ page, desk }) => {
  await openIntake(page, desk);
  // A busy counter PC: every call to the core answers late, so new application, autosave and submission
  // are still running while the clerk types on.
  await page.route('**/rpc', async (route) => {
    await new Promise((r) => setTimeout(r, 250));
    await route.continue();
  });

  await standardApplication(keysOf(page));

  const stored = await storedApplication(page, (m, i) => desk.rpc(m, i));
  await desk.shot(page, '01-typed-ahead-accepted');
  expect(differences(stored)).toEqual([]);

  // The same child again (受理下一位): told at the ID field, with the receipt number, before anything else is typed.
  const receiptNo = (await page.getByTestId('intake-receipt-no').innerText()).trim();
  await page.keyboard.press('Enter');
  await page.keyboard.type(STANDARD.child.name);
  await page.keyboard.press('Enter');
  await page.keyboard.type(STANDARD.child.id);
  await expect(page.getByTestId('intake-child-duplicate')).toContainText(receiptNo);
  // Taken outside the sample plan's 报名时间 (2026-06-15 to 2026-07-10): said with the dates (none inside it).
  const day = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  if (day < '2026-06-15' || day > '2026-07-10') await expect(page.getByTestId('intake-window-warning')).toContainText('2026-06-15 至 2026-07-10');
  else await expect(page.getByTestId('intake-window-warning')).toHaveCount(0);
  await desk.shot(page, '02-same-child-at-id');
});

test('the standard application with the ID-card reader: cards fill the child and both parents', async ({ page, desk }) => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-e2e-card-'));
  const control = join(dir, 'control.txt');
  process.env.IDCARD_STANDIN_CONTROL = control;
  setStandin(control, { card: null });
  try {
    await openIntake(page, desk);
    const configured = await desk.rpc('cardReader.configure', { libraryPath: buildStandin('sdtapi'), port: null });
    expect(configured.ok, JSON.stringify(configured.error)).toBe(true);
    const typed: string[] = [];
    const keys = {
      type: async (text: string) => {
        typed.push(text);
        await page.keyboard.type(text);
      },
      press: (key: string) => page.keyboard.press(key),
    };
    const reader = pageReader(page, (card) => setStandin(control, { card }));
    // The expiry flag stays only while its step is open and the flow types on at once, so a polling wait can miss
    // it: a mutation observer in the page sees every insertion.
    await page.evaluate(() => {
      const w = window as unknown as { sawExpired?: boolean };
      w.sawExpired = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="intake-card-expired"]')) w.sawExpired = true;
      }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-testid'] });
    });

    await standardApplication(keys, reader);

    const stored = await storedApplication(page, (m, i) => desk.rpc(m, i));
    const sawExpired = await page.evaluate(() => (window as unknown as { sawExpired?: boolean }).sawExpired === true);
    expect(differences(stored)).toEqual([]);
    // Names, ID numbers and the 户籍 address came from the cards only.
    const all = typed.join('\n');
    for (const text of [stored.child.name, stored.child.idNumber, stored.guardians[0]?.name, stored.guardians[0]?.idNumber, stored.guardians[1]?.name, stored.guardians[1]?.idNumber, stored.hukou.address]) {
      expect(all).not.toContain(text);
    }
    // The mother's card had expired: read, and flagged.
    expect(sawExpired).toBe(true);
  } finally {
    delete process.env.IDCARD_STANDIN_CONTROL;
    rmSync(dir, { recursive: true, force: true });
  }
});
