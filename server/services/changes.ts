import { type Kysely } from 'kysely';
import { type ChangesResponse, MAX_CHANGES_PAGE } from '../../shared/sync/protocol';
import { reposOf } from '../db/repos';
import { type Database } from '../db/schema';

/** A page of the pull feed for a counter: its own changes and county-wide ones, after `cursor`. */
export async function listChanges(db: Kysely<Database>, counterCode: string, cursor: number, limit: number, now: Date): Promise<ChangesResponse> {
  const n = Math.min(limit, MAX_CHANGES_PAGE);
  const rows = await reposOf(db).changes.after(counterCode, cursor, n + 1);
  const page = rows.slice(0, n);
  return {
    items: page,
    nextCursor: String(page.length ? page[page.length - 1]!.seq : cursor),
    more: rows.length > n,
    serverTime: now.toISOString(),
  };
}
