import type { RevisionKind } from '../../../../shared/contract/applications';
import { stmt, type Db } from '../connection';

export interface ApplicationRow {
  row_id: number;
  id: string;
  status: string;
  receipt_no: string | null;
  receipt_compact: string | null;
  plan_key: string;
  revision: number;
  data: string;
  grade: string | null;
  child_name: string | null;
  child_id_type: string | null;
  child_id_number: string | null;
  child_birth_date: string | null;
  child_id_hash: string | null;
  id_hash_key: string | null;
  dup_key: string | null;
  school_id: string | null;
  enrollment_type: string | null;
  sync_state: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  submitted_at: string | null;
  submitted_by: string | null;
  void_reason: string | null;
  pending_edit: string | null;
}

export interface RevisionRow {
  revision: number;
  data: string;
  sha256: string;
  created_at: string;
  created_by: string;
  reason: string | null;
  kind: RevisionKind;
}

/** Columns derived from the form on every save, so lists and searches never parse JSON. */
export type DerivedColumns = Pick<
  ApplicationRow,
  | 'grade'
  | 'child_name'
  | 'child_id_type'
  | 'child_id_number'
  | 'child_birth_date'
  | 'child_id_hash'
  | 'id_hash_key'
  | 'dup_key'
  | 'school_id'
  | 'enrollment_type'
>;

export interface LightRow {
  id: string;
  child_name: string | null;
}

export interface SearchFilters {
  status?: string[] | undefined;
  enrollmentType?: string[] | undefined;
  schoolId?: string | undefined;
  syncState?: string[] | undefined;
  /** Inclusive lower bound, ISO instant. */
  fromIso?: string | undefined;
  /** Exclusive upper bound, ISO instant. */
  toIso?: string | undefined;
  includeDrafts: boolean;
}

export type TextMatch =
  | { kind: 'none' }
  | { kind: 'fts'; phrase: string }
  | { kind: 'gram'; gram: string }
  /** Exact lookups through ordinary indexes for whole receipt numbers, ID numbers and mobiles. */
  /** Whole or leading part of a receipt number, dashes removed: a range scan on receipt_compact. */
  | { kind: 'receiptPrefix'; prefix: string }
  | { kind: 'idNumber'; idNumber: string }
  | { kind: 'phone'; phone: string };

export class ApplicationRepo {
  private readonly stmts;
  constructor(private readonly db: Db) {
    this.stmts = {
      byId: db.prepare<[string], ApplicationRow>('SELECT * FROM applications WHERE id = ?'),
      forIndex: db.prepare<[number, number], Pick<ApplicationRow, 'row_id' | 'id' | 'data' | 'receipt_no'>>(
        'SELECT row_id, id, data, receipt_no FROM applications WHERE row_id > ? ORDER BY row_id LIMIT ?',
      ),
      activeByDup: db.prepare<[string], ApplicationRow>(
        "SELECT * FROM applications WHERE dup_key = ? AND status NOT IN ('draft', 'void')",
      ),
      // Light rows: a popular birth date has hundreds of applications; only matches are loaded in full.
      byBirth: db.prepare<[string], LightRow>(
        "SELECT id, child_name FROM applications WHERE child_birth_date = ? AND status NOT IN ('draft', 'void')",
      ),
      byPhone: db.prepare<[string], LightRow>(
        `SELECT a.id, a.child_name FROM application_phones p JOIN applications a ON a.id = p.application_id
         WHERE p.phone = ? AND a.status NOT IN ('draft', 'void') LIMIT 50`,
      ),
      phonesOf: db.prepare<[string], { phone: string }>('SELECT phone FROM application_phones WHERE application_id = ? ORDER BY phone'),
      delPhones: db.prepare<[string]>('DELETE FROM application_phones WHERE application_id = ?'),
      addPhone: db.prepare<[string, string]>('INSERT OR IGNORE INTO application_phones (application_id, phone) VALUES (?, ?)'),
      delFts: db.prepare<[number]>('DELETE FROM applications_fts WHERE rowid = ?'),
      addFts: db.prepare<[number, string]>('INSERT INTO applications_fts (rowid, body) VALUES (?, ?)'),
      delGrams: db.prepare<[number]>('DELETE FROM search_grams WHERE app_rowid = ?'),
      addGram: db.prepare<[string, number]>('INSERT OR IGNORE INTO search_grams (gram, app_rowid) VALUES (?, ?)'),
      nextSeq: db.prepare<[string, string], { last_seq: number }>(
        `INSERT INTO receipt_sequences (counter_code, day, last_seq) VALUES (?, ?, 1)
         ON CONFLICT(counter_code, day) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`,
      ),
      insertRevision: db.prepare(
        `INSERT INTO application_revisions (application_id, revision, data, sha256, created_at, created_by, reason, kind)
         VALUES (@application_id, @revision, @data, @sha256, @created_at, @created_by, @reason, @kind)`,
      ),
      revisions: db.prepare<[string], { revision: number; created_at: string; created_by: string; reason: string | null; sha256: string; kind: RevisionKind }>(
        'SELECT revision, created_at, created_by, reason, sha256, kind FROM application_revisions WHERE application_id = ? ORDER BY revision',
      ),
    };
  }

  byId(id: string): ApplicationRow | undefined {
    return this.stmts.byId.get(id);
  }
  activeByDupKey(dupKey: string): ApplicationRow | undefined {
    return this.stmts.activeByDup.get(dupKey);
  }
  activeByBirthDate(birthDate: string): LightRow[] {
    return this.stmts.byBirth.all(birthDate);
  }
  activeByPhone(phone: string): LightRow[] {
    return this.stmts.byPhone.all(phone);
  }
  phonesOf(id: string): string[] {
    return this.stmts.phonesOf.all(id).map((r) => r.phone);
  }
  revisionsOf(id: string) {
    return this.stmts.revisions.all(id);
  }

  setPendingEdit(id: string, data: string | null, at: string, by: string): void {
    stmt(this.db, 'UPDATE applications SET pending_edit = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(data, at, by, id);
  }

  insertDraft(row: Omit<ApplicationRow, 'row_id' | 'pending_edit' | 'receipt_compact'>): number {
    const info = stmt(this.db, 
        `INSERT INTO applications (id, status, receipt_no, plan_key, revision, data, grade, child_name, child_id_type,
           child_id_number, child_birth_date, child_id_hash, id_hash_key, dup_key, school_id, enrollment_type, sync_state,
           created_at, created_by, updated_at, updated_by, submitted_at, submitted_by, void_reason)
         VALUES (@id, @status, @receipt_no, @plan_key, @revision, @data, @grade, @child_name, @child_id_type,
           @child_id_number, @child_birth_date, @child_id_hash, @id_hash_key, @dup_key, @school_id, @enrollment_type, @sync_state,
           @created_at, @created_by, @updated_at, @updated_by, @submitted_at, @submitted_by, @void_reason)`,
      )
      .run(row);
    if (row.receipt_no) stmt(this.db, 'UPDATE applications SET receipt_compact = ? WHERE id = ?').run(row.receipt_no.replace(/-/g, ''), row.id);
    return Number(info.lastInsertRowid);
  }

  updateData(id: string, data: string, derived: DerivedColumns, updatedAt: string, updatedBy: string): void {
    stmt(this.db, 
        `UPDATE applications SET data = @data, grade = @grade, child_name = @child_name, child_id_type = @child_id_type,
           child_id_number = @child_id_number, child_birth_date = @child_birth_date, child_id_hash = @child_id_hash,
           id_hash_key = @id_hash_key, dup_key = @dup_key, school_id = @school_id, enrollment_type = @enrollment_type,
           updated_at = @updated_at, updated_by = @updated_by
         WHERE id = @id`,
      )
      .run({ id, data, ...derived, updated_at: updatedAt, updated_by: updatedBy });
  }

  markSubmitted(id: string, receiptNo: string, planKey: string, at: string, by: string): void {
    stmt(this.db, 
        `UPDATE applications SET status = 'accepted', receipt_no = ?, receipt_compact = ?, plan_key = ?, revision = 1,
           submitted_at = ?, submitted_by = ?, sync_state = 'unsynced' WHERE id = ?`,
      )
      .run(receiptNo, receiptNo.replace(/-/g, ''), planKey, at, by, id);
  }

  bumpRevision(id: string, revision: number, planKey: string): void {
    stmt(this.db, "UPDATE applications SET revision = ?, plan_key = ?, sync_state = 'unsynced' WHERE id = ?").run(revision, planKey, id);
  }

  setStatus(id: string, status: string, voidReason: string | null, at: string, by: string): void {
    stmt(this.db, 'UPDATE applications SET status = ?, void_reason = ?, updated_at = ?, updated_by = ? WHERE id = ?')
      .run(status, voidReason, at, by, id);
  }

  /** One stored revision (immutable): the form as it was sent for that revision, and why the revision exists. */
  revision(applicationId: string, revision: number): RevisionRow | undefined {
    return stmt<[string, number], RevisionRow>(
      this.db,
      'SELECT revision, data, sha256, created_at, created_by, reason, kind FROM application_revisions WHERE application_id = ? AND revision = ?',
    ).get(applicationId, revision);
  }

  /** The highest revision number stored for an application (0 when none). */
  newestRevision(applicationId: string): number {
    return stmt<[string], { n: number | null }>(this.db, 'SELECT max(revision) AS n FROM application_revisions WHERE application_id = ?').get(applicationId)?.n ?? 0;
  }

  insertRevision(r: { application_id: string; revision: number; data: string; sha256: string; created_at: string; created_by: string; reason: string | null; kind: RevisionKind }): void {
    this.stmts.insertRevision.run(r);
  }

  nextReceiptSeq(counterCode: string, day: string): number {
    const row = this.stmts.nextSeq.get(counterCode, day);
    if (!row) throw new Error('receipt sequence did not return a value');
    return row.last_seq;
  }

  /** Applications after `afterRowId`, as much as their search entries are made of (for rebuilding them). */
  forIndex(afterRowId: number, limit: number): Pick<ApplicationRow, 'row_id' | 'id' | 'data' | 'receipt_no'>[] {
    return this.stmts.forIndex.all(afterRowId, limit);
  }

  /** Replace the search entries of one application. Call inside the write transaction. */
  reindex(rowId: number, appId: string, body: string, grams: Iterable<string>, phones: string[]): void {
    this.stmts.delFts.run(rowId);
    this.stmts.addFts.run(rowId, body);
    this.stmts.delGrams.run(rowId);
    for (const g of grams) this.stmts.addGram.run(g, rowId);
    this.stmts.delPhones.run(appId);
    for (const p of phones) this.stmts.addPhone.run(appId, p);
  }

  search(match: TextMatch, filters: SearchFilters, offset: number, limit: number): { total: number; rows: ApplicationRow[] } {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    const addIn = (column: string, values: string[] | undefined, key: string) => {
      if (!values?.length) return;
      where.push(`a.${column} IN (${values.map((_, i) => `@${key}${i}`).join(', ')})`);
      values.forEach((v, i) => (params[`${key}${i}`] = v));
    };
    addIn('status', filters.status, 'st');
    addIn('enrollment_type', filters.enrollmentType, 'et');
    addIn('sync_state', filters.syncState, 'ss');
    if (!filters.includeDrafts) where.push("a.status <> 'draft'");
    if (filters.schoolId) {
      where.push('a.school_id = @school');
      params.school = filters.schoolId;
    }
    // Bounds arrive as UTC instants of the counter's local day boundaries (see the service).
    if (filters.fromIso) {
      where.push('coalesce(a.submitted_at, a.updated_at) >= @from');
      params.from = filters.fromIso;
    }
    if (filters.toIso) {
      where.push('coalesce(a.submitted_at, a.updated_at) < @to');
      params.to = filters.toIso;
    }
    let source = 'applications a';
    if (match.kind === 'fts') {
      // CROSS JOIN keeps SQLite driving from the (selective) text match instead of scanning every row.
      source = '(SELECT rowid AS rid FROM applications_fts WHERE applications_fts MATCH @phrase) m CROSS JOIN applications a ON a.row_id = m.rid';
      params.phrase = match.phrase;
    } else if (match.kind === 'gram') {
      source = '(SELECT app_rowid AS rid FROM search_grams WHERE gram = @gram) m CROSS JOIN applications a ON a.row_id = m.rid';
      params.gram = match.gram;
    } else if (match.kind === 'receiptPrefix') {
      where.push("a.receipt_compact >= @lo AND a.receipt_compact < @hi");
      params.lo = match.prefix;
      params.hi = `${match.prefix}\uffff`;
    } else if (match.kind === 'idNumber') {
      where.push('a.child_id_number = @exact');
      params.exact = match.idNumber;
    } else if (match.kind === 'phone') {
      source = '(SELECT DISTINCT application_id AS aid FROM application_phones WHERE phone = @phone) m CROSS JOIN applications a ON a.id = m.aid';
      params.phone = match.phone;
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (stmt(this.db, `SELECT count(*) AS n FROM ${source} ${whereSql}`).get(params) as { n: number }).n;
    const rows = stmt<Record<string, string | number>, ApplicationRow>(this.db, 
        `SELECT a.* FROM ${source} ${whereSql} ORDER BY a.updated_at DESC, a.row_id DESC LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit, offset });
    return { total, rows };
  }
}
