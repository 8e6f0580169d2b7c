import { type Kysely, type Migration } from 'kysely';

// 函调 answers pinned to what they answered, and verification results that a recorded answer makes stale (issue 14).
//
// `dept_enquiries.answered_revision`: the application's revision the answer was recorded on; `answered_facts`: the
// SHA-256 of the application's data the enquiry concerns (shared/dept/verify.ts `enquiryFacts`) at that moment. An
// answer whose data changed in a later revision no longer counts (待重新函调). Answers recorded before this migration
// have neither and keep counting (nothing says what they answered).
// `dept_verifications.answers_gen`: bumped each time an answer of the application is recorded; `result_gen`: the
// generation the stored result was computed at. A result is current only when the two agree, and a save computed
// before a newer answer is refused (the upsert compares generations), so a recomputation that started before an
// answer can never store a result without it that looks current.

export const migration0010: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not the current types
  async up(db: Kysely<any>) {
    await db.schema.alterTable('dept_enquiries').addColumn('answered_revision', 'integer').execute();
    await db.schema.alterTable('dept_enquiries').addColumn('answered_facts', 'text').execute();
    await db.schema
      .alterTable('dept_verifications')
      .addColumn('answers_gen', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('dept_verifications')
      .addColumn('result_gen', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
