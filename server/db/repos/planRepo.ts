import { type Db } from './db';

/** County plan versions as published. */
export class PlanRepo {
  constructor(private readonly db: Db) {}

  /** Stores a plan; returns its version (increasing). */
  async insert(planJson: string, publishedAt: string, publishedBy: string | null = null): Promise<number> {
    const { version } = await this.db.insertInto('plans').values({ plan: planJson, published_at: publishedAt, published_by: publishedBy }).returning('version').executeTakeFirstOrThrow();
    return Number(version);
  }

  async latestVersion(): Promise<number | null> {
    const row = await this.db.selectFrom('plans').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
    return row?.v === null || row?.v === undefined ? null : Number(row.v);
  }

  get(version: number) {
    return this.db.selectFrom('plans').select(['version', 'plan', 'published_at', 'published_by']).where('version', '=', version).executeTakeFirst();
  }

  /** Every version, newest first. */
  async all() {
    const rows = await this.db.selectFrom('plans').select(['version', 'plan', 'published_at', 'published_by']).orderBy('version', 'desc').execute();
    return rows.map((r) => ({ ...r, version: Number(r.version) }));
  }

  /** The newest published plan, or undefined before the first. */
  async newest(): Promise<{ version: number; plan: string; published_at: string } | undefined> {
    const row = await this.db.selectFrom('plans').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
    return row ? { ...row, version: Number(row.version) } : undefined;
  }
}
