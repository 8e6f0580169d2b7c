import ExcelJS from 'exceljs';

/** An XLSX file with one sheet of these rows (dates as Excel dates, text as text). */
export async function writeSampleXlsx(rows: (string | Date)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('数据（示例）');
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c) => (c.width = 24));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
