import { stmt, type Db } from '../connection';

export interface PlanRow {
  plan_key: string;
  plan_id: string;
  version: string;
  county_code: string;
  year: number;
  sample: number;
  content: string;
  sha256: string;
  imported_at: string;
  imported_by: string | null;
  active: number;
}

export class PlanRepo {
  constructor(private readonly db: Db) {}
  active(): PlanRow | undefined {
    return stmt<[], PlanRow>(this.db, 'SELECT * FROM plans WHERE active = 1').get();
  }
  byKey(key: string): PlanRow | undefined {
    return stmt<[string], PlanRow>(this.db, 'SELECT * FROM plans WHERE plan_key = ?').get(key);
  }
  list(): PlanRow[] {
    return stmt<[], PlanRow>(this.db, 'SELECT * FROM plans ORDER BY imported_at DESC').all();
  }
  count(): number {
    return (stmt(this.db, 'SELECT count(*) AS n FROM plans').get() as { n: number }).n;
  }
  /** Insert (or refresh the same key) and make it the only active plan. Call inside a transaction. */
  upsertActive(row: PlanRow): void {
    stmt(this.db, 'UPDATE plans SET active = 0 WHERE active = 1').run();
    stmt(this.db, 
        `INSERT INTO plans (plan_key, plan_id, version, county_code, year, sample, content, sha256, imported_at, imported_by, active)
         VALUES (@plan_key, @plan_id, @version, @county_code, @year, @sample, @content, @sha256, @imported_at, @imported_by, 1)
         ON CONFLICT(plan_key) DO UPDATE SET content = excluded.content, sha256 = excluded.sha256,
           imported_at = excluded.imported_at, imported_by = excluded.imported_by, active = 1`,
      )
      .run(row);
  }
}
