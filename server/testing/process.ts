import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type ServerConfig } from '../config';

// Starts `server/main.ts` as its own process (what `npm run server` runs) on a free port, or any other build of
// the server (`command`, e.g. the installed package's `node …/dist/main.mjs`).

const MAIN = join(import.meta.dirname, '..', 'main.ts');

export interface Running {
  child: ChildProcessWithoutNullStreams;
  baseUrl: string;
  port: number;
  exited: Promise<number | null>;
  /**
   * Resolves with the first log line (pino JSON, parsed) logged from now on that `match` accepts: how a test
   * proves something happened inside the server before it acts (e.g. kills it).
   */
  waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

/** What `npm run server` runs: the TypeScript sources through tsx. */
export const SOURCE_COMMAND: readonly string[] = [process.execPath, '--import', 'tsx', MAIN];

export function startServer(config: ServerConfig, extraEnv: NodeJS.ProcessEnv = {}, command: readonly string[] = SOURCE_COMMAND): Promise<Running> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    SERVER_DATA_DIR: config.dataDir,
    COUNTY_CODE: config.countyCode,
    DATABASE_URL: config.databaseUrl ?? '',
    DATABASE_SCHEMA: config.pgSchema ?? '',
    ...extraEnv,
  };
  const [file, ...args] = command;
  if (file === undefined) throw new Error('startServer: empty command');
  const child = spawn(file, args, { env, stdio: 'pipe' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waiters: { match: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
  let pending = '';
  let text = '';
  child.stdout.on('data', (d: Buffer) => {
    pending += d.toString();
    const complete = pending.split('\n');
    pending = complete.pop() ?? '';
    for (const raw of complete) {
      if (text.length < 100_000) text += `${raw}\n`;
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        continue;
      }
      for (const w of [...waiters]) {
        if (w.match(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  const waitForLog: Running['waitForLog'] = (match, timeoutMs = 30_000) => {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such server log line within ${timeoutMs} ms`)), timeoutMs);
      waiters.push({ match, resolve: (line) => (clearTimeout(timer), resolve(line)) });
    });
  };
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    // Generous: tsx compiles the sources at start, which takes half a minute on a busy 2-core CI machine.
    void waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('Server listening at'), 120_000)
      .then((l) => {
        const port = Number(/:(\d+)$/.exec(String(l.msg))?.[1]);
        resolve({ child, baseUrl: `http://127.0.0.1:${port}`, port, exited, waitForLog });
      })
      .catch(() => reject(new Error(`server did not start: ${err}\n${text}`)));
    void exited.then((code) => reject(new Error(`server exited early (${code}): ${err}\n${text}`)));
  });
}
