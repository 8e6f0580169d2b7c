import type { Migration } from './index';

// The lottery result printout (电脑派位结果告知单, issue 13) is a new document kind; `printouts.kind` is checked
// against the list of kinds, so the table is rebuilt with the longer list. Foreign keys stay on (a migration runs in
// one transaction, where they cannot be switched off), so `print_jobs`, which points at `printouts`, is rebuilt
// beside it: both old tables are renamed, the new ones created and filled, the old ones dropped child first, and the
// indexes made again. Every row is kept unchanged.
export const m0006: Migration = {
  version: 6,
  name: 'allow-lottery-printout',
  up(db) {
    db.exec(`
      ALTER TABLE print_jobs RENAME TO print_jobs_v5;
      ALTER TABLE printouts RENAME TO printouts_v5;

      CREATE TABLE printouts (
        id                TEXT PRIMARY KEY,
        application_id    TEXT NOT NULL REFERENCES applications (id),
        kind              TEXT NOT NULL CHECK (kind IN ('receipt', 'materialsList', 'supplementNotice', 'privacyConsent',
                            'proxyAuthorization', 'admissionNotice', 'reassignmentNotice', 'rejectionNotice', 'lotteryResult')),
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

      INSERT INTO printouts SELECT * FROM printouts_v5;
      INSERT INTO print_jobs SELECT * FROM print_jobs_v5;
      DROP TABLE print_jobs_v5;
      DROP TABLE printouts_v5;
      CREATE INDEX print_jobs_by_printout ON print_jobs (printout_id);
      CREATE INDEX print_jobs_queued ON print_jobs (created_at) WHERE status = 'queued';
    `);
  },
};
