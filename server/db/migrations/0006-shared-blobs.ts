import { type Kysely, type Migration, sql } from 'kysely';
import { type DialectName } from './index';

// Page bytes in the database, for servers whose replicas share no disk (BLOB_STORE=database, ADR 0016).
//
// `blob_data`: a complete page, written once under its SHA-256 (the `blobs` row beside it still says it is
// complete and how large). `blob_parts`: the chunks of one device's unfinished resumable upload, keyed by where
// each starts: two replicas appending at the same offset of the same upload meet at this primary key, and one of
// them is refused (409 upload_offset_mismatch) — the database, not a lock in some process, keeps an upload whole.
// Unused (empty) when pages are kept on disk.

export function migration0006(dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not the current types
    async up(db: Kysely<any>) {
      const bytes = sql.raw(dialect === 'sqlite' ? 'blob' : 'bytea');
      await sql`create table blob_data (sha256 text primary key, data ${bytes} not null)`.execute(db);
      await sql`create table blob_parts (
        sha256 text not null,
        device_id text not null,
        start integer not null,
        data ${bytes} not null,
        updated_at text not null,
        primary key (sha256, device_id, start)
      )`.execute(db);
      await sql`create index blob_parts_updated on blob_parts (updated_at)`.execute(db);
    },
  };
}
