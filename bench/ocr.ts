// ocr.* figures: suggestions read from scanned pages, measured on a generated set of rendered, badly photographed
// pages (electron/core/testing/ocrPages.ts: 户口簿 登记卡 and 户主页, 不动产权证书 spreads, 居住证; rotation,
// blur, noise, uneven light, JPEG q45–80), each page stored through the desk's own page pipeline first.
//   ocr.field_accuracy.<field>: exact matches offered ÷ pages carrying that field. Baseline: the share of those
//     pages whose true value appears verbatim in the recognised text (what recognition alone got right).
//   ocr.id_wrong_offered: wrong ID numbers offered (goal 0). Baseline: a reader taking the first 18-character run.
//   ocr.page_ms: p50 per page through the OCR worker thread. Baseline: the engine called directly, same pages.
//   ocr.keys_per_page: keys the clerk presses for the page's form fields (name, ID number, 迁入 date, address,
//     owner, registration date, certificate number) with the suggestions: F4 for a right value offered, the typed
//     value plus the wasted F4 for a wrong one, the typed value where none is offered or it is incomplete.
//     Baseline: typing every value (a Han character as 3 pinyin keys + 1 choice, as the clerk bench counts).
//   ocr.flag_false_alarm: of the values offered right, the share flagged (a character marked uncertain, or the
//     value incomplete) — the clerk checks them for nothing. ocr.flag_missed: of the values offered wrong, the
//     share not flagged — taken with one key unwarned. Baseline for both: flagging a value when its line's mean
//     probability is below the same threshold (UNCERTAIN_BELOW) instead of any one character's.
//   ocr.spread_field_accuracy: on 户口簿 spreads (the householder's and a child's 登记卡 on one page), each
//     person's fields read right under that person's own index ÷ the people's fields. Baseline: true value in the
//     recognised text. ocr.spread_wrong_person: values offered under one person that are another's (goal 0);
//     baseline: the person values offered.
//   ocr.rare_name_unwarned: pages whose name has a character outside the recogniser's dictionary (𠮷, 龑, 𪚥 …) where a
//     wrong name is offered without a warning. Baseline: the same under the line-mean rule.
// OCR_BENCH_PAGES (default 12) pages per layout, OCR_BENCH_SPREADS (default 6) spreads, OCR_BENCH_RARE (default 6)
// rare-name pages; OCR_BENCH_SEED moves the set.
import sharp from 'sharp';
import { OcrEngine } from '../electron/core/services/ocr/engine';
import { extractFields, FIELDS_OF, UNCERTAIN_BELOW } from '../electron/core/services/ocr/fields';
import { defaultModelsDir, WorkerOcr } from '../electron/core/services/ocr/pool';
import { LAYOUTS, testPage, type TestPage } from '../electron/core/testing/ocrPages';
import { processFile } from '../electron/core/services/documents/process';
import { DEV_OCR_WORKER } from '../electron/harness/testPorts';
import type { SuggestionField } from '../shared/contract/cardReader';
import { figure, percentile, type Figure } from './lib';

/** Fields a suggestion fills in the form (the rest are shown for checking). */
const FORM_FIELDS: ReadonlySet<SuggestionField> = new Set(['name', 'idNumber', 'moveInDate', 'address', 'owner', 'registrationDate', 'certificateNumber']);

/** Keys to type a value: a Han character as 3 pinyin keys and 1 choice, anything else 1 (dates typed as printed). */
export function typedKeys(value: string): number {
  return [...value].reduce((n, ch) => n + (/\p{Script=Han}/u.test(ch) ? 4 : 1), 0);
}

const PER_LAYOUT = Number(process.env.OCR_BENCH_PAGES ?? 12);
const SEED = Number(process.env.OCR_BENCH_SEED ?? 170_000);
const SPREADS = Number(process.env.OCR_BENCH_SPREADS ?? 6);
const RARE = Number(process.env.OCR_BENCH_RARE ?? 6);
/**
 * Names with characters outside the recogniser's dictionary (Ext A/B and rare BMP ones the fonts print): the values
 * a page cannot give right, so ocr.flag_missed measures whether the clerk is warned about them.
 */
const RARE_NAMES = ['𠮷田明', '王龑', '李𪚥', '张䶮', '陈𬌗', '赵堃'] as const;

export async function benchOcr(): Promise<Figure[]> {
  console.error(`bench: ocr: ${PER_LAYOUT} pages per layout, seeds ${SEED}…${SEED + PER_LAYOUT * LAYOUTS.length - 1}`);
  const pages: Array<TestPage & { stored: Buffer; rare?: true }> = [];
  for (let i = 0; i < PER_LAYOUT; i++) {
    for (const [j, layout] of LAYOUTS.entries()) {
      const page = await testPage(layout, SEED + i * LAYOUTS.length + j);
      // What the desk keeps of a capture (EXIF orientation, fit inside ≈200 dpi A4, JPEG) is what OCR reads.
      const stored = (await processFile(`${page.layout}-${page.seed}.jpg`, page.image))[0]?.data;
      if (!stored) throw new Error(`page ${page.seed} was not stored`);
      pages.push({ ...page, stored });
    }
  }
  // Rare-character names: counted in the flag figures and ocr.rare_name_*, not in accuracy or keys (the set above).
  const layouts: TestPage['layout'][] = ['hukou_card', 'residence_permit'];
  for (let i = 0; i < RARE; i++) {
    const layout = layouts[i % layouts.length]!;
    const page = await testPage(layout, SEED + 20_000 + i, { name: RARE_NAMES[i % RARE_NAMES.length] });
    const stored = (await processFile(`rare-${page.seed}.jpg`, page.image))[0]?.data;
    if (!stored) throw new Error(`page ${page.seed} was not stored`);
    pages.push({ ...page, stored, rare: true });
  }
  const worker = new WorkerOcr({ workerScript: DEV_OCR_WORKER, modelsDir: defaultModelsDir() });
  const engine = await OcrEngine.create({ modelsDir: defaultModelsDir() });
  try {
    // Warm both: the first run of each model allocates its buffers.
    const warm = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    await worker.recognise(warm);
    await engine.recognise(warm);

    const hits = new Map<SuggestionField, { n: number; ok: number; seen: number }>();
    let wrongIds = 0;
    let keysWith = 0;
    let keysTyped = 0;
    let naiveWrongIds = 0;
    const flags = { right: 0, rightFlagged: 0, rightLine: 0, wrong: 0, wrongUnflagged: 0, wrongLine: 0 };
    /** Rare-name pages: the name offered wrong without a warning (taken with one key), beside the line-mean rule. */
    const rare = { pages: 0, unwarned: 0, unwarnedLine: 0 };
    const viaWorker: number[] = [];
    const direct: number[] = [];
    for (const page of pages) {
      const r = await worker.recognise(page.stored);
      viaWorker.push(r.ms);
      const t0 = performance.now();
      await engine.recognise(page.stored);
      direct.push(performance.now() - t0);

      const fields = extractFields(page.kind, r.lines);
      const offered = new Map(fields.map((f) => [f.field, f.value]));
      for (const f of fields) {
        const truth = page.truth[f.field];
        if (truth === undefined) continue;
        const flagged = (f.uncertain?.length ?? 0) > 0 || f.incomplete === true;
        const lineFlagged = f.confidence < UNCERTAIN_BELOW;
        if (f.value === truth) {
          flags.right++;
          if (flagged) flags.rightFlagged++;
          if (lineFlagged) flags.rightLine++;
        } else {
          flags.wrong++;
          if (!flagged) flags.wrongUnflagged++;
          if (!lineFlagged) flags.wrongLine++;
        }
      }
      if (page.rare) {
        const name = fields.find((f) => f.field === 'name');
        rare.pages++;
        if (name && name.value !== page.truth.name) {
          console.error(`bench: ocr: rare name ${page.truth.name ?? ''} offered as ${name.value}${(name.uncertain?.length ?? 0) > 0 || name.incomplete ? ' (flagged)' : ' (NOT flagged)'}`);
          if ((name.uncertain?.length ?? 0) === 0 && name.incomplete !== true) rare.unwarned++;
          if (name.confidence >= UNCERTAIN_BELOW) rare.unwarnedLine++;
        }
        continue;
      }
      for (const field of FIELDS_OF[page.kind]) {
        const truth = page.truth[field];
        if (truth === undefined || !FORM_FIELDS.has(field)) continue;
        const f = fields.find((x) => x.field === field);
        keysTyped += typedKeys(truth);
        keysWith += f && !f.incomplete ? (f.value === truth ? 1 : typedKeys(truth) + 1) : typedKeys(truth);
      }
      const text = r.lines.map((l) => l.text.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')')).join('\n');
      for (const field of FIELDS_OF[page.kind]) {
        const truth = page.truth[field];
        if (truth === undefined) continue;
        const h = hits.get(field) ?? { n: 0, ok: 0, seen: 0 };
        h.n++;
        const got = offered.get(field);
        if (got === truth) h.ok++;
        else console.error(`bench: ocr: ${page.layout} seed ${page.seed} ${field}: expected ${truth}, offered ${got ?? '(nothing)'}`);
        if (text.includes(truth) || text.includes(truth.replace(/-/g, '')) || textHasDate(text, truth)) h.seen++;
        hits.set(field, h);
        if (field === 'idNumber') {
          if (got !== undefined && got !== truth) wrongIds++;
          const naive = /\d{17}[\dXx]/.exec(text)?.[0];
          if (naive !== undefined && naive !== truth) naiveWrongIds++;
        }
      }
    }
    const figures: Figure[] = [];
    for (const [field, h] of hits) {
      figures.push(
        figure(`ocr.field_accuracy.${field}`, h.ok / h.n, 'fraction', h.seen / h.n, `true value in recognised text (${h.n} pages)`, field === 'idNumber' ? { min: 0.95 } : {}),
      );
    }
    const counted = pages.filter((p) => !p.rare).length;
    figures.push(figure('ocr.rare_name_unwarned', rare.unwarned, 'pages', rare.unwarnedLine, `line mean below ${UNCERTAIN_BELOW} (${rare.pages} pages with a name outside the recogniser's dictionary)`, { max: 0 }));
    figures.push(figure('ocr.id_wrong_offered', wrongIds, 'numbers', naiveWrongIds, 'first 18-character run, no check digit', { max: 0 }));
    figures.push(figure('ocr.keys_per_page', keysWith / counted, 'keys', keysTyped / counted, `typing every form value (${counted} pages)`, { max: keysTyped / counted / 2 }));
    // Spreads: two people on a page, each field under its own person.
    const spread = { fields: 0, ok: 0, seen: 0, offered: 0, wrongPerson: 0 };
    for (let i = 0; i < SPREADS; i++) {
      const page = await testPage('hukou_spread', SEED + 10_000 + i);
      const stored = (await processFile(`spread-${page.seed}.jpg`, page.image))[0]?.data;
      if (!stored) throw new Error(`page ${page.seed} was not stored`);
      const r = await worker.recognise(stored);
      const people = page.persons ?? [];
      const text = r.lines.map((l) => l.text.replace(/\s+/g, '')).join('\n');
      for (const truth of people) {
        for (const value of Object.values(truth)) {
          spread.fields++;
          if (text.includes(value) || textHasDate(text, value)) spread.seen++;
        }
      }
      for (const f of extractFields(page.kind, r.lines)) {
        if (f.person === undefined) continue;
        spread.offered++;
        const own = people[f.person]?.[f.field];
        if (own === f.value) spread.ok++;
        else {
          console.error(`bench: ocr: spread seed ${page.seed} person ${f.person} ${f.field}: expected ${own ?? '(none)'}, offered ${f.value}`);
          if (people.some((p, k) => k !== f.person && p[f.field] === f.value)) spread.wrongPerson++;
        }
      }
    }
    const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
    figures.push(figure('ocr.spread_field_accuracy', share(spread.ok, spread.fields), 'fraction', share(spread.seen, spread.fields), `true value in recognised text (${SPREADS} spreads, ${spread.fields} fields)`, {}));
    figures.push(figure('ocr.spread_wrong_person', spread.wrongPerson, 'values', spread.offered, 'person values offered', { max: 0 }));
    figures.push(
      figure('ocr.flag_false_alarm', share(flags.rightFlagged, flags.right), 'fraction', share(flags.rightLine, flags.right), `line mean below ${UNCERTAIN_BELOW} (${flags.right} values offered right)`, {}),
    );
    figures.push(figure('ocr.flag_missed', share(flags.wrongUnflagged, flags.wrong), 'fraction', share(flags.wrongLine, flags.wrong), `line mean below ${UNCERTAIN_BELOW} (${flags.wrong} values offered wrong)`, {}));
    figures.push(figure('ocr.page_ms', percentile(viaWorker, 50), 'ms', percentile(direct, 50), `engine called directly (${pages.length} pages)`, { max: 1500 }));
    figures.push(figure('ocr.page_p95_ms', percentile(viaWorker, 95), 'ms', percentile(direct, 95), 'engine called directly, p95', {}));
    return figures;
  } finally {
    worker.close();
  }
}

/** A date truth (YYYY-MM-DD) as printed: 2016年07月23日 or 2016.07.23. */
function textHasDate(text: string, iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m !== null && (text.includes(`${m[1]}年${m[2]}月${m[3]}日`) || text.includes(`${m[1]}.${m[2]}.${m[3]}`));
}
