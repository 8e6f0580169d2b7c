// How department extracts write some values in their cells: dates and months with 年/月/日, sex as 男/女, a
// business's closed states. Input-matching data, not staff text: the import and the verification read cells
// with these (values.ts, verify.ts), so they stay as the departments' systems write them.

/** 2024-05-01, 2024/5/1, 2024.5.1, 2024年5月1日 (a time of day after it is ignored). */
export const DATE_WRITTEN = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
/** 2024-05, 2024/5, 202405, 2024年5月. */
export const MONTH_WRITTEN = /^(\d{4})[-/.年]?(\d{1,2})月?$/;
/** A separator between year and month (a one-digit month needs one: 20245 is not a month). */
export const MONTH_SEPARATOR = /[-/.年]/;

/** What a sex cell may hold (after full-width letters and digits are made half-width and upper-case). */
export const SEX_WORDS = { M: ['男', '1', 'M', '男性'], F: ['女', '2', 'F', '女性'] } as const satisfies Record<'M' | 'F', readonly string[]>;

/** A business licence's 登记状态 that means the business is closed. */
export const LICENCE_CLOSED = /注销|吊销|撤销/;
