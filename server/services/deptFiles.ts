import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { format } from '../../shared/i18n/zhCN';
import { deptText } from '../../shared/i18n/zhCN.dept';
import { type Cell } from '../../shared/dept/values';
import { CentralDirectoryWorkbookReader } from './xlsxParts';

// Reading a department extract: CSV (UTF-8, UTF-16 with its byte-order mark, or GBK/GB18030 as older government
// systems write it) or XLSX (read as a stream, so a sheet of a million rows is never held whole). The reader yields
// the header row and then each row's cells with its line in the file; the import service (deptImport.ts) checks them.

export type Encoding = 'utf-8' | 'gb18030' | 'utf-16le';
export type EncodingChoice = Encoding | 'auto';

export interface SheetReader {
  kind: 'csv' | 'xlsx';
  encoding: Encoding | 'xlsx';
  headers: string[];
  /** Data rows in file order, in batches; `line` is 1-based (the header is line 1). */
  rows: AsyncIterable<{ line: number; cells: Cell[] }[]>;
}

export class FileProblem extends Error {
  constructor(
    message: string,
    readonly row: number | null = null,
  ) {
    super(message);
  }
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/**
 * The encoding of a CSV file: a byte-order mark decides; else UTF-8 when every byte sequence is valid UTF-8 (text
 * in GBK almost never is: its two-byte characters break UTF-8's continuation rules within a few characters); else
 * GB18030, the superset of GBK and GB2312 that every Chinese government system's "ANSI" export fits.
 */
export function detectEncoding(bytes: Buffer): Encoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

function decode(bytes: Buffer, encoding: Encoding): string {
  if (encoding === 'gb18030') {
    // iconv-lite maps what GB18030 cannot encode to U+FFFD; a file that decodes with it is not GB18030 either.
    const text = iconv.decode(bytes, 'gb18030');
    if (text.includes('\uFFFD')) throw new FileProblem(deptText.file.undecodable);
    return text;
  }
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new FileProblem(deptText.file.undecodable);
  }
}

/** Opens a file by its content (not its name): XLSX is a ZIP; an old .xls (OLE) is refused with what to do. */
export async function openSheet(bytes: Buffer, encodingChoice: EncodingChoice = 'auto'): Promise<SheetReader> {
  if (bytes.subarray(0, 4).equals(OLE)) throw new FileProblem(deptText.file.notCsvOrXlsx);
  if (bytes.subarray(0, 4).equals(ZIP)) return openXlsx(bytes);
  if (bytes.length === 0) throw new FileProblem(deptText.file.empty);
  const encoding = encodingChoice === 'auto' ? detectEncoding(bytes) : encodingChoice;
  return openCsv(decode(bytes, encoding), encoding);
}

const CHUNK = 1 << 20;

/**
 * CSV through Papa Parse (RFC 4180 quoting; about twice csv-parse's speed here, which decides how close an import
 * comes to PostgreSQL's own COPY). Papa parses slices of the text and pauses after each until the rows are taken, so
 * a million-row file never becomes a million arrays at once. Line numbers count the line breaks inside quoted cells.
 */
async function openCsv(text: string, encoding: Encoding): Promise<SheetReader> {
  type Slice = { rows: string[][]; error: FileProblem | null };
  const queue: Slice[] = [];
  let done = false;
  let wake: (() => void) | null = null;
  const state: { parser: Papa.Parser | null } = { parser: null };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  Papa.parse<string[]>(body, {
    chunkSize: CHUNK,
    skipEmptyLines: false,
    chunk: (results: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
      state.parser = parser;
      const bad = results.errors.find((e: Papa.ParseError) => e.type === 'Quotes' || e.code === 'InvalidQuotes' || e.code === 'MissingQuotes');
      queue.push({ rows: results.data, error: bad ? new FileProblem(format(deptText.file.csv, { row: (bad.row ?? 0) + 1, reason: bad.message }), null) : null });
      parser.pause();
      wake?.();
    },
    complete: () => {
      done = true;
      wake?.();
    },
  });
  let line = 0;
  const slices = (async function* (): AsyncGenerator<{ line: number; cells: Cell[] }[]> {
    for (;;) {
      const slice = queue.shift();
      if (slice) {
        if (slice.error) throw slice.error;
        const out: { line: number; cells: Cell[] }[] = [];
        for (const cells of slice.rows) {
          const at = ++line;
          for (const c of cells) if (c.includes('\n')) line += c.split('\n').length - 1;
          if (cells.length === 1 && cells[0] === '') continue;
          out.push({ line: at, cells });
        }
        yield out;
        continue;
      }
      if (done) return;
      const resume = state.parser;
      await new Promise<void>((resolve) => {
        wake = resolve;
        resume?.resume();
      });
      wake = null;
    }
  })();
  let headers: string[] | null = null;
  let firstRows: { line: number; cells: Cell[] }[] = [];
  while (headers === null) {
    const first = await slices.next();
    if (first.done) throw new FileProblem(deptText.file.empty);
    if (first.value.length === 0) continue;
    headers = (first.value[0]!.cells as string[]).map((h) => h.trim());
    firstRows = first.value.slice(1);
  }
  return {
    kind: 'csv',
    encoding,
    headers,
    rows: {
      async *[Symbol.asyncIterator]() {
        if (firstRows.length > 0) yield firstRows;
        for await (const b of slices) yield b;
      },
    },
  };
}

function xlsxCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return xlsxCell(v.result);
    if ('error' in v) return String(v.error);
  }
  // Formulas without a cached result, shared formulas: nothing a department field can be read from.
  return null;
}

async function openXlsx(bytes: Buffer): Promise<SheetReader> {
  const reader = new CentralDirectoryWorkbookReader(bytes, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit' });
  const rows = (async function* () {
    try {
      for await (const sheet of reader) {
        for await (const row of sheet) {
          const values = row.values as ExcelJS.CellValue[];
          yield { line: row.number, cells: values.slice(1).map(xlsxCell) };
        }
        return; // the first sheet only
      }
    } catch (e: unknown) {
      throw new FileProblem(format(deptText.file.xlsx, { reason: e instanceof Error ? e.message : String(e) }));
    }
  })();
  const first = await rows.next();
  if (first.done) throw new FileProblem(deptText.file.empty);
  const headers = first.value.cells.map((c) => (c === null || c === undefined ? '' : String(c).trim()));
  return {
    kind: 'xlsx',
    encoding: 'xlsx',
    headers,
    rows: {
      async *[Symbol.asyncIterator]() {
        let batch: { line: number; cells: Cell[] }[] = [];
        for (;;) {
          const r = await rows.next();
          if (r.done) break;
          if (r.value.cells.every((c) => c === null || c === undefined || c === '')) continue;
          batch.push(r.value);
          if (batch.length >= 1000) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length > 0) yield batch;
      },
    },
  };
}
