// Calendar days as people in China read them. China has one time zone and no daylight saving: UTC+8 fixed,
// independent of the machine's zone. A day cut from `toISOString()` is the UTC day, which is yesterday in China
// from 00:00 to 08:00; the county once treated a report day that had passed in China as still to come (tracing),
// and retention and deadlines were off by that window. Production code takes days only through these
// (scripts/utcDays.test.ts refuses `toISOString().slice(…)` elsewhere).

const CHINA_OFFSET_MS = 8 * 3600_000;

const instant = (at: string | Date | number): number => (typeof at === 'string' ? Date.parse(at) : typeof at === 'number' ? at : at.getTime());
const shifted = (at: string | Date | number): string => new Date(instant(at) + CHINA_OFFSET_MS).toISOString();

/** The instant's China calendar date, YYYY-MM-DD. */
export function chinaDay(at: string | Date | number): string {
  return shifted(at).slice(0, 10);
}

/** The China calendar date `days` days after the instant's, YYYY-MM-DD. */
export function chinaDayPlus(at: string | Date | number, days: number): string {
  return chinaDay(instant(at) + days * 86_400_000);
}

/** The instant's China calendar month, YYYY-MM. */
export function chinaMonth(at: string | Date | number): string {
  return shifted(at).slice(0, 7);
}

/** The instant as staff in China read it to the minute: 2026-09-01 14:30. */
export function chinaMinute(at: string | Date | number): string {
  const t = shifted(at);
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

/**
 * The day of a date that stands for a calendar day with no time zone (built with Date.UTC, or a spreadsheet's
 * date cell, which the reader hands over at UTC midnight), YYYY-MM-DD. Not for instants: use chinaDay.
 */
export function calendarDayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}
