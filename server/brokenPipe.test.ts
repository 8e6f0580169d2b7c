import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerConfig } from './config';
import { openStore } from './db/open';
import { SOURCE_COMMAND, startServer } from './testing/process';

// `node dist/main.mjs … | head`: the reader goes away. A server whose log pipe broke used to run on for ever (its
// logger dropped the lines and the pipeline never ended); a command must still finish its work, quietly.
// SQLite only: nothing here depends on the database.

describe('a broken output pipe', () => {
  let config: ServerConfig;
  beforeAll(() => {
    config = { host: '127.0.0.1', port: 0, dataDir: mkdtempSync(join(tmpdir(), 'county-pipe-')), databaseUrl: undefined, pgSchema: undefined, countyCode: '379901' };
  });
  afterAll(() => rmSync(config.dataDir, { recursive: true, force: true }));

  it('stops the server (graceful, status 141 so a supervisor restarts it) when its log can no longer be written', async () => {
    // Every request is logged at this level, whatever the default level skips (health probes).
    const server = await startServer(config, { LOG_LEVEL: 'trace' });
    let stderr = '';
    server.child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    server.child.stdout.destroy();
    // Requests make log lines; writing them finds the pipe closed (the first write after the reader left can still
    // be taken by the kernel, so requests go on until the server stops or 20 s pass).
    let running = true;
    const poke = (async () => {
      while (running) {
        await fetch(`${server.baseUrl}/health`).then((r) => r.text()).catch(() => '');
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const code = await Promise.race([server.exited, new Promise<string>((r) => setTimeout(() => r('still running after 20 s'), 20_000).unref())]);
    running = false;
    await poke;
    if (code === 'still running after 20 s') server.child.kill('SIGKILL');
    expect(code).toBe(141);
    expect(stderr).not.toContain('Error');
  }, 180_000);

  it('lets a command whose output is cut off finish its work and exit with its own status, without a stack trace', async () => {
    const [file, ...args] = SOURCE_COMMAND;
    const child = spawn(file!, [...args, 'counter', 'create', '--code', 'P01', '--name', '管道测试报名点'], {
      env: { ...process.env, SERVER_DATA_DIR: config.dataDir, COUNTY_CODE: config.countyCode, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
    // The work was done: the counter exists.
    const store = await openStore(config);
    try {
      expect(await store.db.selectFrom('counters').select('name').where('code', '=', 'P01').executeTakeFirst()).toEqual({ name: '管道测试报名点' });
    } finally {
      await store.close();
    }
  }, 180_000);
});
