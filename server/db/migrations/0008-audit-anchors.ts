import { type Kysely, type Migration, sql } from 'kysely';

// Audit anchors (issue 16): each desk's audit head as it reported it at each sync, and what the server found
// when a later report no longer matched (a log cut or rewritten after an anchor). Rows are only ever added.

export const migration0008: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not the current types
  async up(db: Kysely<any>) {
    await sql`create table audit_anchors (
      device_id text not null,
      seq integer not null,
      hash text not null,
      received_at text not null,
      primary key (device_id, seq)
    )`.execute(db);
    await sql`create table audit_anchor_findings (
      device_id text not null,
      found_at text not null,
      kind text not null,
      anchored_seq integer not null,
      anchored_hash text not null,
      reported text not null
    )`.execute(db);
    await sql`create index audit_anchor_findings_device on audit_anchor_findings (device_id, found_at)`.execute(db);
  },
};
