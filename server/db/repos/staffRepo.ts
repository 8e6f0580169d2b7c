import { type Insertable, type Selectable, type Updateable } from 'kysely';
import { type Database } from '../schema';
import { type Db } from './db';

export type StaffRow = Selectable<Database['staff']>;
export type SessionRow = Selectable<Database['staff_sessions']>;

/** County console accounts and their sessions. */
export class StaffRepo {
  constructor(private readonly db: Db) {}

  byUsername(username: string): Promise<StaffRow | undefined> {
    return this.db.selectFrom('staff').selectAll().where('username', '=', username).executeTakeFirst();
  }

  byId(id: string): Promise<StaffRow | undefined> {
    return this.db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();
  }

  all(): Promise<StaffRow[]> {
    return this.db.selectFrom('staff').selectAll().orderBy('created_at').orderBy('username').execute();
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('staff').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Active (not disabled) accounts with this role. */
  async activeWithRole(role: string): Promise<number> {
    const row = await this.db.selectFrom('staff').select((eb) => eb.fn.countAll().as('n')).where('role', '=', role).where('disabled', '=', 0).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async insert(row: Insertable<Database['staff']>): Promise<void> {
    await this.db.insertInto('staff').values(row).execute();
  }

  async update(id: string, set: Updateable<Database['staff']>): Promise<void> {
    await this.db.updateTable('staff').set(set).where('id', '=', id).execute();
  }

  /** The session and its account, by the hash of the cookie's token. */
  sessionWithStaff(tokenHash: string) {
    return this.db
      .selectFrom('staff_sessions')
      .innerJoin('staff', 'staff.id', 'staff_sessions.staff_id')
      .select([
        'staff_sessions.token_hash',
        'staff_sessions.csrf_token',
        'staff_sessions.created_at as session_created_at',
        'staff_sessions.last_seen_at',
        'staff_sessions.expires_at',
        'staff.id',
        'staff.username',
        'staff.display_name',
        'staff.role',
        'staff.scope',
        'staff.must_change_password',
        'staff.disabled',
      ])
      .where('staff_sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  async insertSession(row: Insertable<Database['staff_sessions']>): Promise<void> {
    await this.db.insertInto('staff_sessions').values(row).execute();
  }

  async touchSession(tokenHash: string, at: string): Promise<void> {
    await this.db.updateTable('staff_sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
  }

  /** Ends every session of an account except `keep` (the one changing its password). */
  async deleteSessionsOf(staffId: string, keep?: string): Promise<void> {
    let q = this.db.deleteFrom('staff_sessions').where('staff_id', '=', staffId);
    if (keep) q = q.where('token_hash', '<>', keep);
    await q.execute();
  }

  async deleteExpiredSessions(idleBefore: string, now: string): Promise<void> {
    await this.db
      .deleteFrom('staff_sessions')
      .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('expires_at', '<', now)]))
      .execute();
  }
}
