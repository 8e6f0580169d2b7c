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
    /** Last signed request, to the minute. */
    last_seen_at: string | null;
    /** The newest plan version the desk has pulled (its change cursor is past the plan's change). */
    plan_version: number | null;
  };
  nonces: { device_id: string; nonce: string; expires_at: string };
  blobs: { sha256: string; bytes: number; created_at: string };
  /** A device's unfinished resumable upload of a page (expires after UPLOAD_TTL_MS without a chunk). */
  blob_uploads: { sha256: string; device_id: string; length: number; updated_at: string };
  /** Each desk's audit head as reported at each sync (issue 16). */
  audit_anchors: { device_id: string; seq: number; hash: string; received_at: string };
  /** A report that no longer matched the last anchor: the desk's log was cut or rewritten after it. */
  audit_anchor_findings: { device_id: string; found_at: string; kind: 'behind' | 'rewritten'; anchored_seq: number; anchored_hash: string; reported: string };
  /** Page bytes when BLOB_STORE=database (replicas without a shared disk). */
  blob_data: { sha256: string; data: Buffer };
  /** Chunks of unfinished uploads when BLOB_STORE=database; the key (sha256, device_id, start) keeps an upload whole. */
  blob_parts: { sha256: string; device_id: string; start: number; data: Buffer; updated_at: string };
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
  plans: { version: Generated<number>; plan: string; published_at: string; published_by: string | null };
  review_results: { application_id: string; result_version: number; payload: string; decided_at: string };
  dept_imports: {
    id: Generated<number>;
    source: string;
    mode: 'replace' | 'add';
    status: 'loading' | 'active' | 'withdrawn' | 'purged';
    file_name: string;
    file_sha256: string;
    encoding: string;
    rows: number;
    mapping: string;
    imported_by: string;
    imported_at: string;
    retain_until: string;
    withdrawn_by: string | null;
    withdrawn_at: string | null;
    withdraw_reason: string | null;
    purged_at: string | null;
  };
  dept_records: {
    import_id: number;
    row_no: number;
    person_id: string | null;
    other_id: string | null;
    /** The county's keyed hash of person_id (desks' childIdHash), for school-age children only. */
    person_hash: string | null;
    key_no: string | null;
    data: string;
  };
  dept_mappings: { source: string; mapping: string; updated_by: string; updated_at: string };
  dept_verifications: {
    application_id: string;
    revision: number;
    data_version: number;
    all_verified: number;
    mismatch: number;
    result: string;
    computed_at: string;
    /** Bumped each time a 函调 answer of the application is recorded (0010). */
    answers_gen: number;
    /** The answers_gen the result was computed at: current only when equal. */
    result_gen: number;
  };
  dept_enquiries: {
    id: Generated<number>;
    source: string;
    application_id: string;
    item_id: string;
    created_at: string;
    created_by: string;
    exported_at: string | null;
    answer: 'confirmed' | 'denied' | null;
    answer_note: string | null;
    answered_by: string | null;
    answered_at: string | null;
    /** The application's revision the answer was recorded on (0010; null before). */
    answered_revision: number | null;
    /** SHA-256 of the data the enquiry concerns at the answer (shared/dept/verify.ts enquiryFacts). */
    answered_facts: string | null;
  };
  report_ins: { application_id: string; school_id: string; reported_on: string; recorded_by: string; recorded_at: string };
  tracing_cases: {
    id: Generated<number>;
    person_hash: string;
    year: number;
    township: string;
    /** JSON: the cohort row (name, birth date, sex, address, guardian). */
    child: string;
    status: 'open' | 'closed';
    outcome: string | null;
    opened_at: string;
    closed_at: string | null;
    closed_by: string | null;
  };
  tracing_visits: { id: Generated<number>; case_id: number; visited_on: string; note: string; outcome: string | null; recorded_by: string; recorded_at: string };
  lotteries: {
    id: Generated<number>;
    year: number;
    /** announced → drawn → published; cancelled (before the draw only). */
    status: 'announced' | 'drawn' | 'published' | 'cancelled';
    plan_version: number;
    /** JSON: the placement input the pools were frozen from (applications and places). */
    placement_input: string;
    /** JSON: the Announcement (shared/lottery/bundle.ts) as published. */
    announcement: string;
    announcement_digest: string;
    announced_by: string;
    announced_at: string;
    /** JSON: the LotteryBundle once drawn. */
    bundle: string | null;
    result_digest: string | null;
    drawn_by: string | null;
    drawn_at: string | null;
    cancelled_by: string | null;
    cancelled_at: string | null;
  };
  placement_publications: {
    id: Generated<number>;
    lottery_id: number | null;
    plan_version: number;
    /** Children placed. */
    results: number;
    /** Results sent to desks (the others had not changed since the last publication). */
    sent: number;
    digest: string;
    published_by: string;
    published_at: string;
  };
  /** Public lookups per client and fixed window (the rate limit, shared by every replica). */
  lookup_hits: { client: string; window_start: string; hits: number };
  /** The application kept of a group for the same child (group_id = the child's keyed hash). */
  duplicate_resolutions: { group_id: string; kept_application_id: string; reason: string; resolved_at: string; resolved_by: string };
  /** Applications withdrawn as the duplicate of the kept one (已撤回). */
  application_withdrawals: { application_id: string; group_id: string; kept_application_id: string; reason: string; withdrawn_at: string; withdrawn_by: string };
  /** Text messages to guardians; `to_number` is cleared once sent (the masked number stays). */
  sms_messages: {
    id: string;
    created_at: string;
    application_id: string;
    receipt_no: string;
    to_number: string | null;
    to_masked: string;
    template: 'accepted' | 'needs_materials' | 'result';
    text: string;
    status: 'queued' | 'sent' | 'failed' | 'skipped';
    error: string | null;
    attempts: number;
    sent_at: string | null;
    created_by: string;
  };
  staff: {
    id: string;
    username: string;
    display_name: string;
    role: string;
    /** JSON: {schoolIds, types}. */
    scope: string;
    /** scrypt$N$r$p$salt$key (base64). */
    password_hash: string;
    must_change_password: number;
    disabled: number;
    failed_attempts: number;
    locked_until: string | null;
    created_at: string;
    created_by: string | null;
    last_sign_in_at: string | null;
  };
  /** The server side of the console_session cookie, keyed by SHA-256 of the cookie's token. */
  staff_sessions: { token_hash: string; staff_id: string; csrf_token: string; created_at: string; last_seen_at: string; expires_at: string; ip: string | null };
  console_audit: {
    seq: number;
    at: string;
    actor_id: string | null;
    actor_name: string | null;
    actor_role: string | null;
    via: string;
    action: string;
    target: string | null;
    /** JSON object. */
    details: string;
    ip: string | null;
    prev_hash: string;
    hash: string;
  };
  /** One row (id 1): the sealed head of console_audit ('' before the first entry). */
  console_audit_head: { id: number; head: string };
  /** The console's work queue: one row per application (services/console/queueProjection.ts). */
  review_queue: {
    application_id: string;
    receipt_no: string;
    /** Receipt number without dashes, upper case (search). */
    receipt_key: string;
    counter_code: string;
    source: string;
    child_name: string;
    /** Pinyin initials of the child's name, lower case. */
    name_initials: string;
    /** Upper case, no spaces. */
    id_number: string;
    grade: string | null;
    school_id: string | null;
    type: string | null;
    status: string;
    duplicate: number;
    missing_materials: number;
    /** JSON: material ids of the open 需补充材料 request. */
    requested: string;
    reentered: number;
    revision: number;
    decided_revision: number | null;
    pages: number;
    plan_key: string | null;
    submitted_at: string | null;
    /** Submission day in China time (YYYY-MM-DD). */
    submitted_day: string | null;
    received_at: string;
  };
  review_decisions: {
    id: string;
    application_id: string;
    kind: string;
    /** 'done'; a proposed rejection: 'pending' → 'confirmed' | 'returned'. */
    state: string;
    at: string;
    actor_id: string | null;
    actor_name: string;
    revision: number | null;
    summary: string;
    note: string | null;
    /** JSON: the decision's fields (items, deadline, reasons…). */
    details: string;
    result_version: number | null;
  };
  bulk_approvals: { token_hash: string; staff_id: string; items: string; count: number; expires_at: string; used_at: string | null };
  /** 是否服从调剂 as a reviewer recorded it (told by phone); wins over the form's field in placement. */
  reassignment_records: {
    application_id: string;
    /** 1 = 服从调剂, 0 = refuses. */
    accepts: number;
    hukou_school_id: string | null;
    note: string;
    recorded_at: string;
    recorded_by_id: string | null;
    recorded_by_name: string;
  };
}

export const TABLES = [
  'settings',
  'counters',
  'enrollment_codes',
  'devices',
  'nonces',
  'blobs',
  'blob_uploads',
  'blob_data',
  'blob_parts',
  'applications',
  'application_revisions',
  'application_pages',
  'batches',
  'changes',
  'plans',
  'review_results',
  'dept_imports',
  'dept_records',
  'dept_mappings',
  'dept_verifications',
  'dept_enquiries',
  'report_ins',
  'tracing_cases',
  'tracing_visits',
  'lotteries',
  'placement_publications',
  'audit_anchors',
  'audit_anchor_findings',
  'lookup_hits',
  'duplicate_resolutions',
  'application_withdrawals',
  'sms_messages',
  'staff',
  'staff_sessions',
  'console_audit',
  'console_audit_head',
  'review_queue',
  'review_decisions',
  'bulk_approvals',
  'reassignment_records',
] as const satisfies readonly (keyof Database)[];
