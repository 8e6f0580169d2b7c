import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { openSheet } from './deptFiles';

// The .xlsx reader takes the parts from the zip's central directory, so the order they are stored in no longer
// matters. exceljs's one-pass streaming reader parsed a worksheet as soon as the shared strings and relationships
// were in, and read the workbook part's tab list without checking it had arrived: stored before xl/workbook.xml,
// a worksheet failed with "Cannot read properties of undefined (reading 'sheets')" every time (and under load the
// pass could lose the last part: a CI run failed so on the sample 不动产 file).

const SAMPLE = join(import.meta.dirname, '..', '..', 'resources', 'dept-samples', '示例-自然资源-不动产登记.xlsx');

async function rowsOf(bytes: Buffer) {
  const sheet = await openSheet(bytes);
  const rows: unknown[] = [];
  for await (const batch of sheet.rows) rows.push(...batch.map((r) => r.cells));
  return { headers: sheet.headers, rows };
}

/** The same parts, stored in the given order (names not listed keep their place after them). */
async function restored(bytes: Buffer, first: string[]): Promise<Buffer> {
  const from = await JSZip.loadAsync(bytes);
  const to = new JSZip();
  const names = [...first, ...Object.keys(from.files).filter((n) => !first.includes(n) && !from.files[n]!.dir)];
  for (const name of names) to.file(name, await from.file(name)!.async('nodebuffer'));
  return to.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('department .xlsx files are read from the central directory', () => {
  it('reads the same rows whatever order the parts are stored in (workbook part last, worksheet before it)', async () => {
    const bytes = readFileSync(SAMPLE);
    const expected = await rowsOf(bytes);
    expect(expected.rows.length).toBeGreaterThan(3);
    const hostile = await restored(bytes, ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml', 'xl/worksheets/sheet1.xml']);
    expect((await JSZip.loadAsync(hostile)).file(/./).map((f) => f.name).at(-1)).not.toBe('xl/worksheets/sheet1.xml');
    expect(await rowsOf(hostile)).toEqual(expected);
  });

  it("reads the workbook's first tab, with dates and shared strings, when the tabs are not in part order", async () => {
    const wb = new ExcelJS.Workbook();
    const notes = wb.addWorksheet('说明');
    notes.addRow(['这一页不是数据']);
    const data = wb.addWorksheet('数据');
    data.addRow(['证书号', '权利人', '登簿日期']);
    data.addRow(['鲁(2024)示例县不动产权第0000001号', '𠮷田明', new Date(Date.UTC(2024, 4, 1))]);
    // exceljs writes tabs by orderNo (not in its typings).
    Object.assign(data, { orderNo: 0 });
    Object.assign(notes, { orderNo: 1 });
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const read = await rowsOf(bytes);
    // exceljs lists 数据 first (tab order) but stores it as sheet2.xml: the reader follows the tabs, not the part numbers.
    expect(read.headers).toEqual(['证书号', '权利人', '登簿日期']);
    expect(read.rows).toEqual([['鲁(2024)示例县不动产权第0000001号', '𠮷田明', new Date(Date.UTC(2024, 4, 1))]]);
  });

  it('a file that is not a zip is a clear problem, not a crash', async () => {
    await expect(openSheet(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(64)]))).rejects.toThrow(/Excel|xlsx|文件/);
  });
});
