// `npm run bench`: every figure beside a baseline measured in the same run; writes bench/results.json.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { report, type Figure } from './lib';
import { benchStartup } from './startup';
import { benchIntake } from './intake';
import { benchReceipt } from './receipt';
import { benchServer } from './server';
import { benchServerReplicas } from './serverReplicas';
import { benchScan } from './scan';
import { benchSync } from './sync';
import { benchAudit } from './audit';
import { benchOcr } from './ocr';
import { benchPlacement } from './placement';
import { benchBackup } from './backup';
import { benchReport } from './report';
import { benchDept } from './dept';
import { benchClerk } from './clerk';
import { benchConsole } from './console';

const suites: Record<string, () => Promise<Figure[]>> = {
  startup: benchStartup,
  intake: benchIntake,
  receipt: benchReceipt,
  server: benchServer,
  replicas: benchServerReplicas,
  scan: benchScan,
  sync: benchSync,
  audit: benchAudit,
  ocr: benchOcr,
  placement: benchPlacement,
  backup: benchBackup,
  report: benchReport,
  dept: benchDept,
  clerk: benchClerk,
  console: benchConsole,
};

/**
 * Each suite runs in a process of its own when several are chosen: a suite that leaves a large heap behind (the
 * intake suite's 200,000 rows) would otherwise slow the garbage collection of every suite after it.
 */
function runIsolated(name: string): Figure[] {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    const out = join(dir, 'figures.json');
    const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--only', name, '--figures', out], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`bench suite ${name} failed (exit ${r.status ?? r.signal})`);
    return JSON.parse(readFileSync(out, 'utf8')) as Figure[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string', multiple: true }, figures: { type: 'string' } } });
  const chosen = values.only?.length ? values.only : Object.keys(suites);
  for (const name of chosen) if (!suites[name]) throw new Error(`unknown bench suite ${name}; known: ${Object.keys(suites).join(', ')}`);
  const figures: Figure[] = [];
  if (chosen.length > 1) {
    for (const name of chosen) figures.push(...runIsolated(name));
  } else {
    console.error(`bench: ${chosen[0]}…`);
    figures.push(...(await suites[chosen[0]!]!()));
  }
  // A child writes its figures for the parent, which reports them all together.
  if (values.figures) writeFileSync(values.figures, JSON.stringify(figures));
  else report(figures, import.meta.dirname);
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
