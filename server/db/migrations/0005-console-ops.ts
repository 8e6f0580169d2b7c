import { type Kysely, type Migration } from 'kysely';

// The county console's operations (issue 12): the public lookup's rate limit, duplicate resolutions, text
// messages to guardians, and what the console shows about desks and plans.
//
// `lookup_hits`: requests per client and fixed window (one row each; the database is shared by every replica,
// so the limit holds across them); old windows are deleted as new ones start.
// `duplicate_resolutions`: per group of applications for the same child (the child's keyed hash), the one kept.
// `application_withdrawals`: applications withdrawn by such a resolution (status 已撤回).
// `sms_messages`: every message to a guardian, queued in the transaction of what caused it, then sent or failed.
// `devices.last_seen_at` (to the minute) and `devices.plan_version` (the newest plan the desk has pulled);
// `plans.published_by` (who published the version).

export const migration0005: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not the current types
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('lookup_hits')
      .addColumn('client', 'text', (c) => c.notNull())
      .addColumn('window_start', 'text', (c) => c.notNull())
      .addColumn('hits', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('lookup_hits_pk', ['client', 'window_start'])
      .execute();
    await db.schema.createIndex('lookup_hits_window').on('lookup_hits').column('window_start').execute();
    await db.schema
      .createTable('duplicate_resolutions')
      .addColumn('group_id', 'text', (c) => c.primaryKey())
      .addColumn('kept_application_id', 'text', (c) => c.notNull().references('applications.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'text', (c) => c.notNull())
      .addColumn('resolved_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('application_withdrawals')
      .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.id'))
      .addColumn('group_id', 'text', (c) => c.notNull())
      .addColumn('kept_application_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('withdrawn_at', 'text', (c) => c.notNull())
      .addColumn('withdrawn_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('sms_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('receipt_no', 'text', (c) => c.notNull())
      .addColumn('to_number', 'text')
      .addColumn('to_masked', 'text', (c) => c.notNull())
      .addColumn('template', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sms_messages_status').on('sms_messages').columns(['status', 'created_at']).execute();
    await db.schema.createIndex('sms_messages_application').on('sms_messages').columns(['application_id', 'created_at']).execute();
    await db.schema.alterTable('devices').addColumn('last_seen_at', 'text').execute();
    await db.schema.alterTable('devices').addColumn('plan_version', 'integer').execute();
    await db.schema.alterTable('plans').addColumn('published_by', 'text').execute();
  },
};
