import { stmt, type Db } from '../connection';

/** Queries behind the 工作台 counts and the reports. Times are ISO instants: [fromIso, toIso). */
export class ReportRepo {
  constructor(private readonly db: Db) {}

  countSubmitted(fromIso: string, toIso: string): number {
    return stmt<[string, string], { n: number }>(this.db, 'SELECT count(*) AS n FROM applications WHERE submitted_at >= ? AND submitted_at < ?').get(fromIso, toIso)?.n ?? 0;
  }

  countDrafts(): number {
    return stmt<[], { n: number }>(this.db, "SELECT count(*) AS n FROM applications WHERE status = 'draft'").get()?.n ?? 0;
  }

  countNotUploaded(): number {
    return stmt<[], { n: number }>(this.db, "SELECT count(*) AS n FROM applications WHERE sync_state IN ('unsynced', 'uploading') AND status <> 'draft'").get()?.n ?? 0;
  }

  countPrintFailed(): number {
    return stmt<[], { n: number }>(this.db, "SELECT count(*) AS n FROM print_jobs WHERE status = 'queued' AND last_error IS NOT NULL").get()?.n ?? 0;
  }

  /** Submitted in the range and not voided, grouped by one column. */
  countBy(column: 'enrollment_type' | 'school_id' | 'grade' | 'status' | 'submitted_by', fromIso: string, toIso: string, includeVoid: boolean): Array<{ k: string | null; n: number }> {
    return stmt<[string, string], { k: string | null; n: number }>(
      this.db,
      `SELECT ${column} AS k, count(*) AS n FROM applications
       WHERE submitted_at >= ? AND submitted_at < ?${includeVoid ? '' : " AND status <> 'void'"}
       GROUP BY ${column} ORDER BY n DESC`,
    ).all(fromIso, toIso);
  }

  syncCounts(fromIso: string, toIso: string): { uploaded: number; pending: number; problems: number } {
    const row = stmt<[string, string], { uploaded: number; pending: number; problems: number }>(
      this.db,
      `SELECT coalesce(sum(sync_state = 'confirmed'), 0) AS uploaded,
              coalesce(sum(sync_state IN ('unsynced', 'uploading')), 0) AS pending,
              coalesce(sum(sync_state IN ('returned', 'conflict', 'quarantined')), 0) AS problems
       FROM applications WHERE submitted_at >= ? AND submitted_at < ?`,
    ).get(fromIso, toIso);
    return row ?? { uploaded: 0, pending: 0, problems: 0 };
  }

  /** Applications voided in the range, with the audit row that recorded it (voided ones are few: by status first). */
  voided(fromIso: string, toIso: string) {
    return stmt<[string, string], { seq: number; at: string; actor_id: string | null; actor_name: string | null; receipt_no: string | null; child_name: string | null; reason: string | null }>(
      this.db,
      `SELECT l.seq, l.at, l.actor_id, l.actor_name, a.receipt_no, a.child_name, a.void_reason AS reason
       FROM applications a JOIN audit_log l ON l.target = a.id AND l.action = 'application.voided'
       WHERE a.status = 'void' AND l.at >= ? AND l.at < ?
       ORDER BY l.seq`,
    ).all(fromIso, toIso);
  }

  /** Reprints (a document printed again) in the range, with their audit rows. */
  reprinted(fromIso: string, toIso: string) {
    return stmt<[string, string], { seq: number | null; at: string; by: string; receipt_no: string | null; child_name: string | null; kind: string; reprint_no: number; reason: string | null }>(
      this.db,
      `SELECT (SELECT l.seq FROM audit_log l WHERE l.target = o.application_id AND l.action = 'printout.reprinted'
                AND json_extract(l.details, '$.jobId') = j.id) AS seq,
              coalesce(j.printed_at, j.created_at) AS at, j.created_by AS by, a.receipt_no, a.child_name, o.kind, j.reprint_no, j.reprint_reason AS reason
       FROM print_jobs j JOIN printouts o ON o.id = j.printout_id JOIN applications a ON a.id = o.application_id
       WHERE j.reprint_no > 0 AND j.status = 'printed' AND coalesce(j.printed_at, j.created_at) >= ? AND coalesce(j.printed_at, j.created_at) < ?
       ORDER BY at`,
    ).all(fromIso, toIso);
  }
}
