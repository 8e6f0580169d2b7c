// Build better-sqlite3-multiple-ciphers for Electron's ABI into
//   .electron-native/<electronVersion>-<platform>-<arch>/better_sqlite3.node
// without touching node_modules (whose build serves plain Node: tests, harness, server).
// The main process loads it through better-sqlite3's `nativeBinding` option in dev runs;
// packaged apps get a module rebuilt by electron-builder instead.
//
// Headers come from ELECTRON_REBUILD_DIST_URL, else npm_config_disturl, else electronjs.org.
// ELECTRON_MIRROR serves the Electron runtime only (mirrors such as npmmirror do not carry the
// headers node-gyp verifies), so it is not used here. `--force` rebuilds even if present.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const MODULE = 'better-sqlite3-multiple-ciphers';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const { platform, arch } = process;
const outDir = join(root, '.electron-native', `${electronVersion}-${platform}-${arch}`);
const outFile = join(outDir, 'better_sqlite3.node');
const force = process.argv.includes('--force');

if (existsSync(outFile) && !force) {
  console.log(`[native] ${relative(root, outFile)} present, skipping`);
  process.exit(0);
}

const headerURL = process.env.ELECTRON_REBUILD_DIST_URL || process.env.npm_config_disturl || 'https://www.electronjs.org/headers';
const moduleDir = dirname(require.resolve(`${MODULE}/package.json`));
const moduleVersion = JSON.parse(readFileSync(join(moduleDir, 'package.json'), 'utf8')).version;

// The work dir sits inside the repo so the copied module still finds prebuild-install (and its
// dependencies) in the project's node_modules when @electron/rebuild tries a prebuilt binary first.
mkdirSync(join(root, '.electron-native'), { recursive: true });
const work = mkdtempSync(join(root, '.electron-native', '.build-'));

try {
  console.log(`[native] building ${MODULE}@${moduleVersion} for Electron ${electronVersion} (${platform}-${arch})`);
  writeFileSync(
    join(work, 'package.json'),
    JSON.stringify({ name: 'enroll-desk-native-build', version: '0.0.0', private: true, dependencies: { [MODULE]: moduleVersion } }, null, 2),
  );
  const moduleCopy = join(work, 'node_modules', MODULE);
  const nodeBuild = join(moduleDir, 'build');
  cpSync(moduleDir, moduleCopy, {
    recursive: true,
    // Leave out the Node-ABI build; everything needed to compile comes along.
    filter: (src) => src !== nodeBuild && !src.startsWith(nodeBuild + sep),
  });

  // A nodedir (set in some npm configs) points node-gyp at Node's own headers: wrong ABI for Electron.
  for (const key of Object.keys(process.env)) {
    if (key.toLowerCase() === 'npm_config_nodedir') delete process.env[key];
  }
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({
    buildPath: work,
    electronVersion,
    arch,
    force: true,
    onlyModules: [MODULE],
    headerURL,
    mode: 'sequential',
  });

  const built = join(moduleCopy, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(built)) throw new Error(`rebuild finished but ${relative(root, built)} is missing`);
  mkdirSync(outDir, { recursive: true });
  const tmp = `${outFile}.tmp`;
  copyFileSync(built, tmp);
  renameSync(tmp, outFile);
  console.log(`[native] wrote ${relative(root, outFile)}`);
} catch (e) {
  const detail = e instanceof Error ? e.message : String(e);
  console.error(`
[native] 无法为 Electron ${electronVersion} 编译数据库模块 ${MODULE}。
         Could not build ${MODULE} for Electron ${electronVersion} (${platform}-${arch}).
  原因 / cause: ${detail.split('\n').slice(0, 6).join('\n                ')}

  常见原因 / usual causes:
  - 无法联网下载 Electron 头文件（${headerURL}）或预编译包（GitHub）。
    Offline: the Electron headers (${headerURL}) or the prebuilt binary (GitHub) could not be downloaded.
    可设置可访问的头文件镜像 / set a reachable headers mirror:
      ELECTRON_REBUILD_DIST_URL=<mirror of https://www.electronjs.org/headers>
    （注意：npm_config_disturl 若指向 Node.js 的镜像则不适用 / a Node.js disturl does not work here.）
  - 缺少编译工具 / no compiler toolchain: Linux 需 python3、make、g++；Windows 需 Visual Studio Build Tools (C++)。

  浏览器测试环境不需要这一步 / the browser harness does not need this step: npm run dev:web
`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
