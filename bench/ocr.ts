// ocr.* figures: suggestions read from scanned pages, measured on a generated set of rendered, badly photographed
// pages (electron/core/services/ocr/testPages.ts: 户口簿 登记卡 and 户主页, 不动产权证书 spreads, 居住证; rotation,
// blur, noise, uneven light, JPEG q45–80), each page stored through the desk's own page pipeline first.
//   ocr.field_accuracy.<field>: exact matches offered ÷ pages carrying that field. Baseline: the share of those
//     pages whose true value appears verbatim in the recognised text (what recognition alone got right).
//   ocr.id_wrong_offered: wrong ID numbers offered (goal 0). Baseline: a reader taking the first 18-character run.
//   ocr.page_ms: p50 per page through the OCR worker thread. Baseline: the engine called directly, same pages.
//   ocr.keys_per_page: keys the clerk presses for the page's form fields (name, ID number, 迁入 date, address,
//     owner, registration date, certificate number) with the suggestions: F4 for a right value offered, the typed
//     value plus the wasted F4 for a wrong one, the typed value where none is offered or it is incomplete.
//     Baseline: typing every value (a Han character as 3 pinyin keys + 1 choice, as the clerk bench counts).
// OCR_BENCH_PAGES (default 12) pages per layout; OCR_BENCH_SEED moves the set.
import sharp from 'sharp';
import { OcrEngine } from '../electron/core/services/ocr/engine';
import { extractFields, FIELDS_OF } from '../electron/core/services/ocr/fields';
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

export async function benchOcr(): Promise<Figure[]> {
  console.error(`bench: ocr: ${PER_LAYOUT} pages per layout, seeds ${SEED}…${SEED + PER_LAYOUT * LAYOUTS.length - 1}`);
  const pages: Array<TestPage & { stored: Buffer }> = [];
  for (let i = 0; i < PER_LAYOUT; i++) {
    for (const [j, layout] of LAYOUTS.entries()) {
      const page = await testPage(layout, SEED + i * LAYOUTS.length + j);
      // What the desk keeps of a capture (EXIF orientation, fit inside ≈200 dpi A4, JPEG) is what OCR reads.
      const stored = (await processFile(`${page.layout}-${page.seed}.jpg`, page.image))[0]?.data;
      if (!stored) throw new Error(`page ${page.seed} was not stored`);
      pages.push({ ...page, stored });
    }
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
    figures.push(figure('ocr.id_wrong_offered', wrongIds, 'numbers', naiveWrongIds, 'first 18-character run, no check digit', { max: 0 }));
    figures.push(figure('ocr.keys_per_page', keysWith / pages.length, 'keys', keysTyped / pages.length, `typing every form value (${pages.length} pages)`, { max: keysTyped / pages.length / 2 }));
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
