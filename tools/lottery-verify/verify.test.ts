import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verifyBundleText, sha256, hex, REASONS } from './verify.mjs';
import { coreOf } from './build-html.mjs';
import { verifyBundle, type LotteryBundle } from '../../shared/lottery/bundle';
import { prng, sampleBundle } from '../../shared/lottery/sampleBundle';
import { lotteryListDetails, lotteryReasons } from '../../shared/i18n/zhCN.lottery';
import { sha256Hex } from '../../shared/lottery/spec';
import type { GoldenVector, RefusalVector } from '../../shared/lottery/vectors';

const run = promisify(execFile);
const DIR = import.meta.dirname;
const CLI = join(DIR, 'verify.mjs');
const VECTORS = join(DIR, '..', '..', 'docs', 'lottery-vectors');

/** What both implementations must agree on: the verdict, every reason, the seed, digests and the result bytes. */
function comparable(result: unknown) {
  const v = result as { ok: boolean } & Record<string, unknown>;
  return v.ok ? { ok: true, seed: v.seed, announcementDigest: v.announcementDigest, resultDigest: v.resultDigest, results: v.results } : { ok: false, reasons: v.reasons };
}

/** One random change of the kinds a verifier must catch (or none). */
function tamper(b: LotteryBundle, rand: () => number): { bundle: LotteryBundle; kind: string } {
  const c = JSON.parse(JSON.stringify(b)) as LotteryBundle;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const kind = pick(['none', 'secret', 'list', 'source', 'result', 'digest', 'commitment', 'fallback']);
  switch (kind) {
    case 'secret':
      pick(c.draw.secrets).secret += 'X';
      break;
    case 'list': {
      const p = pick(c.announcement.pools);
      p.list = p.list.replace(/\t([^\n]*)\n$/, '\t$1*\n');
      break;
    }
    case 'source':
      c.draw.sources[0]!.value = c.draw.sources[0]!.value.replace(/\d+$/, (n) => String(Number(n) + 1));
      break;
    case 'result': {
      const r = pick(c.results);
      r.text = r.text.replace(/\n1\t/, '\n0\t');
      break;
    }
    case 'digest':
      c.resultDigest = sha256Hex(new TextEncoder().encode(c.resultDigest));
      break;
    case 'commitment':
      pick(c.announcement.parties).commitment = sha256Hex(new TextEncoder().encode('guess'));
      break;
    case 'fallback':
      c.draw.sources[1]!.skipped = [];
      break;
  }
  return { bundle: c, kind };
}

describe('the standalone verifier', () => {
  it('has its own SHA-256, equal to Node’s on every length around the block boundaries', () => {
    for (let n = 0; n < 300; n++) {
      const b = randomBytes(n);
      expect(hex(sha256(b)), `length ${n}`).toBe(createHash('sha256').update(b).digest('hex'));
    }
  });

  it('speaks the catalogue’s sentences (it may not import them)', () => {
    expect(REASONS).toEqual(lotteryReasons);
    // The details of a refused list are written inline there: every piece between placeholders must be in the CLI.
    const cli = readFileSync(CLI, 'utf8');
    const pieces = Object.values(lotteryListDetails).flatMap((d) => d.split(/\{\w+\}/).filter((p) => p !== ''));
    expect(pieces.filter((p) => !cli.includes(p))).toEqual([]);
  });

  it('the offline page runs exactly the CLI’s core (rebuild with node tools/lottery-verify/build-html.mjs)', () => {
    expect(coreOf(readFileSync(join(DIR, 'index.html'), 'utf8'))).toBe(coreOf(readFileSync(CLI, 'utf8')));
  });

  it('imports nothing but Node built-ins, and the page nothing at all', () => {
    const cli = readFileSync(CLI, 'utf8');
    const imports = [...cli.matchAll(/import\(\s*'([^']+)'\s*\)|from\s+'([^']+)'/g)].map((m) => m[1] ?? m[2]);
    expect(imports.every((i) => i?.startsWith('node:'))).toBe(true);
    const html = readFileSync(join(DIR, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).toContain("default-src 'none'");
  });

  it('agrees with the shared implementation on many random bundles, valid and tampered', () => {
    const base = Number(process.env.LOTTERY_SEED ?? Date.now() % 1_000_000);
    console.log(`verifier agreement: LOTTERY_SEED=${base}`);
    const rand = prng(base);
    const kinds = new Map<string, number>();
    for (let i = 0; i < 120; i++) {
      const sizes = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => 1 + Math.floor(rand() * 60));
      const valid = sampleBundle(base + i, { pools: sizes, siblingShare: rand() * 0.2 });
      const { bundle, kind } = tamper(valid, rand);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const text = JSON.stringify(bundle);
      const theirs = comparable(verifyBundleText(text));
      const ours = comparable(verifyBundle(text));
      expect(theirs, `bundle ${base + i} (${kind})`).toEqual(ours);
      expect(theirs.ok, `bundle ${base + i} (${kind})`).toBe(kind === 'none');
    }
    expect(kinds.size).toBe(8);
  });

  it('reproduces the golden vectors and refuses every refusal vector with its reason', () => {
    const basic = JSON.parse(readFileSync(join(VECTORS, 'v1-basic.json'), 'utf8')) as GoldenVector;
    const v = verifyBundleText(JSON.stringify(basic.bundle));
    expect(v.ok && { seed: v.seed, results: v.results, resultDigest: v.resultDigest }).toEqual({
      seed: basic.expected.seed,
      results: basic.expected.results,
      resultDigest: basic.expected.resultDigest,
    });
    const refusals = JSON.parse(readFileSync(join(VECTORS, 'v1-refusals.json'), 'utf8')) as RefusalVector[];
    for (const r of refusals) {
      const out = verifyBundleText(JSON.stringify(r.bundle));
      expect(!out.ok && out.reasons.map((x) => x.code), r.name).toEqual([r.reason]);
    }
  });
});

describe('the CLI process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lottery-verify-'));
  const bundle = sampleBundle(4242, { pools: [80, 20], siblingShare: 0.1 });
  const file = join(dir, 'bundle.json');
  writeFileSync(file, JSON.stringify(bundle, null, 2));

  const cli = async (...args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, [CLI, ...args]);
      return { code: 0, stdout };
    } catch (e: unknown) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout + err.stderr };
    }
  };

  it('says 验证通过, looks up a receipt and writes the results byte for byte', async () => {
    const receipt = bundle.results[0]!.text.split('\n')[3]!.split('\t')[1]!.split('+')[0]!;
    const out = join(dir, 'out');
    const r = await cli(file, '--receipt', receipt.toLowerCase(), '--out', out, '--announcement-digest', bundle.announcement.digest);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('验证通过');
    expect(r.stdout).toContain('与输入的事先公布值一致');
    expect(r.stdout).toMatch(new RegExp(`回执号 ${receipt.toLowerCase()}：示例县育才民办小学，第 1 位 / 共 \\d+ 位，中签（录取）`));
    expect(readdirSync(out).sort()).toEqual(bundle.results.map((x) => `${x.pool}.result.txt`).sort());
    for (const x of bundle.results) expect(readFileSync(join(out, `${x.pool}.result.txt`), 'utf8')).toBe(x.text);
  });

  it('refuses a wrong secret, a changed list and a changed source value with exit code 1 and a Chinese reason', async () => {
    const cases: [string, (b: LotteryBundle) => void, RegExp][] = [
      ['secret', (b) => (b.draw.secrets[0]!.secret = 'N-THIS-IS-NOT-THE-SECRET'), /“示例县公证处”公开的密语与派位前公布的承诺值不符/],
      ['list', (b) => (b.announcement.pools[0]!.list = b.announcement.pools[0]!.list.replace(/\t[^\t\n]+\n/, '\t某*\n')), /名单“p-yucai”与派位前公布的摘要不符/],
      ['source', (b) => (b.draw.sources[1]!.value = '3000.01'), /种子来源值或其他输入在开奖后被改动/],
    ];
    for (const [name, change, message] of cases) {
      const b = JSON.parse(JSON.stringify(bundle)) as LotteryBundle;
      change(b);
      const f = join(dir, `${name}.json`);
      writeFileSync(f, JSON.stringify(b));
      const r = await cli(f);
      expect(r.code, name).toBe(1);
      expect(r.stdout, name).toContain('验证不通过');
      expect(r.stdout, name).toMatch(message);
    }
  });

  it('--json output equals the shared implementation’s verdict', async () => {
    const r = await cli(file, '--json');
    expect(JSON.parse(r.stdout)).toEqual(comparable(verifyBundle(JSON.stringify(bundle))));
  });

  it('explains a missing file and bad arguments (exit code 2)', async () => {
    expect(await cli(join(dir, 'nope.json'))).toMatchObject({ code: 2, stdout: expect.stringContaining('无法读取文件') as string });
    expect(await cli()).toMatchObject({ code: 2, stdout: expect.stringContaining('用法') as string });
    rmSync(join(dir, 'out'), { recursive: true, force: true });
  });
});
