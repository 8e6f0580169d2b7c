import type { Migration } from './index';

export const m0002: Migration = {
  version: 2,
  name: 'create-applications',
  up(db) {
    db.exec(`
      CREATE TABLE plans (
        plan_key    TEXT PRIMARY KEY,              -- '<planId>@<version>'
        plan_id     TEXT NOT NULL,
        version     TEXT NOT NULL,
        county_code TEXT NOT NULL,
        year        INTEGER NOT NULL,
        sample      INTEGER NOT NULL CHECK (sample IN (0, 1)),
        content     TEXT NOT NULL,
        sha256      TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT,
        active      INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1))
      ) STRICT;
      CREATE UNIQUE INDEX plans_one_active ON plans (active) WHERE active = 1;

      CREATE TABLE applications (
        -- Explicit integer key: FTS rows point at it, and VACUUM may renumber an implicit rowid.
        row_id           INTEGER PRIMARY KEY,
        id               TEXT NOT NULL UNIQUE,
        status           TEXT NOT NULL,
        receipt_no       TEXT UNIQUE,
        receipt_compact  TEXT UNIQUE,                 -- receipt number without dashes, for prefix search
        plan_key         TEXT NOT NULL REFERENCES plans (plan_key),
        revision         INTEGER NOT NULL DEFAULT 0,
        data             TEXT NOT NULL,
        grade            TEXT,
        child_name       TEXT,
        child_id_type    TEXT,
        child_id_number  TEXT,
        child_birth_date TEXT,
        child_id_hash    TEXT,
        id_hash_key      TEXT,
        dup_key          TEXT,
        school_id        TEXT,
        enrollment_type  TEXT,
        sync_state       TEXT NOT NULL DEFAULT 'unsynced',
        created_at       TEXT NOT NULL,
        created_by       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        updated_by       TEXT NOT NULL,
        submitted_at     TEXT,
        submitted_by     TEXT,
        void_reason      TEXT,
        -- A correction being typed to a submitted application, saved as typed until it is submitted.
        pending_edit     TEXT
      ) STRICT;
      -- One active application per child at this desk: the database refuses a second even if code forgets.
      CREATE UNIQUE INDEX applications_active_child ON applications (dup_key)
        WHERE dup_key IS NOT NULL AND status NOT IN ('draft', 'void');
      CREATE INDEX applications_status ON applications (status, submitted_at);
      CREATE INDEX applications_birth ON applications (child_birth_date);
      CREATE INDEX applications_child_id ON applications (child_id_number);
      CREATE INDEX applications_school ON applications (school_id);
      CREATE INDEX applications_type ON applications (enrollment_type);
      CREATE INDEX applications_sync ON applications (sync_state);
      CREATE INDEX applications_submitted ON applications (submitted_at);
      CREATE INDEX applications_updated ON applications (updated_at);

      CREATE TABLE application_phones (
        application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
        phone          TEXT NOT NULL,
        PRIMARY KEY (application_id, phone)
      ) STRICT;
      CREATE INDEX application_phones_phone ON application_phones (phone);

      CREATE TABLE application_revisions (
        application_id TEXT NOT NULL REFERENCES applications (id),
        revision       INTEGER NOT NULL,
        data           TEXT NOT NULL,
        sha256         TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        created_by     TEXT NOT NULL,
        reason         TEXT,
        PRIMARY KEY (application_id, revision)
      ) STRICT;

      CREATE TABLE receipt_sequences (
        counter_code TEXT NOT NULL,
        day          TEXT NOT NULL,
        last_seq     INTEGER NOT NULL,
        PRIMARY KEY (counter_code, day)
      ) STRICT;

      -- Short grams (1–2 characters) of names and pinyin initials: trigram FTS cannot match shorter queries.
      CREATE TABLE search_grams (
        gram   TEXT NOT NULL,
        app_rowid INTEGER NOT NULL,
        PRIMARY KEY (gram, app_rowid)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX search_grams_row ON search_grams (app_rowid);

      CREATE INDEX audit_log_target ON audit_log (target);

      CREATE VIRTUAL TABLE applications_fts USING fts5 (
        body, content = '', contentless_delete = 1, tokenize = 'trigram'
      );
    `);
  },
};
