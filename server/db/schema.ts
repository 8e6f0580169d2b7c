import type { Generated } from 'kysely';

// Table types for Kysely. Times are ISO-8601 UTC text in both dialects (comparable as strings);
// JSON is text, so SQLite and PostgreSQL store and return exactly the same values.

export interface Database {
  settings: { key: string; value: string };
  counters: { code: string; name: string; created_at: string; revoked_at: string | null };
  enrollment_codes: {
    code_hash: string;
    counter_code: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
    device_id: string | null;
  };
  devices: {
    id: string;
    counter_code: string;
    name: string;
    /** Base64 of the 32-byte HMAC key (the server must hold it to verify signatures). */
    secret: string;
    receipt_mac_key: string | null;
    enrolled_at: string;
    revoked_at: string | null;
  };
  nonces: { device_id: string; nonce: string; expires_at: string };
  blobs: { sha256: string; bytes: number; created_at: string };
  blob_uploads: { sha256: string; length: number; updated_at: string };
  applications: {
    id: string;
    /** 'ONLINE' for applications made online (simulated by the CLI). */
    counter_code: string;
    device_id: string | null;
    source: 'counter' | 'online';
    receipt_no: string;
    child_id_hash: string | null;
    revision: number;
    content_hash: string;
    record: string;
    created_at: string;
    updated_at: string;
  };
  application_revisions: {
    application_id: string;
    revision: number;
    content_hash: string;
    record: string;
    pages: string;
    device_id: string | null;
    received_at: string;
  };
  application_pages: {
    application_id: string;
    page_id: string;
    sha256: string;
    bytes: number;
    material_key: string;
    page_no: number;
  };
  batches: { batch_id: string; device_id: string; request_hash: string; response: string; created_at: string };
  /** The pull feed. counter_code null = county-wide (plans). */
  changes: { seq: Generated<number>; counter_code: string | null; kind: string; payload: string; created_at: string };
  plans: { version: Generated<number>; plan: string; published_at: string };
  review_results: { application_id: string; result_version: number; payload: string; decided_at: string };
}

export const TABLES = [
  'settings',
  'counters',
  'enrollment_codes',
  'devices',
  'nonces',
  'blobs',
  'blob_uploads',
  'applications',
  'application_revisions',
  'application_pages',
  'batches',
  'changes',
  'plans',
  'review_results',
] as const satisfies readonly (keyof Database)[];
