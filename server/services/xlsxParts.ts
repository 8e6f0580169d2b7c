import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

// exceljs's streaming WorkbookReader reads an .xlsx in one pass of `unzipper.Parse`, in the order the parts are
// stored, and parses a worksheet as soon as the shared strings and relationships are in. That pass can lose a part
// under load (exceljs#3064, unzipper#234): CI once failed a department import of the sample 不动产 .xlsx with
// "Cannot read properties of undefined (reading 'sheets')", because xl/workbook.xml (stored last by exceljs and
// WPS) never arrived. A clerk would have been told the file cannot be read and to save it again, for a sound file.
//
// This reader keeps exceljs's parsers (cell types, shared strings, dates from styles) but takes the parts from the
// zip's central directory (JSZip): relationships, workbook, shared strings and styles first, then the worksheets in
// the workbook's tab order, each still parsed row by row from its own inflating stream. The compressed file is in
// memory anyway (it came in the request body).

interface ReaderInternals {
  options: Record<string, unknown>;
  model?: { sheets?: { id: number; name: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<{ eventType: string; value: unknown }>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: Readable, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
}

type WorkbookReaderClass = new (input: unknown, options: Record<string, unknown>) => ReaderInternals;
const Base = ExcelJS.stream.xlsx.WorkbookReader as unknown as WorkbookReaderClass;

const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/** The worksheet part names in the order the workbook lists its tabs (parts no tab names come last, by number). */
function sheetOrder(zip: JSZip, reader: ReaderInternals): string[] {
  const parts = Object.keys(zip.files).filter((p) => SHEET.test(p));
  parts.sort((a, b) => Number(SHEET.exec(a)![1]) - Number(SHEET.exec(b)![1]));
  const byId = new Map((reader.workbookRels ?? []).map((r) => [r.Id, `xl/${r.Target.replace(/^\/?xl\//, '').replace(/^\//, '')}`]));
  const tabs = (reader.model?.sheets ?? []).map((s) => byId.get(s.rId)).filter((p): p is string => p !== undefined && parts.includes(p));
  return [...new Set([...tabs, ...parts])];
}

export class CentralDirectoryWorkbookReader extends Base {
  constructor(
    private readonly bytes: Buffer,
    options: Record<string, unknown>,
  ) {
    super(bytes, options);
  }

  async *parse(): AsyncGenerator<{ eventType: string; value: unknown }> {
    const zip = await JSZip.loadAsync(this.bytes);
    const part = (path: string): Readable | null => {
      const file = zip.file(path);
      return file ? (file.nodeStream('nodebuffer') as unknown as Readable).pipe(new PassThrough()) : null;
    };
    const rels = part('xl/_rels/workbook.xml.rels');
    if (rels) await this._parseRels(rels);
    const workbook = part('xl/workbook.xml');
    if (workbook) await this._parseWorkbook(workbook);
    const strings = part('xl/sharedStrings.xml');
    if (strings) yield* this._parseSharedStrings(strings);
    const styles = part('xl/styles.xml');
    if (styles) await this._parseStyles(styles);
    if (!this.model) this.model = { sheets: [] };
    for (const path of sheetOrder(zip, this)) yield* this._parseWorksheet(part(path)!, SHEET.exec(path)![1]!);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<AsyncIterable<ExcelJS.Row>> {
    for await (const { eventType, value } of this.parse()) if (eventType === 'worksheet') yield value as AsyncIterable<ExcelJS.Row>;
  }
}
