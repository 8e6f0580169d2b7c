// Test kit for migrations: migrate to N-1, insert fixture rows, migrate to N, then compare the
// whole database (schema and rows) with what the test expects. Not used by production code.
import Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../db/connection';
import { APPLIED_TABLE, migrate } from '../db/migrate';

export function memoryDbAt(version: number): Db {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, version);
  return db;
}

export interface Snapshot {
  tables: Record<string, { sql: string; rows: unknown[] }>;
  indexes: string[];
  triggers: string[];
}

export function snapshot(db: Db): Snapshot {
  const objects = db
    .prepare<[], { type: string; name: string; sql: string | null }>(
      "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )
    .all()
    // The migrations' own bookkeeping (migrate.test.ts pins it) is not part of the schema they build.
    .filter((o) => o.name !== APPLIED_TABLE);
  const tables: Snapshot['tables'] = {};
  for (const o of objects.filter((x) => x.type === 'table')) {
    const sql = normalise(o.sql ?? '');
    // Virtual tables are compared by their shadow tables; rows are sorted so WITHOUT ROWID tables compare too.
    const rows = sql.startsWith('CREATE VIRTUAL') ? [] : db.prepare(`SELECT * FROM "${o.name}"`).all();
    tables[o.name] = { sql, rows: rows.map((r) => JSON.stringify(r)).sort().map((r) => JSON.parse(r) as unknown) };
  }
  return {
    tables,
    indexes: objects.filter((x) => x.type === 'index' && x.sql).map((x) => x.name),
    triggers: objects.filter((x) => x.type === 'trigger').map((x) => x.name),
  };
}

function normalise(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}
