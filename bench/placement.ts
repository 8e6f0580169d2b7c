// placement.county_ms: placement of a county of 20,000 approved applications in 60 schools, every batch, the
// draw's ties and private schools, and reassignment (issue 13), beside sorting the same rows once.
// lottery.verify_ms: the standalone verifier CLI on a 5,000-entry bundle, timed as a process (what a parent
// or journalist runs), beside starting the same Node with an empty script.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure, percentile, type Figure } from './lib';
import { validatePlan } from '../shared/plan/schema';
import { place } from '../shared/placement/place';
import { sampleApplications, syntheticCounty } from '../shared/placement/sampleCounty';
import { sampleBundle } from '../shared/lottery/sampleBundle';
import type { PlacementApplication } from '../shared/placement/types';
import samplePlan from '../resources/plans/sample-county-2026.json' with { type: 'json' };

const RUNS = 5;
const VERIFIER = join(import.meta.dirname, '..', 'tools', 'lottery-verify', 'verify.mjs');

function timed<T>(fn: () => T): [number, T] {
  const t = performance.now();
  const out = fn();
  return [performance.now() - t, out];
}

/** The rows a bureau would sort by hand: school, type, dates, receipt. */
function sortOnce(apps: readonly PlacementApplication[]): number {
  const rows = apps.map((a) => ({ ...a }));
  const [ms] = timed(() =>
    rows.sort(
      (a, b) =>
        a.schoolId.localeCompare(b.schoolId) ||
        a.type.localeCompare(b.type) ||
        (a.hukouMoveInDate ?? '9').localeCompare(b.hukouMoveInDate ?? '9') ||
        (a.propertyRegistrationDate ?? '9').localeCompare(b.propertyRegistrationDate ?? '9') ||
        (b.points ?? -1) - (a.points ?? -1) ||
        a.receiptNo.localeCompare(b.receiptNo),
    ),
  );
  return ms;
}

function benchCounty(): Figure {
  const sample = validatePlan(samplePlan);
  if (!sample.ok) throw new Error('sample plan invalid');
  // 60 schools (45 primary, 15 junior, 6 of them private); public places a little under demand.
  const plan = syntheticCounty(sample.plan, 60, 330);
  const applications = sampleApplications(plan, { seed: 13, perLevel: { primary: 13_500, junior: 4_900 }, privateDemand: 3, twinShare: 0.01 });
  const first = place(plan, { applications });
  if (!first.ok) throw new Error(JSON.stringify(first.problems.slice(0, 3)));
  const draw = { seed: '13'.repeat(32), listDigests: Object.fromEntries(first.result.pools.map((p) => [p.code, p.listDigest])) };
  const placeMs: number[] = [];
  const placeCpuMs: number[] = [];
  const sortMs: number[] = [];
  let summary = '';
  for (let i = 0; i < RUNS; i++) {
    const cpu = process.cpuUsage();
    const [ms, r] = timed(() => place(plan, { applications, draw }));
    const used = process.cpuUsage(cpu);
    placeCpuMs.push((used.user + used.system) / 1000);
    if (!r.ok || !r.result.complete) throw new Error('placement did not complete');
    placeMs.push(ms);
    sortMs.push(sortOnce(applications));
    const by = (s: string) => r.result.children.filter((c) => c.status === s).length;
    summary = `${applications.length} applications, ${plan.schools.length} schools, pools ${r.result.pools.map((p) => `${p.code}:${p.entries.length}`).join(' ')}; admitted ${by('admitted')}, reassigned ${by('reassigned')}, waiting ${by('awaiting_reassignment')}`;
  }
  // CPU time beside wall time: on a shared machine the difference is other processes' load.
  console.error(`bench: placement ${summary}; runs ${placeMs.map((m) => m.toFixed(0)).join(', ')} ms (CPU ${placeCpuMs.map((m) => m.toFixed(0)).join(', ')} ms)`);
  return figure('placement.county_ms', percentile(placeMs, 50), 'ms', percentile(sortMs, 50), 'sorting the same 20,000 rows once', { max: 1000 });
}

function processMs(args: string[]): number {
  const t = performance.now();
  execFileSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - t;
}

function benchVerify(): Figure {
  const dir = mkdtempSync(join(tmpdir(), 'bench-lottery-'));
  try {
    const bundle = sampleBundle(5000, { pools: [5000], siblingShare: 0.01 });
    const file = join(dir, 'bundle.json');
    writeFileSync(file, JSON.stringify(bundle, null, 2));
    const verify: number[] = [];
    const empty: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      verify.push(processMs([VERIFIER, file, '--json']));
      empty.push(processMs(['-e', '']));
    }
    console.error(`bench: lottery verifier on ${bundle.announcement.pools[0]?.list.split('\n').length ?? 0} list lines; runs ${verify.map((m) => m.toFixed(0)).join(', ')} ms`);
    return figure('lottery.verify_ms', percentile(verify, 50), 'ms', percentile(empty, 50), 'node starting an empty script', { max: 300 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function benchPlacement(): Promise<Figure[]> {
  return Promise.resolve([benchCounty(), benchVerify()]);
}
