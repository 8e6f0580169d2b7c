import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles a kill-test worker into one ESM file (under `.tmp/`, inside the repo so `node_modules`
 * resolves). Native modules stay external; bundled CommonJS dependencies get a `require`.
 */
export async function bundleWorker(entry: string, outfile: string): Promise<void> {
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    // Native modules load from node_modules.
    external: ['better-sqlite3-multiple-ciphers', 'sharp', 'koffi', 'onnxruntime-node'],
    banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
    logLevel: 'error',
  });
}
