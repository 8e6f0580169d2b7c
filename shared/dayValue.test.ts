import { describe, expect, it } from 'vitest';
import { dayOf, dayRangeOf } from './dayValue';

describe('picker day values', () => {
  it('are the same object for the same day, so a re-render is not a new value', () => {
    expect(dayOf('2026-12-05')).toBe(dayOf('2026-12-05'));
    expect(dayOf('2026-12-05')?.format('YYYY-MM-DD')).toBe('2026-12-05');
    expect(dayOf('2026-12-06')).not.toBe(dayOf('2026-12-05'));
    expect(dayOf(null)).toBeNull();
    expect(dayOf('')).toBeNull();
  });

  it('ranges too, with either end empty', () => {
    expect(dayRangeOf('2026-12-01', null)).toBe(dayRangeOf('2026-12-01', undefined));
    expect(dayRangeOf('2026-12-01', '2026-12-31')).toBe(dayRangeOf('2026-12-01', '2026-12-31'));
    expect(dayRangeOf('2026-12-01', '2026-12-31')[1]).toBe(dayOf('2026-12-31'));
    expect(dayRangeOf(null, null)).toEqual([null, null]);
  });
});
