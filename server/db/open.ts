import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3-multiple-ciphers';
import { type DatabaseIntrospector, Kysely, Migrator, PostgresDialect, SqliteDialect, type Transaction, sql } from 'kysely';
import { guardedDialect, markTransactions } from './transactionGuard';
import pg from 'pg';
import { serverText } from '../../shared/i18n/zhCN.server';
import { format } from '../../shared/i18n/format';
import { type DialectName, MIGRATION_CHECKSUMS, migrationProvider } from './migrations';
import { type Database } from './schema';

export interface Store {
  db: Kysely<Database>;
  dialect: DialectName;
  /** A transaction whose commit is on disk before it returns (answers that acknowledge data use it). */
  durable<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Health: throws unless the database answers and takes writes. */
  check(): Promise<void>;
  close(): Promise<void>;
  /** PostgreSQL only: the pool, for `COPY … FROM STDIN` of bulk imports (server/db/repos/deptBulk.ts). */
  pgPool?: pg.Pool;
}

export interface StoreOptions {
  dataDir: string;
  /** PostgreSQL connection string; SQLite in dataDir when absent. */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema (created if missing); `public` when absent. Tests use one per run. */
  pgSchema?: string | undefined;
  /** Migrate only up to this migration (the tests of a migration start from the one before it). */
  migrateTo?: string;
}

/** Opens the database and brings it to the latest migration (or `opts.migrateTo`). */
export async function openStore(opts: StoreOptions): Promise<Store> {
  const store = opts.databaseUrl ? await openPostgres(opts.databaseUrl, opts.pgSchema) : openSqlite(opts.dataDir);
  try {
    await migrate(store, opts.pgSchema, opts.migrateTo);
  } catch (e: unknown) {
    await store.close();
    throw e;
  }
  return store;
}

/**
 * The checksum of each migration the database ran, as the code that ran it pinned it (migrations/index.ts).
 * Bookkeeping beside Kysely's own table, not part of the schema the migrations build.
 */
export const CHECKSUM_TABLE = 'migration_checksums';

/**
 * Runs the migrations up to `to` (all when absent). First the migrations the database already ran are checked
 * against this code's checksums: a database a different build migrated (an edited migration) is refused before
 * anything is written to it.
 */
export async function migrate(store: Store, pgSchema?: string, to?: string): Promise<void> {
  // Kysely looks for its migration tables in every schema unless told which: name ours, or another
  // schema's tables (e.g. a test run's) would be taken for this one's.
  const migrationTableSchema = store.dialect === 'postgres' ? (pgSchema ?? 'public') : undefined;
  const db = store.dialect === 'postgres' ? introspectingOnly(store.db, migrationTableSchema ?? 'public') : store.db;
  const migrator = new Migrator({ db, provider: migrationProvider(store.dialect), ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  await recordChecksums(store, migrator);
  await checkChecksums(store);
  const { error, results } = to ? await migrator.migrateTo(to) : await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  await recordChecksums(store, migrator);
}

/**
 * The database as the Migrator sees it, asking only about `schema`. Kysely's PostgreSQL introspector reads every
 * schema's columns (and their serial sequences) to learn whether its own table exists; a schema dropped meanwhile —
 * another county or test run on the same database — made that query fail ("schema … does not exist") and the
 * migration with it. Everything else is the database itself.
 */
function introspectingOnly(db: Kysely<Database>, schema: string): Kysely<Database> {
  const getTables: DatabaseIntrospector['getTables'] = async () => {
    const r = await sql<{ name: string }>`select tablename as name from pg_catalog.pg_tables where schemaname = ${schema}`.execute(db);
    return r.rows.map((t) => ({ name: t.name, schema, isView: false, columns: [] }));
  };
  const introspection: DatabaseIntrospector = {
    getSchemas: async () => (await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db)).rows,
    getTables,
    getMetadata: async () => ({ tables: await getTables() }),
  };
  return new Proxy(db, {
    get(target, key) {
      if (key === 'introspection') return introspection;
      const v: unknown = Reflect.get(target, key, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

const isPinned = (name: string): name is keyof typeof MIGRATION_CHECKSUMS => Object.hasOwn(MIGRATION_CHECKSUMS, name);

/**
 * The bookkeeping table, and this code's checksum for each migration the database ran without one recorded:
 * those this code just ran, and all of a database from before checksums were kept (they ran from the files
 * these checksums pin, unchanged since release).
 */
async function recordChecksums(store: Store, migrator: Migrator): Promise<void> {
  try {
    await store.db.schema
      .createTable(CHECKSUM_TABLE)
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('checksum', 'text', (c) => c.notNull())
      .execute();
  } catch (e: unknown) {
    // Replicas starting together: PostgreSQL's `if not exists` can still lose the race to create it (as Kysely's
    // own migration table can), which is fine once the table is there.
    const there = await bookkeeping(store).selectFrom(CHECKSUM_TABLE).select('name').limit(1).execute().then(() => true, () => false);
    if (!there) throw e;
  }
  const ran = (await migrator.getMigrations()).flatMap((m) => (m.executedAt !== undefined && isPinned(m.name) ? [{ name: m.name, checksum: MIGRATION_CHECKSUMS[m.name] }] : []));
  if (ran.length === 0) return;
  await bookkeeping(store)
    .insertInto(CHECKSUM_TABLE)
    .values(ran)
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

/** Refuses a database that ran one of this code's migrations from a different file (a newer one's are its own). */
async function checkChecksums(store: Store): Promise<void> {
  const rows = await bookkeeping(store).selectFrom(CHECKSUM_TABLE).select(['name', 'checksum']).orderBy('name').execute();
  const changed = rows.find((r) => isPinned(r.name) && MIGRATION_CHECKSUMS[r.name] !== r.checksum);
  if (changed) throw new Error(format(serverText.admin.migrationChanged, { name: changed.name }));
}

/** The bookkeeping table is not in the schema's types (it is not part of the migrations' schema). */
const bookkeeping = (store: Store) => store.db.withTables<{ [CHECKSUM_TABLE]: { name: string; checksum: string } }>();

function openSqlite(dataDir: string): Store {
  mkdirSync(dataDir, { recursive: true });
  const database = new Sqlite(join(dataDir, 'county.sqlite'));
  database.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash but can lose the last commits on power loss: fine for nonces
  // and upload bookkeeping; what the server acknowledges goes through `durable` (synchronous = FULL).
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // Kysely's SQLite driver prepares every query afresh; the server runs the same few dozen statements all
  // day, so keep them prepared (a measurable share of a page upload's CPU time, ADR 0008).
  const prepared = new Map<string, ReturnType<typeof database.prepare>>();
  const cachingDatabase = {
    close: () => database.close(),
    prepare(text: string) {
      let stmt = prepared.get(text);
      if (!stmt) {
        stmt = database.prepare(text);
        if (prepared.size < 1000) prepared.set(text, stmt);
      }
      return stmt;
    },
  };
  const db = markTransactions(new Kysely<Database>({ dialect: guardedDialect(new SqliteDialect({ database: cachingDatabase })) }));
  // One reserved connection (SQLite has one anyway), so nothing runs between the pragmas and the transaction.
  const durable = <T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> =>
    db.connection().execute(async (conn) => {
      await sql`pragma synchronous = FULL`.execute(conn);
      try {
        return await conn.transaction().execute(fn);
      } finally {
        await sql`pragma synchronous = NORMAL`.execute(conn);
      }
    });
  const check = async () => {
    await sql`select count(*) from settings`.execute(db);
    // A file the process may not write (permissions, a read-only mount) fails here, not at the next batch.
    if (database.readonly) throw new Error('the SQLite database is open read-only');
  };
  return { db, dialect: 'sqlite', durable, check, close: () => db.destroy() };
}

async function openPostgres(connectionString: string, schema: string | undefined): Promise<Store> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists ${schema}`);
    } finally {
      await admin.end();
    }
  }
  // synchronous_commit off by default (nonces, upload bookkeeping: a crash of the database host may lose the
  // last of them, which only reopens harmless replays or resumes an upload earlier); `durable` turns it on.
  const options = [...(schema ? [`-c search_path=${schema}`] : []), '-c synchronous_commit=off'].join(' ');
  const pool = new pg.Pool({ connectionString, max: 10, options });
  const db = markTransactions(new Kysely<Database>({ dialect: guardedDialect(new PostgresDialect({ pool })) }));
  await sql`select 1`.execute(db);
  const durable = <T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> =>
    db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = on`.execute(trx);
      return fn(trx);
    });
  const check = async () => {
    // A standby (after a fail-over went the wrong way) answers reads but refuses every write.
    const r = await sql<{ standby: boolean }>`select pg_is_in_recovery() as standby, (select count(*) from settings) as settings`.execute(db);
    if (r.rows[0]?.standby) throw new Error('PostgreSQL is a read-only standby (in recovery)');
  };
  return { db, dialect: 'postgres', durable, check, close: () => db.destroy(), pgPool: pool };
}

/** Test helper: drops a per-run PostgreSQL schema. */
export async function dropPgSchema(connectionString: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema ${schema}`);
  const admin = new pg.Client({ connectionString });
  await admin.connect();
  try {
    await admin.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await admin.end();
  }
}
