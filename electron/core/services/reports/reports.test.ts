import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ADMIN, approveIfOutsideWindow, openPlannedDesk, type TestDesk } from '../../testing/desk';
import { houseHukouApplication, makeId } from '../../testing/fixtures';
import { localDay } from '../../time';
import type { CountyPlan } from '../../../../shared/plan/schema';

let desk: TestDesk;
let plan: CountyPlan;
let planKey: string;
const ids: Record<string, string> = {};
const receipts: Record<string, string> = {};
const CLERK = { username: 'clerk1', displayName: '李受理', password: 'Clerk2026ok' };

async function submit(name: string, idNumber: string, missingItem?: string): Promise<void> {
  const data = houseHukouApplication(plan, { name, idNumber, birthDate: `20${idNumber.slice(8, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}` });
  if (missingItem) data.materials = (data.materials ?? []).map((m) => (m.itemId === missingItem ? { ...m, state: 'missing' as const } : m));
  const { id } = await desk.call('applications.saveDraft', { data });
  await approveIfOutsideWindow(desk, id);
  const r = await desk.call('applications.submit', { id, data, planKey, confirmNearMatches: true });
  ids[name] = id;
  receipts[name] = r.receiptNo;
}

const today = () => localDay(desk.ports.clock.now());

beforeAll(async () => {
  ({ desk, plan, planKey } = await openPlannedDesk());
  await submit('王一', makeId('370102', '2020-03-01', '011'));
  await submit('王二', makeId('370102', '2020-04-01', '021'), plan.materials[0]!.id);
  await submit('王三', makeId('370102', '2020-05-01', '031'));
  await desk.call('applications.saveDraft', { data: { grade: 'primary1', child: { name: '草稿', idType: 'resident_id', idNumber: '', birthDate: '2020-01-01', sex: 'M' } } as never }).catch(() => undefined);
  await desk.call('applications.void', { id: ids['王三']!, reason: '家长撤回申请' });
  const printed = await desk.call('printing.render', { applicationId: ids['王一']!, kind: 'receipt' });
  await desk.call('printing.print', { printoutId: printed.printoutId });
  await desk.call('printing.print', { printoutId: printed.printoutId, reason: '家长遗失回执' });
  await desk.call('staff.create', { ...CLERK, role: 'clerk' } as never);
}, 120_000);

afterAll(() => desk.cleanup());

describe('reports', () => {
  it('工作台 counts for today: taken, drafts, follow-ups due once their deadline comes, not uploaded', async () => {
    const counts = await desk.call('reports.today', {});
    expect(counts).toMatchObject({ day: today(), taken: 3, notUploaded: 3, followUpsDue: 0, printFailed: 0, lastBackupAt: null, backupStale: true, reenrollNeeded: false });
    // The supplement deadline is counted from submission: past it, the missing item is due.
    desk.ports.clock.advance(plan.texts.supplementDeadlineDays * 86_400_000);
    await desk.call('auth.unlockSession', { password: ADMIN.password }).catch(() => undefined);
    expect((await desk.call('reports.today', {})).followUpsDue).toBe(1);
    desk.ports.clock.advance(-plan.texts.supplementDeadlineDays * 86_400_000);
  });

  it('the daily report counts by type, school, grade, status and lists voids and reprints with their audit numbers', async () => {
    const r = await desk.call('reports.summary', { from: today(), to: today() });
    expect(r.taken).toBe(3);
    expect(r.byType).toEqual([{ key: 'house_hukou', label: '房户一致', count: 2 }]);
    expect(r.byGrade).toEqual([{ key: 'primary1', label: '小学一年级', count: 2 }]);
    expect(r.bySchool[0]?.label).toBe(plan.schools.find((s) => s.id === r.bySchool[0]?.key)?.name);
    expect(r.byStatus).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'accepted', count: 2 }), expect.objectContaining({ key: 'void', label: '已作废', count: 1 })]));
    const audit = await desk.call('audit.list', { limit: 100 });
    const voidRow = audit.find((a) => a.action === 'application.voided');
    expect(r.voided).toEqual([expect.objectContaining({ receiptNo: receipts['王三'], childName: '王三', reason: '家长撤回申请', auditSeq: voidRow!.seq, by: ADMIN.displayName })]);
    const reprintRow = audit.find((a) => a.action === 'printout.reprinted');
    expect(r.reprinted).toEqual([expect.objectContaining({ receiptNo: receipts['王一'], document: '受理回执', reprintNo: 1, reason: '家长遗失回执', auditSeq: reprintRow!.seq, by: ADMIN.displayName })]);
    expect(r.missing).toEqual([expect.objectContaining({ receiptNo: receipts['王二'], items: [plan.materials[0]!.name] })]);
    expect(r.sync).toEqual({ uploaded: 0, pending: 3, problems: 0 });
    // An empty day is empty, not an error.
    const empty = await desk.call('reports.summary', { from: '2025-01-01', to: '2025-01-01' });
    expect(empty).toMatchObject({ taken: 0, byType: [], voided: [], missing: [] });
  });

  it('exports the report as XLSX that reads back in Chinese, and as an A4 PDF; both audited', async () => {
    const x = await desk.call('reports.export', { from: today(), to: today(), format: 'xlsx' });
    expect(x.fileName).toBe(`日报-A01-${today()}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.dataBase64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '作废申请', '重打文书', '缺少材料（待补充）']);
    const voided = wb.getWorksheet('作废申请')!;
    expect(voided.getRow(2).getCell(1).value).toBe(receipts['王三']);
    expect(voided.getRow(2).getCell(2).value).toBe('王三');
    const p = await desk.call('reports.export', { from: today(), to: today(), format: 'pdf' });
    const dir = mkdtempSync(join(tmpdir(), 'report-'));
    try {
      writeFileSync(join(dir, 'r.pdf'), Buffer.from(p.dataBase64, 'base64'));
      if (process.env.REPORT_PDF_OUT) writeFileSync(process.env.REPORT_PDF_OUT, Buffer.from(p.dataBase64, 'base64'));
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('日报');
      expect(text).toContain('家长撤回申请');
      expect(text).toContain(receipts['王二']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const audit = await desk.call('audit.list', { limit: 10 });
    expect(audit.filter((a) => a.action === 'report.exported').map((a) => a.details.format)).toEqual(['pdf', 'xlsx']);
  }, 60_000);

  it('the application list exports its current filter, masked unless a supervisor asks for full numbers', async () => {
    const filter = { query: '王', status: ['accepted' as const], includeDrafts: false };
    const full = await desk.call('reports.exportApplications', { filter, format: 'xlsx', fullNumbers: true });
    expect(full.rows).toBe(2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(full.dataBase64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('申请列表')!;
    const cells = [2, 3].map((n) => ws.getRow(n).getCell(3).text);
    expect(cells.sort()).toEqual([makeId('370102', '2020-03-01', '011'), makeId('370102', '2020-04-01', '021')].sort());

    await desk.call('auth.logout', {});
    await desk.call('auth.login', { username: CLERK.username, password: CLERK.password });
    await desk.call('auth.changePassword', { currentPassword: CLERK.password, newPassword: 'Clerk2027ok' }).catch(() => undefined);
    expect((await desk.fail('reports.exportApplications', { filter, format: 'xlsx', fullNumbers: true })).code).toBe('FORBIDDEN');
    const masked = await desk.call('reports.exportApplications', { filter, format: 'xlsx' });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(Buffer.from(masked.dataBase64, 'base64') as unknown as ArrayBuffer);
    const id = wb2.getWorksheet('申请列表')!.getRow(2).getCell(3).text;
    expect(id).toMatch(/^3701\*{10}\w{4}$/);
    const phone = wb2.getWorksheet('申请列表')!.getRow(2).getCell(10).text;
    expect(phone).toMatch(/^\d{3}\*{4}\d{4}/);
    const pdf = await desk.call('reports.exportApplications', { filter, format: 'pdf' });
    expect(Buffer.from(pdf.dataBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    await desk.call('auth.logout', {});
    await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    const audit = await desk.call('audit.list', { limit: 20 });
    expect(audit.filter((a) => a.action === 'applications.exported').map((a) => [a.actorName?.includes(CLERK.username) ?? false, a.details.fullNumbers, a.details.rows])).toEqual([
      [true, false, 2],
      [true, false, 2],
      [false, true, 2],
    ]);
  }, 60_000);
});
