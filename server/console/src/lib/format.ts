export { localMinute } from '../transport/client';

/** A local day YYYY-MM-DD, `days` from today (China time is the browser's time at the bureau). */
export function dayFromToday(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}

export function thousands(n: number): string {
  return n.toLocaleString('zh-CN');
}
