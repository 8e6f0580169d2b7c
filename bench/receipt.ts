// receipt.cold_ms, receipt.warm_p50_ms, receipt.kb: the receipt as the desk renders it (Noto Sans SC subsets
// with per-glyph fallback, fonts parsed once per process), beside the same receipt through pdfmake with the
// full Noto Sans CJK collection loaded directly (Debian fonts-noto-cjk), measured in the same run. Each side
// runs in its own fresh Node process, so "cold" is a first receipt: fonts read and parsed, nothing cached.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { figure, percentile, type Figure } from './lib';

const TTC = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
const WARM_RUNS = 40;

interface Sample {
  coldMs: number;
  warmMs: number[];
  bytes: number;
}

function runChild(mode: 'desk' | 'baseline'): Sample {
  const out = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename], {
    env: { ...process.env, RECEIPT_BENCH_CHILD: mode },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Sample;
}

export function benchReceipt(): Promise<Figure[]> {
  const desk = runChild('desk');
  const label = 'pdfmake + full Noto Sans CJK TTC';
  if (!existsSync(TTC)) {
    console.error(`bench: receipt baseline skipped: ${TTC} absent (apt-get install fonts-noto-cjk)`);
    const none = 'baseline not measured (fonts-noto-cjk absent)';
    return Promise.resolve([
      figure('receipt.cold_ms', desk.coldMs, 'ms', NaN, none, { max: 500 }),
      figure('receipt.warm_p50_ms', percentile(desk.warmMs, 50), 'ms', NaN, none, { max: 40 }),
      figure('receipt.kb', desk.bytes / 1024, 'KB', NaN, none, { max: 80 }),
    ]);
  }
  const base = runChild('baseline');
  return Promise.resolve([
    figure('receipt.cold_ms', desk.coldMs, 'ms', base.coldMs, label, { max: 500 }),
    figure('receipt.warm_p50_ms', percentile(desk.warmMs, 50), 'ms', percentile(base.warmMs, 50), label, { max: 40 }),
    figure('receipt.kb', desk.bytes / 1024, 'KB', base.bytes / 1024, label, { max: 80 }),
  ]);
}

async function child(mode: string): Promise<void> {
  // Code loads with the desk (the core bundle imports it at start-up); cold is the first receipt after that:
  // reading and parsing fonts, first layout, first subset.
  const { buildDocument } = await import('../shared/print/documents');
  const { printData } = await import('../electron/core/testing/printData');
  const def = () => buildDocument('receipt', 'A4', printData());
  let render: () => Promise<Buffer>;
  if (mode === 'desk') {
    const { renderPdf } = await import('../electron/core/services/printing/render');
    render = async () => (await renderPdf(def())).pdf;
  } else {
    const pdfmake = (await import('pdfmake')).default;
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy(() => true);
    // pdfmake passes [file, face name] to pdfkit, which picks the SC face out of the collection.
    const face = [TTC, 'NotoSansCJKsc-Regular'] as unknown as string;
    pdfmake.setFonts({ DeskSans: { normal: face, bold: face, italics: face, bolditalics: face } });
    render = async () => Buffer.from(await pdfmake.createPdf(def()).getBuffer());
  }
  const t0 = performance.now();
  const first = await render();
  const coldMs = performance.now() - t0;
  const warmMs: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    const t = performance.now();
    await render();
    warmMs.push(performance.now() - t);
  }
  process.stdout.write(`${JSON.stringify({ coldMs, warmMs, bytes: first.length } satisfies Sample)}\n`);
}

if (process.env.RECEIPT_BENCH_CHILD) {
  void child(process.env.RECEIPT_BENCH_CHILD).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
