import { createHash, createHmac } from 'node:crypto';
import { type ColumnMapping, type ImportProblem, checkRow, resolveColumns, suggestMapping } from '../../shared/dept/mapping';
import { type DeptRow, type DeptSource, SOURCES, otherField, personField } from '../../shared/dept/sources';
import { format } from '../../shared/i18n/zhCN';
import { deptText } from '../../shared/i18n/zhCN.dept';
import { type Store } from '../db/open';
import { openRecordSink } from '../db/repos/deptBulk';
import { type DeptImportRow, type DeptRecordInsert } from '../db/repos/deptRepo';
import { reposOf } from '../db/repos';
import { type County } from './counters';
import { type EncodingChoice, FileProblem, openSheet } from './deptFiles';
import { calendarDayOf, chinaDay } from '../../shared/chinaTime';

// Importing a department extract (issue 14): read (deptFiles.ts), map columns (saved per source), check every row
// with the shared rules (shared/dept), store all rows or none. While rows are checked they are already written to a
// `loading` import that nobody reads; the first problem stops the writing (the rest of the file is still checked so
// every problem is listed at once), and a file with problems leaves nothing behind. Only a complete import becomes
// `active`, with the data version bumped so verification is recomputed.

/** Where a live department interface would plug in beside files: it yields checked rows for one source. */
export interface SourceAdapter {
  source: DeptSource;
  /** Shown as the import's file name (e.g. `接口：市大数据局 2026-07-01`). */
  label: string;
  rows(): AsyncIterable<DeptRow>;
}

export interface ImportRequest {
  source: DeptSource;
  fileName: string;
  bytes: Buffer;
  encoding?: EncodingChoice;
  /** Column mapping; the saved one (or the suggestion from usual header names) when absent. */
  mapping?: ColumnMapping;
  /** `replace`: the extract replaces every earlier import of its source (the usual full extract); `add`: it adds to them (an extract per 派出所). */
  mode?: 'replace' | 'add';
  by: string;
  /** Last day the rows are kept (the plan's period); purged after it. */
  retainUntil: string;
}

export type ImportOutcome =
  | { ok: true; importId: number; rows: number; encoding: string; mapping: ColumnMapping; fileSha256: string }
  | { ok: false; problems: ImportProblem[]; totalProblems: number; headers: string[]; mapping: ColumnMapping; encoding: string };

const MAX_LISTED = 200;
const BATCH = 2000;

/** Children's rows carry the keyed hash desks send (零证明 at the ID field, tracing): anyone born in the last 18 years. */
function childHashIfYoung(key: Buffer, id: string | null, today: string): string | null {
  if (id === null || id.length !== 18) return null;
  const birthYear = Number(id.slice(6, 10));
  if (!(birthYear >= Number(today.slice(0, 4)) - 18)) return null;
  return createHmac('sha256', key).update(id).digest('hex');
}

function keyNoOf(source: DeptSource, row: DeptRow): string | null {
  if (source === 'property') return row.certificateNo ?? null;
  if (source === 'purchase_contract') return row.contractNo ?? null;
  return null;
}

/** The database row of a checked department row. */
export function recordOf(source: DeptSource, importId: number, rowNo: number, row: DeptRow, county: County, today: string): DeptRecordInsert {
  const personId = row[personField(source).key] ?? null;
  const other = otherField(source);
  return {
    import_id: importId,
    row_no: rowNo,
    person_id: personId,
    other_id: other ? (row[other.key] ?? null) : null,
    person_hash: childHashIfYoung(county.idHashKey, personId, today),
    key_no: keyNoOf(source, row),
    data: JSON.stringify(row),
  };
}

/** The first rows of a file as read, the encoding found and the suggested mapping: what staff confirm before importing. */
export async function previewExtract(store: Store, source: DeptSource, bytes: Buffer, encoding: EncodingChoice = 'auto') {
  const reader = await openSheet(bytes, encoding);
  const saved = await reposOf(store.db).dept.mapping(source);
  const mapping = suggestMapping(source, reader.headers, saved ? (JSON.parse(saved) as ColumnMapping) : null);
  const sample: string[][] = [];
  for await (const batch of reader.rows) {
    for (const r of batch.slice(0, 5)) sample.push(r.cells.map((c) => (c instanceof Date ? calendarDayOf(c) : c === null || c === undefined ? '' : String(c))));
    break;
  }
  return { headers: reader.headers, encoding: reader.encoding, mapping, sample, fields: SOURCES[source].fields };
}

export async function importExtract(store: Store, county: County, req: ImportRequest, now: Date): Promise<ImportOutcome> {
  const today = chinaDay(now);
  const fileSha256 = createHash('sha256').update(req.bytes).digest('hex');
  const repos = reposOf(store.db);
  let reader;
  try {
    reader = await openSheet(req.bytes, req.encoding ?? 'auto');
  } catch (e: unknown) {
    if (e instanceof FileProblem) return { ok: false, problems: [{ row: e.row, column: null, message: e.message }], totalProblems: 1, headers: [], mapping: {}, encoding: '' };
    throw e;
  }
  const saved = await repos.dept.mapping(req.source);
  const mapping = req.mapping ?? suggestMapping(req.source, reader.headers, saved ? (JSON.parse(saved) as ColumnMapping) : null);
  const resolved = resolveColumns(req.source, reader.headers, mapping);
  const fail = (problems: ImportProblem[], total = problems.length): ImportOutcome => ({ ok: false, problems, totalProblems: total, headers: reader.headers, mapping, encoding: reader.encoding });
  if ('problems' in resolved) return fail(resolved.problems);

  const importId = await repos.dept.createImport({
    source: req.source,
    mode: req.mode ?? 'replace',
    status: 'loading',
    file_name: req.fileName,
    file_sha256: fileSha256,
    encoding: reader.encoding,
    rows: 0,
    mapping: JSON.stringify(mapping),
    imported_by: req.by,
    imported_at: now.toISOString(),
    retain_until: req.retainUntil,
    withdrawn_by: null,
    withdrawn_at: null,
    withdraw_reason: null,
    purged_at: null,
  });
  const sink = await openRecordSink(store);
  const problems: ImportProblem[] = [];
  let total = 0;
  let rows = 0;
  let writing = true;
  let batch: DeptRecordInsert[] = [];
  const problem = (p: ImportProblem) => {
    total++;
    if (problems.length < MAX_LISTED) problems.push(p);
    if (writing) {
      writing = false;
      batch = [];
    }
  };
  try {
    const headerCount = reader.headers.length;
    for await (const rowsRead of reader.rows) for (const { line, cells } of rowsRead) {
      if (cells.length > headerCount && cells.slice(headerCount).some((c) => c !== null && c !== undefined && String(c).trim() !== '')) {
        problem({ row: line, column: null, message: format(deptText.file.columnCount, { row: line, actual: cells.length, expected: headerCount }) });
        continue;
      }
      const checked = checkRow(req.source, reader.headers, resolved.columns, cells, line, today);
      if ('problems' in checked) {
        for (const p of checked.problems) problem(p);
        continue;
      }
      rows++;
      if (!writing) continue;
      batch.push(recordOf(req.source, importId, line, checked.row, county, today));
      if (batch.length >= BATCH) {
        await sink.write(batch);
        batch = [];
      }
    }
    if (rows === 0 && total === 0) problem({ row: null, column: null, message: deptText.file.empty });
    if (total > 0) {
      await sink.abort(new Error('import has problems'));
      await repos.dept.deleteImport(importId);
      if (total > problems.length) problems.push({ row: null, column: null, message: format(deptText.file.tooManyProblems, { shown: problems.length, total }) });
      return fail(problems, total);
    }
    if (batch.length > 0) await sink.write(batch);
    await sink.finish();
  } catch (e: unknown) {
    await sink.abort(e instanceof Error ? e : new Error(String(e)));
    await repos.dept.deleteImport(importId);
    if (e instanceof FileProblem) return fail([{ row: e.row, column: null, message: e.message }]);
    throw e;
  }
  await store.db.transaction().execute(async (trx) => {
    const r = reposOf(trx);
    await r.dept.setImportRows(importId, rows);
    if (!(await r.dept.setStatus(importId, 'active', 'loading'))) throw new Error(`import ${importId} is no longer loading`);
    await r.dept.saveMapping(req.source, JSON.stringify(mapping), req.by, now.toISOString());
    await r.dept.bumpDataVersion();
  });
  return { ok: true, importId, rows, encoding: reader.encoding, mapping, fileSha256 };
}

/** Takes an import back: its rows stop counting at once (verification is recomputed); they are kept until purged. */
export async function withdrawImport(store: Store, importId: number, by: string, reason: string, now: Date): Promise<boolean> {
  return store.db.transaction().execute(async (trx) => {
    const r = reposOf(trx);
    if (!(await r.dept.withdraw(importId, by, now.toISOString(), reason))) return false;
    await r.dept.bumpDataVersion();
    return true;
  });
}

/**
 * An import still loading after this long was left by a process that stopped mid-import (the largest extract loads
 * in minutes). A younger one may be running right now, in this process or another: the purge leaves it alone.
 */
export const ABANDONED_IMPORT_MS = 6 * 3600_000;

/** Deletes the rows of imports past their retention day (and of imports a stopped process left loading). */
export async function purgeExpired(store: Store, now: Date): Promise<number[]> {
  const repos = reposOf(store.db);
  for (const id of await repos.dept.unfinished(new Date(now.getTime() - ABANDONED_IMPORT_MS).toISOString())) await repos.dept.deleteImport(id);
  const expired = await repos.dept.expired(chinaDay(now));
  for (const imp of expired) {
    await store.db.transaction().execute(async (trx) => {
      const r = reposOf(trx);
      await r.dept.deleteRecords(imp.id);
      await r.dept.markPurged(imp.id, now.toISOString());
      await r.dept.bumpDataVersion();
    });
  }
  return expired.map((i) => i.id);
}

/**
 * The imports whose rows count now, per source: every active import since (and including) the latest active
 * `replace` import of the source.
 */
export function activeImports(imports: readonly DeptImportRow[]): Map<DeptSource, number[]> {
  const out = new Map<DeptSource, number[]>();
  const bySource = new Map<string, DeptImportRow[]>();
  for (const i of imports) if (i.status === 'active') bySource.set(i.source, [...(bySource.get(i.source) ?? []), i]);
  for (const [source, list] of bySource) {
    const sorted = [...list].sort((a, b) => a.id - b.id);
    const lastReplace = sorted.filter((i) => i.mode === 'replace').pop();
    out.set(source as DeptSource, sorted.filter((i) => !lastReplace || i.id >= lastReplace.id).map((i) => i.id));
  }
  return out;
}
