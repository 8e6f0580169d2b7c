// `npm run server` starts the county server; `npm run server -- <command>` runs an admin command (server/cli.ts).
import { buildApp } from './app';
import { runCli } from './cli';
import { serverText } from '../shared/i18n/zhCN.server';
import { loadCounty } from './services/counters';
import { type ServerConfig, configFromEnv } from './config';
import { openStore } from './db/open';

/**
 * `… | head`: the reader of stdout or stderr went away (EPIPE). Node ignores SIGPIPE, so without this a server
 * whose log pipe broke runs on (its logger drops the lines) and the pipeline never ends, and a command crashes with a
 * stack trace if it writes again later. `then` decides what to do; nothing more is written to the broken stream.
 */
function onBrokenPipe(then: (stream: 'stdout' | 'stderr') => void): { broken: (stream: 'stdout' | 'stderr') => boolean } {
  const broken = { stdout: false, stderr: false };
  for (const name of ['stdout', 'stderr'] as const) {
    process[name].on('error', (e: NodeJS.ErrnoException) => {
      // After the first EPIPE, later writes (the shutdown's own log line) fail as well: already handled.
      if (broken[name]) return;
      if (e.code !== 'EPIPE') throw e;
      broken[name] = true;
      then(name);
    });
  }
  return { broken: (name) => broken[name] };
}

/** Exit status of a server stopped because its log pipe broke (128 + SIGPIPE, as a C program would end). */
const BROKEN_PIPE_EXIT = 141;

async function serve(config: ServerConfig): Promise<void> {
  // Checked before the database is opened: a server must never come up as some default county.
  if (!config.countyCode) throw new Error(serverText.admin.countyCodeMissing);
  const store = await openStore(config);
  const county = await loadCounty(store.db, config.countyCode).catch(async (e: unknown) => {
    await store.close();
    throw e;
  });
  const app = await buildApp({
    store,
    county,
    dataDir: config.dataDir,
    blobStore: config.blobStore ?? 'disk',
    // Through process.stdout, so that a broken pipe reaches onBrokenPipe (pino's own writer would drop the lines).
    logger: { level: process.env.LOG_LEVEL ?? 'info', stream: process.stdout },
    ...(config.trustProxy ? { trustProxy: config.trustProxy } : {}),
  });
  let stopping = false;
  const stop = (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // app.close() stops accepting, lets in-flight requests finish, stops the department jobs (after a round in
    // progress), then closes; the database goes last.
    void app
      .close()
      .then(() => store.close())
      .then(() => process.exit(code))
      .catch((e: unknown) => {
        app.log.error({ err: e }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Nowhere to log to (`… | head` ended, or the log collector went away): stop as on SIGTERM, with a failure status
  // so that a supervisor (systemd Restart=on-failure) starts it again with a working log.
  onBrokenPipe(() => stop('EPIPE', BROKEN_PIPE_EXIT));
  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { database: store.dialect, dataDir: config.dataDir, countyCode: county.countyCode, blobStore: config.blobStore ?? 'disk' },
    `county server ready: ${store.dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'}; blobs ${config.blobStore === 'postgres' ? 'in PostgreSQL' : `in ${config.dataDir}`}`,
  );
}

async function main(): Promise<void> {
  const config = configFromEnv();
  const args = process.argv.slice(2);
  if (args.length === 0 || args[0] === 'serve') return serve(config);
  // A command runs to its end when its output is cut off (a restore must never stop half way): the rest of the
  // output is dropped, quietly.
  const pipes = onBrokenPipe(() => undefined);
  process.exitCode = await runCli(
    args,
    config,
    (s) => void (pipes.broken('stdout') || process.stdout.write(`${s}\n`)),
    (s) => void (pipes.broken('stderr') || process.stderr.write(`${s}\n`)),
  );
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
