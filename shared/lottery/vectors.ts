import { bytesToHex } from '@noble/hashes/utils';
import { announce, draw, type AnnouncementInput, type DrawInput, type LotteryBundle } from './bundle';
import { announcementText, commitmentOf, entryKey, parseListText, seedPreimage } from './spec';
import type { LotteryReasonCode } from '../i18n/zhCN.lottery';

// The golden vectors in docs/lottery-vectors/, as data. `npx tsx scripts/lottery-vectors.ts` writes them;
// a test fails when this code and the committed files disagree, so the encoding cannot drift silently.
// Another implementation passes when it reproduces every `expected` value and refuses every refusal case.

const SECRETS = [
  { party: 'notary', name: '示例县公证处', secret: 'N-7QK2-M9XD-4RTA-C8PV' },
  { party: 'bureau', name: '示例县教育和体育局', secret: 'B-H3J8-2WLE-Q6ZS-91NF' },
  { party: 'parents', name: '家长代表（抽签产生）', secret: 'P-5UYC-TK47-0GBR-XW3M' },
];

function basicAnnouncement(): AnnouncementInput {
  return {
    county: '379901',
    year: 2026,
    title: '示例县（示例）2026 年民办义务教育学校电脑随机派位（规范测试向量）',
    pools: [
      {
        code: 'p-yucai',
        name: '示例县育才民办小学',
        kind: 'places',
        // Two places: 李* takes one, the twins need two, so the list closes there with a place left (the stop rule).
        places: 2,
        entries: [
          { receipts: ['379901-A01-260615-0042-K', '379901-A01-260615-0043-7'], name: '张*明、张*亮' },
          { receipts: ['379901-A02-260616-0007-B'], name: '李*' },
          { receipts: ['379901-A01-260617-0101-3'], name: '𠮷*祥' },
          { receipts: ['379901-A03-260618-0015-Q'], name: '阿******提' },
          { receipts: ['379901-A02-260619-0020-8'], name: '王*' },
          { receipts: ['379901-A01-260620-0009-E'], name: '欧**明' },
        ],
      },
      {
        code: 'tiebreak.primary',
        name: '小学同分派位与调剂顺序',
        kind: 'order',
        places: 0,
        entries: [
          { receipts: ['379901-A04-260615-0001-2'], name: '赵*' },
          { receipts: ['379901-A04-260615-0002-H'], name: '钱*华' },
          { receipts: ['379901-A05-260616-0003-5'], name: '孙*' },
          { receipts: ['379901-A05-260616-0004-M'], name: '周*军' },
        ],
      },
    ],
    sources: [
      { candidates: [{ id: 'ssq-2026085', description: '中国福利彩票双色球第 2026085 期开奖号码（6 个红球按开奖顺序，蓝球最后）', format: 'int-list:7' }] },
      {
        candidates: [
          { id: 'sse-20260720', description: '上证综合指数 2026-07-20 收盘点位（两位小数）', format: 'decimal:2' },
          { id: 'szse-20260721', description: '如上证综指当日无收盘点位：深证成份指数 2026-07-21 收盘点位（两位小数）', format: 'decimal:2' },
        ],
      },
    ],
    parties: SECRETS.map((s) => ({ id: s.party, name: s.name, commitment: commitmentOf(s.secret) })),
  };
}

const basicDraw: DrawInput = {
  sources: [
    { used: 1, skipped: [], value: '7 19 3 28 11 32 5' },
    { used: 2, skipped: ['2026-07-20 上海证券交易所休市，按公告顺延至备选来源。'], value: '10000.00' },
  ],
  secrets: SECRETS.map((s) => ({ party: s.party, secret: s.secret })),
};

export interface GoldenVector {
  description: string;
  bundle: LotteryBundle;
  expected: {
    lists: { pool: string; text: string; digest: string }[];
    announcementText: string;
    announcementDigest: string;
    commitments: { party: string; secret: string; commitment: string }[];
    seedPreimageHex: string;
    seed: string;
    keys: { pool: string; entryId: string; key: string }[];
    results: { pool: string; text: string }[];
    resultDigest: string;
  };
}

export interface RefusalVector {
  name: string;
  bundle: unknown;
  /** The reason every conforming verifier gives (the first stage that fails). */
  reason: LotteryReasonCode;
}

export function basicVector(): GoldenVector {
  const a = announce(basicAnnouncement());
  const bundle = draw(a, basicDraw);
  return {
    description:
      'ENROLL-LOTTERY-v1 basic vector: a places pool with siblings (two seats, one entry) that close the list with a place left, 4-byte UTF-8 names, an order-only pool, one source taken from its fallback, three parties.',
    bundle,
    expected: {
      lists: a.pools.map((p) => ({ pool: p.code, text: p.list, digest: p.listDigest })),
      announcementText: announcementText(a),
      announcementDigest: a.digest,
      commitments: SECRETS.map((s) => ({ party: s.party, secret: s.secret, commitment: commitmentOf(s.secret) })),
      seedPreimageHex: bytesToHex(
        seedPreimage({
          county: a.county,
          year: a.year,
          pools: a.pools.map((p) => ({ code: p.code, listDigest: p.listDigest })),
          sources: [
            { id: 'ssq-2026085', value: basicDraw.sources[0]!.value },
            { id: 'szse-20260721', value: basicDraw.sources[1]!.value },
          ],
          secrets: basicDraw.secrets,
        }),
      ),
      seed: bundle.draw.seed,
      keys: a.pools.flatMap((p) => {
        const parsed = parseListText(p.list);
        if (!parsed.ok) throw new Error('vector list unreadable');
        return parsed.list.entries.map((e) => ({ pool: p.code, entryId: e.receipts[0]!, key: entryKey(bundle.draw.seed, p.code, e.receipts[0]!) }));
      }),
      results: bundle.results,
      resultDigest: bundle.resultDigest,
    },
  };
}

export function refusalVectors(): RefusalVector[] {
  const good = basicVector().bundle;
  const edit = (name: string, reason: LotteryReasonCode, change: (b: LotteryBundle) => void): RefusalVector => {
    const b = JSON.parse(JSON.stringify(good)) as LotteryBundle;
    change(b);
    return { name, bundle: b, reason };
  };
  return [
    edit('a wrong secret (one character changed)', 'SECRET_MISMATCH', (b) => (b.draw.secrets[0]!.secret = b.draw.secrets[0]!.secret.replace('7QK2', '7QK3'))),
    edit('a changed list (a name changed after publication)', 'LIST_CHANGED', (b) => (b.announcement.pools[0]!.list = b.announcement.pools[0]!.list.replace('王*', '汪*'))),
    edit('a changed source value (the index close)', 'SEED_MISMATCH', (b) => (b.draw.sources[1]!.value = '10000.01')),
    edit('a source value not in canonical form (leading zero)', 'SOURCE_NOT_CANONICAL', (b) => (b.draw.sources[0]!.value = '07 19 3 28 11 32 5')),
    edit('a fallback source used without a reason', 'SOURCE_FALLBACK_UNEXPLAINED', (b) => (b.draw.sources[1]!.skipped = [])),
    edit('a list with CRLF line ends', 'LIST_MALFORMED', (b) => (b.announcement.pools[1]!.list = b.announcement.pools[1]!.list.replace(/\n/g, '\r\n'))),
    edit('an announcement whose party commitment was replaced', 'ANNOUNCEMENT_CHANGED', (b) => (b.announcement.parties[2]!.commitment = commitmentOf('P-ANOTHER-SECRET-0000'))),
    edit('two ranked lines swapped', 'RESULT_MISMATCH', (b) => {
      const lines = b.results[0]!.text.split('\n');
      [lines[3], lines[4]] = [lines[4]!, lines[3]!];
      b.results[0]!.text = lines.join('\n');
    }),
    edit('a changed result digest', 'RESULT_DIGEST_MISMATCH', (b) => (b.resultDigest = b.resultDigest.replace(/^./, (c) => (c === '0' ? '1' : '0')))),
    edit('another format name', 'FORMAT_UNKNOWN', (b) => ((b as unknown as { format: string }).format = 'ENROLL-LOTTERY-v2')),
  ];
}
