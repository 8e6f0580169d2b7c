import { type Kysely, type Migration } from 'kysely';

// Shipped: never edit (migrations.test.ts checks this file's checksum).

/**
 * Unfinished uploads belong to the device that sends them (one row and one part file per device and page), so
 * a device declaring a wrong length cannot block the real uploader; `updated_at` lets them expire. Uploads in
 * progress at the upgrade start again at 0 (their old part files expire on disk).
 */
export const migration0002: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not the current types
  async up(db: Kysely<any>) {
    await db.schema.dropTable('blob_uploads').execute();
    await db.schema
      .createTable('blob_uploads')
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('length', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('blob_uploads_pk', ['sha256', 'device_id'])
      .execute();
    await db.schema.createIndex('blob_uploads_updated').on('blob_uploads').column('updated_at').execute();
  },
};
