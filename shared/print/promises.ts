import type { PrintData } from './types';
import { WRITTEN_FULL_DATE as FULL, WRITTEN_MONTH_DAY as MONTH_DAY } from './writtenDates';

// No printout may promise a date that has passed. Dates come from the plan's wording (a county writes
// "于 2026 年 8 月 10 日前"), from the plan's day counts (补交期限, 复核期限) and from the county's result (报到日期).
// Each is printed only while it is today or later on the day of printing; otherwise the plan's fallback is
// printed instead (texts.datePassed, 以招生平台公布为准 by default). Pure: the day of printing is data.

const ISO = /(\d{4})-(\d{2})-(\d{2})/gu;

const day = (y: number | string, m: number | string, d: number | string) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Every calendar date written in the text, as YYYY-MM-DD; a date without a year is in the plan's year. */
export function datesIn(text: string, year: number): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(FULL)) out.push(day(m[1]!, m[2]!, m[3]!));
  for (const m of text.matchAll(ISO)) out.push(day(m[1]!, m[2]!, m[3]!));
  for (const m of text.replace(FULL, '').matchAll(MONTH_DAY)) out.push(day(year, m[1]!, m[2]!));
  return out;
}

/** True while the date (YYYY-MM-DD) can still be kept: it is the day of printing or later. */
export function stillAhead(date: string, printedOn: string): boolean {
  return date >= printedOn;
}

const SENTENCE = /[^。；！？]+[。；！？]?/gu;

/**
 * The plan's text with every sentence that names a passed date replaced by the fallback sentence (once, where
 * the first such sentence stood). Sentences without dates, or with dates still ahead, are kept word for word.
 */
export function keepPromises(text: string, printedOn: string, year: number, fallback: string): string {
  let replaced = false;
  return (text.match(SENTENCE) ?? [text])
    .map((s) => {
      if (datesIn(s, year).every((d) => stillAhead(d, printedOn))) return s;
      if (replaced) return '';
      replaced = true;
      return fallback;
    })
    .join('');
}

/** Texts of the county a printout may carry: those are where a written date could hide. */
function countyTexts(data: PrintData): string[] {
  const c = data.county;
  return [c.nextSteps, c.resultsAnnouncement, c.supplementPlace, c.appealRoute, c.admissionBring, c.proxyAuthorization, ...Object.values(c.privacy)];
}

/**
 * The promised dates of this data that had passed on the day of printing, sorted: what the printout depends on
 * besides the data itself. The core stores a new version when this changes, not every day.
 */
export function passedPromises(data: PrintData, computed: string[]): string[] {
  const all = [...countyTexts(data).flatMap((t) => datesIn(t, data.county.year)), ...computed];
  return [...new Set(all.filter((d) => !stillAhead(d, data.printedOn)))].sort();
}
