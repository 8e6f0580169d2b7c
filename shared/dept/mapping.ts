import { z } from 'zod';
import { format } from '../i18n/zhCN';
import { deptFieldNames, deptText } from '../i18n/zhCN.dept';
import { type Cell, checkCell } from './values';
import { type DeptRow, type DeptSource, SOURCES } from './sources';

// Which column of a file holds which field (列对应关系). The county saves one mapping per source and it is reused
// for the next extract of that source; a file whose headers it does not fit gets a suggestion from the usual
// header names (sources.ts), which staff confirm or change.

/** Field key → the header of the column that holds it (exactly as in the file's first row). */
export const columnMappingSchema = z.record(z.string().max(40), z.string().max(100));
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

/** A header as compared: spaces, full-width brackets and a trailing colon do not matter. */
export function headerKey(h: string): string {
  return h
    .replace(/[\s\u3000\uFEFF]/g, '')
    .replace(/[（(]/g, '(')
    .replace(/[）)]/g, ')')
    .replace(/[:：]$/, '')
    .toLowerCase();
}

/** For each field, the saved header when the file has it, else the first usual header the file has. */
export function suggestMapping(source: DeptSource, headers: readonly string[], saved: ColumnMapping | null): ColumnMapping {
  const byKey = new Map(headers.map((h) => [headerKey(h), h]));
  const taken = new Set<string>();
  const out: ColumnMapping = {};
  for (const spec of SOURCES[source].fields) {
    const candidates = [...(saved?.[spec.key] ? [saved[spec.key]!] : []), ...spec.headers];
    for (const c of candidates) {
      const h = byKey.get(headerKey(c));
      if (h !== undefined && !taken.has(h)) {
        out[spec.key] = h;
        taken.add(h);
        break;
      }
    }
  }
  return out;
}

export interface ImportProblem {
  /** 1-based line of the file (the header is row 1); null for a problem of the whole file. */
  row: number | null;
  /** The column's header as in the file; null for a problem of the row or file. */
  column: string | null;
  message: string;
}

/** Column indexes of the mapped fields, or the problems that stop the import before any row is read. */
export function resolveColumns(source: DeptSource, headers: readonly string[], mapping: ColumnMapping): { columns: Map<string, number> } | { problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  if (headers.every((h) => h.trim() === '')) return { problems: [{ row: 1, column: null, message: deptText.file.noHeader }] };
  const seen = new Map<string, number>();
  headers.forEach((h, i) => {
    const k = headerKey(h);
    if (k === '') return;
    const first = seen.get(k);
    if (first !== undefined) problems.push({ row: 1, column: h, message: format(deptText.file.duplicateHeader, { header: h, first: first + 1, second: i + 1 }) });
    else seen.set(k, i);
  });
  const columns = new Map<string, number>();
  for (const spec of SOURCES[source].fields) {
    const header = mapping[spec.key];
    const field = deptFieldNames[spec.key] ?? spec.key;
    if (header === undefined || header === '') {
      if (spec.required) problems.push({ row: 1, column: null, message: format(deptText.file.missingColumn, { field, headers: spec.headers.join('、') }) });
      continue;
    }
    const index = seen.get(headerKey(header));
    if (index === undefined) problems.push({ row: 1, column: header, message: format(deptText.file.mappedColumnAbsent, { field, header }) });
    else columns.set(spec.key, index);
  }
  return problems.length > 0 ? { problems } : { columns };
}

/**
 * Validates one data row (`line` = its 1-based line in the file). Returns the row or its problems, one per cell,
 * each naming the column as the file's header does.
 */
export function checkRow(source: DeptSource, headers: readonly string[], columns: Map<string, number>, cells: readonly Cell[], line: number, today: string): { row: DeptRow } | { problems: ImportProblem[] } {
  const row: DeptRow = {};
  let problems: ImportProblem[] | null = null;
  for (const spec of SOURCES[source].fields) {
    const index = columns.get(spec.key);
    if (index === undefined) continue;
    const r = checkCell(spec, cells[index], today);
    if (r.ok) {
      if (r.value !== '') row[spec.key] = r.value;
    } else (problems ??= []).push({ row: line, column: headers[index] ?? null, message: r.message });
  }
  return problems ? { problems } : { row };
}
