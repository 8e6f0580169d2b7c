import { describe, expect, it } from 'vitest';
import { basicVector, refusalVectors, type GoldenVector, type RefusalVector } from './vectors';
import { verifyBundle } from './bundle';

// Loaded by path: docs/ is outside the TypeScript project.
const load = async <T>(name: string): Promise<T> => ((await import(/* @vite-ignore */ `../../docs/lottery-vectors/${name}`)) as { default: T }).default;
const basic = await load<GoldenVector>('v1-basic.json');
const refusals = await load<RefusalVector[]>('v1-refusals.json');
const basicBundle = await load<unknown>('v1-basic.bundle.json');

describe('golden vectors in docs/lottery-vectors', () => {
  it('are what this implementation computes (regenerate with `npx tsx scripts/lottery-vectors.ts` only for a new format version)', () => {
    expect(basicVector()).toEqual(basic);
    expect(refusalVectors()).toEqual(refusals);
    expect(basicBundle).toEqual(basic.bundle);
  });

  it('the basic bundle verifies to its expected seed and results', () => {
    const v = verifyBundle(basic.bundle);
    expect(v).toEqual({
      ok: true,
      seed: basic.expected.seed,
      announcementDigest: basic.expected.announcementDigest,
      resultDigest: basic.expected.resultDigest,
      results: basic.expected.results,
    });
  });

  it.each(refusals.map((r) => [r.name, r] as const))('refuses %s', (_name, r) => {
    const v = verifyBundle(r.bundle);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reasons.map((x) => x.code)).toEqual([r.reason]);
  });
});
