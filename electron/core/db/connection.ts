import Database from 'better-sqlite3-multiple-ciphers';
import { DeskError } from '../../../shared/contract/result';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path to a better-sqlite3 native binding built for the current runtime (Electron keeps its own). */
  nativeBinding?: string;
  readonly?: boolean;
}

/**
 * Open (or create) an encrypted database. The key is 32 random bytes; SQLite3 Multiple Ciphers
 * encrypts every page of the main file and the WAL with ChaCha20-Poly1305, so a wrong key or a
 * damaged page is detected rather than read as garbage.
 */
export function openEncrypted(file: string, key: Buffer, options: OpenOptions = {}): Db {
  const dbOptions: Database.Options = {};
  if (options.nativeBinding) dbOptions.nativeBinding = options.nativeBinding;
  if (options.readonly) dbOptions.readonly = true;
  const db = new Database(file, dbOptions);
  try {
    db.pragma(`cipher = 'chacha20'`);
    db.pragma(`hexkey = '${key.toString('hex')}'`);
    // Reading the schema is the first moment a wrong key or a foreign file shows itself.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e: unknown) {
    db.close();
    if (isNotADatabase(e)) throw new DeskError('DB_UNREADABLE');
    throw e;
  }
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // FULL: a commit is on disk before the call returns, so an acknowledged save survives a power cut.
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** `quick_check` reads every page; with the cipher's MAC that catches damaged or altered pages. */
export function checkIntegrity(db: Db): { ok: boolean; problems: string[] } {
  try {
    const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    return { ok: problems.length === 0, problems };
  } catch (e: unknown) {
    return { ok: false, problems: [e instanceof Error ? e.message : String(e)] };
  }
}

function isNotADatabase(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || (e instanceof Error && /not a database/i.test(e.message));
}

export function isCorruption(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement, prepared once per connection. Repositories call this instead of
 * `db.prepare` so hot paths (submit, search) do not re-parse SQL on every call.
 */
export function stmt<P extends unknown[] | object = unknown[], R = unknown>(db: Db, sql: string): Database.Statement<P, R> {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    // Search builds SQL from filter combinations: bounded, but keep the cache from growing without end.
    if (cache.size > 500) cache.clear();
    s = db.prepare(sql);
    cache.set(sql, s);
  }
  return s as unknown as Database.Statement<P, R>;
}
