import { type Database } from '../schema';
import { type Db } from './db';

// Tracing (控辍保学): cases of school-age children not enrolled, their visits, and what matching reads.

export type TracingCaseRow = Omit<Database['tracing_cases'], 'id'> & { id: number };
export type TracingVisitRow = Omit<Database['tracing_visits'], 'id'> & { id: number };

const num = <T extends { id: number | bigint }>(r: T) => ({ ...r, id: Number(r.id) });

export class TracingRepo {
  constructor(private readonly db: Db) {}

  /** Each application's child hash (applications without an ID number cannot be matched). */
  async applicationChildren(): Promise<{ id: string; child_id_hash: string }[]> {
    const rows = await this.db.selectFrom('applications').select(['id', 'child_id_hash']).where('child_id_hash', 'is not', null).execute();
    return rows.map((r) => ({ id: r.id, child_id_hash: r.child_id_hash! }));
  }

  /** The newest result per application (payload JSON). */
  async latestResults(): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('review_results').select(['application_id', 'result_version', 'payload']).orderBy('application_id').orderBy('result_version').execute();
    const out = new Map<string, string>();
    for (const r of rows) out.set(r.application_id, r.payload);
    return out;
  }

  async applicationByReceipt(receiptNo: string): Promise<string | undefined> {
    return (await this.db.selectFrom('applications').select('id').where('receipt_no', '=', receiptNo).executeTakeFirst())?.id;
  }

  /** One 报到 per application: recording it again corrects school and day. */
  async addReportIn(row: Database['report_ins']): Promise<void> {
    await this.db
      .insertInto('report_ins')
      .values(row)
      .onConflict((oc) => oc.column('application_id').doUpdateSet({ school_id: row.school_id, reported_on: row.reported_on, recorded_by: row.recorded_by, recorded_at: row.recorded_at }))
      .execute();
  }

  /** The applications (receipt, child, masked later) with their 报到 if any, by id. */
  async reportInsOf(applicationIds: readonly string[]): Promise<{ id: string; receipt_no: string; child_name: string | null; id_number: string | null; reported_on: string | null; recorded_by: string | null; recorded_at: string | null }[]> {
    const out = [];
    for (let i = 0; i < applicationIds.length; i += 400) {
      out.push(
        ...(await this.db
          .selectFrom('applications as a')
          .leftJoin('review_queue as q', 'q.application_id', 'a.id')
          .leftJoin('report_ins as r', 'r.application_id', 'a.id')
          .select(['a.id', 'a.receipt_no', 'q.child_name', 'q.id_number', 'r.reported_on', 'r.recorded_by', 'r.recorded_at'])
          .where('a.id', 'in', applicationIds.slice(i, i + 400))
          .execute()),
      );
    }
    return out;
  }

  async reportedIn(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('report_ins').select('application_id').execute();
    return new Set(rows.map((r) => r.application_id));
  }

  async cases(year: number): Promise<TracingCaseRow[]> {
    const rows = await this.db.selectFrom('tracing_cases').selectAll().where('year', '=', year).orderBy('township').orderBy('id').execute();
    return rows.map(num);
  }

  async case(id: number): Promise<TracingCaseRow | undefined> {
    const row = await this.db.selectFrom('tracing_cases').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? num(row) : undefined;
  }

  async openCase(row: Omit<Database['tracing_cases'], 'id'>): Promise<number> {
    const r = await this.db.insertInto('tracing_cases').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async updateChild(id: number, child: string): Promise<void> {
    await this.db.updateTable('tracing_cases').set({ child }).where('id', '=', id).execute();
  }

  async setOutcome(id: number, outcome: string, close: { at: string; by: string } | null): Promise<void> {
    await this.db
      .updateTable('tracing_cases')
      .set(close ? { outcome, status: 'closed', closed_at: close.at, closed_by: close.by } : { outcome })
      .where('id', '=', id)
      .execute();
  }

  async addVisit(row: Omit<Database['tracing_visits'], 'id'>): Promise<number> {
    const r = await this.db.insertInto('tracing_visits').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(r.id);
  }

  async visits(caseId: number): Promise<TracingVisitRow[]> {
    const rows = await this.db.selectFrom('tracing_visits').selectAll().where('case_id', '=', caseId).orderBy('visited_on').orderBy('id').execute();
    return rows.map(num);
  }

  /** Visits per case of a year (for the worklist) and each visit's day (for the monthly report). */
  async visitsOfYear(year: number): Promise<{ case_id: number; visited_on: string }[]> {
    const rows = await this.db
      .selectFrom('tracing_visits')
      .innerJoin('tracing_cases', 'tracing_cases.id', 'tracing_visits.case_id')
      .select(['tracing_visits.case_id', 'tracing_visits.visited_on'])
      .where('tracing_cases.year', '=', year)
      .execute();
    return rows.map((r) => ({ case_id: Number(r.case_id), visited_on: r.visited_on }));
  }
}
