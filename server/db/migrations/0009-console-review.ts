import { type Kysely, type Migration } from 'kysely';

// County console review (issue 12): the work queue and the decisions.
//
// `review_queue`: one row per application, projected from the application's current revision, its pages, its
// duplicates, withdrawals and decisions (services/console/queueProjection.ts) so the queue's filters, counts and
// keyset pages read one narrow table with indexes instead of parsing records. `name_initials` is the pinyin
// initials of the child's name, `receipt_key` the receipt number without dashes (search), `decided_revision` the
// revision the last decision was made on (a newer one re-enters the queue: `reentered`), `requested` the open
// 需补充材料 items (JSON).
// `review_decisions`: every decision and comment; a proposed rejection stays `pending` until a 复核人 confirms or
// returns it. `bulk_approvals`: a previewed set (ids at their revisions) behind a confirmation token (hashed).

export const migration0009: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not the current types
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('review_queue')
      .addColumn('application_id', 'text', (c) => c.primaryKey())
      .addColumn('receipt_no', 'text', (c) => c.notNull())
      .addColumn('receipt_key', 'text', (c) => c.notNull())
      .addColumn('counter_code', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('child_name', 'text', (c) => c.notNull())
      .addColumn('name_initials', 'text', (c) => c.notNull())
      .addColumn('id_number', 'text', (c) => c.notNull())
      .addColumn('grade', 'text')
      .addColumn('school_id', 'text')
      .addColumn('type', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('duplicate', 'integer', (c) => c.notNull())
      .addColumn('missing_materials', 'integer', (c) => c.notNull())
      .addColumn('requested', 'text', (c) => c.notNull())
      .addColumn('reentered', 'integer', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('decided_revision', 'integer')
      .addColumn('pages', 'integer', (c) => c.notNull())
      .addColumn('plan_key', 'text')
      .addColumn('submitted_at', 'text')
      .addColumn('submitted_day', 'text')
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('review_queue_order').on('review_queue').columns(['received_at', 'application_id']).execute();
    await db.schema.createIndex('review_queue_status').on('review_queue').columns(['status', 'received_at', 'application_id']).execute();
    await db.schema.createIndex('review_queue_school').on('review_queue').columns(['school_id', 'status', 'received_at']).execute();
    await db.schema.createIndex('review_queue_counter').on('review_queue').columns(['counter_code', 'received_at']).execute();
    await db.schema.createIndex('review_queue_type').on('review_queue').columns(['type', 'received_at']).execute();
    await db.schema.createIndex('review_queue_day').on('review_queue').columns(['submitted_day']).execute();
    await db.schema
      .createTable('review_decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('actor_name', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer')
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('result_version', 'integer')
      .execute();
    await db.schema.createIndex('review_decisions_application').on('review_decisions').columns(['application_id', 'at']).execute();
    await db.schema
      .createTable('bulk_approvals')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('staff_id', 'text', (c) => c.notNull())
      .addColumn('items', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
  },
};
