// `npm run bench`: every figure beside a baseline measured in the same run; writes bench/results.json.
import { parseArgs } from 'node:util';
import { report, type Figure } from './lib';
import { benchStartup } from './startup';
import { benchIntake } from './intake';
import { benchReceipt } from './receipt';
import { benchServer } from './server';
import { benchScan } from './scan';
import { benchSync } from './sync';

const suites: Record<string, () => Promise<Figure[]>> = {
  startup: benchStartup,
  intake: benchIntake,
  receipt: benchReceipt,
  server: benchServer,
  scan: benchScan,
  sync: benchSync,
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string', multiple: true } } });
  const chosen = values.only?.length ? values.only : Object.keys(suites);
  const figures: Figure[] = [];
  for (const name of chosen) {
    const suite = suites[name];
    if (!suite) throw new Error(`unknown bench suite ${name}; known: ${Object.keys(suites).join(', ')}`);
    console.error(`bench: ${name}…`);
    figures.push(...(await suite()));
  }
  report(figures, import.meta.dirname);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
