import type { Migration } from './index';

// Scanned pages attached to an application's material items. Page content lives in the encrypted blob
// store (services/documents/blobStore.ts), addressed by SHA-256; rows here only point at it.
export const m0003: Migration = {
  version: 3,
  name: 'create-document-pages',
  up(db) {
    db.exec(`
      CREATE TABLE document_pages (
        id             TEXT PRIMARY KEY,
        application_id TEXT NOT NULL REFERENCES applications (id),
        material_key   TEXT NOT NULL,
        -- 1-based position among the item's live pages; removed rows keep their last position.
        page_no        INTEGER NOT NULL CHECK (page_no >= 1),
        sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
        bytes          INTEGER NOT NULL CHECK (bytes > 0),
        mime           TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'application/pdf')),
        width          INTEGER,
        height         INTEGER,
        pdf_pages      INTEGER,
        thumb_sha256   TEXT NOT NULL CHECK (length(thumb_sha256) = 64),
        source         TEXT NOT NULL CHECK (source IN ('camera', 'scanner', 'file')),
        original_name  TEXT,
        created_at     TEXT NOT NULL,
        created_by     TEXT NOT NULL,
        -- Pages of submitted applications are never deleted, only marked removed: every revision's pages
        -- stay reconstructible and their blobs stay referenced. Draft pages are deleted outright.
        removed_at     TEXT,
        removed_by     TEXT,
        removed_reason TEXT,
        replaced_by    TEXT
      ) STRICT;
      CREATE UNIQUE INDEX document_pages_live_position ON document_pages (application_id, material_key, page_no)
        WHERE removed_at IS NULL;
      CREATE INDEX document_pages_application ON document_pages (application_id, material_key, page_no);
      CREATE INDEX document_pages_sha ON document_pages (sha256);
      CREATE INDEX document_pages_thumb ON document_pages (thumb_sha256);
    `);
  },
};
