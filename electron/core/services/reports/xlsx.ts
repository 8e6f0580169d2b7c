// XLSX workbooks with exceljs. Text stays text (receipt and ID numbers never turn into numbers or dates), the header
// row is frozen and the font is one Chinese Excel and WPS both have (宋体).
import ExcelJS from 'exceljs';
import type { Report } from '../../../../shared/contract';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import { chinaDateTime } from '../../../../shared/print/layout';
import { XLSX_FONT_NAME } from './fonts';
import type { ListLine } from './index';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const t = zhCN.reports;
const c = t.columns;
export const XLSX_FONT = { name: XLSX_FONT_NAME, size: 11 };

export function sheet(wb: ExcelJS.Workbook, name: string, headers: Array<{ header: string; key: string; width: number }>): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((h) => ({ ...h, style: { font: XLSX_FONT, numFmt: '@' } }));
  ws.getRow(1).font = { ...XLSX_FONT, bold: true };
  return ws;
}

export async function bytes(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function newBook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = zhCN.app.productName;
  // Fixed, so the same report gives the same workbook.
  wb.created = new Date(0);
  wb.modified = new Date(0);
  return wb;
}

export async function reportWorkbook(r: Report): Promise<Buffer> {
  const wb = newBook();
  const ws = sheet(wb, t.sheetSummary, [
    { header: c.item, key: 'item', width: 36 },
    { header: c.count, key: 'count', width: 12 },
  ]);
  const title = r.from === r.to ? format(t.titleDaily, { counter: r.counterName, day: r.from }) : format(t.titleRange, { counter: r.counterName, from: r.from, to: r.to });
  ws.addRow({ item: title });
  ws.addRow({ item: t.taken, count: r.taken });
  const block = (heading: string, rows: Array<{ label: string; count: number }>) => {
    ws.addRow({});
    ws.addRow({ item: heading }).font = { ...XLSX_FONT, bold: true };
    for (const x of rows) ws.addRow({ item: x.label, count: x.count });
  };
  block(t.sections.byType, r.byType);
  block(t.sections.bySchool, r.bySchool);
  block(t.sections.byGrade, r.byGrade);
  block(t.sections.byStatus, r.byStatus);
  block(t.sections.byClerk, r.byClerk);
  block(t.sections.sync, [
    { label: t.sync.uploaded, count: r.sync.uploaded },
    { label: t.sync.pending, count: r.sync.pending },
    { label: t.sync.problems, count: r.sync.problems },
  ]);
  const voided = sheet(wb, t.sections.voided, [
    { header: c.receiptNo, key: 'receiptNo', width: 28 },
    { header: c.childName, key: 'childName', width: 14 },
    { header: c.reason, key: 'reason', width: 40 },
    { header: c.at, key: 'at', width: 22 },
    { header: c.operator, key: 'by', width: 18 },
    { header: c.auditSeq, key: 'auditSeq', width: 10 },
  ]);
  for (const v of r.voided) voided.addRow({ ...v, at: chinaDateTime(v.at) });
  const reprinted = sheet(wb, t.sections.reprinted, [
    { header: c.receiptNo, key: 'receiptNo', width: 28 },
    { header: c.childName, key: 'childName', width: 14 },
    { header: c.document, key: 'document', width: 22 },
    { header: c.reprintNo, key: 'reprintNo', width: 10 },
    { header: c.reason, key: 'reason', width: 30 },
    { header: c.at, key: 'at', width: 22 },
    { header: c.operator, key: 'by', width: 16 },
    { header: c.auditSeq, key: 'auditSeq', width: 10 },
  ]);
  for (const x of r.reprinted) reprinted.addRow({ ...x, at: chinaDateTime(x.at) });
  const missing = sheet(wb, t.sections.missing, [
    { header: c.receiptNo, key: 'receiptNo', width: 28 },
    { header: c.childName, key: 'childName', width: 14 },
    { header: c.items, key: 'items', width: 50 },
    { header: c.dueDay, key: 'dueDay', width: 14 },
  ]);
  for (const m of r.missing) missing.addRow({ ...m, items: m.items.join('、') });
  return bytes(wb);
}

export async function applicationsWorkbook(title: string, lines: ListLine[]): Promise<Buffer> {
  const wb = newBook();
  wb.title = title;
  const ws = sheet(wb, t.sheetList, [
    { header: c.receiptNo, key: 'receiptNo', width: 28 },
    { header: c.childName, key: 'childName', width: 14 },
    { header: c.idNumber, key: 'idNumber', width: 22 },
    { header: c.birthDate, key: 'birthDate', width: 12 },
    { header: c.grade, key: 'grade', width: 16 },
    { header: c.school, key: 'school', width: 24 },
    { header: c.type, key: 'type', width: 16 },
    { header: c.status, key: 'status', width: 12 },
    { header: c.sync, key: 'sync', width: 10 },
    { header: c.phones, key: 'phones', width: 28 },
    { header: c.submittedAt, key: 'submittedAt', width: 22 },
    { header: c.by, key: 'by', width: 12 },
  ]);
  for (const l of lines) ws.addRow({ ...l, submittedAt: chinaDateTime(l.submittedAt) });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 12 } };
  return bytes(wb);
}
