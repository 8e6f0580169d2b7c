import type { Migration } from './index';

// Sync with the county server (issue 6): the outbox of application revisions to upload, the county's review
// results pulled back, and the sync error log staff can export. See docs/adr/0008-sync-engine.md.
export const m0005: Migration = {
  version: 5,
  name: 'create-sync-outbox',
  up(db) {
    db.exec(`
      -- One row per application revision that has to reach the county. Rows are never deleted before the
      -- server's explicit acknowledgement (state 'confirmed' with server_hash); a later revision is a new row
      -- whose base_revision names the revision the server already holds.
      CREATE TABLE sync_outbox (
        application_id TEXT NOT NULL REFERENCES applications (id),
        revision       INTEGER NOT NULL,
        base_revision  INTEGER,
        state          TEXT NOT NULL DEFAULT 'unsynced'
                       CHECK (state IN ('unsynced', 'uploading', 'confirmed', 'returned', 'conflict', 'quarantined')),
        content_sha256 TEXT NOT NULL,
        attempts       INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error     TEXT,
        reason         TEXT,          -- server's reasons (JSON array of Chinese strings) for returned/conflict/quarantined
        server_hash    TEXT,          -- hash the server acknowledged
        enqueued_at    TEXT NOT NULL,
        sent_at        TEXT,          -- when the content (form + live pages) was last read for sending
        acked_at       TEXT,
        PRIMARY KEY (application_id, revision)
      ) STRICT;
      CREATE INDEX sync_outbox_state ON sync_outbox (state, enqueued_at);
      -- Sync finds pages scanned or removed since its last look without scanning every page.
      CREATE INDEX document_pages_created ON document_pages (created_at);
      CREATE INDEX document_pages_removed ON document_pages (removed_at) WHERE removed_at IS NOT NULL;

      -- The county's decisions, every version kept. 'applied' = 0 when it arrived while the record had unsynced
      -- local edits: it is then a visible conflict, not a silent overwrite of the local status.
      CREATE TABLE review_results (
        application_id TEXT NOT NULL,
        result_version INTEGER NOT NULL,
        outcome        TEXT NOT NULL,
        data           TEXT NOT NULL,  -- the whole ReviewResult as JSON
        decided_at     TEXT NOT NULL,
        received_at    TEXT NOT NULL,
        applied        INTEGER NOT NULL DEFAULT 1 CHECK (applied IN (0, 1)),
        PRIMARY KEY (application_id, result_version)
      ) STRICT;

      -- Other applications for the same child the county found (other counters, online applications).
      CREATE TABLE sync_duplicates (
        application_id TEXT PRIMARY KEY REFERENCES applications (id),
        duplicates     TEXT NOT NULL,  -- JSON array of { applicationId, receiptNo, counterCode, source }
        detected_at    TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sync_log (
        seq            INTEGER PRIMARY KEY,
        at             TEXT NOT NULL,
        level          TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
        code           TEXT NOT NULL,
        application_id TEXT,
        message        TEXT NOT NULL,
        details        TEXT
      ) STRICT;
      CREATE INDEX sync_log_at ON sync_log (at);
    `);
  },
};
