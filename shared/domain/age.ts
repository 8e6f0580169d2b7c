import type { Grade } from '../contract/application';
import type { CountyPlan } from '../plan/schema';
import { format } from '../i18n/format';
import { ageText as t } from '../i18n/zhCN.domain';

// Dates are handled as 'YYYY-MM-DD' strings on purpose: a birth date has no time zone, and
// going through `Date` invites off-by-one-day errors when the counter PC's zone is not UTC+8.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a real calendar date written 'YYYY-MM-DD' (rejects 2023-02-30, 2023-13-01). */
export function isCalendarDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Completed years of age on `on`. A child born on 29 February completes a year on 1 March in
 * common years, because '02-28' sorts before '02-29' — the same reading the cut-off rule uses.
 */
export function fullYearsOn(birthDate: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export interface AgeCheck {
  eligible: boolean;
  /** The plan's cut-off in the enrollment year, e.g. '2026-08-31'. */
  cutoffDate: string;
  message: string;
}

const PRIMARY_MIN_AGE = 6;
// A child older than this entering grade 1 is unusual (deferral, illness); it is allowed but noted.
const PRIMARY_USUAL_MAX_AGE = 7;
// Junior grade 1 takes primary graduates; anyone younger than this cannot have finished primary.
const JUNIOR_MIN_AGE = 10;

/**
 * Age rule for the grade applied for, on the plan's cut-off date of the plan's year.
 *
 * Primary grade 1: 6 full years on the cut-off (seed 001 §2: 当年 8 月 31 日年满 6 周岁).
 * Junior grade 1: the applicant is a primary graduate, and schooling, not age, is what qualifies
 * them; ages vary legitimately (deferral, repeated years, 五四制/六三制). So the check is only
 * informational and fails only when the age is clearly impossible (under 10), which almost
 * always means a mistyped birth date.
 */
export function ageCheck(birthDate: string, grade: Grade, plan: Pick<CountyPlan, 'year' | 'ageCutoff'>): AgeCheck {
  const cutoffDate = `${plan.year}-${plan.ageCutoff}`;
  if (!isCalendarDate(birthDate)) {
    return { eligible: false, cutoffDate, message: format(t.invalid, { birthDate }) };
  }
  if (birthDate > cutoffDate) {
    return { eligible: false, cutoffDate, message: format(t.afterCutoff, { birthDate, cutoff: cutoffDate }) };
  }
  const age = fullYearsOn(birthDate, cutoffDate);

  if (grade === 'primary1') {
    const latestBirth = `${plan.year - PRIMARY_MIN_AGE}-${plan.ageCutoff}`;
    if (age < PRIMARY_MIN_AGE) {
      return {
        eligible: false,
        cutoffDate,
        message: format(t.primaryTooYoung, { birthDate, cutoff: cutoffDate, min: PRIMARY_MIN_AGE, latest: latestBirth }),
      };
    }
    if (age > PRIMARY_USUAL_MAX_AGE) {
      return {
        eligible: true,
        cutoffDate,
        message: format(t.primaryOlder, { birthDate, cutoff: cutoffDate, age }),
      };
    }
    return {
      eligible: true,
      cutoffDate,
      message: format(t.primaryEligible, { birthDate, cutoff: cutoffDate, min: PRIMARY_MIN_AGE }),
    };
  }

  if (age < JUNIOR_MIN_AGE) {
    return {
      eligible: false,
      cutoffDate,
      message: format(t.juniorTooYoung, { birthDate, cutoff: cutoffDate, age }),
    };
  }
  return {
    eligible: true,
    cutoffDate,
    message: format(t.junior, { birthDate, cutoff: cutoffDate, age }),
  };
}
