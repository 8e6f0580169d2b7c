import { type Insertable } from 'kysely';
import { type Database } from '../schema';
import { type Db } from './db';

/** What placement reads (approved applications with their newest result) and each publication of its results. */
export class PlacementRepo {
  constructor(private readonly db: Db) {}

  /**
   * Applications whose newest review result has one of these outcomes, with that result (its payload). One query:
   * the newest version per application is found in the database, not by reading every result.
   */
  async withLatestOutcome(outcomes: readonly string[]) {
    const rows = await this.db
      .selectFrom('applications as a')
      .innerJoin('review_results as r', 'r.application_id', 'a.id')
      .select(['a.id', 'a.receipt_no', 'a.counter_code', 'a.source', 'a.record', 'r.result_version', 'r.payload'])
      .where('r.result_version', '=', (eb) => eb.selectFrom('review_results as x').select((x) => x.fn.max('x.result_version').as('v')).whereRef('x.application_id', '=', 'a.id'))
      .orderBy('a.receipt_no')
      .execute();
    const wanted = new Set(outcomes);
    return rows
      .map((r) => ({ ...r, result_version: Number(r.result_version), outcome: (JSON.parse(r.payload) as { outcome: string }).outcome }))
      .filter((r) => wanted.has(r.outcome));
  }

  /** The newest plan version and its JSON. */
  latestPlan() {
    return this.db.selectFrom('plans').select(['version', 'plan']).orderBy('version', 'desc').limit(1).executeTakeFirst();
  }

  planAt(version: number) {
    return this.db.selectFrom('plans').select(['version', 'plan']).where('version', '=', version).executeTakeFirst();
  }

  /** Every reviewer's record of 是否服从调剂 (one per application). */
  reassignmentRecords() {
    return this.db.selectFrom('reassignment_records').selectAll().execute();
  }

  reassignmentRecord(applicationId: string) {
    return this.db.selectFrom('reassignment_records').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
  }

  /** The newest record replaces the one before (each is in the audit log). */
  async saveReassignmentRecord(row: Insertable<Database['reassignment_records']>): Promise<void> {
    const { application_id: _id, ...rest } = row;
    await this.db.insertInto('reassignment_records').values(row).onConflict((oc) => oc.column('application_id').doUpdateSet(rest)).execute();
  }

  async insertPublication(row: Omit<Insertable<Database['placement_publications']>, 'id'>): Promise<number> {
    const { id } = await this.db.insertInto('placement_publications').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(id);
  }

  async latestPublication() {
    const row = await this.db.selectFrom('placement_publications').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row ? { ...row, id: Number(row.id), results: Number(row.results), sent: Number(row.sent) } : undefined;
  }
}
