import { type Insertable } from 'kysely';
import { type DuplicateRef } from '../../../shared/sync/protocol';
import { type Database } from '../schema';
import { type Db } from './db';

type ApplicationRow = Insertable<Database['applications']>;

/** Applications as the county holds them: the current revision, every revision, and the current pages. */
export class ApplicationRepo {
  constructor(private readonly db: Db) {}

  /** Applications with one of these ids or receipt numbers (what a batch's items may collide with). */
  async byIdsOrReceipts(ids: readonly string[], receipts: readonly string[]) {
    const rows = await this.db
      .selectFrom('applications')
      .select(['id', 'counter_code', 'revision', 'content_hash', 'receipt_no', 'child_id_hash'])
      .where((eb) => eb.or([eb('id', 'in', [...ids]), eb('receipt_no', 'in', [...receipts])]))
      .execute();
    return rows.map((r) => ({ ...r, revision: Number(r.revision) }));
  }

  revisionsOf(ids: readonly string[]) {
    return this.db.selectFrom('application_revisions').select(['application_id', 'revision', 'content_hash']).where('application_id', 'in', [...ids]).execute();
  }

  /** Every application for these children (child ID hashes), oldest first. */
  async ofChildren(childIdHashes: readonly string[]): Promise<(DuplicateRef & { childIdHash: string })[]> {
    if (childIdHashes.length === 0) return [];
    const rows = await this.db
      .selectFrom('applications')
      .select(['id', 'receipt_no', 'counter_code', 'source', 'child_id_hash'])
      .where('child_id_hash', 'in', [...childIdHashes])
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ applicationId: r.id, receiptNo: r.receipt_no, counterCode: r.counter_code, source: r.source, childIdHash: r.child_id_hash ?? '' }));
  }

  async insertMany(rows: readonly ApplicationRow[]): Promise<void> {
    for (const part of chunks(rows, 200)) await this.db.insertInto('applications').values(part).execute();
  }

  /** Replaces the current revision (everything but id and created_at). */
  async update(id: string, row: Omit<ApplicationRow, 'id' | 'created_at'>): Promise<void> {
    await this.db.updateTable('applications').set(row).where('id', '=', id).execute();
  }

  async insertRevisions(rows: readonly Insertable<Database['application_revisions']>[]): Promise<void> {
    for (const part of chunks(rows, 200)) await this.db.insertInto('application_revisions').values(part).execute();
  }

  async deletePagesOf(ids: readonly string[]): Promise<void> {
    if (ids.length) await this.db.deleteFrom('application_pages').where('application_id', 'in', [...ids]).execute();
  }

  async insertPages(rows: readonly Insertable<Database['application_pages']>[]): Promise<void> {
    for (const part of chunks(rows, 500)) await this.db.insertInto('application_pages').values(part).execute();
  }

  /** Every revision of one application with its record, oldest first (the history the review view shows). */
  historyOf(applicationId: string) {
    return this.db.selectFrom('application_revisions').select(['revision', 'record', 'received_at', 'device_id']).where('application_id', '=', applicationId).orderBy('revision').execute();
  }

  /** The current pages of an application, by material then page number. */
  pagesOf(applicationId: string) {
    return this.db.selectFrom('application_pages').selectAll().where('application_id', '=', applicationId).orderBy('material_key').orderBy('page_no').execute();
  }

  /** One current page of an application. */
  page(applicationId: string, pageId: string) {
    return this.db.selectFrom('application_pages').select(['sha256', 'material_key', 'page_no']).where('application_id', '=', applicationId).where('page_id', '=', pageId).executeTakeFirst();
  }

  /** The other applications of the same child (same keyed ID hash), with their review status if queued. */
  sameChildAs(applicationId: string) {
    return this.db
      .selectFrom('applications as a')
      .innerJoin('applications as b', 'b.child_id_hash', 'a.child_id_hash')
      .leftJoin('review_queue as q', 'q.application_id', 'b.id')
      .select(['b.id', 'b.receipt_no', 'b.counter_code', 'q.status'])
      .where('a.id', '=', applicationId)
      .where('b.id', '<>', applicationId)
      .execute();
  }

  /** The current revision number and record of an application by id. */
  currentRecord(id: string) {
    return this.db.selectFrom('applications').select(['revision', 'record']).where('id', '=', id).executeTakeFirst();
  }

  /** An application by its id or receipt number. */
  findByRef(ref: string) {
    return this.db
      .selectFrom('applications')
      .select(['id', 'receipt_no', 'counter_code', 'source', 'record', 'child_id_hash'])
      .where((eb) => eb.or([eb('id', '=', ref), eb('receipt_no', '=', ref.toUpperCase())]))
      .executeTakeFirst();
  }

  /** An application by receipt number with the receipt key of the desk that sent it. */
  forVerification(receiptNo: string) {
    return this.db
      .selectFrom('applications')
      .leftJoin('devices', 'devices.id', 'applications.device_id')
      .select(['applications.id', 'applications.receipt_no', 'applications.counter_code', 'applications.record', 'devices.receipt_mac_key'])
      .where('applications.receipt_no', '=', receiptNo)
      .executeTakeFirst();
  }

  all() {
    return this.db.selectFrom('applications').selectAll().orderBy('created_at').execute();
  }

  /**
   * Per counter: applications, and those waiting for review (no result yet, not withdrawn as a duplicate, not
   * voided at the desk; a voided record carries a top-level `"voided":{…}`, which no string value can contain
   * unescaped).
   */
  async countsPerCounter(): Promise<Map<string, { applications: number; pending: number }>> {
    const rows = await this.db
      .selectFrom('applications as a')
      .select((eb) => [
        'a.counter_code',
        eb.fn.countAll().as('n'),
        eb.fn
          .count('a.id')
          .filterWhere((f) =>
            f.and([
              f.not(f.exists(f.selectFrom('review_results as r').select('r.application_id').whereRef('r.application_id', '=', 'a.id'))),
              f.not(f.exists(f.selectFrom('application_withdrawals as w').select('w.application_id').whereRef('w.application_id', '=', 'a.id'))),
              f('a.record', 'not like', '%"voided":{%'),
            ]),
          )
          .as('pending'),
      ])
      .groupBy('a.counter_code')
      .execute();
    return new Map(rows.map((r) => [r.counter_code, { applications: Number(r.n), pending: Number(r.pending) }]));
  }

  /** The plan key (planId@version) of the newest application each device sent. */
  async planKeysInUse(): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom('applications as a')
      .select(['a.device_id', 'a.record'])
      .where('a.device_id', 'is not', null)
      .where('a.updated_at', '=', (eb) => eb.selectFrom('applications as b').select((b) => b.fn.max('b.updated_at').as('m')).whereRef('b.device_id', '=', 'a.device_id'))
      .execute();
    const out = new Map<string, string>();
    for (const r of rows) {
      const key = (JSON.parse(r.record) as { planKey?: unknown }).planKey;
      if (r.device_id && typeof key === 'string') out.set(r.device_id, key);
    }
    return out;
  }

  /** Child hashes with more than one application, in hash order after `after` (keyset), at most `limit`. */
  async duplicateChildren(after: string | null, limit: number): Promise<string[]> {
    let q = this.db
      .selectFrom('applications')
      .select('child_id_hash')
      .where('child_id_hash', 'is not', null)
      .groupBy('child_id_hash')
      .having((h) => h.fn.countAll(), '>', 1)
      .orderBy('child_id_hash')
      .limit(limit);
    if (after !== null) q = q.where('child_id_hash', '>', after);
    return (await q.execute()).map((r) => r.child_id_hash ?? '');
  }

  /** Applications by id, with what a side-by-side view needs. */
  byIds(ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('applications').selectAll().where('id', 'in', [...ids]).execute();
  }

  /** Number of current pages per application. */
  async pageCounts(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('application_pages').select((eb) => ['application_id', eb.fn.countAll().as('n')]).groupBy('application_id').execute();
    return new Map(rows.map((r) => [r.application_id, Number(r.n)]));
  }

  /** Applications of every child with more than one, grouped by child, oldest first within a child. */
  async duplicateGroups(): Promise<{ childIdHash: string; applications: DuplicateRef[] }[]> {
    const rows = await this.db
      .selectFrom('applications')
      .select(['id', 'receipt_no', 'counter_code', 'source', 'child_id_hash'])
      .where('child_id_hash', 'in', (eb) =>
        eb.selectFrom('applications').select('child_id_hash').where('child_id_hash', 'is not', null).groupBy('child_id_hash').having((h) => h.fn.countAll(), '>', 1),
      )
      .orderBy('child_id_hash')
      .orderBy('created_at')
      .execute();
    const groups = new Map<string, DuplicateRef[]>();
    for (const r of rows) {
      const key = r.child_id_hash ?? '';
      groups.set(key, [...(groups.get(key) ?? []), { applicationId: r.id, receiptNo: r.receipt_no, counterCode: r.counter_code, source: r.source }]);
    }
    return [...groups].map(([childIdHash, applications]) => ({ childIdHash, applications }));
  }
}

function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}
