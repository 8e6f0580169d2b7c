import { stmt, type Db } from '../connection';

export interface AuditRow {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  target: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

export class AuditRepo {
  constructor(private readonly db: Db) {}
  last(): AuditRow | undefined {
    return stmt<[], AuditRow>(this.db, 'SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1').get();
  }
  insert(row: AuditRow): void {
    stmt(this.db, 
        `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, target, details, prev_hash, hash)
         VALUES (@seq, @at, @actor_id, @actor_name, @action, @target, @details, @prev_hash, @hash)`,
      )
      .run(row);
  }
  page(beforeSeq: number | undefined, limit: number): AuditRow[] {
    return stmt<[number, number], AuditRow>(this.db, 'SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?')
      .all(beforeSeq ?? Number.MAX_SAFE_INTEGER, limit);
  }
  forTarget(target: string, limit: number): AuditRow[] {
    return stmt<[string, number], AuditRow>(this.db, 'SELECT * FROM audit_log WHERE target = ? ORDER BY seq LIMIT ?')
      .all(target, limit);
  }
  get(seq: number): AuditRow | undefined {
    return stmt<[number], AuditRow>(this.db, 'SELECT * FROM audit_log WHERE seq = ?').get(seq);
  }
  /** Rows from `seq` on (inclusive), in order. */
  iterateFrom(seq: number): IterableIterator<AuditRow> {
    return stmt<[number], AuditRow>(this.db, 'SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').iterate(seq);
  }
}
