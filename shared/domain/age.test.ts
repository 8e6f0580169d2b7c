import { describe, it, expect } from 'vitest';
import { ageCheck, fullYearsOn, isCalendarDate } from './age';

const plan = { year: 2026, ageCutoff: '08-31' };

describe('isCalendarDate', () => {
  it.each([
    ['2020-02-29', true],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2023-02-29', false],
    ['2023-02-30', false],
    ['2023-04-31', false],
    ['2023-13-01', false],
    ['2023-00-10', false],
    ['2023-1-01', false],
    ['20230101', false],
    ['2023-12-31', true],
  ])('%s → %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});

describe('fullYearsOn', () => {
  it.each([
    ['2020-08-31', '2026-08-31', 6],
    ['2020-09-01', '2026-08-31', 5],
    ['2020-02-29', '2026-02-28', 5],
    ['2020-02-29', '2026-03-01', 6],
  ])('born %s, on %s → %i', (birth, on, years) => {
    expect(fullYearsOn(birth, on)).toBe(years);
  });
});

describe('ageCheck for primary grade 1 (6 full years on the cut-off)', () => {
  it.each([
    ['born on the cut-off day six years earlier', '2020-08-31', true],
    ['born the next day', '2020-09-01', false],
    ['born at the start of that school year', '2019-09-01', true],
    ['born on new year of the cut-off year', '2020-01-01', true],
    ['leap-day birth, August cut-off', '2020-02-29', true],
    ['born in the last days before the cut-off one year late', '2021-08-31', false],
  ])('%s (%s) → eligible %s', (_label, birth, eligible) => {
    const r = ageCheck(birth, 'primary1', plan);
    expect(r.eligible).toBe(eligible);
    expect(r.cutoffDate).toBe('2026-08-31');
  });

  it('tells the clerk the latest birth date and that a supervisor may approve an exception', () => {
    const r = ageCheck('2020-09-01', 'primary1', plan);
    expect(r.message).toContain('须在 2020-08-31 或之前出生');
    expect(r.message).toContain('主管审批并记录理由');
  });

  it('reads a leap-day birth against a 28 February cut-off as not yet six', () => {
    const feb = { year: 2026, ageCutoff: '02-28' };
    expect(ageCheck('2020-02-28', 'primary1', feb).eligible).toBe(true);
    expect(ageCheck('2020-02-29', 'primary1', feb).eligible).toBe(false);
  });

  it('accepts older children but notes it (deferral)', () => {
    const r = ageCheck('2018-03-01', 'primary1', plan);
    expect(r.eligible).toBe(true);
    expect(r.message).toContain('延缓入学');
  });

  it('refuses invalid and impossible birth dates', () => {
    expect(ageCheck('2020-02-30', 'primary1', plan).eligible).toBe(false);
    expect(ageCheck('2026-09-01', 'primary1', plan).message).toContain('晚于年龄计算截止日');
  });
});

describe('ageCheck for junior grade 1 (informational)', () => {
  it.each([
    ['typical 12-year-old', '2014-05-01', true],
    ['older graduate', '2011-05-01', true],
    ['exactly 10', '2016-08-31', true],
    ['younger than 10: a mistyped date', '2016-09-01', false],
  ])('%s → eligible %s', (_label, birth, eligible) => {
    expect(ageCheck(birth, 'junior1', plan).eligible).toBe(eligible);
  });
});
