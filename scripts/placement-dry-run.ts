// Dry run of placement on the sample county, in the terminal, until the county console shows it:
//
//   npx tsx scripts/placement-dry-run.ts                      # per-school table and sample explanations
//   npx tsx scripts/placement-dry-run.ts --bundle out.json    # also hold a sample draw and write its bundle
//   node tools/lottery-verify/verify.mjs out.json             # …which anyone can verify
//
// The applications are generated (shared/placement/sampleCounty.ts, seed printed); the draw's public values
// and secrets are sample values, marked as such in the bundle's title.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { validatePlan } from '../shared/plan/schema';
import { drawOf, place } from '../shared/placement/place';
import { sampleApplications } from '../shared/placement/sampleCounty';
import { announce, draw } from '../shared/lottery/bundle';
import { commitmentOf } from '../shared/lottery/spec';
import type { PlacementResult } from '../shared/placement/types';

const { values } = parseArgs({ options: { seed: { type: 'string', default: '2026' }, bundle: { type: 'string' } } });
const seed = Number(values.seed);
const checked = validatePlan(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json'), 'utf8')));
if (!checked.ok) throw new Error('sample plan invalid');
const plan = checked.plan;
const applications = sampleApplications(plan, { seed });
console.log(`示例县 · ${applications.length} 份已审核通过的申请（生成种子 ${seed}）\n`);

function table(r: PlacementResult): void {
  const mark = { red: '红', yellow: '黄', green: '绿' } as const;
  console.log(['学校', '计划', '报名', '录取', '待派位', '调剂进', '余位', '压力', '录取线'].join('\t'));
  for (const s of r.schools) {
    console.log([s.name, s.places, s.applicants, s.admitted, s.awaitingLottery, s.reassignedIn, s.spare, `${s.pressure}% ${mark[s.pressureLevel]}`, s.cutoff?.line ?? '全部录取'].join('\t'));
  }
  const by = (st: string) => r.children.filter((c) => c.status === st).length;
  console.log(`\n已录取 ${by('admitted')} · 待派位 ${by('awaiting_lottery')} · 已调剂 ${by('reassigned')} · 待调剂 ${by('awaiting_reassignment')}\n`);
}

const dry = place(plan, { applications });
if (!dry.ok) throw new Error(JSON.stringify(dry.problems.slice(0, 3)));
console.log('派位前（试运行）');
table(dry.result);
console.log(`需要派位的名单：${dry.result.pools.map((p) => `${p.name}（${p.code}，${p.entries.length} 条）`).join('、')}\n`);

if (values.bundle) {
  const secrets = [
    { party: 'notary', name: '示例县公证处', secret: 'N-SAMPLE-0001-NOT-SECRET' },
    { party: 'bureau', name: '示例县教育和体育局', secret: 'B-SAMPLE-0002-NOT-SECRET' },
  ];
  const a = announce({
    county: plan.county.code,
    year: plan.year,
    title: '示例县（示例）2026 年电脑随机派位（示例数据，不具效力）',
    pools: dry.result.pools,
    sources: [{ candidates: [{ id: 'ssq-2026085', description: '中国福利彩票双色球第 2026085 期开奖号码（示例值）', format: 'int-list:7' }] }],
    parties: secrets.map((s) => ({ id: s.party, name: s.name, commitment: commitmentOf(s.secret) })),
  });
  const bundle = draw(a, { sources: [{ used: 1, skipped: [], value: '3 11 17 22 28 31 9' }], secrets: secrets.map(({ party, secret }) => ({ party, secret })) });
  writeFileSync(values.bundle, JSON.stringify(bundle, null, 2));
  const done = place(plan, { applications, draw: drawOf(bundle) });
  if (!done.ok) throw new Error(JSON.stringify(done.problems.slice(0, 3)));
  console.log(`派位后（公告摘要 ${a.digest}，种子 ${bundle.draw.seed}）`);
  table(done.result);
  for (const c of done.result.children.filter((_, i) => i % 400 === 0)) console.log(`${c.receiptNo}  ${c.explanation}`);
  console.log(`\n结果包已写入 ${values.bundle}；验证：node tools/lottery-verify/verify.mjs ${values.bundle}`);
} else {
  for (const c of dry.result.children.filter((_, i) => i % 400 === 0)) console.log(`${c.receiptNo}  ${c.explanation}`);
}
