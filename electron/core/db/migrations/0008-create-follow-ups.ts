import type { Migration } from './index';

// Follow-ups (issue 15). A 补充材料 return visit is recorded with the items the family brought, the revision it made
// and the county request (needs_materials result) it answers, so the outstanding list and its notices can be
// rebuilt from stored data. Calls that tell a family its result are kept one row per attempt (who, when, which
// number, 接通/未接/空号/已告知). The 补充材料接收回执 is a new document kind: `printouts` is rebuilt with the longer
// kind list as migration 0006 did (both print tables renamed, recreated, refilled, old ones dropped, indexes made).
export const m0008: Migration = {
  version: 8,
  name: 'create-follow-ups',
  up(db) {
    db.exec(`
      CREATE TABLE supplement_visits (
        id             TEXT PRIMARY KEY,
        application_id TEXT NOT NULL REFERENCES applications (id),
        revision       INTEGER NOT NULL CHECK (revision >= 1),
        result_version INTEGER,                 -- the county's needs_materials result this visit answers
        items          TEXT NOT NULL,           -- JSON [{ itemId, state }] brought at this visit
        remaining      TEXT NOT NULL,           -- JSON [itemId] still missing after it
        at             TEXT NOT NULL,
        by             TEXT NOT NULL
      ) STRICT;
      CREATE INDEX supplement_visits_application ON supplement_visits (application_id, at);

      CREATE TABLE result_calls (
        id             TEXT PRIMARY KEY,
        application_id TEXT NOT NULL REFERENCES applications (id),
        result_version INTEGER NOT NULL,
        phone          TEXT NOT NULL,
        outcome        TEXT NOT NULL CHECK (outcome IN ('reached', 'no_answer', 'wrong_number', 'informed')),
        note           TEXT,
        at             TEXT NOT NULL,
        by             TEXT NOT NULL
      ) STRICT;
      CREATE INDEX result_calls_application ON result_calls (application_id, result_version, at);

      ALTER TABLE print_jobs RENAME TO print_jobs_v7;
      ALTER TABLE printouts RENAME TO printouts_v7;

      CREATE TABLE printouts (
        id                TEXT PRIMARY KEY,
        application_id    TEXT NOT NULL REFERENCES applications (id),
        kind              TEXT NOT NULL CHECK (kind IN ('receipt', 'materialsList', 'supplementNotice', 'privacyConsent',
                            'proxyAuthorization', 'admissionNotice', 'reassignmentNotice', 'rejectionNotice', 'lotteryResult',
                            'supplementReceipt')),
        paper             TEXT NOT NULL CHECK (paper IN ('A4', 'A5', 'roll80')),
        version           INTEGER NOT NULL CHECK (version >= 1),
        data_hash         TEXT NOT NULL,              -- SHA-256 of the builder input and layout version
        pdf_sha256        TEXT NOT NULL,              -- blob store key of the PDF bytes
        bytes             INTEGER NOT NULL CHECK (bytes > 0),
        pages             INTEGER NOT NULL CHECK (pages >= 1),
        verification_code TEXT NOT NULL,
        result_version    INTEGER,                    -- county result a notice was printed from
        created_at        TEXT NOT NULL,
        created_by        TEXT NOT NULL,
        UNIQUE (application_id, kind, paper, version)
      ) STRICT;

      CREATE TABLE print_jobs (
        id             TEXT PRIMARY KEY,
        printout_id    TEXT NOT NULL REFERENCES printouts (id),
        printer        TEXT NOT NULL,
        copies         INTEGER NOT NULL CHECK (copies BETWEEN 1 AND 20),
        with_dialog    INTEGER NOT NULL CHECK (with_dialog IN (0, 1)),
        reprint_no     INTEGER NOT NULL CHECK (reprint_no >= 0),  -- 0 = first print of this document
        reprint_reason TEXT,
        status         TEXT NOT NULL CHECK (status IN ('queued', 'printed', 'cancelled')),
        attempts       INTEGER NOT NULL DEFAULT 0,
        last_error     TEXT,                                      -- error code of the last failed attempt
        created_at     TEXT NOT NULL,
        created_by     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        printed_at     TEXT,
        CHECK (reprint_no = 0 OR reprint_reason IS NOT NULL)
      ) STRICT;

      INSERT INTO printouts SELECT * FROM printouts_v7;
      INSERT INTO print_jobs SELECT * FROM print_jobs_v7;
      DROP TABLE print_jobs_v7;
      DROP TABLE printouts_v7;
      CREATE INDEX print_jobs_by_printout ON print_jobs (printout_id);
      CREATE INDEX print_jobs_queued ON print_jobs (created_at) WHERE status = 'queued';
    `);
  },
};
