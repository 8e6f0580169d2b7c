import { type Kysely, type Migration, sql } from 'kysely';
import { type DialectName } from './index';

// Department data (部门核验), 零证明 and tracing (控辍保学), issue 14.
//
// `dept_imports`: one row per imported extract (who, when, file hash, rows; `loading` until every row is stored,
// then `active`; `withdrawn` when taken back; `purged` once its rows are deleted after the retention period).
// `dept_records`: the rows, their data as JSON text, with the columns lookups use: the person's ID number, a second
// person's (a marriage's wife, a birth certificate's mother), the keyed hash desks send (children only) and a
// document number (property certificates, contracts). Partial indexes: most rows have no second person or number.
// `dept_verifications`: the result per application, recomputed when its revision or the data version changes.
// `dept_enquiries`: 函调 requests and their hand-recorded answers. `report_ins`: 报到 recorded by schools.
// `tracing_cases` / `tracing_visits`: the worklist of unmatched school-age children.

export function migration0003(dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not the current types
    async up(db: Kysely<any>) {
      const serial = (name: string) => sql.raw(dialect === 'sqlite' ? `${name} integer primary key autoincrement` : `${name} serial primary key`);
      await sql`create table dept_imports (
        ${serial('id')},
        source text not null,
        mode text not null,
        status text not null,
        file_name text not null,
        file_sha256 text not null,
        encoding text not null,
        rows integer not null,
        mapping text not null,
        imported_by text not null,
        imported_at text not null,
        retain_until text not null,
        withdrawn_by text,
        withdrawn_at text,
        withdraw_reason text,
        purged_at text
      )`.execute(db);
      await db.schema.createIndex('dept_imports_source').on('dept_imports').columns(['source', 'status']).execute();
      await db.schema
        .createTable('dept_records')
        .addColumn('import_id', 'integer', (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addColumn('person_id', 'text')
        .addColumn('other_id', 'text')
        .addColumn('person_hash', 'text')
        .addColumn('key_no', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dept_records_person').on('dept_records').column('person_id').execute();
      await db.schema.createIndex('dept_records_other').on('dept_records').column('other_id').where(sql.ref('other_id'), 'is not', null).execute();
      await db.schema.createIndex('dept_records_hash').on('dept_records').column('person_hash').where(sql.ref('person_hash'), 'is not', null).execute();
      await db.schema.createIndex('dept_records_key').on('dept_records').column('key_no').where(sql.ref('key_no'), 'is not', null).execute();
      await db.schema
        .createTable('dept_mappings')
        .addColumn('source', 'text', (c) => c.primaryKey())
        .addColumn('mapping', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('dept_verifications')
        .addColumn('application_id', 'text', (c) => c.primaryKey())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('data_version', 'integer', (c) => c.notNull())
        .addColumn('all_verified', 'integer', (c) => c.notNull())
        .addColumn('mismatch', 'integer', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('computed_at', 'text', (c) => c.notNull())
        .execute();
      await sql`create table dept_enquiries (
        ${serial('id')},
        source text not null,
        application_id text not null,
        item_id text not null,
        created_at text not null,
        created_by text not null,
        exported_at text,
        answer text,
        answer_note text,
        answered_by text,
        answered_at text
      )`.execute(db);
      await db.schema.createIndex('dept_enquiries_item').on('dept_enquiries').columns(['application_id', 'item_id']).unique().execute();
      await db.schema
        .createTable('report_ins')
        .addColumn('application_id', 'text', (c) => c.primaryKey())
        .addColumn('school_id', 'text', (c) => c.notNull())
        .addColumn('reported_on', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await sql`create table tracing_cases (
        ${serial('id')},
        person_hash text not null,
        year integer not null,
        township text not null,
        child text not null,
        status text not null,
        outcome text,
        opened_at text not null,
        closed_at text,
        closed_by text
      )`.execute(db);
      await db.schema.createIndex('tracing_cases_child').on('tracing_cases').columns(['year', 'person_hash']).unique().execute();
      await db.schema.createIndex('tracing_cases_township').on('tracing_cases').columns(['township', 'status']).execute();
      await sql`create table tracing_visits (
        ${serial('id')},
        case_id integer not null references tracing_cases (id),
        visited_on text not null,
        note text not null,
        outcome text,
        recorded_by text not null,
        recorded_at text not null
      )`.execute(db);
      await db.schema.createIndex('tracing_visits_case').on('tracing_visits').column('case_id').execute();
    },
  };
}
