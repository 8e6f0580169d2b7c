import { type Db } from './db';

/** Counters (报名点) and their one-time enrollment codes (stored hashed). */
export class CounterRepo {
  constructor(private readonly db: Db) {}

  find(code: string) {
    return this.db.selectFrom('counters').select(['code', 'name', 'revoked_at']).where('code', '=', code).executeTakeFirst();
  }

  async insert(code: string, name: string, createdAt: string): Promise<void> {
    await this.db.insertInto('counters').values({ code, name, created_at: createdAt, revoked_at: null }).execute();
  }

  async reinstate(code: string, name: string): Promise<void> {
    await this.db.updateTable('counters').set({ revoked_at: null, name }).where('code', '=', code).execute();
  }

  /** Revokes the counter; false when there is no such counter. */
  async revoke(code: string, at: string): Promise<boolean> {
    const r = await this.db.updateTable('counters').set({ revoked_at: at }).where('code', '=', code).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async addEnrollmentCode(codeHash: string, counterCode: string, createdAt: string, expiresAt: string): Promise<void> {
    await this.db.insertInto('enrollment_codes').values({ code_hash: codeHash, counter_code: counterCode, created_at: createdAt, expires_at: expiresAt, used_at: null, device_id: null }).execute();
  }

  /** An enrollment code with its counter. */
  findEnrollmentCode(codeHash: string) {
    return this.db
      .selectFrom('enrollment_codes')
      .innerJoin('counters', 'counters.code', 'enrollment_codes.counter_code')
      .select(['enrollment_codes.code_hash', 'enrollment_codes.expires_at', 'enrollment_codes.used_at', 'counters.code', 'counters.name', 'counters.revoked_at'])
      .where('enrollment_codes.code_hash', '=', codeHash)
      .executeTakeFirst();
  }

  /** Spends a code for a device; false when it was spent meanwhile. */
  async spendEnrollmentCode(codeHash: string, deviceId: string, at: string): Promise<boolean> {
    const r = await this.db.updateTable('enrollment_codes').set({ used_at: at, device_id: deviceId }).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Spends every unused code of a counter (when it is revoked). */
  async spendAllCodes(counterCode: string, at: string): Promise<void> {
    await this.db.updateTable('enrollment_codes').set({ used_at: at }).where('counter_code', '=', counterCode).where('used_at', 'is', null).execute();
  }

  all() {
    return this.db.selectFrom('counters').select(['code', 'name', 'created_at', 'revoked_at']).orderBy('code').execute();
  }

  /** Unused, unexpired one-time codes per counter. */
  async openCodes(now: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('enrollment_codes')
      .select((eb) => ['counter_code', eb.fn.countAll().as('n')])
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .groupBy('counter_code')
      .execute();
    return new Map(rows.map((r) => [r.counter_code, Number(r.n)]));
  }
}
