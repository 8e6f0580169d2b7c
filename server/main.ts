// `npm run server` starts the county server; `npm run server -- <command>` runs an admin command (server/cli.ts).
import { buildApp } from './app';
import { runCli } from './cli';
import { loadCounty } from './counters';
import { type ServerConfig, configFromEnv } from './config';
import { openStore } from './db/open';

async function serve(config: ServerConfig): Promise<void> {
  const store = await openStore(config);
  const county = await loadCounty(store.db, config.countyCode);
  const app = await buildApp({ store, county, dataDir: config.dataDir, logger: { level: process.env.LOG_LEVEL ?? 'info' } });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // app.close() stops accepting, lets in-flight requests finish, then closes; the database goes last.
    void app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0))
      .catch((e: unknown) => {
        app.log.error({ err: e }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await app.listen({ host: config.host, port: config.port });
  app.log.info(
    { database: store.dialect, dataDir: config.dataDir, countyCode: county.countyCode },
    `county server ready: ${store.dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'}; blobs in ${config.dataDir}`,
  );
}

async function main(): Promise<void> {
  const config = configFromEnv();
  const args = process.argv.slice(2);
  if (args.length === 0 || args[0] === 'serve') return serve(config);
  process.exitCode = await runCli(args, config);
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
