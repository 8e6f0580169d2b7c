import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'nodelib/**/*.test.ts', 'scripts/**/*.test.ts', 'electron/**/*.test.ts', 'server/**/*.test.ts', 'renderer/**/*.test.ts', 'bench/**/*.test.ts', 'tools/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Native SQLite and scrypt are CPU-bound; two workers match this machine's two cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
