import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { type Store } from '../open';
import { type DeptRecordInsert, DeptRepo } from './deptRepo';

// Writing the rows of a department import in bulk: PostgreSQL `COPY … FROM STDIN` (text format), SQLite multi-row
// inserts in short transactions (each chunk commits, so desks syncing meanwhile are not held up by a million-row
// import; the import stays invisible while `loading` and is removed whole if anything goes wrong).

export interface RecordSink {
  /** Hands a batch over; resolves when the sink can take more. */
  write(rows: readonly DeptRecordInsert[]): Promise<void>;
  /** All rows written; stored for good. */
  finish(): Promise<void>;
  /** Stops; nothing written stays (the caller deletes a `loading` import's rows for SQLite). */
  abort(reason: Error): Promise<void>;
}

/** COPY text format: backslash, tab, newline and carriage return escaped; `\N` is null. */
function copyValue(v: string | number | null): string {
  if (v === null) return '\\N';
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

export function copyLine(r: DeptRecordInsert): string {
  return `${r.import_id}\t${r.row_no}\t${copyValue(r.person_id)}\t${copyValue(r.other_id)}\t${copyValue(r.person_hash)}\t${copyValue(r.key_no)}\t${copyValue(r.data)}\n`;
}

export async function openRecordSink(store: Store): Promise<RecordSink> {
  if (store.dialect === 'postgres' && store.pgPool) return pgSink(store);
  return sqliteSink(store);
}

async function pgSink(store: Store): Promise<RecordSink> {
  const client = await store.pgPool!.connect();
  const copy = client.query(copyFrom('copy dept_records (import_id, row_no, person_id, other_id, person_hash, key_no, data) from stdin'));
  let failed: Error | null = null;
  copy.on('error', (e: Error) => (failed = e));
  let released = false;
  const release = (err?: Error) => {
    if (!released) client.release(err);
    released = true;
  };
  return {
    async write(rows) {
      if (failed) throw failed;
      let text = '';
      for (const r of rows) text += copyLine(r);
      if (!copy.write(text)) await once(copy, 'drain');
    },
    async finish() {
      try {
        copy.end();
        await finished(copy);
        release();
      } catch (e: unknown) {
        release(e as Error);
        throw e;
      }
    },
    async abort(reason) {
      // Destroying the stream ends the COPY with an error: PostgreSQL keeps none of its rows.
      copy.destroy(reason);
      await finished(copy).catch(() => undefined);
      release(reason);
    },
  };
}

function sqliteSink(store: Store): RecordSink {
  return {
    async write(rows) {
      await store.db.transaction().execute((trx) => new DeptRepo(trx).insertRecords(rows));
      // Let requests that waited for the connection in.
      await new Promise((resolve) => setImmediate(resolve));
    },
    finish: () => Promise.resolve(),
    abort: () => Promise.resolve(),
  };
}
