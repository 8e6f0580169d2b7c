import { sql } from 'kysely';
import { type Database } from '../schema';
import { type Db } from './db';

export type DeptImportRow = Omit<Database['dept_imports'], 'id'> & { id: number };
export type DeptEnquiryRow = Omit<Database['dept_enquiries'], 'id'> & { id: number };
export type DeptRecordInsert = Database['dept_records'];
/** A result to store, computed at answers generation `gen`. */
export type VerificationRow = Omit<Database['dept_verifications'], 'answers_gen' | 'result_gen'> & { gen: number };
export type EnquiryListRow = DeptEnquiryRow & { receipt_no: string | null; child_name: string | null; id_number: string | null; revision: number | null; record: string | null };
export type LookupRow = Pick<DeptRecordInsert, 'import_id' | 'person_id' | 'other_id' | 'key_no' | 'data'>;

/** Department extracts (imports, their rows, column mappings) and the verification results. */
export class DeptRepo {
  constructor(private readonly db: Db) {}

  async createImport(row: Omit<Database['dept_imports'], 'id'>): Promise<number> {
    const { id } = await this.db.insertInto('dept_imports').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(id);
  }

  /** Records how many rows an import loaded. */
  async setImportRows(id: number, rows: number): Promise<void> {
    await this.db.updateTable('dept_imports').set({ rows }).where('id', '=', id).execute();
  }

  async setStatus(id: number, status: DeptImportRow['status'], from: DeptImportRow['status']): Promise<boolean> {
    const r = await this.db.updateTable('dept_imports').set({ status }).where('id', '=', id).where('status', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async withdraw(id: number, by: string, at: string, reason: string): Promise<boolean> {
    const r = await this.db
      .updateTable('dept_imports')
      .set({ status: 'withdrawn', withdrawn_by: by, withdrawn_at: at, withdraw_reason: reason })
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async markPurged(id: number, at: string): Promise<void> {
    await this.db.updateTable('dept_imports').set({ status: 'purged', purged_at: at }).where('id', '=', id).execute();
  }

  async getImport(id: number): Promise<DeptImportRow | undefined> {
    const row = await this.db.selectFrom('dept_imports').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { ...row, id: Number(row.id) } : undefined;
  }

  async listImports(): Promise<DeptImportRow[]> {
    const rows = await this.db.selectFrom('dept_imports').selectAll().orderBy('id', 'desc').execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  /** Imports still `loading` that started before `before` (ISO time): left by a process that stopped mid-import. */
  async unfinished(before: string): Promise<number[]> {
    const rows = await this.db.selectFrom('dept_imports').select('id').where('status', '=', 'loading').where('imported_at', '<', before).execute();
    return rows.map((r) => Number(r.id));
  }

  async deleteImport(id: number): Promise<void> {
    await this.deleteRecords(id);
    await this.db.deleteFrom('dept_imports').where('id', '=', id).execute();
  }

  async deleteRecords(importId: number): Promise<void> {
    await this.db.deleteFrom('dept_records').where('import_id', '=', importId).execute();
  }

  /** Active imports whose retention ended before `day`. */
  async expired(day: string): Promise<DeptImportRow[]> {
    const rows = await this.db.selectFrom('dept_imports').selectAll().where('status', 'in', ['active', 'withdrawn']).where('retain_until', '<', day).execute();
    return rows.map((r) => ({ ...r, id: Number(r.id) }));
  }

  /** Multi-row insert (SQLite's path; PostgreSQL uses COPY, deptBulk.ts). 7 columns: 130 rows stay under 999 parameters. */
  async insertRecords(rows: readonly DeptRecordInsert[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 130) await this.db.insertInto('dept_records').values(rows.slice(i, i + 130)).execute();
  }

  /** Rows of the given imports that name any of the IDs (as the person or the second person) or document numbers. */
  async recordsFor(importIds: readonly number[], ids: readonly string[], keyNos: readonly string[] = []): Promise<LookupRow[]> {
    if (importIds.length === 0 || (ids.length === 0 && keyNos.length === 0)) return [];
    const rows = await this.db
      .selectFrom('dept_records')
      .select(['import_id', 'person_id', 'other_id', 'key_no', 'data'])
      .where('import_id', 'in', importIds)
      .where((eb) =>
        eb.or([
          ...(ids.length > 0 ? [eb('person_id', 'in', ids), eb('other_id', 'in', ids)] : []),
          ...(keyNos.length > 0 ? [eb('key_no', 'in', keyNos)] : []),
        ]),
      )
      .execute();
    return rows.map((r) => ({ ...r, import_id: Number(r.import_id) }));
  }

  async recordsByHash(importIds: readonly number[], hash: string): Promise<LookupRow[]> {
    if (importIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('dept_records')
      .select(['import_id', 'person_id', 'other_id', 'key_no', 'data'])
      .where('import_id', 'in', importIds)
      .where('person_hash', '=', hash)
      .execute();
    return rows.map((r) => ({ ...r, import_id: Number(r.import_id) }));
  }

  /** Every row of the imports, in file order (the cohort, the reviewer's view of an import). */
  async recordsOf(importIds: readonly number[], limit = 1_000_000, offset = 0): Promise<{ import_id: number; row_no: number; person_hash: string | null; data: string }[]> {
    if (importIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('dept_records')
      .select(['import_id', 'row_no', 'person_hash', 'data'])
      .where('import_id', 'in', importIds)
      .orderBy('import_id')
      .orderBy('row_no')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => ({ ...r, import_id: Number(r.import_id), row_no: Number(r.row_no) }));
  }

  async mapping(source: string): Promise<string | null> {
    const row = await this.db.selectFrom('dept_mappings').select('mapping').where('source', '=', source).executeTakeFirst();
    return row?.mapping ?? null;
  }

  async mappings(): Promise<Database['dept_mappings'][]> {
    return this.db.selectFrom('dept_mappings').selectAll().execute();
  }

  async saveMapping(source: string, mapping: string, by: string, at: string): Promise<void> {
    await this.db
      .insertInto('dept_mappings')
      .values({ source, mapping, updated_by: by, updated_at: at })
      .onConflict((oc) => oc.column('source').doUpdateSet({ mapping, updated_by: by, updated_at: at }))
      .execute();
  }

  // ---- verification results ----

  /**
   * Stores results, each computed at answers generation `gen` (read before the answers it was computed from). A
   * result whose application had an answer recorded meanwhile (answers_gen moved on) is not stored: the recorded
   * answer's own recomputation stores the current one. Returns how many were stored.
   */
  async saveVerifications(rows: readonly VerificationRow[]): Promise<number> {
    let saved = 0;
    for (let i = 0; i < rows.length; i += 400) {
      const r = await this.db
        .insertInto('dept_verifications')
        .values(rows.slice(i, i + 400).map(({ gen, ...row }) => ({ ...row, answers_gen: gen, result_gen: gen })))
        .onConflict((oc) =>
          oc
            .column('application_id')
            .doUpdateSet((eb) => ({
              revision: eb.ref('excluded.revision'),
              data_version: eb.ref('excluded.data_version'),
              all_verified: eb.ref('excluded.all_verified'),
              mismatch: eb.ref('excluded.mismatch'),
              result: eb.ref('excluded.result'),
              computed_at: eb.ref('excluded.computed_at'),
              result_gen: eb.ref('excluded.result_gen'),
            }))
            .whereRef('dept_verifications.answers_gen', '=', 'excluded.result_gen'),
        )
        .executeTakeFirst();
      saved += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return saved;
  }

  /**
   * A 函调 answer of the application was recorded: its stored result (and any computed before now) stops being
   * current. Called after the answer is stored, so a result saved in between is made stale here.
   */
  async answersChanged(applicationId: string, at: string): Promise<void> {
    await this.db
      .insertInto('dept_verifications')
      .values({ application_id: applicationId, revision: 0, data_version: -1, all_verified: 0, mismatch: 0, result: '{"materials":[],"type":null,"allVerified":false,"mismatch":false}', computed_at: at, answers_gen: 1, result_gen: 0 })
      .onConflict((oc) => oc.column('application_id').doUpdateSet((eb) => ({ answers_gen: eb(eb.ref('dept_verifications.answers_gen'), '+', 1) })))
      .execute();
  }

  /** Applications whose verification is missing or older than their revision or the data version. */
  /** Keyset: pass the last id of the previous page as `after`, so a long refresh never scans the same rows twice. */
  /** `gen`: the answers generation as read (pass it to saveVerifications with the result). */
  async stale(dataVersion: number, limit: number, after = ''): Promise<{ id: string; revision: number; record: string; gen: number }[]> {
    const rows = await this.db
      .selectFrom('applications as a')
      .leftJoin('dept_verifications as v', 'v.application_id', 'a.id')
      .select(['a.id', 'a.revision', 'a.record', 'v.answers_gen'])
      .where('a.id', '>', after)
      .where((eb) =>
        eb.or([eb('v.application_id', 'is', null), eb('v.revision', '<>', eb.ref('a.revision')), eb('v.data_version', '<>', dataVersion), eb('v.result_gen', '<>', eb.ref('v.answers_gen'))]),
      )
      .orderBy('a.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, revision: Number(r.revision), record: r.record, gen: Number(r.answers_gen ?? 0) }));
  }

  async verification(applicationId: string): Promise<Database['dept_verifications'] | undefined> {
    return this.db.selectFrom('dept_verifications').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
  }

  async verificationCounts(): Promise<{ total: number; allVerified: number; mismatch: number }> {
    const row = await this.db
      .selectFrom('dept_verifications')
      .select((eb) => [eb.fn.countAll<string>().as('total'), eb.fn.sum<string>('all_verified').as('all_verified'), eb.fn.sum<string>('mismatch').as('mismatch')])
      .executeTakeFirstOrThrow();
    return { total: Number(row.total), allVerified: Number(row.all_verified ?? 0), mismatch: Number(row.mismatch ?? 0) };
  }

  /** One application by receipt number or id, with its latest verification (the CLI's `dept show`). */
  async verifiedApplication(ref: string): Promise<{ id: string; receipt_no: string; result: string | null } | undefined> {
    return this.db
      .selectFrom('applications as a')
      .leftJoin('dept_verifications as v', 'v.application_id', 'a.id')
      .select(['a.id', 'a.receipt_no', 'v.result'])
      .where((eb) => eb.or([eb('a.receipt_no', '=', ref), eb('a.id', '=', ref)]))
      .orderBy('a.id')
      .limit(1)
      .executeTakeFirst();
  }

  async dataVersion(): Promise<number> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', 'dept_data_version').executeTakeFirst();
    return Number(row?.value ?? '0');
  }

  async bumpDataVersion(): Promise<number> {
    const next = (await this.dataVersion()) + 1;
    await this.db
      .insertInto('settings')
      .values({ key: 'dept_data_version', value: String(next) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(next) }))
      .execute();
    return next;
  }

  // ---- 函调 ----

  /** Adds the enquiries not there yet (one per application and material); returns how many were added. */
  async addEnquiries(rows: readonly Omit<Database['dept_enquiries'], 'id'>[]): Promise<number> {
    let added = 0;
    // 11 columns: 80 rows stay under SQLite's 999 parameters.
    for (let i = 0; i < rows.length; i += 80) {
      const r = await this.db
        .insertInto('dept_enquiries')
        .values(rows.slice(i, i + 80))
        .onConflict((oc) => oc.columns(['application_id', 'item_id']).doNothing())
        .executeTakeFirst();
      added += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }

  async enquiries(source?: string): Promise<DeptEnquiryRow[]> {
    let q = this.db.selectFrom('dept_enquiries').selectAll().orderBy('id');
    if (source) q = q.where('source', '=', source);
    return (await q.execute()).map((r) => ({ ...r, id: Number(r.id) }));
  }

  /**
   * One page of enquiries in id order (keyset: `after` is the last id of the previous page) with the application's
   * receipt, child name and ID number (from the review queue) and its current revision and record (whether an answer
   * still stands). `open`: unanswered, or answered on another revision than the current one (the caller decides).
   */
  async enquiryRows(q: { source?: string | undefined; state: 'open' | 'answered' | 'all'; after?: number | undefined; limit: number; id?: number }): Promise<EnquiryListRow[]> {
    let sel = this.db
      .selectFrom('dept_enquiries as e')
      .leftJoin('review_queue as q', 'q.application_id', 'e.application_id')
      .leftJoin('applications as a', 'a.id', 'e.application_id')
      .selectAll('e')
      .select(['q.receipt_no', 'q.child_name', 'q.id_number', 'a.revision', 'a.record'])
      .where('e.id', '>', q.after ?? 0)
      .orderBy('e.id')
      .limit(q.limit);
    if (q.id !== undefined) sel = sel.where('e.id', '=', q.id);
    if (q.source) sel = sel.where('e.source', '=', q.source);
    if (q.state === 'answered') sel = sel.where('e.answer', 'is not', null);
    if (q.state === 'open') sel = sel.where((eb) => eb.or([eb('e.answer', 'is', null), eb.and([eb('e.answered_revision', 'is not', null), eb('e.answered_revision', '<>', eb.ref('a.revision'))])]));
    return (await sel.execute()).map((r) => ({ ...r, id: Number(r.id), revision: r.revision === null ? null : Number(r.revision) }));
  }

  async enquiry(id: number): Promise<DeptEnquiryRow | undefined> {
    const row = await this.db.selectFrom('dept_enquiries').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { ...row, id: Number(row.id) } : undefined;
  }

  /**
   * Verification results computed on the application's current revision and the data version in force, a page at a
   * time in application order (keyset: pass the last id of the previous page as `after`).
   */
  async currentResults(dataVersion: number, limit: number, after = ''): Promise<{ application_id: string; result: string }[]> {
    return this.db
      .selectFrom('dept_verifications as v')
      .innerJoin('applications as a', 'a.id', 'v.application_id')
      .select(['v.application_id', 'v.result'])
      .whereRef('v.revision', '=', 'a.revision')
      .whereRef('v.result_gen', '=', 'v.answers_gen')
      .where('v.data_version', '=', dataVersion)
      .where('v.application_id', '>', after)
      .orderBy('v.application_id')
      .limit(limit)
      .execute();
  }

  /** The answered enquiries of the applications (what their verification takes from 函调). */
  async answersFor(applicationIds: readonly string[]): Promise<DeptEnquiryRow[]> {
    const out: DeptEnquiryRow[] = [];
    for (let i = 0; i < applicationIds.length; i += 400) {
      const rows = await this.db
        .selectFrom('dept_enquiries')
        .selectAll()
        .where('application_id', 'in', applicationIds.slice(i, i + 400))
        .where('answer', 'is not', null)
        .orderBy('id')
        .execute();
      out.push(...rows.map((r) => ({ ...r, id: Number(r.id) })));
    }
    return out;
  }

  async markExported(ids: readonly number[], at: string): Promise<void> {
    if (ids.length > 0) await this.db.updateTable('dept_enquiries').set({ exported_at: at }).where('id', 'in', ids).where('exported_at', 'is', null).execute();
  }

  /** Records an answer pinned to the application's revision and the digest of the data it concerns. */
  async answerEnquiry(id: number, answer: 'confirmed' | 'denied', note: string, by: string, at: string, pin: { revision: number; facts: string }): Promise<boolean> {
    const r = await this.db
      .updateTable('dept_enquiries')
      .set({ answer, answer_note: note, answered_by: by, answered_at: at, answered_revision: pin.revision, answered_facts: pin.facts })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Raw count of rows (tests, bench). */
  async countRecords(importId?: number): Promise<number> {
    let q = this.db.selectFrom('dept_records').select(sql<string>`count(*)`.as('n'));
    if (importId !== undefined) q = q.where('import_id', '=', importId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }
}
