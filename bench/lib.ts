import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Figure {
  id: string;
  value: number;
  unit: string;
  /** The comparison measured in the same run (never a remembered number). */
  baseline: number;
  baselineLabel: string;
  /** Human-readable goal, e.g. "<= 500". */
  goal: string;
  pass: boolean;
}

export function figure(
  id: string,
  value: number,
  unit: string,
  baseline: number,
  baselineLabel: string,
  goal: { max?: number; min?: number },
): Figure {
  const pass = (goal.max === undefined || value <= goal.max) && (goal.min === undefined || value >= goal.min);
  const goalText = [goal.min !== undefined ? `>= ${goal.min}` : '', goal.max !== undefined ? `<= ${goal.max}` : '']
    .filter(Boolean)
    .join(' and ');
  return { id, value: round(value), unit, baseline: round(baseline), baselineLabel, goal: goalText, pass };
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? NaN;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export function report(figures: Figure[], outDir: string): void {
  const rows = figures.map((f) => [f.id, `${f.value} ${f.unit}`, `${f.baseline} ${f.unit} (${f.baselineLabel})`, f.goal, f.pass ? 'PASS' : 'FAIL']);
  const header = ['figure', 'value', 'baseline (same run)', 'goal', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  writeFileSync(
    join(outDir, 'results.json'),
    JSON.stringify(
      figures.map(({ id, value, unit, baseline, goal, pass }) => ({ id, value, unit, baseline, goal, pass })),
      null,
      2,
    ) + '\n',
  );
}

/** Wall-clock milliseconds of `runs` sequential calls of `fn`. */
export async function timedRuns(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}
