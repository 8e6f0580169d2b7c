import { createHash, createHmac, randomUUID } from 'node:crypto';
import { type Kysely } from 'kysely';
import { serverText } from '../../shared/i18n/zhCN.server';
import { type DuplicateRef, canonicalJson } from '../../shared/sync/protocol';
import { reposOf } from '../db/repos';
import { type Database } from '../db/schema';
import { type County } from './counters';
import { projectQueue } from './console/queueProjection';
import { flagDuplicates } from './duplicates';

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
  const record = canonicalJson({ source: 'online', childName });
  const hash = childIdHash(county, idNumber);
  return db.transaction().execute(async (trx) => {
    const repos = reposOf(trx);
    const nowIso = now.toISOString();
    await repos.applications.insertMany([
      {
        id: applicationId,
        counter_code: 'ONLINE',
        device_id: null,
        source: 'online',
        receipt_no: receiptNo,
        child_id_hash: hash,
        revision: 1,
        content_hash: createHash('sha256').update(record).digest('hex'),
        record,
        created_at: nowIso,
        updated_at: nowIso,
      },
    ]);
    const duplicates = await flagDuplicates(repos, { applicationId, receiptNo, counterCode: 'ONLINE', source: 'online' }, hash, now);
    await projectQueue(repos, [applicationId]);
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
    return v ? (typeof v.reason === 'string' && v.reason ? v.reason : serverText.admin.voidedNoReason) : null;
  } catch {
    return null;
  }
}

/** Every application the county holds, for the admin listing. */
export async function listApplications(db: Kysely<Database>): Promise<ApplicationRow[]> {
  const repos = reposOf(db);
  const apps = await repos.applications.all();
  const pageCount = await repos.applications.pageCounts();
  const latest = await repos.reviewResults.latestOutcomes();
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
    latestOutcome: latest.get(a.id) ?? null,
    voided: voidReason(a.record),
    updatedAt: a.updated_at,
  }));
}

/** Groups of applications for the same child (same childIdHash). */
export function listDuplicates(db: Kysely<Database>): Promise<{ childIdHash: string; applications: DuplicateRef[] }[]> {
  return reposOf(db).applications.duplicateGroups();
}
