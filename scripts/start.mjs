// `npm start [-- args]`: build the renderer and the shell, make sure the SQLite module exists for
// Electron's ABI, then run Electron on this folder (package.json "main" → dist/main/index.cjs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * Path of the Electron executable. The electron package downloads it on first use; offline that fails.
 * We look for it and download it ourselves instead of `require('electron')`, which prints the
 * downloader's stack trace and advice to delete node_modules/electron before we can say anything:
 * a counter's IT person should see one message that says what to do. The downloader's own output
 * goes to a log file that the message names.
 */
function electronBinary() {
  const pkgDir = dirname(require.resolve('electron/package.json'));
  const located = () => {
    const pathFile = join(pkgDir, 'path.txt');
    const exe = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    if (override) return join(override, exe || 'electron');
    return exe ? join(pkgDir, 'dist', exe) : null;
  };
  const found = located();
  if (found && existsSync(found)) return found;

  console.log('[start] 首次运行，正在下载 Electron 程序文件 / downloading the Electron binary (first run)…');
  const download = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { cwd: pkgDir, encoding: 'utf8', env: process.env });
  const log = join(root, '.tmp', 'electron-download.log');
  mkdirSync(dirname(log), { recursive: true });
  writeFileSync(log, `${download.stdout ?? ''}${download.stderr ?? ''}${download.error ? String(download.error) : ''}`);
  const after = located();
  if (after && existsSync(after)) return after;
  return fail(`
无法获取 Electron 程序文件（首次运行时需联网下载，当前下载失败）。
The Electron binary could not be downloaded (it is fetched on first run).
  中国大陆用户请设置镜像后重试 / mainland users: set a mirror and retry:
    ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm start
    （Windows PowerShell: $env:ELECTRON_MIRROR="https://npmmirror.com/mirrors/electron/"; npm start）
  不需要 Electron 的浏览器测试环境 / browser harness without Electron:
    npm run dev:web
  下载过程的详细记录 / download log: ${log}
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
