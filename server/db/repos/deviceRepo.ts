import { type Insertable } from 'kysely';
import { type Database } from '../schema';
import { type Db } from './db';

/** Enrolled desks: their secrets (to verify signatures) and revocation. */
export class DeviceRepo {
  constructor(private readonly db: Db) {}

  async insert(row: Insertable<Database['devices']>): Promise<void> {
    await this.db.insertInto('devices').values(row).execute();
  }

  /** What a signature check needs: the secret, the counter, and whether the device or its counter is revoked. */
  forAuth(id: string) {
    return this.db
      .selectFrom('devices')
      .innerJoin('counters', 'counters.code', 'devices.counter_code')
      .select(['devices.id', 'devices.counter_code', 'devices.secret', 'devices.revoked_at', 'counters.revoked_at as counter_revoked_at'])
      .where('devices.id', '=', id)
      .executeTakeFirst();
  }

  /** The device's name and its counter's. */
  profile(id: string) {
    return this.db
      .selectFrom('devices')
      .innerJoin('counters', 'counters.code', 'devices.counter_code')
      .select(['devices.name', 'counters.name as counter_name'])
      .where('devices.id', '=', id)
      .executeTakeFirstOrThrow();
  }

  /** Revokes every device of a counter; returns how many. */
  async revokeCounter(counterCode: string, at: string): Promise<number> {
    const r = await this.db.updateTable('devices').set({ revoked_at: at }).where('counter_code', '=', counterCode).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Records a signed request's time (to the minute); skipped when a later or equal time is stored. */
  async touch(id: string, minute: string): Promise<void> {
    await this.db
      .updateTable('devices')
      .set({ last_seen_at: minute })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', minute)]))
      .execute();
  }

  /** Records the newest plan version the desk has pulled. */
  async setPlanVersion(id: string, version: number): Promise<void> {
    await this.db
      .updateTable('devices')
      .set({ plan_version: version })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('plan_version', 'is', null), eb('plan_version', '<>', version)]))
      .execute();
  }

  /** Every desk (revoked ones too), by counter and enrolment. */
  all() {
    return this.db
      .selectFrom('devices')
      .select(['id', 'counter_code', 'name', 'enrolled_at', 'revoked_at', 'last_seen_at', 'plan_version'])
      .orderBy('counter_code')
      .orderBy('enrolled_at')
      .execute();
  }

  /** Desks that may sync (neither they nor their counter revoked). */
  activeDesks() {
    return this.db
      .selectFrom('devices')
      .innerJoin('counters', 'counters.code', 'devices.counter_code')
      .select(['devices.id', 'devices.counter_code', 'devices.name', 'devices.last_seen_at', 'devices.plan_version'])
      .where('devices.revoked_at', 'is', null)
      .where('counters.revoked_at', 'is', null)
      .orderBy('devices.counter_code')
      .orderBy('devices.enrolled_at')
      .execute();
  }
}
