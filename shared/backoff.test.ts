import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('doubles from the first delay up to the cap', () => {
    const s = { firstMs: 500, maxMs: 10_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100, 1e9].map((n) => backoffDelay(s, n))).toEqual([500, 500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000, 10_000]);
  });

  it('jitter scales each delay into [half, whole) of the unjittered one', () => {
    const s = { firstMs: 2_000, maxMs: 300_000 };
    expect(backoffDelay({ ...s, jitter: () => 0 }, 3)).toBe(4_000);
    expect(backoffDelay({ ...s, jitter: () => 0.5 }, 3)).toBe(6_000);
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 200 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const plain = backoffDelay(s, attempt);
        const jittered = backoffDelay({ ...s, jitter: () => r }, attempt);
        expect(jittered).toBeGreaterThanOrEqual(Math.round(plain / 2));
        expect(jittered).toBeLessThanOrEqual(plain);
        expect(Number.isFinite(jittered)).toBe(true);
      }),
    );
  });

  it('never shrinks as attempts grow', () => {
    const s = { firstMs: 1_000, maxMs: 60_000 };
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000 }), (n) => backoffDelay(s, n + 1) >= backoffDelay(s, n)));
  });
});
