// Seeded randomness for tests: every random test prints its seed, and `TEST_SEED=<seed>` repeats the run.

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T };
}

export type Rng = ReturnType<typeof rng>;

/** A generator seeded from `envName` (or the clock), with the seed printed so a failure can be repeated. */
export function seededRng(label: string, envName = 'TEST_SEED'): Rng {
  const seed = Number(process.env[envName] ?? Date.now() % 1_000_000);
  console.log(`${label}: seed ${seed} (repeat with ${envName}=${seed})`);
  return rng(seed);
}
