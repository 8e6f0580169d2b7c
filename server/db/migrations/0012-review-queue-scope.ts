import { type Kysely, type Migration } from 'kysely';

// The review queue of a caller scoped to schools and types (a reviewer of three schools and one type): one index on
// (school_id, type, received_at) finds exactly the rows of the scope. Without it SQLite walked every row of the
// type (or of the schools) and read each from the table to test the other half of the scope: a search, the 重复
// filter and queue.counts of such a reviewer took 60–300 ms over 100,000 applications (bench/console.ts).

export const migration0012: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not the current types
  async up(db: Kysely<any>) {
    await db.schema.createIndex('review_queue_scope').on('review_queue').columns(['school_id', 'type', 'received_at']).execute();
  },
};
