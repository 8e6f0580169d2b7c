import { type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import { type DialectName } from './index';

// Shipped: never edit (migrations.test.ts checks this file's checksum). The tables of the first release. One
// definition for both dialects; the only difference is how an increasing key is made.

type Table = CreateTableBuilder<string, string>;

export function migration0001(dialect: DialectName): Migration {
  const serialKey = (t: Table, name: string): Table =>
    dialect === 'sqlite' ? t.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement()) : t.addColumn(name, 'serial', (c) => c.primaryKey());
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not the current types
    async up(db: Kysely<any>) {
      await db.schema.createTable('settings').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();
      await db.schema
        .createTable('counters')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('enrollment_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('counter_code', 'text', (c) => c.notNull().references('counters.code'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('device_id', 'text')
        .execute();
      await db.schema
        .createTable('devices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('counter_code', 'text', (c) => c.notNull().references('counters.code'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('receipt_mac_key', 'text')
        .addColumn('enrolled_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('nonces')
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('nonces_pk', ['device_id', 'nonce'])
        .execute();
      await db.schema.createIndex('nonces_expiry').on('nonces').column('expires_at').execute();
      await db.schema
        .createTable('blobs')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('blob_uploads')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('length', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('applications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('counter_code', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('receipt_no', 'text', (c) => c.notNull().unique())
        .addColumn('child_id_hash', 'text')
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('applications_child').on('applications').column('child_id_hash').execute();
      await db.schema
        .createTable('application_revisions')
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('pages', 'text', (c) => c.notNull())
        .addColumn('device_id', 'text')
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('application_revisions_pk', ['application_id', 'revision'])
        .execute();
      await db.schema
        .createTable('application_pages')
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
        .addColumn('page_id', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('material_key', 'text', (c) => c.notNull())
        .addColumn('page_no', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('application_pages_pk', ['application_id', 'page_id'])
        .execute();
      await db.schema
        .createTable('batches')
        .addColumn('batch_id', 'text', (c) => c.primaryKey())
        .addColumn('device_id', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('response', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await serialKey(db.schema.createTable('changes'), 'seq')
        .addColumn('counter_code', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('changes_counter').on('changes').columns(['counter_code', 'seq']).execute();
      await serialKey(db.schema.createTable('plans'), 'version')
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('review_results')
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id'))
        .addColumn('result_version', 'integer', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('review_results_pk', ['application_id', 'result_version'])
        .execute();
    },
  };
}
