// The offline verifier page (tools/lottery-verify/index.html) in real Chromium, opened from a file as from a
// USB stick: its script agrees with the shared implementation on many random bundles, and a newcomer can
// verify a bundle, look up a receipt and see a tampered bundle refused — with no network request at all.
import { test, expect } from '@playwright/test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { verifyBundle, type LotteryBundle } from '../shared/lottery/bundle';
import { prng, sampleBundle } from '../shared/lottery/sampleBundle';

const PAGE = pathToFileURL(join(import.meta.dirname, '..', 'tools', 'lottery-verify', 'index.html')).href;
const ARTIFACTS = join(import.meta.dirname, 'artifacts', 'lottery-verify');

function comparable(result: unknown) {
  const v = result as { ok: boolean } & Record<string, unknown>;
  return v.ok ? { ok: true, seed: v.seed, announcementDigest: v.announcementDigest, resultDigest: v.resultDigest, results: v.results } : { ok: false, reasons: v.reasons };
}

test('the page’s script agrees with the shared implementation on random bundles, valid and tampered', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(PAGE);
  const base = Number(process.env.LOTTERY_SEED ?? Date.now() % 1_000_000);
  console.log(`page agreement: LOTTERY_SEED=${base}`);
  const rand = prng(base);
  for (let i = 0; i < 40; i++) {
    const bundle = sampleBundle(base + i, { pools: [1 + Math.floor(rand() * 200), 1 + Math.floor(rand() * 30)], siblingShare: rand() * 0.2 });
    const tampered = rand() < 0.5;
    if (tampered) bundle.draw.secrets[Math.floor(rand() * 3)]!.secret += 'X';
    const text = JSON.stringify(bundle);
    const theirs = await page.evaluate((t) => (window as unknown as { enrollLotteryVerify: (x: string) => unknown }).enrollLotteryVerify(t), text);
    expect(comparable(theirs), `bundle ${base + i}`).toEqual(comparable(verifyBundle(text)));
    expect((theirs as { ok: boolean }).ok).toBe(!tampered);
  }
  expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
});

test('a newcomer verifies a bundle, finds a child by receipt, and sees a tampered bundle refused', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'lottery-page-'));
  const bundle = sampleBundle(20260720, { pools: [160, 60], siblingShare: 0.05 });
  const good = join(dir, '派位结果包.json');
  writeFileSync(good, JSON.stringify(bundle, null, 2));
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(PAGE);

  await page.getByTestId('digest').fill(bundle.announcement.digest);
  await page.getByTestId('file').setInputFiles(good);
  await expect(page.getByTestId('verdict')).toHaveText('验证通过：派位结果与按公开规则重算的结果逐字节一致。');
  await expect(page.getByTestId('summary')).toContainText(bundle.draw.seed);
  await expect(page.getByTestId('summary')).toContainText('与输入的事先公布值一致');
  await expect(page.getByTestId('summary')).toContainText('示例县公证处、示例县教育和体育局、家长代表（抽签产生）');

  const row = bundle.results[0]!.text.split('\n')[5]!.split('\t');
  await page.getByTestId('receipt').fill(row[1]!.split('+')[0]!);
  await expect(page.getByTestId('lookup-result')).toContainText(`示例县育才民办小学：第 3 位 / 共 160 位`);
  await expect(page.getByTestId('lookup-result')).toContainText(row[3]!);
  await expect(page.locator('tr.hit')).toBeVisible();
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'verified.png'), fullPage: false });

  // A wrong secret: refused, naming the party.
  const bad = JSON.parse(JSON.stringify(bundle)) as LotteryBundle;
  bad.draw.secrets[1]!.secret = 'B-NOT-THE-REAL-SECRET-AT-ALL';
  const badFile = join(dir, '改过密语.json');
  writeFileSync(badFile, JSON.stringify(bad));
  await page.getByTestId('file').setInputFiles(badFile);
  await expect(page.getByTestId('verdict')).toHaveText('验证不通过');
  await expect(page.getByTestId('reasons')).toContainText('参与方“示例县教育和体育局”公开的密语与派位前公布的承诺值不符');
  await expect(page.getByTestId('pools')).toBeHidden();
  await page.screenshot({ path: join(ARTIFACTS, 'refused.png'), fullPage: false });

  // The right bundle, but not the announcement published before the draw.
  await page.getByTestId('file').setInputFiles(good);
  await page.getByTestId('digest').fill('0'.repeat(64));
  await page.getByTestId('verify').click();
  await expect(page.getByTestId('reasons')).toContainText('这不是当时公布的那次派位');

  // Not a bundle at all.
  const junk = join(dir, 'notes.json');
  writeFileSync(junk, '这不是结果包');
  await page.getByTestId('file').setInputFiles(junk);
  await expect(page.getByTestId('reasons')).toContainText('文件不是派位结果包');

  expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
});
