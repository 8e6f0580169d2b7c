import { type Kysely } from 'kysely';
import { format } from '../../shared/i18n/zhCN';
import { serverText } from '../../shared/i18n/zhCN.server';
import { type ReviewResult } from '../../shared/contract/reviewResult';
import { checkVerificationCode } from '../../nodelib/verification';
import { reposOf } from '../db/repos';
import { type Database } from '../db/schema';

export type VerifyOutcome =
  | { ok: true; document: 'receipt' | 'notice'; resultVersion?: number; counterCode: string; applicationId: string }
  | { ok: false; reason: string; applicationId: string | null };

/** The parts of a synced record the codes cover and the lookup shows. */
export interface SyncedRecord {
  form?: { child?: { name?: string; idNumber?: string }; school?: { schoolId?: string } };
  submittedAt?: string;
  voided?: { reason?: string };
}

const t = serverText.admin;

/** An application as the code check needs it: the record as received and the receipt key of the desk that sent it. */
export interface VerifiableApplication {
  id: string;
  receipt_no: string;
  counter_code: string;
  record: string;
  receipt_mac_key: string | null;
}

/**
 * Whether `code` is the one printed on this application's receipt or on one of its notices (`results`), with the
 * desk's receipt key over the document's key fields as the county received them.
 */
export function matchPrintedCode(app: VerifiableApplication, results: readonly ReviewResult[], code: string): VerifyOutcome {
  if (!app.receipt_mac_key) return { ok: false, reason: t.verifyNoKey, applicationId: app.id };
  const key = Buffer.from(app.receipt_mac_key, 'base64');
  const record = JSON.parse(app.record) as SyncedRecord;
  const receiptFields = {
    receiptNo: app.receipt_no,
    childName: record.form?.child?.name ?? '',
    childIdNumber: record.form?.child?.idNumber ?? '',
    schoolId: record.form?.school?.schoolId ?? '',
    submittedAt: record.submittedAt ?? '',
  };
  if (checkVerificationCode(key, 'receipt', receiptFields, code)) return { ok: true, document: 'receipt', counterCode: app.counter_code, applicationId: app.id };
  for (const r of results) {
    const noticeFields = { receiptNo: app.receipt_no, childIdNumber: receiptFields.childIdNumber, resultVersion: r.resultVersion, outcome: r.outcome, schoolCode: r.schoolCode };
    if (checkVerificationCode(key, 'notice', noticeFields, code)) return { ok: true, document: 'notice', resultVersion: r.resultVersion, counterCode: app.counter_code, applicationId: app.id };
  }
  return { ok: false, reason: t.verifyMismatch, applicationId: app.id };
}

/** The answer for a receipt number the server holds no application of. */
export function unknownReceipt(receiptNo: string): VerifyOutcome {
  return { ok: false, reason: format(t.verifyUnknown, { receiptNo }), applicationId: null };
}

/**
 * Checks the verification code printed on a receipt or notice (the desk's receipt key, sent at enrollment,
 * over the document's key fields as the county received them). County staff use it when a family brings paper.
 */
export async function verifyPrintedCode(db: Kysely<Database>, receiptNo: string, code: string): Promise<VerifyOutcome> {
  const repos = reposOf(db);
  const app = await repos.applications.forVerification(receiptNo.trim().toUpperCase());
  if (!app) return unknownReceipt(receiptNo);
  return matchPrintedCode(app, await repos.reviewResults.of(app.id), code);
}
