import { makeReceiptNumber } from '../domain/receiptNumber';
import { commitmentOf, type PoolEntry } from './spec';
import { announce, draw, type AnnouncementInput, type LotteryBundle } from './bundle';

// Random but reproducible bundles for tests, the golden vectors and the bench: everything derives from
// one printed integer seed. Not used by the ceremony itself (its randomness comes from the sources).

/** mulberry32: small, fast, good enough to generate test data (never to draw lots). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'子涵浩宇欣怡梓轩雨桐一诺宇轩可馨思远博文嘉怡俊杰佳琪明轩诗涵天佑若曦晨阳语嫣'];
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function sampleName(rand: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const given = rand() < 0.3 ? pick(GIVEN) : pick(GIVEN) + pick(GIVEN);
  return pick(SURNAMES) + given;
}

/** A real receipt number (`379901-A01-260615-0042-K`), unique per (counter, day, seq). */
export function sampleReceipt(county: string, counter: number, day: number, seq: number): string {
  return makeReceiptNumber({ countyCode: county, counterCode: `A${String(counter).padStart(2, '0')}`, date: `2026-06-${String(10 + (day % 20)).padStart(2, '0')}`, seq });
}

export interface SampleBundleOptions {
  /** Entries per pool; a number gives one pool. */
  pools: number[];
  /** Share of entries that are two siblings (one entry, two receipts). */
  siblingShare?: number;
}

function maskLike(name: string): string {
  const chars = [...name];
  return chars.length <= 2 ? `${chars[0]}*` : `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

/** Announcement and draw input for `seed`: pools of the given sizes, two sources (one via its fallback), three parties. */
export function sampleLottery(seed: number, options: SampleBundleOptions): { announcement: AnnouncementInput; secrets: { party: string; secret: string }[]; sourceValues: string[] } {
  const rand = prng(seed);
  const county = '379901';
  let seq = 0;
  const pools = options.pools.map((size, pi) => {
    const entries: PoolEntry[] = [];
    for (let i = 0; i < size; i++) {
      const twins = rand() < (options.siblingShare ?? 0.02);
      const counter = 1 + Math.floor(rand() * 12);
      const day = Math.floor(rand() * 20);
      seq += 1;
      const first = sampleReceipt(county, counter, day, seq);
      const name = sampleName(rand);
      if (twins) {
        seq += 1;
        const second = sampleReceipt(county, counter, day, seq);
        entries.push({ receipts: [first, second], name: `${maskLike(name)}、${maskLike(name.slice(0, 1) + sampleName(rand).slice(1))}` });
      } else entries.push({ receipts: [first], name: maskLike(name) });
    }
    const places = Math.max(1, Math.floor(size * (0.3 + rand() * 0.5)));
    return { code: pi === 0 ? 'p-yucai' : `school-${pi}`, name: pi === 0 ? '示例县育才民办小学' : `示例县第 ${pi} 民办学校`, kind: 'places' as const, places, entries };
  });
  const secret = (label: string) => `${label}-${Array.from({ length: 24 }, () => ALNUM[Math.floor(rand() * 36)]).join('')}`;
  const secrets = [
    { party: 'notary', secret: secret('N') },
    { party: 'bureau', secret: secret('B') },
    { party: 'parents', secret: secret('P') },
  ];
  const balls = Array.from({ length: 7 }, (_, i) => 1 + Math.floor(rand() * (i === 6 ? 16 : 33)));
  const close = (3000 + rand() * 1000).toFixed(2);
  return {
    announcement: {
      county,
      year: 2026,
      title: '示例县（示例）2026 年民办义务教育学校电脑随机派位',
      pools,
      sources: [
        {
          candidates: [
            { id: 'ssq-2026085', description: '中国福利彩票双色球第 2026085 期开奖号码（6 个红球按开奖顺序，蓝球最后）', format: 'int-list:7' },
            { id: 'ssq-2026086', description: '如第 2026085 期未按时开奖：第 2026086 期开奖号码（同上）', format: 'int-list:7' },
          ],
        },
        {
          candidates: [
            { id: 'sse-20260720', description: '上证综合指数 2026-07-20 收盘点位（两位小数）', format: 'decimal:2' },
            { id: 'szse-20260720', description: '如当日休市：深证成份指数下一交易日收盘点位（两位小数）', format: 'decimal:2' },
          ],
        },
      ],
      parties: secrets.map((s) => ({
        id: s.party,
        name: { notary: '示例县公证处', bureau: '示例县教育和体育局', parents: '家长代表（抽签产生）' }[s.party] ?? s.party,
        commitment: commitmentOf(s.secret),
      })),
    },
    secrets,
    sourceValues: [balls.join(' '), close],
  };
}

/** A complete, valid bundle for `seed` (the second source uses its fallback, with the reason written down). */
export function sampleBundle(seed: number, options: SampleBundleOptions): LotteryBundle {
  const s = sampleLottery(seed, options);
  const a = announce(s.announcement);
  return draw(a, {
    sources: [
      { used: 1, skipped: [], value: s.sourceValues[0]! },
      { used: 2, skipped: ['2026-07-20 上海证券交易所因故休市，按公告改用备选来源。'], value: s.sourceValues[1]! },
    ],
    secrets: s.secrets,
  });
}
