import { FOLLOW_UP_STATUSES } from '../../../../shared/domain/followUp';
import { stmt, type Db } from '../connection';

export interface VisitRow {
  id: string;
  application_id: string;
  revision: number;
  result_version: number | null;
  /** JSON { items: [{ itemId, state }], note } */
  items: string;
  /** JSON [itemId] */
  remaining: string;
  at: string;
  by: string;
}

export interface CallRowDb {
  id: string;
  application_id: string;
  result_version: number;
  phone: string;
  outcome: 'reached' | 'no_answer' | 'wrong_number' | 'informed';
  note: string | null;
  at: string;
  by: string;
}

export interface FollowUpCandidate {
  id: string;
  receipt_no: string;
  child_name: string | null;
  plan_key: string;
  submitted_at: string;
  status: string;
  data: string;
}

export interface ResultCandidate {
  id: string;
  receipt_no: string;
  child_name: string | null;
  plan_key: string;
  data: string;
  result: string;
}

const OPEN = FOLLOW_UP_STATUSES.map((s) => `'${s}'`).join(', ');

/** 补充材料 return visits and result calls (migration 0007). */
export class FollowUpRepo {
  constructor(private readonly db: Db) {}

  insertVisit(v: VisitRow): void {
    stmt(this.db, 'INSERT INTO supplement_visits (id, application_id, revision, result_version, items, remaining, at, by) VALUES (@id, @application_id, @revision, @result_version, @items, @remaining, @at, @by)').run(v);
  }

  visits(applicationId: string): VisitRow[] {
    return stmt<[string], VisitRow>(this.db, 'SELECT * FROM supplement_visits WHERE application_id = ? ORDER BY at, rowid').all(applicationId);
  }

  /**
   * The visits of the given applications (the due list's candidates), oldest first. Driven by the ids through the
   * visits' own index: joining every open application instead walked the whole season for each report.
   */
  visitsOf(applicationIds: readonly string[]): VisitRow[] {
    if (applicationIds.length === 0) return [];
    return stmt<[string], VisitRow>(
      this.db,
      'SELECT * FROM supplement_visits WHERE application_id IN (SELECT value FROM json_each(?)) ORDER BY at, rowid',
    ).all(JSON.stringify(applicationIds));
  }

  /**
   * Open applications that may owe something: a 'missing' mark in the form, or the county asked for more. The rest
   * never reach JavaScript. Range null = every one; else submitted in [fromIso, toIso).
   */
  candidates(fromIso: string | null, toIso: string | null): FollowUpCandidate[] {
    return stmt<[string, string], FollowUpCandidate>(
      this.db,
      `SELECT id, receipt_no, child_name, plan_key, submitted_at, status, data FROM applications
       WHERE status IN (${OPEN}) AND receipt_no IS NOT NULL AND submitted_at >= ? AND submitted_at < ?
         AND (status = 'needs_materials' OR instr(data, '"missing"') > 0)
       ORDER BY submitted_at`,
    ).all(fromIso ?? '', toIso ?? '9999');
  }

  /** Applications (not void) whose newest county result was applied here, with that result's JSON. */
  withResults(): ResultCandidate[] {
    return stmt<[], ResultCandidate>(
      this.db,
      `SELECT a.id, a.receipt_no, a.child_name, a.plan_key, a.data, r.data AS result
       FROM applications a JOIN review_results r ON r.application_id = a.id
       WHERE a.status <> 'void' AND a.receipt_no IS NOT NULL AND r.applied = 1
         AND r.result_version = (SELECT max(x.result_version) FROM review_results x WHERE x.application_id = a.id)
       ORDER BY r.decided_at, a.receipt_no`,
    ).all();
  }

  insertCall(c: CallRowDb): void {
    stmt(this.db, 'INSERT INTO result_calls (id, application_id, result_version, phone, outcome, note, at, by) VALUES (@id, @application_id, @result_version, @phone, @outcome, @note, @at, @by)').run(c);
  }

  /** Call attempts, oldest first: of one application, or (null) of all. */
  calls(applicationId: string | null): CallRowDb[] {
    return applicationId
      ? stmt<[string], CallRowDb>(this.db, 'SELECT * FROM result_calls WHERE application_id = ? ORDER BY at, rowid').all(applicationId)
      : stmt<[], CallRowDb>(this.db, 'SELECT * FROM result_calls ORDER BY at, rowid').all();
  }

  byReceiptCompact(compact: string): { id: string; receipt_no: string } | undefined {
    return stmt<[string], { id: string; receipt_no: string }>(this.db, 'SELECT id, receipt_no FROM applications WHERE receipt_compact = ?').get(compact);
  }

  /** Whether a document printed for the application carried this verification code. */
  printedCode(applicationId: string, code: string): boolean {
    return stmt<[string, string], { n: number }>(this.db, 'SELECT count(*) AS n FROM printouts WHERE application_id = ? AND verification_code = ?').get(applicationId, code)!.n > 0;
  }
}
