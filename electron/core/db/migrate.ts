import { DeskError } from '../../../shared/contract/result';
import type { Db } from './connection';
import { migrations, type PinnedMigration } from './migrations/index';

export function currentVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * The migrations this database has run, each with the checksum of the file it ran from. Bookkeeping, not part
 * of the schema the migrations build (migration snapshots leave it out); `user_version` still says how far.
 */
export const APPLIED_TABLE = 'schema_migrations';

/**
 * Apply pending migrations in order, each in its own transaction together with the version bump and its
 * checksum. First the migrations the database already ran are checked against this code's: a database a
 * different build migrated (an edited migration) is refused before anything is written to it.
 */
export function migrate(db: Db, target: number = latestVersion(), list: readonly PinnedMigration[] = migrations): number {
  let version = currentVersion(db);
  recordApplied(db, version, list);
  checkApplied(db, list);
  const record = db.prepare(`INSERT INTO ${APPLIED_TABLE} (version, name, checksum) VALUES (?, ?, ?)`);
  for (const m of list) {
    if (m.version <= version || m.version > target) continue;
    if (m.version !== version + 1) throw new Error(`migration gap: at ${version}, next is ${m.version}`);
    // IMMEDIATE: the write lock first (waiting out busy_timeout), so two desk processes opening one database at
    // once queue here instead of one failing with SQLITE_BUSY; the one that waited finds the step done.
    db.transaction(() => {
      if (currentVersion(db) >= m.version) return;
      m.up(db);
      record.run(m.version, m.name, m.checksum);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    version = Math.max(m.version, currentVersion(db));
  }
  return version;
}

/**
 * The bookkeeping table, and a row for each migration the database ran without one: a database from before
 * checksums were kept (they ran from the files these checksums pin, which have not changed since release).
 */
function recordApplied(db: Db, version: number, list: readonly PinnedMigration[]): void {
  const due = list.filter((m) => m.version <= version);
  const table = db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?`).get(APPLIED_TABLE);
  const recorded = table?.n ? (db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${APPLIED_TABLE}`).get()?.n ?? 0) : -1;
  // Every open reads; only a database without its rows writes (a read that became a write inside a deferred
  // transaction failed with SQLITE_BUSY at once when another desk process had written meanwhile).
  if (recorded >= due.length) return;
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS ${APPLIED_TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL) STRICT`);
    const adopt = db.prepare(`INSERT OR IGNORE INTO ${APPLIED_TABLE} (version, name, checksum) VALUES (?, ?, ?)`);
    for (const m of due) adopt.run(m.version, m.name, m.checksum);
  }).immediate();
}

/** Refuses (DB_MIGRATION_CHANGED) a database that ran one of this code's migrations from a different file. */
function checkApplied(db: Db, list: readonly PinnedMigration[]): void {
  const rows = db.prepare<[], { version: number; checksum: string }>(`SELECT version, checksum FROM ${APPLIED_TABLE} ORDER BY version`).all();
  for (const row of rows) {
    const m = list.find((x) => x.version === row.version);
    // A migration this code does not know comes from a newer desk; the backup's restore checks for that.
    if (m && m.checksum !== row.checksum) {
      throw new DeskError('DB_MIGRATION_CHANGED', { version: m.version, name: m.name }, { recorded: row.checksum, expected: m.checksum });
    }
  }
}

export function latestVersion(list: readonly PinnedMigration[] = migrations): number {
  return list.reduce((max, m) => Math.max(max, m.version), 0);
}
