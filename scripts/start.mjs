// `npm start [-- args]`: build the renderer and the shell, make sure the SQLite module exists for
// Electron's ABI, then run Electron on this folder (package.json "main" → dist/main/index.cjs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const extraArgs = process.argv.slice(2);

function fail(message) {
  console.error(message);
  process.exit(1);
}

/** Path of the Electron executable. The electron package downloads it on first use; offline that fails. */
function electronBinary() {
  let path;
  try {
    path = require('electron');
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
  }
  if (typeof path === 'string' && existsSync(path)) return path;
  return fail(`
无法获取 Electron 程序文件（首次运行时需联网下载，当前下载失败）。
The Electron binary could not be downloaded (it is fetched on first run).
  中国大陆用户请设置镜像后重试 / mainland users: set a mirror and retry:
    ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm start
    （Windows PowerShell: $env:ELECTRON_MIRROR="https://npmmirror.com/mirrors/electron/"; npm start）
  不需要 Electron 的浏览器测试环境 / browser harness without Electron:
    npm run dev:web
`);
}

function run(label, args) {
  console.log(`[start] ${label}`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.error) fail(`[start] ${label} could not start: ${result.error.message}`);
  if (result.status !== 0) fail(`[start] ${label} failed (exit ${result.status ?? result.signal})`);
}

// Check Electron first: no point in building for a shell that cannot start.
const electron = electronBinary();

const vitePkg = require.resolve('vite/package.json');
const viteBin = join(dirname(vitePkg), JSON.parse(readFileSync(vitePkg, 'utf8')).bin.vite);
run('vite build', [viteBin, 'build']);
run('build electron', [join(root, 'scripts', 'build-electron.mjs')]);
run('native module', [join(root, 'scripts', 'electron-native.mjs')]);

const env = { ...process.env };
// Set by some editors' terminals; it would make Electron behave as plain Node.
delete env.ELECTRON_RUN_AS_NODE;

console.log('[start] electron');
const child = spawn(electron, ['.', ...extraArgs], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (!child.killed) child.kill(signal);
  });
}
child.on('error', (e) => fail(`[start] electron could not start: ${e.message}`));
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
