// Build the county server package (server/package.json) to plain JavaScript that `node` runs:
//   server/dist/main.mjs   the server and its admin commands (server/main.ts) with shared/ and nodelib/ bundled in;
//                          every npm package stays an import, resolved from the package's own `dependencies`
//   server/dist/console/   the built county console (dist/console, from `npm run build:console`), when present
//   server/npm-shrinkwrap.json (with --shrinkwrap, before `npm pack`): the exact versions of the repository's
//                          package-lock.json for the server's runtime dependencies, so an install of the package gets
//                          what was tested here, and can install from npm's cache alone (`npm install --offline`)
// The build fails when the bundle imports a package that server/package.json does not list in `dependencies`,
// so a production install (`npm install --omit=dev`) always has what the server needs.
import { build } from 'esbuild';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const serverDir = join(root, 'server');
const outDir = join(serverDir, 'dist');
const pkg = JSON.parse(readFileSync(join(serverDir, 'package.json'), 'utf8'));

rmSync(outDir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ['server/main.ts'],
  outfile: 'server/dist/main.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  banner: { js: '#!/usr/bin/env node' },
});

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const imported = new Set();
for (const input of Object.values(result.metafile.inputs)) {
  for (const imp of input.imports) {
    // Relative externals are type-only imports esbuild drops; only package names matter here.
    if (!imp.external || builtins.has(imp.path) || imp.path.startsWith('.')) continue;
    const parts = imp.path.split('/');
    imported.add(imp.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
}
const missing = [...imported].filter((name) => !(name in (pkg.dependencies ?? {})));
if (missing.length > 0) {
  console.error(`server/package.json lacks these runtime dependencies the server imports: ${missing.join(', ')}`);
  process.exit(1);
}

const consoleBuild = join(root, 'dist', 'console');
if (existsSync(join(consoleBuild, 'index.html'))) cpSync(consoleBuild, join(outDir, 'console'), { recursive: true });
else console.warn('server build: dist/console not built (npm run build:console); the package serves no console');
console.log(`server build: server/dist/main.mjs (imports ${[...imported].sort().join(', ')})`);

/**
 * The runtime closure of the server's dependencies out of the root lockfile: Node's resolution (nearest
 * node_modules/ upwards) over the lockfile's paths, keeping each entry's version, integrity and install facts.
 */
function shrinkwrap() {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const packages = { '': { name: pkg.name, version: pkg.version, dependencies: pkg.dependencies } };
  const resolve = (from, name) => {
    for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
      const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
      if (lock.packages[candidate]) return candidate;
      if (!dir) throw new Error(`package-lock.json has no ${name} reachable from ${from || 'the root'}`);
    }
  };
  const queue = Object.keys(pkg.dependencies).map((name) => resolve('', name));
  while (queue.length > 0) {
    const at = queue.shift();
    if (packages[at]) continue;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = lock.packages[at];
    packages[at] = entry;
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      try {
        queue.push(resolve(at, name));
      } catch (e) {
        if (!(name in (entry.optionalDependencies ?? {}))) throw e;
      }
    }
  }
  const file = join(serverDir, 'npm-shrinkwrap.json');
  writeFileSync(file, `${JSON.stringify({ name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
  console.log(`server build: npm-shrinkwrap.json with ${Object.keys(packages).length - 1} packages`);
}
if (process.argv.includes('--shrinkwrap')) shrinkwrap();
