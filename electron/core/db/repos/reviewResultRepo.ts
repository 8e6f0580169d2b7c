import { reviewResultSchema, type ReviewResult } from '../../../../shared/contract/reviewResult';
import { stmt, type Db } from '../connection';

/** The county's review results for this counter's applications (pulled by sync, printed as notices). */
export class ReviewResultRepo {
  constructor(private readonly db: Db) {}

  /** The newest result the county recorded for an application, or null. */
  latest(applicationId: string): ReviewResult | null {
    const row = stmt<[string], { data: string }>(
      this.db,
      'SELECT data FROM review_results WHERE application_id = ? ORDER BY result_version DESC LIMIT 1',
    ).get(applicationId);
    return row ? reviewResultSchema.parse(JSON.parse(row.data)) : null;
  }

  /** Whether the newest result was applied to the application's status (0 = held back as a conflict). */
  latestApplied(applicationId: string): boolean | null {
    const row = stmt<[string], { applied: number }>(
      this.db,
      'SELECT applied FROM review_results WHERE application_id = ? ORDER BY result_version DESC LIMIT 1',
    ).get(applicationId);
    return row ? row.applied === 1 : null;
  }

  /**
   * Store one result. Idempotent: the same (application, version) again changes nothing and returns false.
   * `applied` false keeps the result visible as a conflict without touching the application.
   */
  record(result: ReviewResult, receivedAt = new Date().toISOString(), applied = true): boolean {
    const r = reviewResultSchema.parse(result);
    const info = stmt(
      this.db,
      `INSERT INTO review_results (application_id, result_version, outcome, data, decided_at, received_at, applied)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (application_id, result_version) DO NOTHING`,
    ).run(r.applicationId, r.resultVersion, r.outcome, JSON.stringify(r), r.decidedAt, receivedAt, applied ? 1 : 0);
    return info.changes === 1;
  }

  markApplied(applicationId: string, resultVersion: number): void {
    stmt(this.db, 'UPDATE review_results SET applied = 1 WHERE application_id = ? AND result_version = ?').run(applicationId, resultVersion);
  }

  /** Results held back because the record had unsynced local edits when they arrived. */
  unapplied(): ReviewResult[] {
    return stmt<[], { data: string }>(
      this.db,
      `SELECT r.data FROM review_results r
       WHERE r.applied = 0 AND r.result_version = (SELECT max(result_version) FROM review_results x WHERE x.application_id = r.application_id)
       ORDER BY r.received_at`,
    )
      .all()
      .map((row) => reviewResultSchema.parse(JSON.parse(row.data)));
  }
}
