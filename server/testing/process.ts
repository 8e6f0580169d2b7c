import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type ServerConfig } from '../config';

// Starts `server/main.ts` as its own process (what `npm run server` runs) on a free port.

const MAIN = join(import.meta.dirname, '..', 'main.ts');

export interface Running {
  child: ChildProcessWithoutNullStreams;
  baseUrl: string;
  port: number;
  exited: Promise<number | null>;
}

export function startServer(config: ServerConfig, extraEnv: NodeJS.ProcessEnv = {}): Promise<Running> {
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
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env, stdio: 'pipe' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve({ child, baseUrl: `http://127.0.0.1:${m[1]}`, port: Number(m[1]), exited });
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    void exited.then((code) => reject(new Error(`server exited early (${code}): ${err}\n${out}`)));
    setTimeout(() => reject(new Error(`server did not start: ${err}\n${out}`)), 30_000);
  });
}
