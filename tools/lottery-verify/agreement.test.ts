import { describe, expect, it } from 'vitest';
import { readList, verifyBundleText } from './verify.mjs';
import { verifyBundle, type LotteryBundle } from '../../shared/lottery/bundle';
import { prng, sampleBundle } from '../../shared/lottery/sampleBundle';
import { announcementText, parseListText, rankList, resultDigestOf, resultText, seedOf, textDigest } from '../../shared/lottery/spec';

// The two implementations of ENROLL-LOTTERY-v1 (shared/lottery and the standalone verifier) must refuse
// malformed input with the same reasons: the same code AND the same sentence (line number, detail), since
// a reader comparing both sees both. docs/lottery-spec.md §2 fixes the order of the list checks.

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

/** Both parsers' verdicts on one list text, in one comparable shape. */
function sharedList(text: string) {
  const p = parseListText(text);
  if (!p.ok) return { ok: false, line: p.line, detail: p.detail };
  const l = p.list;
  return { ok: true, head: [l.county, l.year, l.code, l.name, l.kind, l.places], entries: l.entries.map((e) => [e.receipts.join('+'), e.name]) };
}
function verifierList(text: string) {
  const l = readList(text);
  if (!l.ok) return { ok: false, line: l.line, detail: l.detail };
  return { ok: true, head: [l.county, l.year, l.code, l.name, l.kind, l.places], entries: l.entries.map((e) => [e.receipts, e.name]) };
}

/** Verdict of either implementation, as compared: every reason with its full message. */
function comparable(result: unknown) {
  const v = result as { ok: boolean } & Record<string, unknown>;
  return v.ok ? { ok: true, seed: v.seed, announcementDigest: v.announcementDigest, resultDigest: v.resultDigest, results: v.results } : { ok: false, reasons: v.reasons };
}

const HEAD = ['ENROLL-LOTTERY-v1 LIST', 'county 379901', 'year 2026', 'pool p-yucai', 'name 示例县育才民办小学', 'kind places', 'places 2'];
const listOf = (body: string[], entries = body.length) => [...HEAD, `entries ${entries}`, ...body].map((l) => `${l}\n`).join('');

// Receipt parts: mostly valid and few, so that repeats and order problems are frequent; some invalid.
const RECEIPTS = ['A', 'B', 'C', 'D', 'A1', 'b', 'A.B', 'Z-9_x'];
const BAD_RECEIPTS = ['', '!', 'A B', '-A', '_A', `A${'x'.repeat(64)}`, '张', '$&', '{receipt}', 'A\r'];
const NAMES = ['张*', '李*明', '𠮷*祥', '', ' 张*', '张* ', 'a\u0001b', 'x\u007f', 'a'.repeat(200), 'a'.repeat(201), '𠮷'.repeat(200), '𠮷'.repeat(201), '\u3000张'];
const JOINS = ['+', '+', '+', '+', '++', ',', ' + ', '＋'];
const TABS = ['\t', '\t', '\t', '\t', '', '\t\t', ' ', '\t \t'];

function randomLine(rand: Rand): string {
  const n = 1 + Math.floor(rand() * 3);
  const parts = Array.from({ length: n }, () => (rand() < 0.85 ? pick(rand, RECEIPTS) : pick(rand, BAD_RECEIPTS)));
  if (rand() < 0.5) parts.sort();
  let receipts = parts.join(pick(rand, JOINS));
  if (rand() < 0.05) receipts = `+${receipts}`;
  if (rand() < 0.05) receipts = `${receipts}+`;
  return `${receipts}${pick(rand, TABS)}${pick(rand, NAMES)}`;
}

/** A list text with random lines; now and then a broken header, count, line end or character. */
function randomList(rand: Rand): string {
  const body = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => randomLine(rand));
  if (rand() < 0.5) body.sort();
  const count = rand() < 0.9 ? body.length : pick(rand, [0, body.length + 1, body.length - 1]);
  let text = listOf(body, count);
  const r = rand();
  if (r < 0.03) text = text.slice(0, -1);
  else if (r < 0.06) text = text.replace(/\n/g, '\r\n');
  else if (r < 0.15) {
    const lines = text.split('\n');
    const i = Math.floor(rand() * 9);
    lines[i] = pick(rand, ['', 'county 37990', 'year 26', 'pool -x', 'name ', 'kind lottery', 'places 01', 'places 0', 'entries 0', 'kind order', lines[i]!.toUpperCase(), `${lines[i]} `]);
    text = lines.join('\n');
  }
  return text;
}

/**
 * Makes a tampered bundle self-consistent again wherever it can (list digests, announcement digest,
 * seed, results, result digest, as the shared implementation computes them), so that the checks behind
 * the digests are reached too.
 */
function reseal(b: LotteryBundle): void {
  const a = b.announcement;
  try {
    for (const p of a.pools) p.listDigest = textDigest(p.list);
    a.digest = textDigest(announcementText(a));
    b.draw.seed = seedOf({
      county: a.county,
      year: a.year,
      pools: a.pools.map((p) => ({ code: p.code, listDigest: p.listDigest })),
      sources: a.sources.map((slot, i) => ({ id: slot.candidates[(b.draw.sources[i]?.used ?? 1) - 1]?.id ?? '', value: b.draw.sources[i]?.value ?? '' })),
      secrets: a.parties.map((p) => ({ party: p.id, secret: b.draw.secrets.find((s) => s.party === p.id)?.secret ?? '' })),
    });
    b.results = a.pools.map((p) => {
      const parsed = parseListText(p.list);
      return { pool: p.code, text: parsed.ok ? resultText(p.code, b.draw.seed, rankList(b.draw.seed, parsed.list)) : '' };
    });
    b.resultDigest = resultDigestOf(b.results);
  } catch {
    // a field of the wrong type: the verifiers refuse the shape before any digest matters
  }
}

/** One random structural change of a bundle (fields removed, retyped, repeated, reordered, …). */
function mangle(b: LotteryBundle, rand: Rand): string {
  const a = b.announcement as unknown as Record<string, unknown> & LotteryBundle['announcement'];
  const d = b.draw;
  const kind = pick(rand, ['pool-repeated', 'pool-repeated-other-list', 'pools-reordered', 'pool-code', 'party-repeated', 'secret-repeated', 'secret-extra', 'secret-dropped', 'secret-short', 'used', 'skipped', 'value', 'result-extra', 'result-dropped', 'results-reordered', 'retype', 'year', 'candidate-format', 'list', 'slot-number', 'candidates-empty', 'source-dropped', 'result-pool', 'candidate-id'] as const);
  switch (kind) {
    case 'pool-repeated':
      a.pools.push(JSON.parse(JSON.stringify(pick(rand, a.pools))) as LotteryBundle['announcement']['pools'][number]);
      break;
    case 'pool-repeated-other-list': {
      const p = JSON.parse(JSON.stringify(a.pools[0])) as LotteryBundle['announcement']['pools'][number];
      p.list = p.list.replace(/\n[^\n]+\n$/, '\n').replace(/entries (\d+)/, (_x, n: string) => `entries ${Math.max(1, Number(n) - 1)}`);
      a.pools.push(p);
      break;
    }
    case 'pools-reordered':
      a.pools.reverse();
      break;
    case 'pool-code':
      pick(rand, a.pools).code = pick(rand, ['', 'P-YUCAI', 'p yucai', 'x'.repeat(65), '张']);
      break;
    case 'party-repeated':
      a.parties.push({ ...pick(rand, a.parties) });
      break;
    case 'secret-repeated':
      d.secrets.push({ ...pick(rand, d.secrets) });
      break;
    case 'secret-extra':
      d.secrets.push({ party: 'stranger', secret: 'S-0123456789ABCDEF' });
      break;
    case 'secret-dropped':
      d.secrets.splice(Math.floor(rand() * d.secrets.length), 1);
      break;
    case 'secret-short':
      pick(rand, d.secrets).secret = pick(rand, ['short', 'with space in it 123', 'ｓｅｃｒｅｔｓｅｃｒｅｔｓｅｃｒｅｔ']);
      break;
    case 'used':
      pick(rand, d.sources).used = pick(rand, [0, -1, 2, 3, 99]);
      break;
    case 'skipped':
      pick(rand, d.sources).skipped = pick(rand, [[], [''], ['a', 'b'], [' 休市']]);
      break;
    case 'value':
      pick(rand, d.sources).value = pick(rand, ['', '01 2', '3056.7', '3056.700', '1 2 3 4 5 6 7', '1  2 3 4 5 6 7', '1'.repeat(19)]);
      break;
    case 'result-extra':
      b.results.push({ ...pick(rand, b.results) });
      break;
    case 'result-dropped':
      b.results.pop();
      break;
    case 'results-reordered':
      b.results.reverse();
      break;
    case 'retype': {
      const targets: [Record<string, unknown>, string][] = [
        [a, 'county'], [a, 'year'], [a, 'title'], [a, 'digest'], [a, 'pools'], [a, 'sources'], [a, 'parties'],
        [a.pools[0] as unknown as Record<string, unknown>, pick(rand, ['code', 'name', 'kind', 'places', 'list', 'listDigest'])],
        [d as unknown as Record<string, unknown>, pick(rand, ['seed', 'sources', 'secrets'])],
        [d.sources[0] as unknown as Record<string, unknown>, pick(rand, ['used', 'skipped', 'value'])],
        [b as unknown as Record<string, unknown>, pick(rand, ['results', 'resultDigest', 'format', 'announcement', 'draw'])],
      ];
      const [obj, key] = pick(rand, targets);
      const value = pick(rand, [undefined, null, 1.5, '1', [], {}, true, 1e300]);
      if (value === undefined) delete obj[key];
      else obj[key] = value;
      break;
    }
    case 'year':
      a.year = pick(rand, [26, 20260, -2026, 2025]);
      break;
    case 'candidate-format':
      a.sources[0]!.candidates[0]!.format = pick(rand, ['int-list:0', 'int-list:100', 'decimal:7', 'text', 'int-list:07']);
      break;
    case 'list':
      pick(rand, a.pools).list = randomList(rand);
      break;
    case 'slot-number':
      pick(rand, a.sources).slot = pick(rand, [0, 3, 1]);
      break;
    case 'candidates-empty':
      pick(rand, a.sources).candidates = [];
      break;
    case 'source-dropped':
      d.sources.pop();
      break;
    case 'result-pool':
      pick(rand, b.results).pool = pick(rand, ['', 'p-yucai', 'school-9']);
      break;
    case 'candidate-id':
      pick(rand, a.sources).candidates[0]!.id = pick(rand, ['', '双色球', '\ud800', 'a b']);
      break;
  }
  return kind;
}

describe('shared/lottery and tools/lottery-verify agree on malformed input, message for message', () => {
  it.each([
    ['a repeated sibling after an unordered one', ['B+A+A\t张*']],
    ['a repeated sibling', ['A+A\t张*']],
    ['a sibling repeating an earlier line', ['A\t张*', 'B+A\t李*']],
    ['an invalid receipt after an unordered one', ['B+A+!\t张*']],
    ['an empty sibling part', ['A++B\t张*']],
    ['a trailing +', ['A+\t张*']],
    ['unordered siblings', ['B+A\t张*']],
    ['another separator', ['A,B\t张*']],
    ['no tab', ['A 张*']],
    ['unordered lines', ['B\t张*', 'A\t李*']],
    ['an empty name', ['A\t']],
  ])('%s', (_label, body) => {
    const text = listOf(body);
    expect(verifierList(text)).toEqual(sharedList(text));
    expect(sharedList(text).ok).toBe(false);
  });

  it('B+A+A: both name the repeated receipt (repeats are checked before order, spec §2)', () => {
    expect(readList(listOf(['B+A+A\t张*']))).toEqual({ ok: false, line: 9, detail: '回执号“A”重复' });
    expect(sharedList(listOf(['B+A+A\t张*']))).toEqual({ ok: false, line: 9, detail: '回执号“A”重复' });
  });

  it.each([
    ['not JSON', '{"format":'],
    ['an array', '[]'],
    ['null', 'null'],
    ['a string', '"ENROLL-LOTTERY-v1"'],
    ['another format', '{"format":"ENROLL-LOTTERY-v2"}'],
    ['no format', '{}'],
  ])('on a bundle that is %s', (_label, json) => {
    expect(comparable(verifyBundleText(json))).toEqual(comparable(verifyBundle(json)));
  });

  it('a repeated pool code is refused by both as a malformed bundle, even when every digest fits', () => {
    const b = sampleBundle(5, { pools: [4, 3] });
    const p = JSON.parse(JSON.stringify(b.announcement.pools[0])) as LotteryBundle['announcement']['pools'][number];
    p.list = p.list.replace(/\n[^\n]+\n$/, '\n').replace(/entries (\d+)/, (_x, n: string) => `entries ${Number(n) - 1}`);
    b.announcement.pools.push(p);
    reseal(b);
    const json = JSON.stringify(b);
    const ours = comparable(verifyBundle(json));
    expect(ours).toEqual({ ok: false, reasons: [{ code: 'BUNDLE_MALFORMED', message: expect.stringContaining('announcement.pools.2') as string }] });
    expect(comparable(verifyBundleText(json))).toEqual(ours);
  });

  it('pools and results in any order verify alike, with the digests of the ascending order (spec §6)', () => {
    const b = sampleBundle(7, { pools: [4, 3, 2] });
    const original = comparable(verifyBundle(JSON.stringify(b)));
    expect(original.ok).toBe(true);
    b.announcement.pools.reverse();
    b.results.reverse();
    const json = JSON.stringify(b);
    expect(comparable(verifyBundle(json))).toEqual({ ...original, results: expect.any(Array) as unknown });
    expect(comparable(verifyBundleText(json))).toEqual(comparable(verifyBundle(json)));
  });

  it('on random list texts, alone and inside a bundle (seeded; LOTTERY_SEED=<printed> to replay)', () => {
    const base = Number(process.env.LOTTERY_SEED ?? Date.now() % 1_000_000);
    console.log(`list agreement: LOTTERY_SEED=${base}`);
    const rand = prng(base);
    const valid = sampleBundle(base, { pools: [6, 3], siblingShare: 0.3 });
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const text = randomList(rand);
      const ours = sharedList(text);
      expect(verifierList(text), `case ${i} of LOTTERY_SEED=${base}: ${JSON.stringify(text)}`).toEqual(ours);
      if (!ours.ok) refused += 1;
      if (i % 10 === 0) {
        const b = JSON.parse(JSON.stringify(valid)) as LotteryBundle;
        b.announcement.pools[0]!.list = text;
        reseal(b);
        const json = JSON.stringify(b);
        expect(comparable(verifyBundleText(json)), `bundle ${i} of LOTTERY_SEED=${base}`).toEqual(comparable(verifyBundle(json)));
      }
    }
    // Both outcomes occur, so neither side is compared on nothing.
    expect(refused).toBeGreaterThan(1000);
    expect(refused).toBeLessThan(3000);
  });

  it('on random structural changes of bundles, resealed or not (seeded)', () => {
    const base = Number(process.env.LOTTERY_SEED ?? Date.now() % 1_000_000);
    console.log(`bundle agreement: LOTTERY_SEED=${base}`);
    const rand = prng(base);
    const kinds = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const b = sampleBundle(base + i, { pools: [1 + Math.floor(rand() * 8), 1 + Math.floor(rand() * 4)], siblingShare: 0.3 });
      const done = [mangle(b, rand)];
      if (rand() < 0.3 && done[0] !== 'retype') {
        try {
          done.push(mangle(b, rand));
        } catch {
          // the first change left nothing for the second to change (an emptied candidate list)
        }
      }
      if (rand() < 0.7) reseal(b);
      done.forEach((k) => kinds.add(k));
      const json = JSON.stringify(b);
      // The announcement digest published before the draw, as a reader may type it (or none).
      const announced = String((b.announcement as { digest?: unknown } | null)?.digest);
      const digest = pick(rand, ['', '', announced, ` ${announced.toUpperCase()} `, 'f'.repeat(64), 'x']);
      const label = `bundle ${i} of LOTTERY_SEED=${base} (${done.join(', ')}; digest ${JSON.stringify(digest)})`;
      expect(comparable(verifyBundleText(json, digest)), label).toEqual(comparable(verifyBundle(json, { expectedAnnouncementDigest: digest })));
    }
    expect(kinds.size).toBe(24);
  });
});
