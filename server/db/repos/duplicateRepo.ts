import { type Insertable } from 'kysely';
import { type Database } from '../schema';
import { type Db } from './db';

/** Resolutions of groups of applications for the same child, and the applications they withdrew. */
export class DuplicateRepo {
  constructor(private readonly db: Db) {}

  resolutionsOf(groupIds: readonly string[]) {
    if (groupIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('duplicate_resolutions').selectAll().where('group_id', 'in', [...groupIds]).execute();
  }

  /** Stores (or replaces, when a later application re-opened the group) the group's resolution. */
  async resolve(row: Insertable<Database['duplicate_resolutions']>): Promise<void> {
    await this.db
      .insertInto('duplicate_resolutions')
      .values(row)
      .onConflict((oc) => oc.column('group_id').doUpdateSet({ kept_application_id: row.kept_application_id, reason: row.reason, resolved_at: row.resolved_at, resolved_by: row.resolved_by }))
      .execute();
  }

  /** Withdraws an application; false when it was withdrawn before. */
  async withdraw(row: Insertable<Database['application_withdrawals']>): Promise<boolean> {
    const r = await this.db.insertInto('application_withdrawals').values(row).onConflict((oc) => oc.column('application_id').doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  /** The withdrawals among these applications. */
  withdrawalsOf(applicationIds: readonly string[]) {
    if (applicationIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('application_withdrawals').selectAll().where('application_id', 'in', [...applicationIds]).execute();
  }
}
