import { createHash, createHmac, randomUUID } from 'node:crypto';
import { type Kysely, type Transaction } from 'kysely';
import { type ReviewResult, reviewResultSchema } from '../shared/contract/reviewResult';
import { validatePlan } from '../shared/plan/schema';
import { type Change, type ChangesResponse, type DuplicateRef, MAX_CHANGES_PAGE, canonicalJson } from '../shared/sync/protocol';
import { type County } from './counters';
import { type Database } from './db/schema';
import { flagDuplicates } from './ingest';

type Db = Kysely<Database> | Transaction<Database>;

/** Appends to the pull feed; counterCode null = every counter of the county. */
export async function addChange(db: Db, counterCode: string | null, change: Change): Promise<void> {
  await db.insertInto('changes').values({ counter_code: counterCode, kind: change.kind, payload: JSON.stringify(change), created_at: new Date().toISOString() }).execute();
}

export async function listChanges(db: Kysely<Database>, counterCode: string, cursor: number, limit: number, now: Date): Promise<ChangesResponse> {
  const n = Math.min(limit, MAX_CHANGES_PAGE);
  const rows = await db
    .selectFrom('changes')
    .select(['seq', 'payload'])
    .where('seq', '>', cursor)
    .where((eb) => eb.or([eb('counter_code', '=', counterCode), eb('counter_code', 'is', null)]))
    .orderBy('seq')
    .limit(n + 1)
    .execute();
  const page = rows.slice(0, n);
  return {
    items: page.map((r) => ({ seq: Number(r.seq), change: JSON.parse(r.payload) as Change })),
    nextCursor: String(page.length ? Number(page[page.length - 1]?.seq) : cursor),
    more: rows.length > n,
    serverTime: now.toISOString(),
  };
}

/** Validates a county plan file's JSON and publishes it as the next plan version to every counter. */
export async function loadPlan(db: Kysely<Database>, county: County, json: unknown, now: Date): Promise<{ version: number } | { problems: string[] }> {
  const checked = validatePlan(json);
  if (!checked.ok) return { problems: checked.problems.map((p) => `${p.path}: ${p.message}`) };
  if (checked.plan.county.code !== county.countyCode) {
    return { problems: [`county.code: 方案属于县代码 ${checked.plan.county.code}，本服务器是 ${county.countyCode}。请核对方案文件或服务器的 COUNTY_CODE。`] };
  }
  return db.transaction().execute(async (trx) => {
    const { version } = await trx
      .insertInto('plans')
      .values({ plan: canonicalJson(json), published_at: now.toISOString() })
      .returning('version')
      .executeTakeFirstOrThrow();
    await addChange(trx, null, { kind: 'plan', planVersion: Number(version), plan: json as Record<string, unknown>, publishedAt: now.toISOString() });
    return { version: Number(version) };
  });
}

export interface ResultInput {
  /** Application id or receipt number. */
  ref: string;
  outcome: string;
  reasons: string[];
  missingMaterials: string[];
  schoolCode: string | null;
  schoolName: string | null;
  reportDate: string | null;
  reportPlace: string | null;
  decidedBy: string | null;
}

/** Records the county's decision as the application's next result version and queues it for the counter. */
export async function recordResult(db: Kysely<Database>, input: ResultInput, now: Date): Promise<ReviewResult> {
  return db.transaction().execute(async (trx) => {
    const app = await trx
      .selectFrom('applications')
      .select(['id', 'receipt_no', 'counter_code', 'source'])
      .where((eb) => eb.or([eb('id', '=', input.ref), eb('receipt_no', '=', input.ref.toUpperCase())]))
      .executeTakeFirst();
    if (!app) throw new Error(`找不到申请 ${input.ref}（可用申请编号或回执编号）。请用 applications list 核对。`);
    const last = await trx
      .selectFrom('review_results')
      .select((eb) => eb.fn.max('result_version').as('v'))
      .where('application_id', '=', app.id)
      .executeTakeFirst();
    const candidate = {
      applicationId: app.id,
      resultVersion: Number(last?.v ?? 0) + 1,
      outcome: input.outcome,
      reasons: input.reasons,
      missingMaterials: input.missingMaterials,
      schoolCode: input.schoolCode,
      schoolName: input.schoolName,
      reportDate: input.reportDate,
      reportPlace: input.reportPlace,
      decidedAt: now.toISOString(),
      decidedBy: input.decidedBy,
    };
    const parsed = reviewResultSchema.safeParse(candidate);
    if (!parsed.success) throw new Error(`审核结果不符合格式：${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；')}`);
    const result = parsed.data;
    await trx
      .insertInto('review_results')
      .values({ application_id: app.id, result_version: result.resultVersion, payload: JSON.stringify(result), decided_at: result.decidedAt })
      .execute();
    if (app.source === 'counter') await addChange(trx, app.counter_code, { kind: 'review_result', receiptNo: app.receipt_no, result });
    return result;
  });
}

/** Normalises an ID number the way desks must before hashing (protocol: upper case, no spaces). */
export function childIdHash(county: County, idNumber: string): string {
  return createHmac('sha256', county.idHashKey).update(idNumber.toUpperCase().replace(/\s/g, '')).digest('hex');
}

/** A stand-in for the county's online application system: stores an online application and flags duplicates. */
export async function simulateOnlineApplication(
  db: Kysely<Database>,
  county: County,
  idNumber: string,
  childName: string,
  now: Date,
): Promise<{ applicationId: string; receiptNo: string; duplicates: DuplicateRef[] }> {
  const applicationId = randomUUID();
  const receiptNo = `WS-${county.countyCode}-${applicationId.slice(0, 8).toUpperCase()}`;
  const record = { source: 'online', childName };
  const hash = childIdHash(county, idNumber);
  return db.transaction().execute(async (trx) => {
    const nowIso = now.toISOString();
    await trx
      .insertInto('applications')
      .values({
        id: applicationId,
        counter_code: 'ONLINE',
        device_id: null,
        source: 'online',
        receipt_no: receiptNo,
        child_id_hash: hash,
        revision: 1,
        content_hash: createHash('sha256').update(canonicalJson(record)).digest('hex'),
        record: canonicalJson(record),
        created_at: nowIso,
        updated_at: nowIso,
      })
      .execute();
    const duplicates = await flagDuplicates(trx, { id: applicationId, receiptNo, counterCode: 'ONLINE', source: 'online' }, hash, now);
    return { applicationId, receiptNo, duplicates };
  });
}

export interface ApplicationRow {
  id: string;
  receiptNo: string;
  counterCode: string;
  source: string;
  revision: number;
  pages: number;
  duplicate: boolean;
  latestOutcome: string | null;
  /** The counter voided the application (作废): its reason, from the current revision's record. */
  voided: string | null;
  updatedAt: string;
}

function voidReason(recordJson: string): string | null {
  try {
    const v = (JSON.parse(recordJson) as { voided?: { reason?: unknown } }).voided;
    return v ? (typeof v.reason === 'string' && v.reason ? v.reason : '未注明原因') : null;
  } catch {
    return null;
  }
}

export async function listApplications(db: Kysely<Database>): Promise<ApplicationRow[]> {
  const apps = await db.selectFrom('applications').selectAll().orderBy('created_at').execute();
  const pages = await db.selectFrom('application_pages').select(['application_id']).execute();
  const results = await db.selectFrom('review_results').select(['application_id', 'result_version', 'payload']).execute();
  const pageCount = new Map<string, number>();
  for (const p of pages) pageCount.set(p.application_id, (pageCount.get(p.application_id) ?? 0) + 1);
  const latest = new Map<string, { v: number; outcome: string }>();
  for (const r of results) {
    const prev = latest.get(r.application_id);
    if (!prev || prev.v < r.result_version) latest.set(r.application_id, { v: r.result_version, outcome: (JSON.parse(r.payload) as ReviewResult).outcome });
  }
  const childCount = new Map<string, number>();
  for (const a of apps) if (a.child_id_hash) childCount.set(a.child_id_hash, (childCount.get(a.child_id_hash) ?? 0) + 1);
  return apps.map((a) => ({
    id: a.id,
    receiptNo: a.receipt_no,
    counterCode: a.counter_code,
    source: a.source,
    revision: Number(a.revision),
    pages: pageCount.get(a.id) ?? 0,
    duplicate: a.child_id_hash ? (childCount.get(a.child_id_hash) ?? 0) > 1 : false,
    latestOutcome: latest.get(a.id)?.outcome ?? null,
    voided: voidReason(a.record),
    updatedAt: a.updated_at,
  }));
}

/** Groups of applications for the same child (same childIdHash). */
export async function listDuplicates(db: Kysely<Database>): Promise<{ childIdHash: string; applications: DuplicateRef[] }[]> {
  const rows = await db
    .selectFrom('applications')
    .select(['id', 'receipt_no', 'counter_code', 'source', 'child_id_hash'])
    .where('child_id_hash', 'in', (eb) =>
      eb.selectFrom('applications').select('child_id_hash').where('child_id_hash', 'is not', null).groupBy('child_id_hash').having((h) => h.fn.countAll(), '>', 1),
    )
    .orderBy('child_id_hash')
    .orderBy('created_at')
    .execute();
  const groups = new Map<string, DuplicateRef[]>();
  for (const r of rows) {
    const key = r.child_id_hash ?? '';
    groups.set(key, [...(groups.get(key) ?? []), { applicationId: r.id, receiptNo: r.receipt_no, counterCode: r.counter_code, source: r.source }]);
  }
  return [...groups].map(([hash, applications]) => ({ childIdHash: hash, applications }));
}
