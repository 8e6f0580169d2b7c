import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf8ToBytes } from '@noble/hashes/utils';
import {
  canonicalSourceValue,
  commitmentOf,
  entryKey,
  isCanonicalSourceValue,
  listText,
  parseListText,
  rankList,
  sha256Hex,
  type PoolList,
} from './spec';
import { announce, draw, LotteryInputError, verifyBundle, type LotteryBundle } from './bundle';
import { sampleBundle, sampleLottery } from './sampleBundle';

const clone = (b: LotteryBundle): LotteryBundle => JSON.parse(JSON.stringify(b)) as LotteryBundle;
const reasonsOf = (b: unknown, opts = {}) => {
  const v = verifyBundle(JSON.stringify(b), opts);
  return v.ok ? [] : v.reasons.map((r) => r.code);
};

describe('SHA-256 and commitments', () => {
  it('is SHA-256 (FIPS 180-4 test vectors)', () => {
    expect(sha256Hex(utf8ToBytes('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(utf8ToBytes('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });
  it('a commitment is the plain SHA-256 of the secret, checkable with sha256sum', () => {
    expect(commitmentOf('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('source values', () => {
  it.each([
    ['03 15 22 27 30 33 09', 'int-list:7', '3 15 22 27 30 33 9'],
    ['03,15,22,27,30,33,+09', 'int-list:7', null],
    ['3、15、22、27、30、33、9', 'int-list:7', '3 15 22 27 30 33 9'],
    ['3 15 22', 'int-list:7', null],
    ['3,056.7', 'decimal:2', '3056.70'],
    ['3056.789', 'decimal:2', null],
    ['0003056', 'decimal:0', '3056'],
    ['3056.', 'decimal:1', '3056.0'],
    ['abc', 'decimal:2', null],
    ['1', 'unknown:1', null],
  ])('%s as %s → %s', (raw, format, expected) => {
    expect(canonicalSourceValue(raw, format)).toBe(expected);
    if (expected !== null) expect(isCanonicalSourceValue(expected, format)).toBe(true);
  });
  it('only the canonical form is accepted in a bundle', () => {
    expect(isCanonicalSourceValue('03 15', 'int-list:2')).toBe(false);
    expect(isCanonicalSourceValue('3  15', 'int-list:2')).toBe(false);
    expect(isCanonicalSourceValue('3056.7', 'decimal:2')).toBe(false);
  });
});

describe('canonical pool lists', () => {
  const list: PoolList = {
    county: '379901',
    year: 2026,
    code: 'p-yucai',
    name: '示例县育才民办小学',
    kind: 'places',
    places: 2,
    entries: [
      { receipts: ['379901-A02-260616-0007-B'], name: '李*' },
      { receipts: ['379901-A01-260615-0043-7', '379901-A01-260615-0042-K'], name: '张*明、张*亮' },
    ],
  };

  it('is sorted by receipt, siblings one line, UTF-8 with LF after every line', () => {
    expect(listText(list)).toBe(
      'ENROLL-LOTTERY-v1 LIST\ncounty 379901\nyear 2026\npool p-yucai\nname 示例县育才民办小学\nkind places\nplaces 2\nentries 2\n' +
        '379901-A01-260615-0042-K+379901-A01-260615-0043-7\t张*明、张*亮\n379901-A02-260616-0007-B\t李*\n',
    );
  });

  it('reads back exactly what it wrote', () => {
    const parsed = parseListText(listText(list));
    expect(parsed.ok && listText(parsed.list)).toBe(listText(list));
  });

  it.each([
    ['CRLF line ends', (t: string) => t.replace(/\n/g, '\r\n'), /回车符/],
    ['no final LF', (t: string) => t.slice(0, -1), /换行符/],
    ['unsorted', (t: string) => t.replace(/(379901-A01[^\n]*\n)(379901-A02[^\n]*\n)/, '$2$1'), /升序/],
    ['a receipt twice', (t: string) => t.replace('379901-A02-260616-0007-B', '379901-A01-260615-0043-7'), /重复/],
    ['wrong count', (t: string) => t.replace('entries 2', 'entries 3'), /与 entries 3 不符/],
    ['a tab in a name', (t: string) => t.replace('李*', '李\t*'), /回执号<TAB>姓名/],
  ])('refuses %s', (_label, edit, detail) => {
    const parsed = parseListText(edit(listText(list)));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.detail).toMatch(detail);
  });
});

describe('the draw and its bundle', () => {
  const SEED = 20260720;
  const bundle = sampleBundle(SEED, { pools: [120, 40], siblingShare: 0.05 });

  it('verifies, and the same inputs give byte-identical bundles', () => {
    const v = verifyBundle(JSON.stringify(bundle));
    expect(v).toMatchObject({ ok: true, seed: bundle.draw.seed, resultDigest: bundle.resultDigest });
    expect(JSON.stringify(sampleBundle(SEED, { pools: [120, 40], siblingShare: 0.05 }))).toBe(JSON.stringify(bundle));
  });

  it('admits up to the places, siblings taking two, and closes the list at the first entry that does not fit', () => {
    for (const r of bundle.results) {
      const pool = bundle.announcement.pools.find((p) => p.code === r.pool)!;
      const rows = r.text.trimEnd().split('\n').slice(3).map((l) => l.split('\t'));
      const statuses = rows.map((c) => c[4]);
      const firstWaiting = statuses.indexOf('waiting');
      expect(statuses.slice(firstWaiting).every((s) => s === 'waiting')).toBe(true);
      const seats = rows.filter((c) => c[4] === 'admitted').reduce((n, c) => n + (c[1] ?? '').split('+').length, 0);
      expect(seats).toBeLessThanOrEqual(pool.places);
      expect(seats + (rows[firstWaiting]?.[1] ?? '').split('+').length).toBeGreaterThan(pool.places);
      const keys = rows.map((c) => c[3] ?? '');
      expect([...keys].sort()).toEqual(keys);
    }
  });

  it('refuses a wrong secret, naming the party', () => {
    const b = clone(bundle);
    b.draw.secrets[1]!.secret = 'B-WRONGWRONGWRONGWRONGWRONG';
    const v = verifyBundle(JSON.stringify(b));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reasons).toEqual([{ code: 'SECRET_MISMATCH', message: expect.stringContaining('示例县教育和体育局') as string }]);
  });

  it('refuses a changed list (one line, one character)', () => {
    const b = clone(bundle);
    const pool = b.announcement.pools[0]!;
    pool.list = pool.list.replace(/\n([^\n]+)\t([^\n]+)\n$/, (_all, r: string, n: string) => `\n${r}\t${n === '王*' ? '李*' : '王*'}\n`);
    expect(reasonsOf(b)).toEqual(['LIST_CHANGED']);
  });

  it('refuses a list whose digest was changed with it (the announcement no longer matches)', () => {
    const b = clone(bundle);
    const pool = b.announcement.pools[0]!;
    pool.list = pool.list.replace(/\n[^\n]+\n$/, '\n');
    pool.list = pool.list.replace(/entries (\d+)/, (_a, n: string) => `entries ${Number(n) - 1}`);
    pool.listDigest = sha256Hex(utf8ToBytes(pool.list));
    expect(reasonsOf(b)).toEqual(['ANNOUNCEMENT_CHANGED']);
  });

  it('refuses a changed source value', () => {
    const b = clone(bundle);
    b.draw.sources[0]!.value = b.draw.sources[0]!.value.replace(/^\d+/, (n) => String(Number(n) + 1));
    const v = verifyBundle(JSON.stringify(b));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reasons).toEqual([{ code: 'SEED_MISMATCH', message: expect.stringContaining('种子来源值') as string }]);
  });

  it('refuses a source value written in another form, and a fallback without a reason', () => {
    const b = clone(bundle);
    b.draw.sources[1]!.value = `0${b.draw.sources[1]!.value}`;
    expect(reasonsOf(b)).toEqual(['SOURCE_NOT_CANONICAL']);
    const c = clone(bundle);
    c.draw.sources[1]!.skipped = [];
    expect(reasonsOf(c)).toEqual(['SOURCE_FALLBACK_UNEXPLAINED']);
  });

  it('refuses a changed result and a changed result digest', () => {
    const b = clone(bundle);
    const lines = b.results[0]!.text.split('\n');
    const [a1, a2] = [lines[3]!.split('\t'), lines[4]!.split('\t')];
    lines[3] = [a1[0], a2[1], a2[2], a2[3], a1[4]].join('\t');
    lines[4] = [a2[0], a1[1], a1[2], a1[3], a2[4]].join('\t');
    b.results[0]!.text = lines.join('\n');
    expect(reasonsOf(b)).toEqual(['RESULT_MISMATCH']);
    const c = clone(bundle);
    c.resultDigest = '0'.repeat(64);
    expect(reasonsOf(c)).toEqual(['RESULT_DIGEST_MISMATCH']);
  });

  it('checks the announcement digest published before the draw, when given', () => {
    expect(reasonsOf(bundle, { expectedAnnouncementDigest: bundle.announcement.digest.toUpperCase() })).toEqual([]);
    expect(reasonsOf(bundle, { expectedAnnouncementDigest: 'f'.repeat(64) })).toEqual(['ANNOUNCEMENT_MISMATCH']);
  });

  it.each([
    ['not JSON', '{"format":', 'BUNDLE_UNREADABLE'],
    ['another format', JSON.stringify({ format: 'X' }), 'FORMAT_UNKNOWN'],
    ['no pools', JSON.stringify({ ...bundle, announcement: { ...bundle.announcement, pools: [] } }), 'BUNDLE_MALFORMED'],
  ])('refuses %s', (_label, text, code) => {
    const v = verifyBundle(text);
    expect(!v.ok && v.reasons.map((r) => r.code)).toEqual([code]);
  });

  it('the ceremony itself refuses a wrong secret or a non-canonical value before building a seed', () => {
    const s = sampleLottery(7, { pools: [10] });
    const a = announce(s.announcement);
    const ok = { sources: [{ used: 1, skipped: [], value: s.sourceValues[0]! }, { used: 1, skipped: [], value: s.sourceValues[1]! }], secrets: s.secrets };
    expect(() => draw(a, ok)).not.toThrow();
    expect(() => draw(a, { ...ok, secrets: [{ ...s.secrets[0]!, secret: 'x'.repeat(20) }, ...s.secrets.slice(1)] })).toThrow(LotteryInputError);
    expect(() => draw(a, { ...ok, sources: [{ used: 1, skipped: [], value: '1 2 3' }, ok.sources[1]!] })).toThrow(/不符合公告规定的格式/);
  });
});

describe('ranking', () => {
  const entries = (n: number, base = 0) => Array.from({ length: n }, (_, i) => ({ receipts: [`R${String(base + i).padStart(5, '0')}`], name: '张*' }));
  const pool = (n: number, places: number): PoolList => ({ county: '379901', year: 2026, code: 'p-yucai', name: '育才', kind: 'places', places, entries: entries(n) });

  it('is independent: removing one entry does not reorder the others (fast-check)', () => {
    const seedArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''));
    fc.assert(
      fc.property(seedArb, fc.integer({ min: 2, max: 60 }), fc.nat(), (seed, n, k) => {
        const full = rankList(seed, pool(n, 0)).map((r) => r.entry.receipts[0]);
        const removed = full[k % n]!;
        const without = rankList(seed, { ...pool(n, 0), entries: entries(n).filter((e) => e.receipts[0] !== removed) }).map((r) => r.entry.receipts[0]);
        expect(without).toEqual(full.filter((r) => r !== removed));
      }),
      { numRuns: 300 },
    );
  });

  it("depends only on the entry's own receipt, the pool code and the seed", () => {
    const seed = 'ab'.repeat(32);
    expect(entryKey(seed, 'p-yucai', 'R00001')).not.toBe(entryKey(seed, 'j-boya', 'R00001'));
    expect(rankList(seed, pool(5, 2)).find((r) => r.entry.receipts[0] === 'R00003')?.key).toBe(entryKey(seed, 'p-yucai', 'R00003'));
  });

  it('is uniform: chi-square of every entry over every position, across many seeds', () => {
    // n entries, M seeds: each entry's count at each position should be M/n. Seeds are SHA-256 of a
    // printed counter, so the run is reproducible; the threshold is the 0.1 % point of chi-square.
    const n = 8;
    const M = 8000;
    const base = 'uniformity-2026';
    console.log(`uniformity: seeds = SHA-256("${base}-<i>") for i < ${M}, ${n} entries`);
    const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    const admitted = new Array<number>(n).fill(0);
    for (let i = 0; i < M; i++) {
      const seed = sha256Hex(utf8ToBytes(`${base}-${i}`));
      rankList(seed, pool(n, 3)).forEach((r, pos) => {
        const who = Number(r.entry.receipts[0]!.slice(1));
        counts[who]![pos]! += 1;
        if (r.status === 'admitted') admitted[who]! += 1;
      });
    }
    const expected = M / n;
    const CHI2_DF7_P001 = 24.322;
    for (let who = 0; who < n; who++) {
      const chi2 = counts[who]!.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
      expect(chi2, `entry ${who}: ${counts[who]!.join(' ')}`).toBeLessThan(CHI2_DF7_P001);
    }
    for (let pos = 0; pos < n; pos++) {
      const col = counts.map((row) => row[pos]!);
      const chi2 = col.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
      expect(chi2, `position ${pos}: ${col.join(' ')}`).toBeLessThan(CHI2_DF7_P001);
    }
    // Each entry is admitted with probability places/n = 3/8; 4 standard deviations either side.
    const p = 3 / n;
    const sd = Math.sqrt(M * p * (1 - p));
    for (const a of admitted) expect(Math.abs(a - M * p)).toBeLessThan(4 * sd);
  });

  it('a key compares as a 256-bit number: hex order is numeric order', () => {
    const ranked = rankList('cd'.repeat(32), pool(40, 10));
    const nums = ranked.map((r) => BigInt(`0x${r.key}`));
    for (let i = 1; i < nums.length; i++) expect(nums[i - 1]! < nums[i]!).toBe(true);
  });
});
