import { createHash } from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import { type Db } from './db';

/**
 * PostgreSQL transaction-level advisory locks: how replicas of the server that share one database keep the
 * work on one key (a batch id, an application, a receipt number, a child) to one transaction at a time. The
 * locks end with the transaction. On SQLite (one process, one writer) they are no-ops.
 */
export class LockRepo {
  constructor(private readonly db: Db) {}

  private get postgres(): boolean {
    return this.db.getExecutor().adapter instanceof PostgresAdapter;
  }

  /**
   * Takes the locks of these keys, in ascending order of their 64-bit numbers: every transaction takes its keys
   * in the same order before it reads, so two never wait on each other in a cycle. Distinct keys whose numbers
   * collide only wait for each other, never share a lock wrongly.
   */
  async keys(keys: Iterable<string>): Promise<void> {
    if (!this.postgres) return;
    const ids = [...new Set([...keys].map(lockId))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map(String);
    if (ids.length === 0) return;
    // One round trip: the rows of the sorted array are locked in array order.
    await sql`select count(pg_advisory_xact_lock(k.id)) from unnest(${ids}::bigint[]) with ordinality as k(id, n)`.execute(this.db);
  }
}

/** A key's lock number: the first 8 bytes of its SHA-256 as a signed 64-bit integer. */
export function lockId(key: string): bigint {
  return createHash('sha256').update(key).digest().readBigInt64BE(0);
}
