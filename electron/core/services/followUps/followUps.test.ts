import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApplicationDraft } from '../../../../shared/contract';
import type { CountyPlan } from '../../../../shared/plan/schema';
import { addDays } from '../../../../shared/print/layout';
import { parseReceiptQr, receiptQrText } from '../../../../shared/print/qr';
import { openEncrypted } from '../../db/connection';
import { OutboxRepo } from '../../db/repos/outboxRepo';
import { ReviewResultRepo } from '../../db/repos/reviewResultRepo';
import { approveIfOutsideWindow, type TestDesk, openPlannedDesk } from '../../testing/desk';
import { houseHukouApplication } from '../../testing/fixtures';
import { pdfQrCodes, pdfText } from '../../testing/pdfTools';
import { reviewResult } from '../../testing/printData';
import { loadOrCreateKeys } from '../keys';

// 补充材料 return visits and result calls on a real desk: encrypted SQLite, blob store, pdfmake, the fake printer.

let desk: TestDesk;
let plan: CountyPlan;
let planKey: string;

beforeEach(async () => {
  ({ desk, plan, planKey } = await openPlannedDesk());
});
afterEach(() => desk.cleanup());

const squash = (s: string) => s.replace(/\s+/g, '');
const pdfOf = (b64: string) => Buffer.from(b64, 'base64');
const nameOf = (id: string) => plan.materials.find((m) => m.id === id)!.name;

async function submitted(name: string, missing: string[] = []) {
  const base = houseHukouApplication(plan, { name });
  const data: ApplicationDraft = { ...base, materials: base.materials!.map((m) => (missing.includes(m.itemId) ? { ...m, state: 'missing' as const } : m)) };
  const { id } = await desk.call('applications.saveDraft', { data });
  await approveIfOutsideWindow(desk, id);
  const r = await desk.call('applications.submit', { id, data, planKey, confirmNearMatches: true });
  return { id, receiptNo: r.receiptNo, data };
}

/** What the sync would do on a pulled result: store it and set the status (a second handle on the same file). */
async function countyResult(applicationId: string, over: Parameters<typeof reviewResult>[0]) {
  const keys = await loadOrCreateKeys(desk.dataDir, desk.ports.secretStore, false);
  const db = openEncrypted(join(desk.dataDir, 'desk.db'), keys.db);
  try {
    const r = reviewResult({ applicationId, decidedAt: new Date(Date.now() + 60_000).toISOString(), ...over });
    new ReviewResultRepo(db).record(r);
    db.prepare('UPDATE applications SET status = ? WHERE id = ?').run(r.outcome, applicationId);
  } finally {
    db.close();
  }
}

async function queuedRevisions(applicationId: string): Promise<number[]> {
  const keys = await loadOrCreateKeys(desk.dataDir, desk.ports.secretStore, false);
  const db = openEncrypted(join(desk.dataDir, 'desk.db'), keys.db);
  try {
    new OutboxRepo(db).enqueueNewRevisions(new Date().toISOString());
    return db.prepare<[string], { revision: number }>('SELECT revision FROM sync_outbox WHERE application_id = ? ORDER BY revision').all(applicationId).map((r) => r.revision);
  } finally {
    db.close();
  }
}

describe('补充材料 return visit', () => {
  it('opens from the notice QR or the typed receipt number, records what was brought as a new revision, and prints the closing receipt', async () => {
    const app = await submitted('张小明', ['hukou-booklet']);
    await submitted('李小红'); // nothing missing: never on the due list
    const notice = await desk.call('printing.render', { applicationId: app.id, kind: 'supplementNotice' });
    const [qr] = pdfQrCodes(pdfOf(notice.pdfBase64));
    expect(parseReceiptQr(qr!)?.receiptNo).toBe(app.receiptNo);
    expect(squash(pdfText(pdfOf(notice.pdfBase64)))).toContain(nameOf('hukou-booklet'));

    // Scanned QR, typed number (lower case, full-width digits, spaces) → the same application.
    expect(await desk.call('followUps.find', { code: qr! })).toEqual({ applicationId: app.id, receiptNo: app.receiptNo });
    const typed = app.receiptNo.toLowerCase().replace(/-/g, ' - ').replace(/1/g, '１');
    expect((await desk.call('followUps.find', { code: typed })).applicationId).toBe(app.id);
    const forged = await desk.fail('followUps.find', { code: receiptQrText(app.receiptNo, 'AAAAA-BBBBB') });
    expect(forged.code).toBe('FOLLOWUP_CODE_MISMATCH');
    const elsewhere = await desk.fail('followUps.find', { code: app.receiptNo.replace('-A01-', '-B07-').replace(/.$/, 'X') });
    expect(['FOLLOWUP_NOT_FOUND', 'FOLLOWUP_CODE_UNREADABLE']).toContain(elsewhere.code);
    expect(elsewhere.message).toMatch(/[\u4e00-\u9fff]/u);

    const before = await desk.call('followUps.get', { id: app.id });
    const detail = await desk.call('applications.get', { id: app.id });
    expect(before.items.map((i) => [i.itemId, i.source])).toEqual([['hukou-booklet', 'counter']]);
    expect(before.deadline).toBe(addDays(detail.submittedAt!, plan.texts.supplementDeadlineDays));
    expect((await desk.call('followUps.due', {})).map((r) => r.receiptNo)).toEqual([app.receiptNo]);

    const wrong = await desk.fail('followUps.record', { id: app.id, items: [{ itemId: 'guardian-id', state: 'original_seen' }] });
    expect(wrong.code).toBe('FOLLOWUP_ITEM_NOT_OWED');
    const nothing = await desk.fail('followUps.record', { id: app.id, items: [] });
    expect(nothing.code).toBe('FOLLOWUP_NOTHING_BROUGHT');

    expect(await queuedRevisions(app.id)).toEqual([1]);
    const done = await desk.call('followUps.record', { id: app.id, items: [{ itemId: 'hukou-booklet', state: 'original_seen' }] });
    expect(done).toEqual({ revision: 2, remaining: 0, document: 'supplementReceipt' });
    const after = await desk.call('applications.get', { id: app.id });
    expect(after.revisions.map((r) => [r.revision, r.reason])).toEqual([[1, null], [2, `补充材料：${nameOf('hukou-booklet')}`]]);
    expect(after.data.materials?.find((m) => m.itemId === 'hukou-booklet')?.state).toBe('original_seen');
    expect(after.syncState).toBe('unsynced');
    expect(await queuedRevisions(app.id)).toEqual([1, 2]);
    expect(after.history.some((h) => h.action === 'application.supplemented')).toBe(true);
    expect(await desk.call('followUps.due', {})).toEqual([]);
    expect((await desk.call('reports.today', {})).followUpsDue).toBe(0);
    expect((await desk.fail('printing.render', { applicationId: app.id, kind: 'supplementNotice' })).code).toBe('DOCUMENT_NOT_APPLICABLE');
    expect((await desk.fail('followUps.record', { id: app.id, items: [{ itemId: 'hukou-booklet', state: 'copy_kept' }] })).code).toBe('FOLLOWUP_NOTHING_OWED');

    const closing = await desk.call('printing.render', { applicationId: app.id, kind: 'supplementReceipt' });
    const text = squash(pdfText(pdfOf(closing.pdfBase64)));
    for (const t of ['补充材料接收回执', nameOf('hukou-booklet'), '原件已核', '所缺材料已全部补齐', '王管理', app.receiptNo]) expect(text).toContain(squash(t));
    expect(pdfQrCodes(pdfOf(closing.pdfBase64)).map((q) => parseReceiptQr(q)?.receiptNo)).toEqual([app.receiptNo]);
    // A first print of this paper needs no reprint reason, and the paper's QR opens the application again.
    const job = await desk.call('printing.print', { printoutId: closing.printoutId });
    expect(job.status).toBe('printed');
    expect((await desk.call('followUps.find', { code: pdfQrCodes(pdfOf(closing.pdfBase64))[0]! })).applicationId).toBe(app.id);
    const visits = (await desk.call('followUps.get', { id: app.id })).visits;
    expect(visits).toEqual([expect.objectContaining({ revision: 2, by: '王管理', remaining: [], items: [{ itemId: 'hukou-booklet', name: nameOf('hukou-booklet'), state: 'original_seen' }] })]);
  });

  it('answers the county\'s 需补充材料 request item by item: an updated notice while items remain, the deadline the county set', async () => {
    const app = await submitted('王小刚');
    expect(await desk.call('followUps.due', {})).toEqual([]);
    await countyResult(app.id, { outcome: 'needs_materials', resultVersion: 2, missingMaterials: ['birth-certificate', 'hukou-booklet'], reasons: ['户口簿照片不清晰。'], reportDate: '2099-07-10', schoolCode: null, schoolName: null });
    const owed = await desk.call('followUps.get', { id: app.id });
    expect(owed.items.map((i) => [i.itemId, i.source])).toEqual([['birth-certificate', 'county'], ['hukou-booklet', 'county']]);
    expect(owed.deadline).toBe('2099-07-10');
    expect(owed.countyReasons).toEqual(['户口簿照片不清晰。']);
    expect(await desk.call('followUps.due', {})).toEqual([expect.objectContaining({ receiptNo: app.receiptNo, county: true, deadline: '2099-07-10' })]);

    const part = await desk.call('followUps.record', { id: app.id, items: [{ itemId: 'birth-certificate', state: 'copy_kept' }] });
    expect(part).toEqual({ revision: 2, remaining: 1, document: 'supplementNotice' });
    const notice = squash(pdfText(pdfOf((await desk.call('printing.render', { applicationId: app.id, kind: 'supplementNotice' })).pdfBase64)));
    expect(notice).toContain(nameOf('hukou-booklet'));
    expect(notice).not.toContain(nameOf('birth-certificate'));
    expect(notice).toContain('2099年7月10日');
    const still = squash(pdfText(pdfOf((await desk.call('printing.render', { applicationId: app.id, kind: 'supplementReceipt' })).pdfBase64)));
    expect(still).toContain('仍未补齐');

    const rest = await desk.call('followUps.record', { id: app.id, items: [{ itemId: 'hukou-booklet', state: 'original_seen' }], note: '补交清晰的户口簿' });
    expect(rest).toEqual({ revision: 3, remaining: 0, document: 'supplementReceipt' });
    expect(await desk.call('followUps.due', {})).toEqual([]);
    // The application waits for the county's new decision; it is no longer owed anything.
    expect((await desk.call('applications.get', { id: app.id })).status).toBe('needs_materials');
    // A new request (a later result version) asks again.
    await countyResult(app.id, { outcome: 'needs_materials', resultVersion: 3, missingMaterials: ['hukou-booklet'], reasons: [], reportDate: '2099-07-20', schoolCode: null, schoolName: null });
    expect((await desk.call('followUps.get', { id: app.id })).items.map((i) => i.itemId)).toEqual(['hukou-booklet']);
    // Once decided, nothing is taken any more.
    await countyResult(app.id, { outcome: 'approved', resultVersion: 4, missingMaterials: [], reasons: [], schoolCode: null, schoolName: null, reportDate: null });
    expect((await desk.fail('followUps.record', { id: app.id, items: [{ itemId: 'hukou-booklet', state: 'original_seen' }] })).code).toBe('FOLLOWUP_NOT_OPEN');
  });
});

describe('results by phone', () => {
  it('lists each family with its numbers and a script of the result, records attempts, and keeps the open ones for retry', async () => {
    const a = await submitted('赵小龙');
    const b = await submitted('钱小凤');
    await submitted('孙小虎'); // no result: not on the list
    await countyResult(a.id, { outcome: 'admitted', resultVersion: 2, schoolName: '示例县实验小学', reportDate: '2099-08-28', reportPlace: '示例县实验小学东校区报告厅' });
    await countyResult(b.id, { outcome: 'rejected', resultVersion: 2, reasons: ['房产登记日期晚于截止日期。'], schoolCode: null, schoolName: null, reportDate: null });

    const list = await desk.call('calls.list', { view: 'open' });
    expect(list.map((r) => r.childName).sort()).toEqual(['赵小龙', '钱小凤'].sort());
    const row = list.find((r) => r.applicationId === a.id)!;
    expect(row).toMatchObject({ state: 'todo', outcomeLabel: '已录取', resultVersion: 2 });
    for (const t of ['赵小龙', '示例县实验小学', '2099年8月28日', '东校区报告厅', a.receiptNo.slice(-6)]) expect(row.script).toContain(t);
    expect((await desk.call('calls.list', { view: 'open', outcome: 'rejected' })).map((r) => r.childName)).toEqual(['钱小凤']);
    expect(list.find((r) => r.applicationId === b.id)!.script).toContain('房产登记日期晚于截止日期');

    const [father, mother] = row.contacts;
    expect(father).toMatchObject({ relation: '父亲', name: '张大伟', phone: a.data.guardians![0]!.mobile, wrongNumber: false });
    const r1 = await desk.call('calls.record', { applicationId: a.id, resultVersion: 2, phone: father!.phone, outcome: 'no_answer' });
    expect(r1.state).toBe('retry');
    const r2 = await desk.call('calls.record', { applicationId: a.id, resultVersion: 2, phone: mother!.phone, outcome: 'wrong_number', note: '号码已停机' });
    expect(r2.contacts.find((c) => c.phone === mother!.phone)?.wrongNumber).toBe(true);
    expect(r2.attempts.map((x) => [x.outcome, x.by])).toEqual([['no_answer', '王管理'], ['wrong_number', '王管理']]);
    expect((await desk.fail('calls.record', { applicationId: a.id, resultVersion: 2, phone: '13000000000', outcome: 'informed' })).code).toBe('CALL_PHONE_UNKNOWN');
    expect((await desk.fail('calls.record', { applicationId: a.id, resultVersion: 1, phone: father!.phone, outcome: 'informed' })).code).toBe('CALL_RESULT_CHANGED');
    const noResult = await submitted('周小燕');
    expect((await desk.fail('calls.record', { applicationId: noResult.id, resultVersion: 1, phone: noResult.data.guardians![0]!.mobile!, outcome: 'informed' })).code).toBe('CALL_NO_RESULT');

    const told = await desk.call('calls.record', { applicationId: a.id, resultVersion: 2, phone: father!.phone, outcome: 'informed', note: '家长明天来领通知书' });
    expect(told.state).toBe('informed');
    expect((await desk.call('calls.list', { view: 'open' })).map((r) => r.childName)).toEqual(['钱小凤']);
    expect((await desk.call('calls.list', { view: 'informed' })).map((r) => r.childName)).toEqual(['赵小龙']);
    // A new result for the same child is a new call; the empty number stays marked.
    await countyResult(a.id, { outcome: 'reassigned', resultVersion: 3, schoolName: '示例县第二实验小学', reportDate: '2099-08-29', reportPlace: '示例县第二实验小学' });
    const again = (await desk.call('calls.list', { view: 'open' })).find((r) => r.applicationId === a.id)!;
    expect(again).toMatchObject({ state: 'todo', resultVersion: 3, attempts: [] });
    expect(again.contacts.find((c) => c.phone === mother!.phone)?.wrongNumber).toBe(true);

    const exported = await desk.call('calls.export', { view: 'all' });
    expect(exported.rows).toBe(2);
    const text = squash(pdfText(pdfOf(exported.dataBase64)));
    for (const t of ['电话告知名单', '赵小龙', '钱小凤', father!.phone, '已调剂', '用后销毁']) expect(text).toContain(squash(t));
    const audit = await desk.call('audit.list', { limit: 30 });
    expect(audit.filter((e) => e.action === 'call.recorded')).toHaveLength(3);
    const told0 = audit.find((e) => e.action === 'call.recorded')?.details as { outcome: string; phone: string };
    expect(told0.outcome).toBe('informed');
    expect(told0.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(audit.find((e) => e.action === 'calls.exported')?.details).toMatchObject({ rows: 2, view: 'all' });
  });
});

describe('results by phone, exported for Excel/WPS', () => {
  it('one row per number with the family, result, state, script and attempts; numbers stay text; audited like the printed list', async () => {
    const a = await submitted('吴小川');
    const b = await submitted('郑小禾');
    await countyResult(a.id, { outcome: 'admitted', resultVersion: 2, schoolName: '示例县实验小学', reportDate: '2099-08-28', reportPlace: '示例县实验小学东校区报告厅' });
    await countyResult(b.id, { outcome: 'rejected', resultVersion: 2, reasons: ['房产登记日期晚于截止日期。'], schoolCode: null, schoolName: null, reportDate: null });
    const [father, mother] = a.data.guardians!.map((g) => g.mobile!);
    await desk.call('calls.record', { applicationId: a.id, resultVersion: 2, phone: mother!, outcome: 'wrong_number', note: '号码已停机' });

    const exported = await desk.call('calls.export', { view: 'open', format: 'xlsx' });
    expect(exported.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(exported.fileName).toMatch(/^电话告知名单-A01-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(exported.rows).toBe(2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(exported.dataBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('电话告知名单')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['回执编号', '儿童姓名', '结果', '状态', '联系人', '电话', '空号', '告知话术', '拨打记录', '县级决定时间']);
    const lines = [];
    for (let i = 2; i <= ws.rowCount; i++) lines.push((ws.getRow(i).values as unknown[]).slice(1));
    const byPhone = new Map(lines.filter((l) => typeof l[5] === 'string' && /^1\d{10}$/.test(l[5])).map((l) => [l[5] as string, l]));
    // Both families' numbers, each a row, phone and receipt numbers as text (never a number Excel would reformat).
    expect([...byPhone.keys()].sort()).toEqual([father!, mother!, ...b.data.guardians!.map((g) => g.mobile!)].sort());
    const fatherRow = byPhone.get(father!)!;
    expect(fatherRow.slice(0, 5)).toEqual([a.receiptNo, '吴小川', '已录取', '待重拨', '父亲 张大伟']);
    expect(fatherRow[7]).toContain('示例县实验小学');
    expect(fatherRow[8]).toContain('空号（号码已停机）');
    expect(byPhone.get(mother!)![6]).toBe('空号');
    expect(byPhone.get(father!)![6]).toBeUndefined();
    expect(ws.getRow(2).getCell(6).numFmt).toBe('@');
    expect(lines.some((l) => l[0] === '本名单含完整电话号码，仅供拨打使用，用后销毁。')).toBe(true);
    const audit = await desk.call('audit.list', { limit: 10 });
    expect(audit.find((e) => e.action === 'calls.exported')?.details).toMatchObject({ rows: 2, view: 'open', format: 'xlsx' });
    // The printed list is still the default.
    expect((await desk.call('calls.export', { view: 'open' })).mime).toBe('application/pdf');
  });
});
