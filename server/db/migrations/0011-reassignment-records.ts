import { type Kysely, type Migration } from 'kysely';

// 是否服从调剂 recorded by a reviewer in the county console (issue 13): a family tells the bureau by phone that it
// refuses reassignment (不服从调剂), or takes back a refusal, after the desk took the form. One row per application,
// the newest record (each one is also in the console audit log); placement reads it before the form's field.
// `accepts`: 1 = 服从调剂, 0 = refuses. `hukou_school_id`: the hukou school the reviewer set, for the plan's
// 'hukou_school' refusal rule when the plan's zones cannot tell it (null: derived from the plan).

export const migration0011: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not the current types
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('reassignment_records')
      .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.id'))
      .addColumn('accepts', 'integer', (c) => c.notNull())
      .addColumn('hukou_school_id', 'text')
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('recorded_by_id', 'text')
      .addColumn('recorded_by_name', 'text', (c) => c.notNull())
      .execute();
  },
};
