import { type Kysely, type Migration, sql } from 'kysely';
import { type DialectName } from './index';

// Placement and the public lottery (issue 13).
//
// `lotteries`: one row per announced draw. The announcement (frozen pool lists with their digests, seed sources,
// parties' commitments) is stored as published, beside the placement input it was frozen from (the approved
// applications reduced to what placement reads, and the plan version), so the draw and the final placement use
// exactly what was announced even if applications change afterwards. `bundle` is the published result once drawn.
// `placement_publications`: each time results were sent to the desks (who, when, under which draw, the digest of
// what was sent), so a second publication sends only what changed. At most one draw per year is open (announced or
// drawn) at a time, kept by a partial unique index.

export function migration0004(dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not the current types
    async up(db: Kysely<any>) {
      const serial = (name: string) => sql.raw(dialect === 'sqlite' ? `${name} integer primary key autoincrement` : `${name} serial primary key`);
      await sql`create table lotteries (
        ${serial('id')},
        year integer not null,
        status text not null,
        plan_version integer not null,
        placement_input text not null,
        announcement text not null,
        announcement_digest text not null,
        announced_by text not null,
        announced_at text not null,
        bundle text,
        result_digest text,
        drawn_by text,
        drawn_at text,
        cancelled_by text,
        cancelled_at text
      )`.execute(db);
      // One open draw per year, whichever replica asks: a second announcement while one is open is refused here.
      await sql`create unique index lotteries_open on lotteries (year) where status in ('announced', 'drawn')`.execute(db);
      await sql`create table placement_publications (
        ${serial('id')},
        lottery_id integer references lotteries (id),
        plan_version integer not null,
        results integer not null,
        sent integer not null,
        digest text not null,
        published_by text not null,
        published_at text not null
      )`.execute(db);
    },
  };
}
