// How a county writes dates in its plan's wording ("于 2026 年 8 月 10 日前", "8月31日"). Input-matching data,
// not staff text: promises.ts finds the dates a printout would promise with these.

/** A full date: 2026 年 8 月 10 日 (spaces optional). */
export const WRITTEN_FULL_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/gu;
/** A date without a year: 8 月 10 日 (in the plan's year). */
export const WRITTEN_MONTH_DAY = /(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日/gu;
