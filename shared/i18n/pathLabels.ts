import { format, zhCN } from './zhCN';

const labels: Readonly<Record<string, string>> = zhCN.intake.pathLabels;

/** The Chinese name of the form field at `path` ('guardians.1.mobile' → '监护人 2 手机号码'). */
export function labelOfPath(path: string): string {
  const numbers: number[] = [];
  const pattern = path.replace(/\.(\d+)(?=\.|$)/g, (_m, n: string) => {
    numbers.push(Number(n) + 1);
    return '.N';
  });
  let key = pattern;
  // Fall back to the nearest named parent ('hukou.foo' → 'hukou').
  while (labels[key] === undefined && key.includes('.')) key = key.slice(0, key.lastIndexOf('.'));
  const label = labels[key];
  if (label === undefined) return path;
  return format(label, { n: numbers[0] ?? '' });
}
