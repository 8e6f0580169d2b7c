// Placement and the public lottery in the county console, with the real county server process and Chromium: a bureau
// admin dry-runs placement on the sample county (3,145 approved families, and twins), looks at the per-school table and a
// child's explanation, tries other places, freezes and announces the pools, holds the ceremony step by step (a wrong
// secret refused on the spot), downloads the bundle — which the standalone verifier reproduces — and publishes.
// A pair of twins applies to the private school together (COUNTY.md: twins and siblings applying together are placed
// together): they are one entry of its draw, and the console shows both with the same fate and school.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { commitmentOf } from '../shared/lottery/spec';
import { validatePlan } from '../shared/plan/schema';
import { openStore } from '../server/db/open';
import { TWIN_RECEIPTS, seedApprovedCounty } from '../server/testing/placementSeed';
import { startCountyServer, type CountyServer } from '../electron/core/testing/syncKit';
import { verifyBundleText } from '../tools/lottery-verify/verify.mjs';
import { consoleSignIn, expectAccessible } from './consoleKit';
import { ARTIFACTS } from './fixtures';

test.use({ viewport: { width: 1600, height: 1250 } });

const PLAN = join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json');
const IMAGES = join(import.meta.dirname, '..', 'docs', 'images');
const OUT = join(ARTIFACTS, 'placement');
const PASSWORD = 'Ceremony-2026-pw';
const PRIVATE = 'p-yucai';
const PARTIES = [
  { id: 'notary', name: '示例县公证处', secret: 'NOTARY-2026-secret-phrase' },
  { id: 'parents', name: '家长代表', secret: 'PARENTS-2026-secret-phrase' },
];

let server: CountyServer | null = null;
test.afterEach(async () => {
  if (server) {
    await server.stop('SIGTERM');
    rmSync(server.dataDir, { recursive: true, force: true });
    server = null;
  }
});

test('a bureau admin dry-runs placement, holds the lottery ceremony, downloads a bundle anyone can verify, and publishes', async ({ page }) => {
  test.setTimeout(240_000);
  mkdirSync(OUT, { recursive: true });
  server = await startCountyServer();
  await server.cli(['plan', 'load', PLAN]);
  const store = await openStore({ dataDir: server.dataDir });
  const checked = validatePlan(JSON.parse(readFileSync(PLAN, 'utf8')));
  if (!checked.ok) throw new Error('sample plan invalid');
  const twins = TWIN_RECEIPTS(checked.plan.county.code);
  let privateApplicants = 0;
  try {
    const apps = await seedApprovedCounty(store.db, checked.plan, { seed: 2026, counterCode: 'A01', twinsAt: PRIVATE }, new Date());
    privateApplicants = apps.filter((a) => a.schoolId === PRIVATE).length;
  } finally {
    await store.close();
  }
  const created = await server.cli(['staff', 'create-admin', '--username', 'bureau', '--name', '局管理员甲']);
  const initial = /一次性初始密码：(\S+)/.exec(created)?.[1] ?? '';
  await consoleSignIn(page, server.url, 'bureau', initial, PASSWORD);

  // ---- Dry run: the per-school table, seat pressure in colour, the cut-off line.
  await page.getByTestId('nav-placement').click();
  const table = page.getByTestId('school-table');
  await expect(table).toContainText('示例县育才民办小学');
  await expect(page.getByTestId('placement-stage')).toContainText('派位前试运行');
  const row = (name: string) => table.locator('tr', { hasText: name });
  await expect(row('示例县育才民办小学').locator('[data-level]')).toHaveAttribute('data-level', 'red');
  await expect(row('示例县育才民办小学')).toContainText('民办学校电脑派位');
  await expect(row('示例县北山镇中学').locator('[data-level]')).toHaveAttribute('data-level', 'yellow');
  await expect(row('示例县实验小学').locator('[data-level]')).toHaveAttribute('data-level', 'green');
  await expect(row('示例县南苑小学')).toContainText('第 4 批次 · 积分');
  await page.screenshot({ path: join(IMAGES, 'placement-table.png'), clip: { x: 0, y: 0, width: 1600, height: 1250 } });
  await expectAccessible(page, '[data-testid="placement-page"]');

  // A school's children, each explained.
  await row('示例县南苑小学').click();
  const list = page.getByTestId('child-list');
  await expect(list).toContainText(/第 \d 批次/);
  await expect(list.locator('tbody tr').first()).toContainText('示例县南苑小学');

  // What-if: more places at the private school leave fewer children waiting for its draw.
  await page.getByTestId('what-if-start').click();
  await page.getByLabel('示例县育才民办小学 计划').fill('140');
  await page.getByTestId('what-if-run').click();
  await expect(page.getByTestId('what-if-result')).toContainText('示例县育才民办小学');
  await expect(page.getByTestId('what-if-result')).toContainText('45 → 140');

  // Not publishable before the draw.
  await expect(page.getByTestId('publish')).toBeDisabled();

  // ---- Freeze and announce.
  await page.getByTestId('nav-lottery').click();
  await page.getByLabel('派位名称').fill('示例县 2026 年义务教育电脑随机派位（示例）');
  await page.getByLabel('来源编号 1-1').fill('ssq-2026085');
  await page.getByLabel('来源说明（哪一期、哪个数值、在哪里公布） 1-1').fill('中国福利彩票双色球第 2026085 期开奖号码（按开奖顺序）');
  await page.getByRole('button', { name: '增加参与方' }).click();
  for (const [i, p] of PARTIES.entries()) {
    await page.getByLabel(`参与方编号 ${i + 1}`).fill(p.id);
    await page.getByLabel(`参与方名称 ${i + 1}`).fill(p.name);
    await page.getByLabel(`承诺值 SHA-256(密语) ${i + 1}`).fill(commitmentOf(p.secret));
  }
  await page.getByTestId('announce').click();

  // ---- The ceremony, step by step. The twins are one entry of the private school's pool.
  await expect(page.getByTestId('step-pools')).toContainText('示例县育才民办小学');
  const yucaiPool = page.getByTestId('step-pools').locator('tr', { hasText: '示例县育才民办小学' });
  await expect(yucaiPool.locator('td').nth(3)).toHaveText(String(privateApplicants - 1));
  await expect(page.getByTestId('ceremony-digest')).toContainText(/[0-9a-f]{64}/);
  await page.screenshot({ path: join(OUT, '01-pools.png') });
  await page.getByTestId('ceremony-next').click();
  await expect(page.getByTestId('step-sources')).toContainText('双色球第 2026085 期');
  await page.getByTestId('ceremony-next').click();
  await page.getByLabel('公开值 1').fill('03, 11, 17, 22, 28, 31, 09');
  await page.getByTestId('check-source-1').click();
  await expect(page.getByTestId('source-check-1')).toContainText('3 11 17 22 28 31 9');
  await page.getByLabel('密语 示例县公证处').fill(PARTIES[0]!.secret);
  await page.getByTestId('check-secret-notary').click();
  await expect(page.getByTestId('secret-check-notary')).toContainText('与承诺值一致');
  await page.getByLabel('密语 家长代表').fill('PARENTS-2026-secret-phrasE');
  await page.getByTestId('check-secret-parents').click();
  await expect(page.getByTestId('secret-check-parents')).toContainText('不一致');
  await expect(page.getByTestId('draw')).toBeDisabled();
  await page.getByLabel('密语 家长代表').fill(PARTIES[1]!.secret);
  await page.getByTestId('check-secret-parents').click();
  await expect(page.getByTestId('secret-check-parents')).toContainText('与承诺值一致');
  await page.screenshot({ path: join(OUT, '02-reveal.png') });
  await page.getByTestId('draw').click();
  await expect(page.getByTestId('seed')).toHaveText(/^[0-9a-f]{64}$/);
  const seed = await page.getByTestId('seed').innerText();
  await page.screenshot({ path: join(OUT, '03-seed.png') });
  await page.getByTestId('ceremony-next').click();
  await expect(page.getByTestId('step-results')).toContainText('中签');
  await page.screenshot({ path: join(OUT, '04-results.png') });
  await page.getByTestId('ceremony-next').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('download-bundle').click();
  const file = join(OUT, 'bundle.json');
  await (await download).saveAs(file);
  const verified = verifyBundleText(readFileSync(file, 'utf8'));
  expect(verified.ok).toBe(true);
  if (verified.ok) {
    expect(verified.seed).toBe(seed);
    const entry = verified.pools.find((p) => p.code === PRIVATE)?.rows.find((r) => r.entry.receipts.includes(twins[0]));
    expect(entry?.entry.receipts.split('+').sort()).toEqual([...twins].sort());
  }
  await expectAccessible(page, '[data-testid="ceremony-page"]');

  // ---- Publish.
  await page.getByRole('button', { name: '返回录取试运行并发布' }).click();
  await expect(page.getByTestId('placement-stage')).toContainText('派位后');
  // The twins, found by receipt in the private school's list: the same result and school, placed together.
  await row('示例县育才民办小学').click();
  const fates: string[] = [];
  for (const receipt of twins) {
    await list.getByLabel('按回执号查找').fill(receipt);
    await list.getByLabel('按回执号查找').press('Enter');
    const child = list.locator('tbody tr', { hasText: receipt });
    await expect(list.locator('tbody tr')).toHaveCount(1);
    await expect(child.locator('td').nth(5)).toContainText('同胞 2 人一同安排');
    fates.push(`${await child.locator('td').nth(3).innerText()} ${await child.locator('td').nth(4).innerText()}`);
  }
  expect(fates[0]).toMatch(/^(已录取 示例县育才民办小学|已调剂 示例县\S+|待调剂 —)$/);
  expect(fates[1]).toBe(fates[0]);
  await list.screenshot({ path: join(OUT, '05-twins.png') });
  await page.getByTestId('publish').click();
  await page.getByTestId('publish-confirm').click();
  // Publishing 3,147 results took over 10 s on a loaded machine.
  await expect(page.getByText(/已发布：3147 名儿童/)).toBeVisible({ timeout: 30_000 });
  writeFileSync(join(OUT, 'done.txt'), 'ok\n');
});
