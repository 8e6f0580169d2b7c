import { type Kysely, type Migration, sql } from 'kysely';

// County console (issue 12), its foundation: staff accounts, their sessions and the console audit log.
//
// `staff`: one row per person (not per device). `password_hash` is scrypt (services/console/auth.ts); `scope` is
// JSON text ({schoolIds, types}); `failed_attempts` counts failures since the last success and `locked_until` is
// set after the fifth.
// `staff_sessions`: the server side of the console_session cookie, keyed by the SHA-256 of the cookie's token (a
// copy of the table does not sign anyone in); `csrf_token` is what x-console-csrf must carry.
// `console_audit`: the hash chain (nodelib/hashChain), `seq` given by the appender (no gaps), `prev_hash` and
// `hash` beside each row; `console_audit_head`: one row (id 1) with the sealed head, locked by appenders.

export const migration0007: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not the current types
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('staff')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('must_change_password', 'integer', (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull())
      .addColumn('failed_attempts', 'integer', (c) => c.notNull())
      .addColumn('locked_until', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('last_sign_in_at', 'text')
      .execute();
    await db.schema
      .createTable('staff_sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .execute();
    await db.schema.createIndex('staff_sessions_staff').on('staff_sessions').column('staff_id').execute();
    await db.schema
      .createTable('console_audit')
      .addColumn('seq', 'integer', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('actor_name', 'text')
      .addColumn('actor_role', 'text')
      .addColumn('via', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('console_audit_target').on('console_audit').columns(['target', 'seq']).execute();
    await db.schema.createIndex('console_audit_actor').on('console_audit').columns(['actor_id', 'seq']).execute();
    await db.schema.createTable('console_audit_head').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('head', 'text', (c) => c.notNull()).execute();
    await sql`insert into console_audit_head (id, head) values (1, '')`.execute(db);
  },
};
