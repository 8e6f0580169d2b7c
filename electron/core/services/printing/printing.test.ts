import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, approveIfOutsideWindow, type TestDesk, openPlannedDesk } from '../../testing/desk';
import { houseHukouApplication } from '../../testing/fixtures';
import type { CountyPlan } from '../../../../shared/plan/schema';
import { parseReceiptQr } from '../../../../shared/print/qr';
import { openEncrypted } from '../../db/connection';
import { ReviewResultRepo } from '../../db/repos/reviewResultRepo';
import { loadOrCreateKeys } from '../keys';
import { checkVerificationCode } from '../../../../nodelib/verification';
import { pdfQrCodes, pdfText } from '../../testing/pdfTools';
import { lotteryOutcome, reviewResult } from '../../testing/printData';

// The printing service end to end on a real desk: encrypted SQLite, blob store, pdfmake, the fake printer.

let desk: TestDesk;
let plan: CountyPlan;
let planKey: string;

beforeEach(async () => {
  ({ desk, plan, planKey } = await openPlannedDesk());
});
afterEach(() => desk.cleanup());

async function submitted(name = '张小明') {
  const data = houseHukouApplication(plan, { name });
  const { id } = await desk.call('applications.saveDraft', { data });
  await approveIfOutsideWindow(desk, id);
  const r = await desk.call('applications.submit', { id, data, planKey, confirmNearMatches: true });
  return { id, receiptNo: r.receiptNo, data };
}

const pdfOf = (b64: string) => Buffer.from(b64, 'base64');
const squash = (s: string) => s.replace(/\s+/g, '');

describe('printing service', () => {
  it('a submitted application prints a receipt whose QR code verifies, and only with the desk key', async () => {
    const app = await submitted('阿依古丽·买买提');
    const r = await desk.call('printing.render', { applicationId: app.id, kind: 'receipt', paper: 'A4' });
    const pdf = pdfOf(r.pdfBase64);
    const text = squash(pdfText(pdf));
    const id = app.data.child!.idNumber!;
    expect(text).toContain(app.receiptNo);
    expect(text).toContain('阿依古丽·买买提');
    expect(text).toContain(`${id.slice(0, 4)}**********${id.slice(-4)}`);
    expect(text).not.toContain(id);
    expect(text).toContain('尚未上传至招生平台');
    expect(text).toContain('王管理'); // the clerk by display name
    const [qr] = pdfQrCodes(pdf).map(parseReceiptQr);
    expect(qr?.receiptNo).toBe(app.receiptNo);

    const keys = await loadOrCreateKeys(desk.dataDir, desk.ports.secretStore, false);
    const detail = await desk.call('applications.get', { id: app.id });
    const fields = {
      receiptNo: app.receiptNo,
      childName: '阿依古丽·买买提',
      childIdNumber: id,
      schoolId: app.data.school!.schoolId!,
      submittedAt: detail.submittedAt!,
    };
    expect(checkVerificationCode(keys.receipt, 'receipt', fields, qr!.verificationCode)).toBe(true);
    expect(checkVerificationCode(keys.receipt, 'receipt', fields, qr!.verificationCode.toLowerCase().replace('-', ' '))).toBe(true);
    expect(checkVerificationCode(keys.receipt, 'receipt', { ...fields, childName: '阿依古丽·买买' }, qr!.verificationCode)).toBe(false);
    expect(checkVerificationCode(keys.receipt, 'receipt', { ...fields, schoolId: 'other' }, qr!.verificationCode)).toBe(false);
    expect(checkVerificationCode(keys.audit, 'receipt', fields, qr!.verificationCode)).toBe(false);
  });

  it('re-rendering unchanged data reuses the stored bytes; changed data makes a new version', async () => {
    const app = await submitted();
    const a = await desk.call('printing.render', { applicationId: app.id, kind: 'receipt', paper: 'A5' });
    const b = await desk.call('printing.render', { applicationId: app.id, kind: 'receipt', paper: 'A5' });
    expect(b.reused).toBe(true);
    expect(b.version).toBe(1);
    expect(b.pdfBase64).toBe(a.pdfBase64);
    expect(b.sha256).toBe(a.sha256);

    const changed = { ...app.data, child: { ...app.data.child, name: '张晓明' } };
    await desk.call('applications.update', { id: app.id, data: changed, planKey, reason: '家长更正姓名用字' });
    const c = await desk.call('printing.render', { applicationId: app.id, kind: 'receipt', paper: 'A5' });
    expect(c.reused).toBe(false);
    expect(c.version).toBe(2);
    expect(c.sha256).not.toBe(a.sha256);
    expect(squash(pdfText(pdfOf(c.pdfBase64)))).toContain('张晓明');
    // The first version is still there, byte for byte.
    const first = await desk.call('printing.getPdf', { printoutId: a.printoutId });
    expect(first.pdfBase64).toBe(a.pdfBase64);
    // Still the same after a restart.
    desk = await desk.reopen();
    await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    const again = await desk.call('printing.render', { applicationId: app.id, kind: 'receipt', paper: 'A5' });
    expect(again).toMatchObject({ reused: true, version: 2, sha256: c.sha256 });
  });

  it('prints to the fake printer byte for byte; a reprint needs a reason and is counted and audited', async () => {
    const app = await submitted();
    const r = await desk.call('printing.render', { applicationId: app.id, kind: 'receipt', paper: 'roll80' });
    const printers = await desk.call('printing.printers', {});
    const thermal = printers.printers.find((p) => p.name.includes('80mm'))!.name;
    const job = await desk.call('printing.print', { printoutId: r.printoutId, printer: thermal, copies: 2 });
    expect(job).toMatchObject({ status: 'printed', printer: thermal, copies: 2, reprintNo: 0, error: null });
    const files = desk.ports.printer.files();
    expect(files).toHaveLength(1);
    expect(readFileSync(files[0]!).equals(pdfOf(r.pdfBase64))).toBe(true);
    expect(JSON.parse(readFileSync(files[0]!.replace(/\.pdf$/, '.json'), 'utf8'))).toMatchObject({ printer: thermal, copies: 2, paper: 'roll80', withDialog: false });

    const noReason = await desk.fail('printing.print', { printoutId: r.printoutId });
    expect(noReason.code).toBe('REPRINT_REASON_REQUIRED');
    expect(noReason.message).toMatch(/原因/);
    expect(desk.ports.printer.files()).toHaveLength(1);

    // The printer was remembered for receipts: no printer named, it goes to the thermal one.
    const reprint = await desk.call('printing.print', { printoutId: r.printoutId, reason: '家长遗失回执' });
    expect(reprint).toMatchObject({ status: 'printed', printer: thermal, reprintNo: 1 });
    expect(readFileSync(desk.ports.printer.files()[1]!).equals(pdfOf(r.pdfBase64))).toBe(true);
    const listed = await desk.call('printing.list', { applicationId: app.id });
    expect(listed.find((p) => p.kind === 'receipt')?.printCount).toBe(2);

    const audit = await desk.call('audit.list', { limit: 50 });
    const actions = audit.filter((e) => e.target === app.id).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['printout.generated', 'printout.printed', 'printout.reprinted']));
    const re = audit.find((e) => e.action === 'printout.reprinted')!;
    expect(re.details).toMatchObject({ reason: '家长遗失回执', reprintNo: 1, copies: 1 });
    expect((await desk.call('audit.verify', {})).ok).toBe(true);
  });

  it('printer failures keep the document queued with a Chinese message, and retry prints it', async () => {
    const app = await submitted();
    const r = await desk.call('printing.render', { applicationId: app.id, kind: 'receipt', paper: 'A4' });
    desk.ports.printer.fail('out_of_paper');
    const job = await desk.call('printing.print', { printoutId: r.printoutId });
    expect(job.status).toBe('queued');
    expect(job.error?.code).toBe('PRINTER_OUT_OF_PAPER');
    expect(job.error?.message).toMatch(/缺纸.*打印队列.*重试/);
    expect(desk.ports.printer.files()).toHaveLength(0);

    desk.ports.printer.fail('offline');
    const again = await desk.call('printing.retry', { jobId: job.jobId });
    expect(again).toMatchObject({ status: 'queued', attempts: 2 });
    expect(again.error?.code).toBe('PRINTER_OFFLINE');
    expect((await desk.call('printing.queue', {})).map((j) => j.jobId)).toEqual([job.jobId]);

    desk.ports.printer.fail(null);
    const done = await desk.call('printing.retry', { jobId: job.jobId });
    expect(done).toMatchObject({ status: 'printed', attempts: 3, error: null });
    expect(await desk.call('printing.queue', {})).toEqual([]);
    expect(readFileSync(desk.ports.printer.files()[0]!).equals(pdfOf(r.pdfBase64))).toBe(true);
  });

  it('with no printer installed the job waits in the queue; it can be cancelled', async () => {
    const app = await submitted();
    const r = await desk.call('printing.render', { applicationId: app.id, kind: 'materialsList' });
    desk.ports.printer.uninstall();
    expect((await desk.call('printing.printers', {})).printers).toEqual([]);
    const job = await desk.call('printing.print', { printoutId: r.printoutId });
    expect(job.error?.code).toBe('NO_PRINTER');
    expect(job.error?.message).toMatch(/另存为 PDF/);
    await desk.call('printing.cancel', { jobId: job.jobId });
    expect(await desk.call('printing.queue', {})).toEqual([]);
    expect((await desk.fail('printing.retry', { jobId: job.jobId })).code).toBe('PRINT_JOB_NOT_FOUND');
  });

  it('refuses documents whose data is missing, with a specific error and nothing stored', async () => {
    const app = await submitted();
    const noResult = await desk.fail('printing.render', { applicationId: app.id, kind: 'admissionNotice' });
    expect(noResult.code).toBe('NO_REVIEW_RESULT');
    expect(noResult.message).toMatch(/录取通知书/);
    expect((await desk.fail('printing.render', { applicationId: app.id, kind: 'proxyAuthorization' })).code).toBe('DOCUMENT_NOT_APPLICABLE');
    expect((await desk.fail('printing.render', { applicationId: app.id, kind: 'admissionNotice', paper: 'roll80' })).code).toBe('PAPER_NOT_SUPPORTED');
    const { id } = await desk.call('applications.saveDraft', { data: houseHukouApplication(plan) });
    expect((await desk.fail('printing.render', { applicationId: id, kind: 'receipt' })).code).toBe('DOCUMENT_NEEDS_SUBMISSION');
    expect(await desk.call('printing.list', { applicationId: app.id })).toEqual([]);
  });

  it('result notices come from the county result the sync stored', async () => {
    const app = await submitted();
    const keys = await loadOrCreateKeys(desk.dataDir, desk.ports.secretStore, false);
    const db = openEncrypted(join(desk.dataDir, 'desk.db'), keys.db);
    try {
      new ReviewResultRepo(db).record(reviewResult({ applicationId: app.id, outcome: 'rejected', reasons: ['房产登记日期晚于截止日期。'], decidedAt: new Date(Date.now() + 60_000).toISOString() }));
    } finally {
      db.close();
    }
    const mismatch = await desk.fail('printing.render', { applicationId: app.id, kind: 'admissionNotice' });
    expect(mismatch.code).toBe('REVIEW_RESULT_MISMATCH');
    expect(mismatch.message).toMatch(/审核不通过/);
    const r = await desk.call('printing.render', { applicationId: app.id, kind: 'rejectionNotice' });
    const text = squash(pdfText(pdfOf(r.pdfBase64)));
    expect(text).toContain('房产登记日期晚于截止日期');
    expect(text).toContain(squash(plan.texts.appealRoute).slice(0, 20));
  });

  it("the lottery result prints from the synced result: the child's pool, place, 中签 and own key, stored as a printout", async () => {
    const app = await submitted();
    const noDraw = await desk.fail('printing.render', { applicationId: app.id, kind: 'lotteryResult' });
    expect(noDraw.code).toBe('NO_REVIEW_RESULT');
    const keys = await loadOrCreateKeys(desk.dataDir, desk.ports.secretStore, false);
    const db = openEncrypted(join(desk.dataDir, 'desk.db'), keys.db);
    try {
      const result = reviewResult({ applicationId: app.id, outcome: 'admitted', decidedAt: new Date(Date.now() + 60_000).toISOString(), lottery: lotteryOutcome() });
      new ReviewResultRepo(db).record(result);
    } finally {
      db.close();
    }
    const r = await desk.call('printing.render', { applicationId: app.id, kind: 'lotteryResult' });
    const text = squash(pdfText(pdfOf(r.pdfBase64)));
    for (const t of ['电脑随机派位结果告知单', '第3位/共10位', '中签', squash(lotteryOutcome().key.slice(0, 16))]) expect(text).toContain(t);
    expect((await desk.call('printing.list', { applicationId: app.id })).map((p: { kind: string }) => p.kind)).toContain('lotteryResult');
  });

  it('a promised date is printed only while it is ahead: the same receipt printed after it carries the plan\'s fallback', async () => {
    // The desk's clock is a port: the application is taken on 20 June, the receipt reprinted on 2 December.
    // Every jump idles the session past its lock: sign in again after each.
    const at = async (iso: string) => {
      desk.ports.clock.set(new Date(iso));
      await desk.core.call('auth.unlockSession', { password: ADMIN.password });
    };
    await at('2026-06-20T02:00:00.000Z');
    const app = await submitted();
    const june = await desk.call('printing.render', { applicationId: app.id, kind: 'receipt', paper: 'A4' });
    expect(squash(pdfText(pdfOf(june.pdfBase64)))).toContain('2026年8月10日前');
    await at('2026-08-10T15:00:00.000Z'); // 23:00 on 10 August, China time: still the day
    expect(await desk.call('printing.render', { applicationId: app.id, kind: 'receipt', paper: 'A4' })).toMatchObject({ reused: true, version: 1 });

    await at('2026-12-02T02:00:00.000Z');
    const december = await desk.call('printing.render', { applicationId: app.id, kind: 'receipt', paper: 'A4' });
    expect(december).toMatchObject({ reused: false, version: 2 });
    const text = squash(pdfText(pdfOf(december.pdfBase64)));
    expect(text).not.toContain('8月10日');
    expect(text).toContain('审核和录取结果以招生平台公布为准');
    // The next day nothing else has passed: the stored version is reused, not a new one every day.
    await at('2026-12-03T02:00:00.000Z');
    expect(await desk.call('printing.render', { applicationId: app.id, kind: 'receipt', paper: 'A4' })).toMatchObject({ reused: true, version: 2 });
  });

  it('refuses a notice whose county decision is dated before the application was received, saying both dates', async () => {
    const app = await submitted();
    const keys = await loadOrCreateKeys(desk.dataDir, desk.ports.secretStore, false);
    const db = openEncrypted(join(desk.dataDir, 'desk.db'), keys.db);
    const dayBefore = new Date(Date.now() - 36 * 3600_000).toISOString();
    try {
      new ReviewResultRepo(db).record(reviewResult({ applicationId: app.id, outcome: 'admitted', decidedAt: dayBefore }));
    } finally {
      db.close();
    }
    const e = await desk.fail('printing.render', { applicationId: app.id, kind: 'admissionNotice' });
    expect(e.code).toBe('NOTICE_DATE_BEFORE_RECEIPT');
    expect(e.message).toMatch(/审核日期（\d{4}年\d{1,2}月\d{1,2}日）早于本申请的受理日期（\d{4}年\d{1,2}月\d{1,2}日），不能据此出具录取通知书/);
    expect(await desk.call('printing.list', { applicationId: app.id })).toEqual([]);
  });
});
