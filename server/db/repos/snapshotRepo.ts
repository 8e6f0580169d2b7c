import { sql } from 'kysely';
import { type Db } from './db';

/** Whole-database snapshots for the backup (SQLite only; PostgreSQL is dumped by pg_dump outside the connection). */
export class SnapshotRepo {
  constructor(private readonly db: Db) {}

  /** Writes one consistent copy of the SQLite database to `file` (VACUUM INTO; the file must not exist). */
  async vacuumInto(file: string): Promise<void> {
    await sql`vacuum into ${sql.lit(file)}`.execute(this.db);
  }
}
