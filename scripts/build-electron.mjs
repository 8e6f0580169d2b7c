// Bundle the Electron main process and the preload with esbuild.
//   dist/main/index.cjs     main (Node, CommonJS): window, IPC checks, safeStorage, printing; forks the core
//   dist/main/core.cjs      the desk core in Electron's utilityProcess (ADR 0017); the native modules stay external
//   dist/preload/index.cjs  preload (one CommonJS file; sandboxed, so it may require only 'electron')
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
// Electron 45 ships Chromium 140.
const chromeTarget = 'chrome140';

// ES modules bundled into CommonJS lose import.meta (sharp's ESM build resolves its native binding through
// createRequire(import.meta.url)): point it at the bundle file itself.
const importMeta = {
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

try {
  const [mainResult, coreResult, preloadResult, ocrResult] = await Promise.all([
    build({
      ...common,
      entryPoints: ['electron/main/index.ts'],
      outfile: 'dist/main/index.cjs',
      platform: 'node',
      ...importMeta,
      target: 'node20',
      external: ['electron', 'better-sqlite3-multiple-ciphers', 'koffi', 'onnxruntime-node'],
    }),
    build({
      ...common,
      entryPoints: ['electron/core/utilityEntry.ts'],
      outfile: 'dist/main/core.cjs',
      platform: 'node',
      ...importMeta,
      target: 'node20',
      external: ['electron', 'better-sqlite3-multiple-ciphers', 'koffi', 'onnxruntime-node'],
    }),
    build({
      ...common,
      entryPoints: ['electron/preload/index.ts'],
      outfile: 'dist/preload/index.cjs',
      platform: 'node',
      target: chromeTarget,
      external: ['electron'],
    }),
    // Text recognition runs in a worker thread of the main process (electron/core/services/ocr/worker.ts).
    build({
      ...common,
      entryPoints: ['electron/core/services/ocr/worker.ts'],
      outfile: 'dist/main/ocrWorker.cjs',
      platform: 'node',
      ...importMeta,
      target: 'node20',
      external: ['onnxruntime-node'],
    }),
  ]);

  // A sandboxed preload cannot require anything but 'electron': fail the build rather than the app.
  const preloadImports = Object.values(preloadResult.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
  const forbidden = preloadImports.filter((p) => p !== 'electron');
  if (forbidden.length > 0) {
    throw new Error(`preload must import only 'electron', found: ${forbidden.join(', ')}`);
  }

  // Main must not carry the core: it reaches it only through the port (a core import there would run it on the main thread).
  const mainInputs = Object.keys(mainResult.metafile.inputs);
  const coreInMain = mainInputs.filter((p) => p.startsWith('electron/core/') && !/^electron\/core\/(ports|portBridge|bootStatus|privateTemp)\.ts$/.test(p));
  if (coreInMain.length > 0) throw new Error(`main bundles the core: ${coreInMain.slice(0, 5).join(', ')}`);

  for (const result of [mainResult, coreResult, preloadResult, ocrResult]) {
    for (const [file, out] of Object.entries(result.metafile.outputs)) {
      console.log(`built ${file} (${(out.bytes / 1024).toFixed(1)} KiB)`);
    }
  }
  console.log(`electron ${electronVersion}: main + core + preload bundled`);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
