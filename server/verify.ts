import { type Kysely } from 'kysely';
import { type ReviewResult } from '../shared/contract/reviewResult';
import { checkVerificationCode } from '../electron/core/services/printing/verification';
import { type Database } from './db/schema';

export type VerifyOutcome =
  | { ok: true; document: 'receipt' | 'notice'; resultVersion?: number; counterCode: string }
  | { ok: false; reason: string };

interface SyncedRecord {
  form?: { child?: { name?: string; idNumber?: string }; school?: { schoolId?: string } };
  submittedAt?: string;
}

/**
 * Checks the verification code printed on a receipt or notice (the desk's receipt key, sent at enrollment,
 * over the document's key fields as the county received them). County staff use it when a family brings paper.
 */
export async function verifyPrintedCode(db: Kysely<Database>, receiptNo: string, code: string): Promise<VerifyOutcome> {
  const app = await db
    .selectFrom('applications')
    .leftJoin('devices', 'devices.id', 'applications.device_id')
    .select(['applications.id', 'applications.receipt_no', 'applications.counter_code', 'applications.record', 'devices.receipt_mac_key'])
    .where('applications.receipt_no', '=', receiptNo.trim().toUpperCase())
    .executeTakeFirst();
  if (!app) return { ok: false, reason: `服务器上没有回执编号为 ${receiptNo} 的申请（可能尚未同步）。请核对编号，或请报名点先同步。` };
  if (!app.receipt_mac_key) return { ok: false, reason: '上传这条申请的报名台没有提供回执密钥，无法核验。请联系该报名点。' };
  const key = Buffer.from(app.receipt_mac_key, 'base64');
  const record = JSON.parse(app.record) as SyncedRecord;
  const receiptFields = {
    receiptNo: app.receipt_no,
    childName: record.form?.child?.name ?? '',
    childIdNumber: record.form?.child?.idNumber ?? '',
    schoolId: record.form?.school?.schoolId ?? '',
    submittedAt: record.submittedAt ?? '',
  };
  if (checkVerificationCode(key, 'receipt', receiptFields, code)) return { ok: true, document: 'receipt', counterCode: app.counter_code };
  const results = await db.selectFrom('review_results').select('payload').where('application_id', '=', app.id).execute();
  for (const { payload } of results) {
    const r = JSON.parse(payload) as ReviewResult;
    const noticeFields = { receiptNo: app.receipt_no, childIdNumber: receiptFields.childIdNumber, resultVersion: r.resultVersion, outcome: r.outcome, schoolCode: r.schoolCode };
    if (checkVerificationCode(key, 'notice', noticeFields, code)) return { ok: true, document: 'notice', resultVersion: r.resultVersion, counterCode: app.counter_code };
  }
  return { ok: false, reason: '核验码与服务器上的申请内容不符：这份回执或通知书可能被改动或伪造。请核对原件并联系报名点。' };
}
