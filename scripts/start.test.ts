import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * A project folder with our start script and the electron package as npm installs it with
 * ELECTRON_SKIP_BINARY_DOWNLOAD (no binary, no path.txt): what a fresh offline checkout has.
 */
function checkoutWithoutElectronBinary(tmp: string): string {
  const project = join(tmp, 'project');
  mkdirSync(join(project, 'scripts'), { recursive: true });
  copyFileSync(join(import.meta.dirname, 'start.mjs'), join(project, 'scripts', 'start.mjs'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'start-test', type: 'module', private: true }));
  const electronDir = dirname(require.resolve('electron/package.json'));
  const copy = join(project, 'node_modules', 'electron');
  mkdirSync(copy, { recursive: true });
  for (const f of ['package.json', 'index.js', 'install.js', 'checksums.json']) copyFileSync(join(electronDir, f), join(copy, f));
  symlinkSync(join(dirname(electronDir), '@electron'), join(project, 'node_modules', '@electron'));
  return project;
}

describe('npm start without an Electron binary', () => {
  it('prints only our message, not the downloader stack trace or its advice', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'desk-start-'));
    try {
      const project = checkoutWithoutElectronBinary(tmp);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        // An empty download cache and a mirror that refuses at once: the download fails fast.
        electron_config_cache: join(tmp, 'cache'),
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
      };
      delete env.ELECTRON_OVERRIDE_DIST_PATH;
      delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
      const run = spawnSync(process.execPath, [join(project, 'scripts', 'start.mjs')], { cwd: project, encoding: 'utf8', timeout: 60_000, env });
      const out = `${run.stdout}${run.stderr}`;
      expect(run.status).toBe(1);
      expect(out).toContain('无法获取 Electron 程序文件');
      expect(out).toContain('ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm start');
      expect(out).toContain('npm run dev:web');
      expect(out).not.toMatch(/Please delete|install-electron|Downloading Electron binary|Error:|^\s+at /m);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
