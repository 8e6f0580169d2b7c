import { type ExpressionBuilder, type Insertable, PostgresAdapter, type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import { type Database } from '../schema';
import { type Db } from './db';

export type QueueRow = Selectable<Database['review_queue']>;
export type DecisionRow = Selectable<Database['review_decisions']>;

/** A queue filter as SQL sees it (the service normalises the contract's filter and the caller's scope into this). */
export interface QueueWhere {
  schoolIds?: readonly string[] | undefined;
  types?: readonly string[] | undefined;
  counterCodes?: readonly string[] | undefined;
  statuses?: readonly string[] | undefined;
  duplicate?: boolean | undefined;
  missingMaterials?: boolean | undefined;
  reentered?: boolean | undefined;
  /** Only (true) or no (false) applications whose current verification (this revision, this data version) is all verified. */
  allVerified?: boolean | undefined;
  submittedFrom?: string | undefined;
  submittedTo?: string | undefined;
  /** Each is an alternative (OR): child name contains, initials start with, ID number contains, receipt contains. */
  text?: { name?: string; initials?: string; idPart?: string; receiptPart?: string } | undefined;
  /** The caller's scope (AND): a reviewer's schools and types, a school user's school. */
  scopeSchools?: readonly string[] | undefined;
  scopeTypes?: readonly string[] | undefined;
}

/** queue.counts: the totals and, per facet column, the count of each value. */
export interface QueueCounts {
  totals: { total: number; duplicate: number; missing: number; reentered: number; allVerified: number };
  statuses: { value: string; count: number }[];
  schools: { value: string; count: number }[];
  types: { value: string; count: number }[];
  counters: { value: string; count: number }[];
}

type QueueQuery<O> = SelectQueryBuilder<Database, 'review_queue', O>;

/**
 * True for a queue row whose department verification is current (computed on its revision and the data version
 * in force) and says every material is verified: a stale result never puts an application in the fast lane.
 */
export function allVerifiedNow(eb: ExpressionBuilder<Database, 'review_queue'>) {
  return eb.exists(
    eb
      .selectFrom('dept_verifications as v')
      .select(sql<number>`1`.as('one'))
      .whereRef('v.application_id', '=', 'review_queue.application_id')
      .whereRef('v.revision', '=', 'review_queue.revision')
      .whereRef('v.result_gen', '=', 'v.answers_gen')
      .where('v.all_verified', '=', 1)
      .where('v.data_version', '=', sql<number>`coalesce((select cast(s.value as integer) from settings s where s.key = 'dept_data_version'), 0)`),
  );
}

/**
 * The queue with its current verification, if all verified, left joined (at most one row: dept_verifications is keyed
 * by the application), for counting: the same rows as allVerifiedNow() without a correlated EXISTS per row.
 */
function withVerification(q: SelectQueryBuilder<Database, 'review_queue', object>): QueueQuery<object> {
  return q.leftJoin('dept_verifications as cv', (join) =>
    join
      .onRef('cv.application_id', '=', 'review_queue.application_id')
      .onRef('cv.revision', '=', 'review_queue.revision')
      .onRef('cv.result_gen', '=', 'cv.answers_gen')
      .on('cv.all_verified', '=', 1)
      .on('cv.data_version', '=', sql<number>`coalesce((select cast(s.value as integer) from settings s where s.key = 'dept_data_version'), 0)`),
  );
}

/** 1 for a row of withVerification() whose verification is current and all verified. */
const verifiedNow = sql<number>`case when cv.application_id is not null then 1 else 0 end`;

/**
 * The duplicate flag as the caller may see it: for a scoped caller, 1 only when another application of the same child
 * is in the scope too (one outside the scope must not show through the flag, its filter or its count).
 */
export function duplicateSeen(eb: ExpressionBuilder<Database, 'review_queue'>, w: QueueWhere) {
  if (!w.scopeSchools?.length && !w.scopeTypes?.length) return eb.ref('review_queue.duplicate');
  let other = eb
    .selectFrom('applications as a')
    .innerJoin('applications as b', 'b.child_id_hash', 'a.child_id_hash')
    .innerJoin('review_queue as q', 'q.application_id', 'b.id')
    .select(sql<number>`1`.as('one'))
    .whereRef('a.id', '=', 'review_queue.application_id')
    .whereRef('b.id', '<>', 'a.id');
  if (w.scopeSchools?.length) other = other.where('q.school_id', 'in', [...w.scopeSchools]);
  if (w.scopeTypes?.length) other = other.where('q.type', 'in', [...w.scopeTypes]);
  // LIMIT 1 OFFSET 0 keeps this a per-row probe through the indexes on PostgreSQL: a plain correlated EXISTS may be
  // planned as a hashed set of every in-scope application that has a sibling (a full scan of applications on every
  // queue call, ~0.7 s over 100,000), because the planner does not see that the CASE asks only for rows flagged
  // duplicate and the page only for 51 rows. EXISTS drops a LIMIT 1 but not an OFFSET; SQLite runs it per row anyway.
  other = other.limit(1).offset(0);
  return eb.case().when(eb.and([eb('review_queue.duplicate', '=', 1), eb.exists(other)])).then(1).else(0).end();
}

/** The caller's scope and filter as a WHERE (exported for reviewRepo.counts.test.ts's reference query too). */
export function applyWhere<O>(q: QueueQuery<O>, w: QueueWhere, omit?: 'statuses' | 'schoolIds' | 'types' | 'counterCodes'): QueueQuery<O> {
  if (w.scopeSchools?.length) q = q.where('school_id', 'in', [...w.scopeSchools]);
  if (w.scopeTypes?.length) q = q.where('type', 'in', [...w.scopeTypes]);
  if (omit !== 'schoolIds' && w.schoolIds?.length) q = q.where('school_id', 'in', [...w.schoolIds]);
  if (omit !== 'types' && w.types?.length) q = q.where('type', 'in', [...w.types]);
  if (omit !== 'counterCodes' && w.counterCodes?.length) q = q.where('counter_code', 'in', [...w.counterCodes]);
  if (omit !== 'statuses' && w.statuses?.length) q = q.where('status', 'in', [...w.statuses]);
  if (w.duplicate !== undefined) {
    const only = w.duplicate ? 1 : 0;
    q = q.where((eb: ExpressionBuilder<Database, 'review_queue'>) => eb(duplicateSeen(eb, w), '=', only));
  }
  if (w.missingMaterials !== undefined) q = q.where('missing_materials', w.missingMaterials ? '>' : '=', 0);
  if (w.reentered !== undefined) q = q.where('reentered', '=', w.reentered ? 1 : 0);
  if (w.allVerified !== undefined) {
    const only = w.allVerified;
    q = q.where((eb: ExpressionBuilder<Database, 'review_queue'>) => (only ? allVerifiedNow(eb) : eb.not(allVerifiedNow(eb))));
  }
  if (w.submittedFrom) q = q.where('submitted_day', '>=', w.submittedFrom);
  if (w.submittedTo) q = q.where('submitted_day', '<=', w.submittedTo);
  const t = w.text;
  if (t) {
    q = q.where((eb: ExpressionBuilder<Database, 'review_queue'>) => {
      const alts = [];
      if (t.name) alts.push(eb('child_name', 'like', `%${t.name}%`));
      if (t.initials) alts.push(eb('name_initials', 'like', `${t.initials}%`));
      if (t.idPart) alts.push(eb('id_number', 'like', `%${t.idPart}%`));
      if (t.receiptPart) alts.push(eb('receipt_key', 'like', `%${t.receiptPart}%`));
      return alts.length ? eb.or(alts) : eb.val(false);
    });
  }
  return q;
}

/** The review queue, decisions and bulk approvals. */
export class ReviewRepo {
  constructor(private readonly db: Db) {}

  async upsertQueue(rows: readonly Insertable<Database['review_queue']>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      const part = rows.slice(i, i + 200);
      await this.db
        .insertInto('review_queue')
        .values(part)
        .onConflict((oc) =>
          oc.column('application_id').doUpdateSet((eb) => ({
            receipt_no: eb.ref('excluded.receipt_no'),
            receipt_key: eb.ref('excluded.receipt_key'),
            counter_code: eb.ref('excluded.counter_code'),
            source: eb.ref('excluded.source'),
            child_name: eb.ref('excluded.child_name'),
            name_initials: eb.ref('excluded.name_initials'),
            id_number: eb.ref('excluded.id_number'),
            grade: eb.ref('excluded.grade'),
            school_id: eb.ref('excluded.school_id'),
            type: eb.ref('excluded.type'),
            status: eb.ref('excluded.status'),
            duplicate: eb.ref('excluded.duplicate'),
            missing_materials: eb.ref('excluded.missing_materials'),
            requested: eb.ref('excluded.requested'),
            reentered: eb.ref('excluded.reentered'),
            revision: eb.ref('excluded.revision'),
            decided_revision: eb.ref('excluded.decided_revision'),
            pages: eb.ref('excluded.pages'),
            plan_key: eb.ref('excluded.plan_key'),
            submitted_at: eb.ref('excluded.submitted_at'),
            submitted_day: eb.ref('excluded.submitted_day'),
          })),
        )
        .execute();
    }
  }

  async queueRows(ids: readonly string[]): Promise<Map<string, QueueRow>> {
    if (!ids.length) return new Map();
    const rows = await this.db.selectFrom('review_queue').selectAll().where('application_id', 'in', [...ids]).execute();
    return new Map(rows.map((r) => [r.application_id, r]));
  }

  /** Applications whose queue row is missing or behind the current revision (the backfill). */
  async staleIds(limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('applications')
      .leftJoin('review_queue', 'review_queue.application_id', 'applications.id')
      .select('applications.id')
      .where((eb) => eb.or([eb('review_queue.application_id', 'is', null), eb('review_queue.revision', '<>', eb.ref('applications.revision'))]))
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** One keyset page: after (received_at, id) in the order asked. */
  async page(w: QueueWhere, order: 'oldest' | 'newest', after: [string, string] | null, limit: number): Promise<QueueRow[]> {
    let q = applyWhere(
      this.db
        .selectFrom('review_queue')
        .selectAll()
        .select((eb) => duplicateSeen(eb, w).as('duplicate_seen')),
      w,
    );
    if (after) {
      const [at, id] = after;
      q =
        order === 'oldest'
          ? q.where((eb) => eb.or([eb('received_at', '>', at), eb.and([eb('received_at', '=', at), eb('application_id', '>', id)])]))
          : q.where((eb) => eb.or([eb('received_at', '<', at), eb.and([eb('received_at', '=', at), eb('application_id', '<', id)])]));
    }
    const dir = order === 'oldest' ? 'asc' : 'desc';
    const rows = await q.orderBy('received_at', dir).orderBy('application_id', dir).limit(limit).execute();
    return rows.map(({ duplicate_seen, ...r }) => ({ ...r, duplicate: Number(duplicate_seen) }));
  }

  /** The same page without any filter (the bench's baseline). */
  plainPage(limit: number): Promise<QueueRow[]> {
    return this.db.selectFrom('review_queue').selectAll().orderBy('received_at').orderBy('application_id').limit(limit).execute();
  }

  async totals(w: QueueWhere): Promise<{ total: number; duplicate: number; missing: number; reentered: number; allVerified: number }> {
    const r = await applyWhere(
      withVerification(this.db.selectFrom('review_queue')).select((eb) => [
        eb.fn.countAll().as('total'),
        eb.fn.sum<number>(duplicateSeen(eb, w)).as('duplicate'),
        eb.fn.sum<number>(sql<number>`case when missing_materials > 0 then 1 else 0 end`).as('missing'),
        eb.fn.sum<number>('reentered').as('reentered'),
        eb.fn.sum<number>(verifiedNow).as('all_verified'),
      ]),
      w,
    ).executeTakeFirst();
    return { total: Number(r?.total ?? 0), duplicate: Number(r?.duplicate ?? 0), missing: Number(r?.missing ?? 0), reentered: Number(r?.reentered ?? 0), allVerified: Number(r?.all_verified ?? 0) };
  }

  /**
   * queue.counts: the totals and the four facets (status, school, type, counter), the same figures as totals() and
   * facet() per column. The verification state is read through one left join on dept_verifications (its key is the
   * application), not a correlated EXISTS per row. PostgreSQL groups the rows of the scope and of every filter but
   * the four facet columns once, by those four columns (one scan, a hash aggregate); each facet then adds up the
   * groups that pass the other three facet filters (a facet never filters on its own column) and the totals those
   * that pass all four. SQLite has no hash aggregate: sorting 100,000 rows by four columns took longer than the five
   * queries, whose facets each read an index in its column's order, so it keeps them (bench/console.ts).
   */
  async counts(w: QueueWhere): Promise<QueueCounts> {
    if (!(this.db.getExecutor().adapter instanceof PostgresAdapter)) {
      const [totals, statuses, schools, types, counters] = [
        await this.totals(w),
        await this.facet(w, 'status'),
        await this.facet(w, 'school_id'),
        await this.facet(w, 'type'),
        await this.facet(w, 'counter_code'),
      ];
      return { totals, statuses, schools, types, counters };
    }
    const base: QueueWhere = { ...w, statuses: undefined, schoolIds: undefined, types: undefined, counterCodes: undefined };
    const rows = await applyWhere(
      withVerification(this.db.selectFrom('review_queue')).select((eb) => [
        'status',
        'school_id',
        'type',
        'counter_code',
        eb.fn.countAll().as('n'),
        eb.fn.sum<number>(duplicateSeen(eb, w)).as('duplicate'),
        eb.fn.sum<number>(sql<number>`case when missing_materials > 0 then 1 else 0 end`).as('missing'),
        eb.fn.sum<number>('reentered').as('reentered'),
        eb.fn.sum<number>(verifiedNow).as('all_verified'),
      ]),
      base,
    )
      .groupBy(['status', 'school_id', 'type', 'counter_code'])
      .execute();
    type Group = (typeof rows)[number];
    const pass = (list: readonly string[] | undefined, v: string | null) => !list?.length || (v !== null && list.includes(v));
    const ok = {
      status: (r: Group) => pass(w.statuses, r.status),
      school_id: (r: Group) => pass(w.schoolIds, r.school_id),
      type: (r: Group) => pass(w.types, r.type),
      counter_code: (r: Group) => pass(w.counterCodes, r.counter_code),
    };
    const columns = ['status', 'school_id', 'type', 'counter_code'] as const;
    const facet = (column: (typeof columns)[number]) => {
      const by = new Map<string, number>();
      for (const r of rows) {
        const v = r[column];
        if (v === null || !columns.every((c) => c === column || ok[c](r))) continue;
        by.set(v, (by.get(v) ?? 0) + Number(r.n));
      }
      return [...by].map(([value, count]) => ({ value, count }));
    };
    const totals = { total: 0, duplicate: 0, missing: 0, reentered: 0, allVerified: 0 };
    for (const r of rows) {
      if (!columns.every((c) => ok[c](r))) continue;
      totals.total += Number(r.n);
      totals.duplicate += Number(r.duplicate ?? 0);
      totals.missing += Number(r.missing ?? 0);
      totals.reentered += Number(r.reentered ?? 0);
      totals.allVerified += Number(r.all_verified ?? 0);
    }
    return { totals, statuses: facet('status'), schools: facet('school_id'), types: facet('type'), counters: facet('counter_code') };
  }

  /** Counts per value of one column, with every other filter applied. */
  async facet(w: QueueWhere, column: 'status' | 'school_id' | 'type' | 'counter_code'): Promise<{ value: string; count: number }[]> {
    const omit = ({ status: 'statuses', school_id: 'schoolIds', type: 'types', counter_code: 'counterCodes' } as const)[column];
    const rows = await applyWhere(
      this.db.selectFrom('review_queue').select((eb) => [eb.ref(column).as('value'), eb.fn.countAll().as('n')]),
      w,
      omit,
    )
      .groupBy(column)
      .execute();
    return rows.filter((r) => r.value !== null).map((r) => ({ value: String(r.value), count: Number(r.n) }));
  }

  /** Ids and revisions of a filter, oldest first (bulk approval). */
  async idsOf(w: QueueWhere, limit: number): Promise<{ application_id: string; revision: number; receipt_no: string; child_name: string }[]> {
    const rows = await applyWhere(this.db.selectFrom('review_queue').select(['application_id', 'revision', 'receipt_no', 'child_name']), w)
      .orderBy('received_at')
      .orderBy('application_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, revision: Number(r.revision) }));
  }

  async insertDecision(row: Insertable<Database['review_decisions']>): Promise<void> {
    await this.db.insertInto('review_decisions').values(row).execute();
  }

  async decisionsOf(applicationId: string): Promise<DecisionRow[]> {
    return this.db.selectFrom('review_decisions').selectAll().where('application_id', '=', applicationId).orderBy('at').orderBy('id').execute();
  }

  /** Applications among these with a rejection waiting for a 复核人. */
  async pendingRejections(ids: readonly string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.db
      .selectFrom('review_decisions')
      .select('application_id')
      .where('application_id', 'in', [...ids])
      .where('kind', '=', 'propose_rejection')
      .where('state', '=', 'pending')
      .execute();
    return new Set(rows.map((r) => r.application_id));
  }

  decision(id: string): Promise<DecisionRow | undefined> {
    return this.db.selectFrom('review_decisions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async setDecisionState(id: string, state: string): Promise<void> {
    await this.db.updateTable('review_decisions').set({ state }).where('id', '=', id).execute();
  }

  async insertBulk(row: Insertable<Database['bulk_approvals']>): Promise<void> {
    await this.db.insertInto('bulk_approvals').values(row).execute();
  }

  bulk(tokenHash: string) {
    return this.db.selectFrom('bulk_approvals').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** Marks a bulk approval used; false when it was used already (two clicks). */
  async useBulk(tokenHash: string, at: string): Promise<boolean> {
    const r = await this.db.updateTable('bulk_approvals').set({ used_at: at }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** What the projection needs beside the application rows. */
  async projectionFacts(ids: readonly string[]) {
    const [pages, withdrawn, results] = await Promise.all([
      this.db.selectFrom('application_pages').select((eb) => ['application_id', eb.fn.countAll().as('n')]).where('application_id', 'in', [...ids]).groupBy('application_id').execute(),
      this.db.selectFrom('application_withdrawals').select('application_id').where('application_id', 'in', [...ids]).execute(),
      this.db.selectFrom('review_results').select(['application_id', 'result_version', 'payload']).where('application_id', 'in', [...ids]).orderBy('result_version').execute(),
    ]);
    return {
      pages: new Map(pages.map((p) => [p.application_id, Number(p.n)])),
      withdrawn: new Set(withdrawn.map((w) => w.application_id)),
      results,
    };
  }

  /** How many applications each of these children has. */
  async childCounts(hashes: readonly string[]): Promise<Map<string, number>> {
    if (!hashes.length) return new Map();
    const rows = await this.db
      .selectFrom('applications')
      .select((eb) => ['child_id_hash', eb.fn.countAll().as('n')])
      .where('child_id_hash', 'in', [...hashes])
      .groupBy('child_id_hash')
      .execute();
    return new Map(rows.map((r) => [r.child_id_hash ?? '', Number(r.n)]));
  }

  applications(ids: readonly string[]) {
    return this.db
      .selectFrom('applications')
      .select(['id', 'receipt_no', 'counter_code', 'source', 'child_id_hash', 'revision', 'record', 'created_at'])
      .where('id', 'in', [...ids])
      .execute();
  }

  /** Ids of every application of these children (to refresh their duplicate flags). */
  async idsOfChildren(hashes: readonly string[]): Promise<string[]> {
    if (!hashes.length) return [];
    const rows = await this.db.selectFrom('applications').select('id').where('child_id_hash', 'in', [...hashes]).execute();
    return rows.map((r) => r.id);
  }
}
