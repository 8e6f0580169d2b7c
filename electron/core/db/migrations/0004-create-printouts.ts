import type { Migration } from './index';

// Printed documents (issue 5). Each generated PDF is kept (in the encrypted blob store, by its SHA-256) as
// a numbered version per application, document and paper: a reprint reuses the stored bytes unless the
// data behind the document changed, which makes a new version. Every print is a job; a job the printer
// did not take stays 'queued' with its last error until it is retried or cancelled.
export const m0004: Migration = {
  version: 4,
  name: 'create-printouts',
  up(db) {
    db.exec(`
      CREATE TABLE printouts (
        id                TEXT PRIMARY KEY,
        application_id    TEXT NOT NULL REFERENCES applications (id),
        kind              TEXT NOT NULL CHECK (kind IN ('receipt', 'materialsList', 'supplementNotice', 'privacyConsent',
                            'proxyAuthorization', 'admissionNotice', 'reassignmentNotice', 'rejectionNotice')),
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
      CREATE INDEX print_jobs_by_printout ON print_jobs (printout_id);
      CREATE INDEX print_jobs_queued ON print_jobs (created_at) WHERE status = 'queued';
    `);
  },
};
