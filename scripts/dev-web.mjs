// `npm run dev:web`: build the renderer and serve it with the real core through the browser harness.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const build = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const dataDir = process.env.ENROLL_DESK_DATA_DIR ?? resolve(root, '.tmp', 'dev-data');
mkdirSync(dataDir, { recursive: true });
console.log(`data: ${dataDir}`);
const child = spawn('npx', ['tsx', 'electron/harness/bridge.ts', '--data-dir', dataDir, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
child.on('exit', (code) => process.exit(code ?? 0));
