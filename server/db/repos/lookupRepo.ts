import { sql } from 'kysely';
import { type Db } from './db';

/** Public lookups per client and fixed window: the rate limit (in the database, so every replica counts together). */
export class LookupRepo {
  constructor(private readonly db: Db) {}

  /** Counts one request of `client` in the window starting at `windowStart`; returns the window's count so far. */
  async hit(client: string, windowStart: string): Promise<number> {
    const row = await this.db
      .insertInto('lookup_hits')
      .values({ client, window_start: windowStart, hits: 1 })
      .onConflict((oc) => oc.columns(['client', 'window_start']).doUpdateSet({ hits: sql`lookup_hits.hits + 1` }))
      .returning('hits')
      .executeTakeFirstOrThrow();
    return Number(row.hits);
  }

  async pruneBefore(windowStart: string): Promise<void> {
    await this.db.deleteFrom('lookup_hits').where('window_start', '<', windowStart).execute();
  }
}
