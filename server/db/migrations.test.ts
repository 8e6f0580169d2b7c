import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationPinProblems } from '../../nodelib/testing/migrationPins';
import { serverText } from '../../shared/i18n/zhCN.server';
import { testDialects } from '../testing/harness';
import { MIGRATION_CHECKSUMS } from './migrations';
import { CHECKSUM_TABLE, type Store, dropPgSchema, migrate, openStore } from './open';

// Each server migration pinned on both databases with raw SQL (never through today's repositories, so a later
// migration does not edit these tests), the schema it leads to as a snapshot, and every shipped migration file
// by its checksum.

const MIGRATIONS = join(import.meta.dirname, 'migrations');

describe('server migrations: released files', () => {
  it('are each the file their checksum in migrations/index.ts pins (edit none: add the next one)', () => {
    const pins = Object.fromEntries(Object.entries(MIGRATION_CHECKSUMS).map(([name, sum]) => [`${name}.ts`, sum]));
    expect(migrationPinProblems(MIGRATIONS, pins, 'server/db/migrations/index.ts')).toEqual([]);
  });
});

describe.runIf(testDialects().includes('postgres'))('server migrations beside other schemas (postgres)', () => {
  it('migrate while other schemas are created and dropped on the same database', async () => {
    // Kysely's own introspector read every schema's columns to find its table, and failed when one was dropped
    // meanwhile ("schema … does not exist": a CI run's PostgreSQL tests failed so, one test file's teardown under
    // another's start). A churn of schemas with serial columns beside ten migrations from scratch.
    const url = process.env.TEST_DATABASE_URL!;
    let stop = false;
    const churn = (async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        while (!stop) {
          const s = `zz_${randomBytes(5).toString('hex')}`;
          await c.query(`create schema ${s}; ${Array.from({ length: 10 }, (_, i) => `create table ${s}.t${i} (id serial primary key, a text, b text, c integer)`).join('; ')}`);
          await c.query(`drop schema ${s} cascade`);
        }
      } finally {
        await c.end();
      }
    })();
    const failures: string[] = [];
    try {
      for (let i = 0; i < 10; i++) {
        const schema = `m_${randomBytes(6).toString('hex')}`;
        const dataDir = mkdtempSync(join(tmpdir(), 'county-migrations-'));
        try {
          await (await openStore({ dataDir, databaseUrl: url, pgSchema: schema })).close();
        } catch (e: unknown) {
          failures.push(String(e));
        } finally {
          await dropPgSchema(url, schema);
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
    } finally {
      stop = true;
      await churn;
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

describe.each(testDialects())('server migrations (%s)', (dialect) => {
  let store: Store;
  let dataDir: string;
  let pgSchema: string | undefined;

  const open = async (migrateTo?: string) => {
    dataDir = mkdtempSync(join(tmpdir(), 'county-migrations-'));
    pgSchema = dialect === 'postgres' ? `m_${randomBytes(6).toString('hex')}` : undefined;
    store = await openStore({ dataDir, databaseUrl: dialect === 'postgres' ? process.env.TEST_DATABASE_URL : undefined, pgSchema, ...(migrateTo ? { migrateTo } : {}) });
  };
  afterEach(async () => {
    await store?.close();
    if (pgSchema && process.env.TEST_DATABASE_URL) await dropPgSchema(process.env.TEST_DATABASE_URL, pgSchema);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const run = (text: string) => sql.raw(text).execute(store.db);
  const rows = async (text: string) => (await sql.raw<Record<string, unknown>>(text).execute(store.db)).rows;

  it('0001 creates the first release tables', async () => {
    await open('0001-initial');
    await run(`insert into counters (code, name, created_at) values ('A01', '城关', '2026-06-01T00:00:00.000Z')`);
    await run(`insert into changes (counter_code, kind, payload, created_at) values (null, 'plan', '{}', 'x'), ('A01', 'duplicate', '{}', 'y')`);
    expect(await rows('select seq, counter_code from changes order by seq')).toEqual([
      { seq: 1, counter_code: null },
      { seq: 2, counter_code: 'A01' },
    ]);
    await run(`insert into blob_uploads (sha256, length, updated_at) values ('${'a'.repeat(64)}', 10, 'x')`);
    // One upload per page: a second row for the same page is refused (what 0002 changes).
    await expect(run(`insert into blob_uploads (sha256, length, updated_at) values ('${'a'.repeat(64)}', 11, 'y')`)).rejects.toThrow();
    await expect(run(`insert into applications (id, counter_code, source, receipt_no, revision, content_hash, record, created_at, updated_at) values ('x', 'A01', 'counter', 'R1', 1, 'h', '{}', 'a', 'a'), ('y', 'A01', 'counter', 'R1', 1, 'h', '{}', 'a', 'a')`)).rejects.toThrow();
  });

  it('0002 gives every device its own upload of a page and keeps every other row', async () => {
    await open('0001-initial');
    const sha = 'b'.repeat(64);
    await run(`insert into counters (code, name, created_at) values ('A01', '城关', '2026-06-01T00:00:00.000Z')`);
    await run(`insert into blobs (sha256, bytes, created_at) values ('${'c'.repeat(64)}', 5, 'x')`);
    await run(`insert into blob_uploads (sha256, length, updated_at) values ('${sha}', 10, 'x')`);
    await migrate(store, pgSchema);
    expect(await rows('select code, name from counters')).toEqual([{ code: 'A01', name: '城关' }]);
    expect(await rows('select sha256, bytes from blobs')).toEqual([{ sha256: 'c'.repeat(64), bytes: 5 }]);
    // Uploads in progress at the upgrade start again (their device sends from 0).
    expect(await rows('select * from blob_uploads')).toEqual([]);
    await run(`insert into blob_uploads (sha256, device_id, length, updated_at) values ('${sha}', 'd1', 10, 'x'), ('${sha}', 'd2', 99, 'y')`);
    await expect(run(`insert into blob_uploads (sha256, device_id, length, updated_at) values ('${sha}', 'd1', 10, 'z')`)).rejects.toThrow();
    await expect(run(`insert into blob_uploads (sha256, length, updated_at) values ('${sha}', 10, 'z')`)).rejects.toThrow();
  });

  it('0003 adds department data beside every earlier row; rows of an import are found by ID, hash and number', async () => {
    await open('0002-device-uploads');
    await run(`insert into counters (code, name, created_at) values ('A01', '城关', '2026-06-01T00:00:00.000Z')`);
    await migrate(store, pgSchema);
    expect(await rows('select code from counters')).toEqual([{ code: 'A01' }]);
    await run(`insert into dept_imports (source, mode, status, file_name, file_sha256, encoding, rows, mapping, imported_by, imported_at, retain_until) values ('hukou', 'replace', 'active', 'a.csv', 'h', 'gb18030', 1, '{}', '张三', 'x', '2027-08-31'), ('property', 'add', 'loading', 'b.csv', 'h', 'utf-8', 0, '{}', '张三', 'y', '2027-08-31')`);
    expect(await rows('select id, source from dept_imports order by id')).toEqual([
      { id: 1, source: 'hukou' },
      { id: 2, source: 'property' },
    ]);
    await run(`insert into dept_records (import_id, row_no, person_id, other_id, person_hash, key_no, data) values (1, 2, '379901201910050017', null, 'abc', null, '{"name":"𠮷思远"}')`);
    expect(await rows(`select data from dept_records where person_hash = 'abc'`)).toEqual([{ data: '{"name":"𠮷思远"}' }]);
    await run(`insert into dept_enquiries (source, application_id, item_id, created_at, created_by) values ('property', 'app1', 'property-certificate', 'x', '张三')`);
    await expect(run(`insert into dept_enquiries (source, application_id, item_id, created_at, created_by) values ('property', 'app1', 'property-certificate', 'y', '李四')`)).rejects.toThrow();
    await run(`insert into tracing_cases (person_hash, year, township, child, status, opened_at) values ('h1', 2026, '北山镇', '{}', 'open', 'x')`);
    await expect(run(`insert into tracing_cases (person_hash, year, township, child, status, opened_at) values ('h1', 2026, '北山镇', '{}', 'open', 'y')`)).rejects.toThrow();
    await expect(run(`insert into tracing_visits (case_id, visited_on, note, recorded_by, recorded_at) values (99, '2026-09-01', 'n', 'a', 'x')`)).rejects.toThrow();
  });

  it('0004 adds draws and publications beside every earlier row; one open draw per year', async () => {
    await open('0003-dept-data');
    await run(`insert into counters (code, name, created_at) values ('A01', '城关', '2026-06-01T00:00:00.000Z')`);
    await migrate(store, pgSchema);
    expect(await rows('select code from counters')).toEqual([{ code: 'A01' }]);
    const draw = (status: string) =>
      run(`insert into lotteries (year, status, plan_version, placement_input, announcement, announcement_digest, announced_by, announced_at) values (2026, '${status}', 1, '{}', '{}', 'd', '局管理员', 'x')`);
    await draw('announced');
    // A second open draw for the same year is refused; a cancelled or published one may sit beside it.
    await expect(draw('drawn')).rejects.toThrow();
    await draw('cancelled');
    await draw('published');
    await run(`update lotteries set status = 'cancelled' where status = 'announced'`);
    await draw('drawn');
    // (ids differ: PostgreSQL's sequence advances on the refused insert, SQLite's does not)
    expect(await rows('select status from lotteries order by id')).toEqual([{ status: 'cancelled' }, { status: 'cancelled' }, { status: 'published' }, { status: 'drawn' }]);
    await run(`insert into placement_publications (lottery_id, plan_version, results, sent, digest, published_by, published_at) values (1, 1, 12, 12, 'h', '局管理员', 'x'), (null, 1, 3, 0, 'h', '局管理员', 'y')`);
    expect(await rows('select id, lottery_id from placement_publications order by id')).toEqual([
      { id: 1, lottery_id: 1 },
      { id: 2, lottery_id: null },
    ]);
    await expect(run(`insert into placement_publications (lottery_id, plan_version, results, sent, digest, published_by, published_at) values (99, 1, 0, 0, 'h', 'a', 'z')`)).rejects.toThrow();
  });

  it('0005 adds the console operations tables and columns beside every earlier row', async () => {
    await open('0004-placement-lottery');
    await run(`insert into counters (code, name, created_at) values ('A01', '城关', '2026-06-01T00:00:00.000Z')`);
    await run(`insert into devices (id, counter_code, name, secret, enrolled_at) values ('d1', 'A01', 'pc', 's', 'x')`);
    await run(`insert into plans (plan, published_at) values ('{}', 'x')`);
    await run(`insert into applications (id, counter_code, source, receipt_no, revision, content_hash, record, created_at, updated_at) values ('a1', 'A01', 'counter', 'R1', 1, 'h', '{}', 'a', 'a'), ('a2', 'A01', 'counter', 'R2', 1, 'h', '{}', 'a', 'a')`);
    await migrate(store, pgSchema);
    expect(await rows('select id, last_seen_at, plan_version from devices')).toEqual([{ id: 'd1', last_seen_at: null, plan_version: null }]);
    expect(await rows('select version, published_by from plans')).toEqual([{ version: 1, published_by: null }]);
    await run(`insert into lookup_hits (client, window_start, hits) values ('1.2.3.4', 'w1', 1)`);
    await expect(run(`insert into lookup_hits (client, window_start, hits) values ('1.2.3.4', 'w1', 1)`)).rejects.toThrow();
    await run(`insert into duplicate_resolutions (group_id, kept_application_id, reason, resolved_at, resolved_by) values ('g1', 'a1', '保留', 'x', '审核员')`);
    await expect(run(`insert into duplicate_resolutions (group_id, kept_application_id, reason, resolved_at, resolved_by) values ('g2', 'nope', '保留', 'x', '审核员')`)).rejects.toThrow();
    await run(`insert into application_withdrawals (application_id, group_id, kept_application_id, reason, withdrawn_at, withdrawn_by) values ('a2', 'g1', 'a1', '重复', 'x', '审核员')`);
    await expect(run(`insert into application_withdrawals (application_id, group_id, kept_application_id, reason, withdrawn_at, withdrawn_by) values ('a2', 'g1', 'a1', '重复', 'y', '审核员')`)).rejects.toThrow();
    await run(`insert into sms_messages (id, created_at, application_id, receipt_no, to_number, to_masked, template, text, status, attempts, created_by) values ('m1', 'x', 'a1', 'R1', '13800001234', '138****1234', 'accepted', '已受理', 'queued', 0, '审核员')`);
    expect(await rows(`select to_masked, status from sms_messages where status = 'queued'`)).toEqual([{ to_masked: '138****1234', status: 'queued' }]);
  });

  it('0007 adds console accounts, sessions and the audit chain with an empty head; usernames are unique', async () => {
    await open('0006-shared-blobs');
    await run(`insert into counters (code, name, created_at) values ('A01', '城关', '2026-06-01T00:00:00.000Z')`);
    await migrate(store, pgSchema);
    expect(await rows('select code from counters')).toEqual([{ code: 'A01' }]);
    expect(await rows('select id, head from console_audit_head')).toEqual([{ id: 1, head: '' }]);
    const staff = (id: string, username: string) =>
      run(`insert into staff (id, username, display_name, role, scope, password_hash, must_change_password, disabled, failed_attempts, created_at) values ('${id}', '${username}', '王', 'admin', '{}', 'h', 1, 0, 0, 'x')`);
    await staff('s1', 'admin');
    await expect(staff('s2', 'admin')).rejects.toThrow();
    await run(`insert into staff_sessions (token_hash, staff_id, csrf_token, created_at, last_seen_at, expires_at) values ('t1', 's1', 'c', 'x', 'x', 'y')`);
    await expect(run(`insert into staff_sessions (token_hash, staff_id, csrf_token, created_at, last_seen_at, expires_at) values ('t2', 'nobody', 'c', 'x', 'x', 'y')`)).rejects.toThrow();
    await run(`insert into console_audit (seq, at, via, action, details, prev_hash, hash) values (1, 'x', 'cli', 'staff.created', '{}', 'p', 'h')`);
    await expect(run(`insert into console_audit (seq, at, via, action, details, prev_hash, hash) values (1, 'y', 'cli', 'staff.created', '{}', 'p', 'h')`)).rejects.toThrow();
  });

  it('0009 adds the review queue, decisions and bulk approvals beside every earlier row', async () => {
    await open('0008-audit-anchors');
    await run(`insert into counters (code, name, created_at) values ('A01', '城关', '2026-06-01T00:00:00.000Z')`);
    await migrate(store, pgSchema);
    expect(await rows('select code from counters')).toEqual([{ code: 'A01' }]);
    const queue = (id: string) =>
      run(`insert into review_queue (application_id, receipt_no, receipt_key, counter_code, source, child_name, name_initials, id_number, status, duplicate, missing_materials, requested, reentered, revision, pages, received_at) values ('${id}', 'R', 'R', 'A01', 'counter', '张三', 'zs', '3799', 'pending', 0, 0, '[]', 0, 1, 0, 'x')`);
    await queue('a1');
    await expect(queue('a1')).rejects.toThrow();
    await run(`insert into review_decisions (id, application_id, kind, state, at, actor_name, summary, details) values ('d1', 'a1', 'comment', 'done', 'x', '李', '备注', '{}')`);
    await run(`insert into bulk_approvals (token_hash, staff_id, items, count, expires_at) values ('t', 's', '[]', 0, 'x')`);
    expect(await rows('select used_at from bulk_approvals')).toEqual([{ used_at: null }]);
  });

  it('0010 pins 函调 answers and keeps generations of verification results beside every earlier row', async () => {
    await open('0009-console-review');
    await run(`insert into dept_enquiries (source, application_id, item_id, created_at, created_by, answer, answer_note, answered_by, answered_at) values ('hukou', 'a1', 'hukou-booklet', 'x', '李', 'confirmed', '属实', '李', 'y')`);
    await run(`insert into dept_verifications (application_id, revision, data_version, all_verified, mismatch, result, computed_at) values ('a1', 1, 1, 0, 0, '{}', 'x')`);
    await migrate(store, pgSchema);
    // An answer from before keeps counting (nothing says what it answered); a stored result stays current.
    expect(await rows('select answer, answered_revision, answered_facts from dept_enquiries')).toEqual([{ answer: 'confirmed', answered_revision: null, answered_facts: null }]);
    expect(await rows('select answers_gen, result_gen from dept_verifications')).toEqual([{ answers_gen: 0, result_gen: 0 }]);
  });

  it('0011 adds the reviewers\' records of 是否服从调剂, one per existing application', async () => {
    await open('0010-dept-answer-pins');
    await run(`insert into counters (code, name, created_at) values ('A01', '城关', '2026-06-01T00:00:00.000Z')`);
    await run(`insert into applications (id, counter_code, source, receipt_no, revision, content_hash, record, created_at, updated_at) values ('a1', 'A01', 'counter', 'R1', 1, 'h', '{}', 'a', 'a')`);
    await migrate(store, pgSchema);
    expect(await rows('select receipt_no from applications')).toEqual([{ receipt_no: 'R1' }]);
    const record = (id: string, at: string) =>
      run(`insert into reassignment_records (application_id, accepts, note, recorded_at, recorded_by_id, recorded_by_name) values ('${id}', 0, '电话告知', '${at}', 's1', '李审核')`);
    await record('a1', 'x');
    await expect(record('a1', 'y')).rejects.toThrow();
    await expect(record('nope', 'x')).rejects.toThrow();
    expect(await rows('select accepts, hukou_school_id, recorded_by_name from reassignment_records')).toEqual([{ accepts: 0, hukou_school_id: null, recorded_by_name: '李审核' }]);
  });

  it('0012 adds the review queue\'s scope index (school, type, time) beside every earlier row', async () => {
    await open('0011-reassignment-records');
    await run(`insert into review_queue (application_id, receipt_no, receipt_key, counter_code, source, child_name, name_initials, id_number, school_id, type, status, duplicate, missing_materials, requested, reentered, revision, pages, received_at) values ('a1', 'R', 'R', 'A01', 'counter', '张三', 'zs', '3799', 's1', 'migrant', 'pending', 0, 0, '[]', 0, 1, 0, 'x')`);
    await migrate(store, pgSchema);
    expect(await rows(`select application_id, school_id, type from review_queue where school_id in ('s1', 's2') and type = 'migrant'`)).toEqual([{ application_id: 'a1', school_id: 's1', type: 'migrant' }]);
    const index =
      dialect === 'sqlite'
        ? await rows(`select sql as definition from sqlite_master where name = 'review_queue_scope'`)
        : await rows(`select indexdef as definition from pg_indexes where indexname = 'review_queue_scope' and schemaname = '${pgSchema}'`);
    expect(index.map((r) => String(r.definition).replace(/"/g, '').replace(/ USING btree/, '').replace(/ ON /i, ' on ').replace(/[a-z0-9_]+\.review_queue/, 'review_queue'))).toEqual([
      'CREATE INDEX review_queue_scope on review_queue (school_id, type, received_at)',
    ]);
  });

  const pinsUpTo = (last: string) =>
    Object.entries(MIGRATION_CHECKSUMS)
      .filter(([name]) => name <= last)
      .map(([name, checksum]) => ({ name, checksum }));
  const recorded = () => rows(`select name, checksum from ${CHECKSUM_TABLE} order by name`);

  it('record the checksum of each migration a database runs', async () => {
    await open('0003-dept-data');
    expect(await recorded()).toEqual(pinsUpTo('0003-dept-data'));
    await migrate(store, pgSchema);
    expect(await recorded()).toEqual(pinsUpTo('9999'));
  });

  it('give a database migrated before checksums were kept the checksums of what it ran, and keep its rows', async () => {
    await open('0004-placement-lottery');
    // As an older server left it: Kysely's bookkeeping only.
    await run(`drop table ${CHECKSUM_TABLE}`);
    await run(`insert into counters (code, name, created_at) values ('A01', '城关', '2026-06-01T00:00:00.000Z')`);
    await migrate(store, pgSchema, '0004-placement-lottery');
    expect(await recorded()).toEqual(pinsUpTo('0004-placement-lottery'));
    await migrate(store, pgSchema);
    expect(await recorded()).toEqual(pinsUpTo('9999'));
    expect(await rows('select code, name from counters')).toEqual([{ code: 'A01', name: '城关' }]);
  });

  it('refuse a database that ran a migration with another checksum, before running anything more', async () => {
    await open('0003-dept-data');
    await run(`update ${CHECKSUM_TABLE} set checksum = 'edited' where name = '0002-device-uploads'`);
    await expect(migrate(store, pgSchema)).rejects.toThrow(serverText.admin.migrationChanged.replace('{name}', '0002-device-uploads'));
    expect(await rows(`select name from kysely_migration order by name`)).toEqual(pinsUpTo('0003-dept-data').map(({ name }) => ({ name })));
    // A migration this code does not know (a newer server ran it) is not held against the database.
    await run(`update ${CHECKSUM_TABLE} set checksum = '${MIGRATION_CHECKSUMS['0002-device-uploads']}' where name = '0002-device-uploads'`);
    await run(`insert into ${CHECKSUM_TABLE} (name, checksum) values ('9999-from-a-newer-server', 'x')`);
    await migrate(store, pgSchema, '0004-placement-lottery');
    expect(await rows(`select count(*) as n from kysely_migration`)).toEqual([{ n: dialect === 'postgres' ? '4' : 4 }]);
  });

  it('lead to the schema in the snapshot', async () => {
    await open();
    await expect(JSON.stringify(await describeSchema(store, pgSchema), null, 2) + '\n').toMatchFileSnapshot(`./__snapshots__/schema.${dialect}.json`);
  });
});

/** Tables, columns, keys and indexes as the database reports them (Kysely's bookkeeping and ours left out). */
async function describeSchema(store: Store, pgSchema: string | undefined): Promise<unknown> {
  if (store.dialect === 'sqlite') {
    const objects = await sql<{ type: string; name: string; sql: string | null }>`
      select type, name, sql from sqlite_master where name not like 'sqlite_%' and name not like 'kysely_%' and tbl_name <> ${CHECKSUM_TABLE} order by type, name`.execute(store.db);
    return objects.rows.map((o) => ({ type: o.type, name: o.name, sql: (o.sql ?? '').replace(/\s+/g, ' ') }));
  }
  const schema = pgSchema ?? 'public';
  const columns = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null }>`
    select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
    where table_schema = ${schema} and table_name not like 'kysely_%' and table_name <> ${CHECKSUM_TABLE} order by table_name, ordinal_position`.execute(store.db);
  const constraints = await sql<{ table_name: string; name: string; definition: string }>`
    select c.conrelid::regclass::text as table_name, c.conname as name, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where n.nspname = ${schema} and c.conrelid::regclass::text not like 'kysely_%' and c.conrelid::regclass::text <> ${CHECKSUM_TABLE} order by 1, 2`.execute(store.db);
  const indexes = await sql<{ name: string; definition: string }>`
    select indexname as name, indexdef as definition from pg_indexes where schemaname = ${schema} and tablename not like 'kysely_%' and tablename <> ${CHECKSUM_TABLE} order by 1`.execute(store.db);
  const anonymous = (s: string) => s.split(`${schema}.`).join('');
  return {
    columns: columns.rows.map((c) => `${c.table_name}.${c.column_name} ${c.data_type}${c.is_nullable === 'NO' ? ' not null' : ''}${c.column_default ? ` default ${anonymous(c.column_default)}` : ''}`),
    constraints: constraints.rows.map((c) => `${anonymous(c.table_name)} ${c.name}: ${anonymous(c.definition)}`),
    indexes: indexes.rows.map((i) => `${i.name}: ${anonymous(i.definition)}`),
  };
}
