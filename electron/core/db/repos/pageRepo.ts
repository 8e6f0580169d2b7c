import { stmt, type Db } from '../connection';

export type PageSource = 'camera' | 'scanner' | 'file';
export type PageMime = 'image/jpeg' | 'image/png' | 'application/pdf';

export interface PageRow {
  id: string;
  application_id: string;
  material_key: string;
  page_no: number;
  sha256: string;
  bytes: number;
  mime: PageMime;
  width: number | null;
  height: number | null;
  pdf_pages: number | null;
  thumb_sha256: string;
  source: PageSource;
  original_name: string | null;
  created_at: string;
  created_by: string;
  removed_at: string | null;
  removed_by: string | null;
  removed_reason: string | null;
  replaced_by: string | null;
}

/** A live page as other features see it (sync uploads these; printouts list them). */
export interface PageInfo {
  id: string;
  applicationId: string;
  materialKey: string;
  pageNo: number;
  sha256: string;
  bytes: number;
  mime: PageMime;
  width: number | null;
  height: number | null;
  pdfPages: number | null;
  thumbSha256: string;
  source: PageSource;
  createdAt: string;
  createdBy: string;
}

export function pageInfo(r: PageRow): PageInfo {
  return {
    id: r.id,
    applicationId: r.application_id,
    materialKey: r.material_key,
    pageNo: r.page_no,
    sha256: r.sha256,
    bytes: r.bytes,
    mime: r.mime,
    width: r.width,
    height: r.height,
    pdfPages: r.pdf_pages,
    thumbSha256: r.thumb_sha256,
    source: r.source,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

export type NewPage = Omit<PageRow, 'removed_at' | 'removed_by' | 'removed_reason' | 'replaced_by'>;

export class PageRepo {
  constructor(private readonly db: Db) {}

  /** Live pages of an application, by material item then position. */
  listForApplication(applicationId: string): PageInfo[] {
    return stmt<[string], PageRow>(
      this.db,
      'SELECT * FROM document_pages WHERE application_id = ? AND removed_at IS NULL ORDER BY material_key, page_no',
    )
      .all(applicationId)
      .map(pageInfo);
  }

  liveOfApplication(applicationId: string): PageRow[] {
    return stmt<[string], PageRow>(
      this.db,
      'SELECT * FROM document_pages WHERE application_id = ? AND removed_at IS NULL ORDER BY material_key, page_no',
    ).all(applicationId);
  }

  liveOfItem(applicationId: string, materialKey: string): PageRow[] {
    return stmt<[string, string], PageRow>(
      this.db,
      'SELECT * FROM document_pages WHERE application_id = ? AND material_key = ? AND removed_at IS NULL ORDER BY page_no',
    ).all(applicationId, materialKey);
  }

  byId(id: string): PageRow | undefined {
    return stmt<[string], PageRow>(this.db, 'SELECT * FROM document_pages WHERE id = ?').get(id);
  }

  insert(row: NewPage): void {
    stmt(
      this.db,
      `INSERT INTO document_pages (id, application_id, material_key, page_no, sha256, bytes, mime, width, height, pdf_pages,
         thumb_sha256, source, original_name, created_at, created_by)
       VALUES (@id, @application_id, @material_key, @page_no, @sha256, @bytes, @mime, @width, @height, @pdf_pages,
         @thumb_sha256, @source, @original_name, @created_at, @created_by)`,
    ).run(row);
  }

  /** Rewrite the positions of an item's live pages in the given order (ids), 1-based. */
  setOrder(ids: string[]): void {
    const park = stmt<[number, string]>(this.db, 'UPDATE document_pages SET page_no = ? WHERE id = ?');
    // Two passes keep the unique live-position index satisfied at every statement.
    ids.forEach((id, i) => park.run(100000 + i, id));
    ids.forEach((id, i) => park.run(i + 1, id));
  }

  markRemoved(id: string, at: string, by: string, reason: string | null, replacedBy: string | null): void {
    stmt(
      this.db,
      'UPDATE document_pages SET removed_at = ?, removed_by = ?, removed_reason = ?, replaced_by = ?, page_no = page_no WHERE id = ?',
    ).run(at, by, reason, replacedBy, id);
  }

  deleteRow(id: string): void {
    stmt<[string]>(this.db, 'DELETE FROM document_pages WHERE id = ?').run(id);
  }

  /**
   * Every blob hash anything points at: page rows live or removed, and printed PDFs kept by the printing
   * feature (printouts.pdf_sha256). What orphan collection must keep. A new table holding blob hashes
   * must be added here.
   */
  referencedHashes(): Set<string> {
    const rows = stmt<[], { h: string }>(
      this.db,
      `SELECT sha256 AS h FROM document_pages UNION SELECT thumb_sha256 AS h FROM document_pages
       UNION SELECT pdf_sha256 AS h FROM printouts`,
    ).all();
    return new Set(rows.map((r) => r.h));
  }

  isReferenced(sha256: string): boolean {
    return (
      stmt<[string, string], { n: number }>(
        this.db,
        'SELECT EXISTS (SELECT 1 FROM document_pages WHERE sha256 = ? OR thumb_sha256 = ?) AS n',
      ).get(sha256, sha256)?.n === 1
    );
  }

  countLiveByItem(applicationId: string): Array<{ materialKey: string; pages: number }> {
    return stmt<[string], { materialKey: string; pages: number }>(
      this.db,
      `SELECT material_key AS materialKey, count(*) AS pages FROM document_pages
       WHERE application_id = ? AND removed_at IS NULL GROUP BY material_key ORDER BY material_key`,
    ).all(applicationId);
  }
}
