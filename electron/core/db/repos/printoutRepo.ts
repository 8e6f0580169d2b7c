import { stmt, type Db } from '../connection';

export interface PrintoutRow {
  id: string;
  application_id: string;
  kind: string;
  paper: string;
  version: number;
  data_hash: string;
  pdf_sha256: string;
  bytes: number;
  pages: number;
  verification_code: string;
  result_version: number | null;
  created_at: string;
  created_by: string;
}

export interface PrintJobRow {
  id: string;
  printout_id: string;
  printer: string;
  copies: number;
  with_dialog: number;
  reprint_no: number;
  reprint_reason: string | null;
  status: 'queued' | 'printed' | 'cancelled';
  attempts: number;
  last_error: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  printed_at: string | null;
}

/** Generated documents and their print jobs. */
export class PrintoutRepo {
  constructor(private readonly db: Db) {}

  latest(applicationId: string, kind: string, paper: string): PrintoutRow | undefined {
    return stmt<[string, string, string], PrintoutRow>(
      this.db,
      'SELECT * FROM printouts WHERE application_id = ? AND kind = ? AND paper = ? ORDER BY version DESC LIMIT 1',
    ).get(applicationId, kind, paper);
  }

  byId(id: string): PrintoutRow | undefined {
    return stmt<[string], PrintoutRow>(this.db, 'SELECT * FROM printouts WHERE id = ?').get(id);
  }

  insert(row: PrintoutRow): void {
    stmt(
      this.db,
      `INSERT INTO printouts (id, application_id, kind, paper, version, data_hash, pdf_sha256, bytes, pages, verification_code,
         result_version, created_at, created_by)
       VALUES (@id, @application_id, @kind, @paper, @version, @data_hash, @pdf_sha256, @bytes, @pages, @verification_code,
         @result_version, @created_at, @created_by)`,
    ).run(row);
  }

  forApplication(applicationId: string): PrintoutRow[] {
    return stmt<[string], PrintoutRow>(this.db, 'SELECT * FROM printouts WHERE application_id = ? ORDER BY kind, paper, version').all(applicationId);
  }

  /** Jobs (queued or printed) for one document of an application, any version or paper: the reprint counter. */
  /** Jobs sent for one stored version of a document (not cancelled). */
  jobCountOf(printoutId: string): number {
    return stmt<[string], { n: number }>(this.db, "SELECT count(*) AS n FROM print_jobs WHERE printout_id = ? AND status <> 'cancelled'").get(printoutId)?.n ?? 0;
  }

  jobCount(applicationId: string, kind: string): number {
    const row = stmt<[string, string], { n: number }>(
      this.db,
      `SELECT count(*) AS n FROM print_jobs j JOIN printouts p ON p.id = j.printout_id
        WHERE p.application_id = ? AND p.kind = ? AND j.status <> 'cancelled'`,
    ).get(applicationId, kind);
    return row?.n ?? 0;
  }

  printedCount(printoutIds: string[]): Map<string, number> {
    const out = new Map<string, number>();
    const q = stmt<[string], { n: number }>(this.db, "SELECT count(*) AS n FROM print_jobs WHERE printout_id = ? AND status = 'printed'");
    for (const id of printoutIds) out.set(id, q.get(id)?.n ?? 0);
    return out;
  }

  insertJob(row: PrintJobRow): void {
    stmt(
      this.db,
      `INSERT INTO print_jobs (id, printout_id, printer, copies, with_dialog, reprint_no, reprint_reason, status, attempts, last_error,
         created_at, created_by, updated_at, printed_at)
       VALUES (@id, @printout_id, @printer, @copies, @with_dialog, @reprint_no, @reprint_reason, @status, @attempts, @last_error,
         @created_at, @created_by, @updated_at, @printed_at)`,
    ).run(row);
  }

  job(id: string): PrintJobRow | undefined {
    return stmt<[string], PrintJobRow>(this.db, 'SELECT * FROM print_jobs WHERE id = ?').get(id);
  }

  markPrinted(id: string, at: string): void {
    stmt(this.db, "UPDATE print_jobs SET status = 'printed', attempts = attempts + 1, last_error = NULL, updated_at = ?, printed_at = ? WHERE id = ?").run(at, at, id);
  }

  markFailed(id: string, code: string, at: string): void {
    stmt(this.db, 'UPDATE print_jobs SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?').run(code, at, id);
  }

  setPrinter(id: string, printer: string, at: string): void {
    stmt(this.db, 'UPDATE print_jobs SET printer = ?, updated_at = ? WHERE id = ?').run(printer, at, id);
  }

  cancel(id: string, at: string): void {
    stmt(this.db, "UPDATE print_jobs SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'queued'").run(at, id);
  }

  queued(): (PrintJobRow & { application_id: string; kind: string; paper: string; version: number })[] {
    return stmt<[], PrintJobRow & { application_id: string; kind: string; paper: string; version: number }>(
      this.db,
      `SELECT j.*, p.application_id, p.kind, p.paper, p.version FROM print_jobs j JOIN printouts p ON p.id = j.printout_id
        WHERE j.status = 'queued' ORDER BY j.created_at, j.id`,
    ).all();
  }
}
