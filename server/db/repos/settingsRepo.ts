import { type Db } from './db';

/** Server-wide settings (the county's identity), made once at first start. */
export class SettingsRepo {
  constructor(private readonly db: Db) {}

  /** Stores each value unless the key has one already. */
  async initialise(values: Record<string, string>): Promise<void> {
    await this.db
      .insertInto('settings')
      .values(Object.entries(values).map(([key, value]) => ({ key, value })))
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }

  async all(): Promise<Record<string, string>> {
    const rows = await this.db.selectFrom('settings').selectAll().execute();
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }
}
