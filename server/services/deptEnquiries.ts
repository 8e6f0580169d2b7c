import ExcelJS from 'exceljs';
import { type DeptEnquiry } from '../../shared/console/dept';
import { type DeptSource, deptSourceSchema } from '../../shared/dept/sources';
import { type Verification } from '../../shared/dept/verify';
import { format } from '../../shared/i18n/zhCN';
import { deptSourceNames } from '../../shared/i18n/zhCN.dept';
import { deptConsoleText } from '../../shared/i18n/zhCN.deptConsole';
import { type Store } from '../db/open';
import { reposOf } from '../db/repos';
import { latestPlan } from './deptVerify';

// 函调: where the imported data has no record of a material, the bureau asks the department by letter. The list per
// department is collected from the current verifications (every material 无记录), exported as XLSX to send or print,
// and each answer is recorded by hand with who and when.

const t = deptConsoleText.enquiries;

/**
 * Adds an enquiry for every material that department data has no record of (once per application and material),
 * reading the current verifications `chunk` applications at a time.
 */
export async function collectEnquiries(store: Pick<Store, 'db'>, by: string, now: Date, chunk = 1000): Promise<number> {
  const repo = reposOf(store.db).dept;
  const at = now.toISOString();
  const version = await repo.dataVersion();
  let added = 0;
  let after = '';
  for (;;) {
    const page = await repo.currentResults(version, chunk, after);
    const rows: Parameters<typeof repo.addEnquiries>[0][number][] = [];
    for (const app of page) {
      const v = JSON.parse(app.result) as Verification;
      for (const m of v.materials) {
        const source = m.sources[0];
        if (m.status !== 'no_record' || !source) continue;
        rows.push({ source, application_id: app.application_id, item_id: m.itemId, created_at: at, created_by: by, exported_at: null, answer: null, answer_note: null, answered_by: null, answered_at: null });
      }
    }
    added += await repo.addEnquiries(rows);
    if (page.length < chunk) return added;
    after = page[page.length - 1]!.application_id;
  }
}

export async function listEnquiries(store: Pick<Store, 'db'>, source: DeptSource | undefined, state: 'open' | 'answered' | 'all'): Promise<DeptEnquiry[]> {
  const plan = await latestPlan(store);
  const names = new Map((plan?.materials ?? []).map((m) => [m.id, m.name]));
  const rows = await reposOf(store.db).dept.enquiryRows(source);
  return rows
    .filter((r) => state === 'all' || (state === 'open' ? r.answer === null : r.answer !== null))
    .map((r) => ({
      id: r.id,
      source: deptSourceSchema.parse(r.source),
      applicationId: r.application_id,
      receiptNo: r.receipt_no ?? '',
      childName: r.child_name ?? '',
      idNumber: r.id_number ?? '',
      itemId: r.item_id,
      itemName: names.get(r.item_id) ?? r.item_id,
      createdAt: r.created_at,
      createdBy: r.created_by,
      exportedAt: r.exported_at,
      answer: r.answer === 'confirmed' || r.answer === 'denied' ? r.answer : null,
      answerNote: r.answer_note,
      answeredBy: r.answered_by,
      answeredAt: r.answered_at,
    }));
}

/** The open enquiries of one department as an XLSX letter attachment; marks them exported. */
export async function exportEnquiries(store: Pick<Store, 'db'>, source: DeptSource, now: Date): Promise<{ fileName: string; bytes: Buffer; count: number }> {
  const open = await listEnquiries(store, source, 'open');
  const names = deptSourceNames[source];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t.sheet);
  ws.addRow([format(t.sheetTitle, { department: names.department, source: names.name })]).font = { bold: true, size: 14 };
  ws.addRow([t.sheetNote]);
  ws.addRow([...t.columns]).font = { bold: true };
  open.forEach((e, i) => ws.addRow([i + 1, e.receiptNo, e.childName, e.idNumber, e.itemName, '', '']));
  for (const [col, width] of [
    [2, 28],
    [3, 14],
    [4, 22],
    [5, 18],
    [6, 16],
    [7, 30],
  ] as const)
    ws.getColumn(col).width = width;
  await reposOf(store.db).dept.markExported(
    open.map((e) => e.id),
    now.toISOString(),
  );
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  return { fileName: format(t.fileName, { department: names.department, source: names.name, day }), bytes: Buffer.from(await wb.xlsx.writeBuffer()), count: open.length };
}
