import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HealthResponse, paths } from '../shared/sync/protocol';
import { startServer } from './testing/process';

// The server as a county installs it: `npm pack` of the workspace (built to plain JavaScript with its shrinkwrap),
// unpacked and installed with production dependencies only (`npm ci --omit=dev`, from npm's cache when it holds
// everything, else the registry), then started by `node` — no tsx, no Electron, no Playwright, no TypeScript.
//
// The one native module (SQLite) would compile for minutes or download a prebuilt binary from outside the npm
// registry; the install finds it instead as a local prebuild (prebuild-install's own offline mechanism), packed
// here from the repository's copy of the same version for the same Node ABI.

const ROOT = join(import.meta.dirname, '..');
const SQLITE = 'better-sqlite3-multiple-ciphers';
const DEV_ONLY = ['electron', 'playwright', '@playwright/test', 'playwright-core', 'tsx', 'typescript', 'esbuild', 'vite', 'vitest'];

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('the server package', () => {
  let tmp: string;
  let pkgDir: string;
  let tarball: string;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'server-pkg-'));
    const packed = run('npm', ['pack', '--workspace=server', '--pack-destination', tmp, '--json'], ROOT);
    expect(packed.status, packed.out).toBe(0);
    const name = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!name) throw new Error(`npm pack made no tarball: ${packed.out}`);
    tarball = join(tmp, name);
    pkgDir = join(tmp, 'install');
    mkdirSync(pkgDir);
    execFileSync('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1']);

    const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules', SQLITE, 'package.json'), 'utf8')) as { version: string }).version;
    const prebuilds = join(tmp, 'prebuilds');
    mkdirSync(prebuilds);
    const prebuild = `${SQLITE}-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
    execFileSync('tar', ['-czf', join(prebuilds, prebuild), '-C', join(ROOT, 'node_modules', SQLITE), 'build/Release/better_sqlite3.node']);
    const env = { npm_config_better_sqlite3_multiple_ciphers_local_prebuilds: prebuilds, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
    const args = ['ci', '--omit=dev', '--no-audit', '--no-fund'];
    let installed = run('npm', [...args, '--offline'], pkgDir, env);
    // npm's cache may lack a package the repository's node_modules already had: then the registry supplies it.
    if (installed.status !== 0 && installed.out.includes('ENOTCACHED')) installed = run('npm', [...args, '--prefer-offline'], pkgDir, env);
    expect(installed.status, installed.out).toBe(0);
  }, 400_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('holds plain JavaScript, the deploy examples and the pinned dependency versions, and no TypeScript', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    expect(files).toContain('package/dist/main.mjs');
    expect(files).toContain('package/npm-shrinkwrap.json');
    expect(files).toContain('package/deploy/Dockerfile');
    expect(files).toContain('package/deploy/enroll-county-server.service');
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('installs production dependencies only: no Electron, Playwright, tsx or TypeScript', () => {
    const modules = join(pkgDir, 'node_modules');
    expect(existsSync(join(modules, 'fastify'))).toBe(true);
    expect(existsSync(join(modules, SQLITE, 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    expect(DEV_ONLY.filter((name) => existsSync(join(modules, name)))).toEqual([]);
  });

  it('runs under node: admin commands, and the server answers /health, then stops cleanly on SIGTERM', async () => {
    const main = join(pkgDir, 'dist', 'main.mjs');
    expect(readFileSync(main, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    const help = run(process.execPath, [main, 'help'], pkgDir);
    expect(help.status, help.out).toBe(0);
    expect(help.out).toContain('counter create');

    const dataDir = join(tmp, 'data');
    const config = { host: '127.0.0.1', port: 0, dataDir, databaseUrl: undefined, pgSchema: undefined, countyCode: '379901' };
    const created = run(process.execPath, [main, 'counter', 'create', '--code', 'A01', '--name', '城关街道报名点'], pkgDir, {
      SERVER_DATA_DIR: dataDir,
      COUNTY_CODE: '379901',
    });
    expect(created.status, created.out).toBe(0);

    const server = await startServer(config, {}, [process.execPath, main]);
    try {
      const res = await fetch(server.baseUrl + paths.health);
      expect(res.status).toBe(200);
      expect((await res.json()) as HealthResponse).toMatchObject({ status: 'ok', database: 'sqlite', checks: { database: 'ok', blobs: 'ok' } });
      const spec = await fetch(`${server.baseUrl}/openapi.json`);
      expect(spec.status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  });
});
