import { type Change } from '../../../shared/sync/protocol';
import { type Db } from './db';
import { LockRepo } from './lockRepo';

/**
 * Held from a change's insert until its transaction commits (PostgreSQL): changes commit in `seq` order, so a
 * desk that pulled up to seq N never later finds a change N−1 committed behind it by another replica.
 */
const FEED_LOCK = 'changes-feed';

/** The pull feed: changes in `seq` order, for one counter or (counter null) for every counter. */
export class ChangeRepo {
  constructor(private readonly db: Db) {}

  async add(counterCode: string | null, change: Change, createdAt: string): Promise<void> {
    await new LockRepo(this.db).keys([FEED_LOCK]);
    await this.db.insertInto('changes').values({ counter_code: counterCode, kind: change.kind, payload: JSON.stringify(change), created_at: createdAt }).execute();
  }

  /** Up to `limit` changes for a counter after `cursor`. */
  async after(counterCode: string, cursor: number, limit: number): Promise<{ seq: number; change: Change }[]> {
    const rows = await this.db
      .selectFrom('changes')
      .select(['seq', 'payload'])
      .where('seq', '>', cursor)
      .where((eb) => eb.or([eb('counter_code', '=', counterCode), eb('counter_code', 'is', null)]))
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ seq: Number(r.seq), change: JSON.parse(r.payload) as Change }));
  }

  /** The version of the newest county plan at or before `cursor` (what a desk that pulled up to there runs); null when none. */
  async planVersionAt(cursor: number): Promise<number | null> {
    // The payload starts `{"kind":"plan","planVersion":N,` (JSON.stringify keeps the change's key order): read the
    // head only, never the plan itself.
    const row = await this.db
      .selectFrom('changes')
      .select((eb) => eb.fn<string>('substr', [eb.ref('payload'), eb.val(1), eb.val(48)]).as('head'))
      .where('counter_code', 'is', null)
      .where('kind', '=', 'plan')
      .where('seq', '<=', cursor)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const m = row ? /"planVersion":(\d+)/.exec(row.head) : null;
    return m ? Number(m[1]) : null;
  }
}
