import { stmt, type Db } from '../connection';

/** A page or printed PDF as the export command names its file. */
export interface ExportedPage {
  id: string;
  applicationId: string;
  receiptNo: string | null;
  childName: string | null;
  /** Material key (pages) or `kind-paper` (printouts). */
  item: string;
  /** Page number (pages) or version (printouts). */
  position: number;
  mime: string;
  sha256: string;
  removed: boolean;
}

/** What a backup archive's header says about a database (run on the snapshot, not the live file). */
export class BackupRepo {
  constructor(private readonly db: Db) {}

  counts(): { applications: number; pages: number } {
    const row = stmt<[], { applications: number; pages: number }>(
      this.db,
      `SELECT (SELECT count(*) FROM applications WHERE status <> 'draft') AS applications,
              (SELECT count(*) FROM document_pages) AS pages`,
    ).get();
    return row ?? { applications: 0, pages: 0 };
  }

  /**
   * Moves the day's receipt sequence `gap` numbers up (creating it when the day has none) and returns the new last
   * number: the next receipt of the day is one above it.
   */
  raiseReceiptSequence(counterCode: string, day: string, gap: number): number {
    const row = stmt<[string, string, number, number], { last_seq: number }>(
      this.db,
      `INSERT INTO receipt_sequences (counter_code, day, last_seq) VALUES (?, ?, ?)
       ON CONFLICT(counter_code, day) DO UPDATE SET last_seq = last_seq + ? RETURNING last_seq`,
    ).get(counterCode, day, gap, gap);
    if (!row) throw new Error('receipt sequence did not return a value');
    return row.last_seq;
  }

  /** Whether any staff member has signed in at or after `iso` (the login screen's restore notice ends then). */
  signedInSince(iso: string): boolean {
    return stmt<[string], { one: number }>(this.db, 'SELECT 1 AS one FROM staff WHERE last_login_at >= ? LIMIT 1').get(iso) !== undefined;
  }

  /** Every page and printed PDF with its application, for the export command (run on the plain export). */
  exportIndex(): { pages: ExportedPage[]; printouts: ExportedPage[]; applications: number } {
    type Row = Omit<ExportedPage, 'removed'> & { removed: number };
    const pages = this.db
      .prepare<[], Row>(
        `SELECT p.id, p.application_id AS applicationId, a.receipt_no AS receiptNo, a.child_name AS childName, p.material_key AS item,
                p.page_no AS position, p.mime, p.sha256, (p.removed_at IS NOT NULL) AS removed
         FROM document_pages p JOIN applications a ON a.id = p.application_id
         ORDER BY a.receipt_no, p.application_id, p.material_key, p.removed_at IS NOT NULL, p.page_no, p.created_at`,
      )
      .all();
    const printouts = this.db
      .prepare<[], Row>(
        `SELECT o.id, o.application_id AS applicationId, a.receipt_no AS receiptNo, a.child_name AS childName, o.kind || '-' || o.paper AS item,
                o.version AS position, 'application/pdf' AS mime, o.pdf_sha256 AS sha256, 0 AS removed
         FROM printouts o JOIN applications a ON a.id = o.application_id
         ORDER BY a.receipt_no, o.application_id, o.kind, o.paper, o.version`,
      )
      .all();
    const applications = (this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM applications').get()?.n ?? 0);
    const typed = (r: Row): ExportedPage => ({ ...r, removed: r.removed === 1 });
    return { pages: pages.map(typed), printouts: printouts.map(typed), applications };
  }

  /** Drops every virtual table (the FTS5 search index and its shadow tables); only ever run on an export. */
  dropVirtualTables(): string[] {
    const names = this.db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
      .all()
      .map((r) => r.name);
    for (const name of names) this.db.exec(`DROP TABLE "${name.replace(/"/g, '""')}"`);
    return names;
  }
}
