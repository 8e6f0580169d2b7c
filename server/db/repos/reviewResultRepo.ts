import { type ReviewResult } from '../../../shared/contract/reviewResult';
import { type Db } from './db';

/** The county's decisions on applications, one row per result version. */
export class ReviewResultRepo {
  constructor(private readonly db: Db) {}

  async latestVersion(applicationId: string): Promise<number> {
    const row = await this.db.selectFrom('review_results').select((eb) => eb.fn.max('result_version').as('v')).where('application_id', '=', applicationId).executeTakeFirst();
    return Number(row?.v ?? 0);
  }

  async insert(result: ReviewResult): Promise<void> {
    await this.db
      .insertInto('review_results')
      .values({ application_id: result.applicationId, result_version: result.resultVersion, payload: JSON.stringify(result), decided_at: result.decidedAt })
      .execute();
  }

  async of(applicationId: string): Promise<ReviewResult[]> {
    const rows = await this.db.selectFrom('review_results').select('payload').where('application_id', '=', applicationId).orderBy('result_version').execute();
    return rows.map((r) => JSON.parse(r.payload) as ReviewResult);
  }

  /** The outcome of each application's newest result. */
  async latestOutcomes(): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('review_results').select(['application_id', 'result_version', 'payload']).orderBy('result_version').execute();
    return new Map(rows.map((r) => [r.application_id, (JSON.parse(r.payload) as ReviewResult).outcome]));
  }
}
