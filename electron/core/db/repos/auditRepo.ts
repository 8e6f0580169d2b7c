import type { Db } from '../connection';

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
    return this.db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1').get();
  }
  insert(row: AuditRow): void {
    this.db
      .prepare(
        `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, target, details, prev_hash, hash)
         VALUES (@seq, @at, @actor_id, @actor_name, @action, @target, @details, @prev_hash, @hash)`,
      )
      .run(row);
  }
  page(beforeSeq: number | undefined, limit: number): AuditRow[] {
    return this.db
      .prepare<[number, number], AuditRow>('SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?')
      .all(beforeSeq ?? Number.MAX_SAFE_INTEGER, limit);
  }
  forTarget(target: string, limit: number): AuditRow[] {
    return this.db
      .prepare<[string, number], AuditRow>('SELECT * FROM audit_log WHERE target = ? ORDER BY seq LIMIT ?')
      .all(target, limit);
  }
  iterate(): IterableIterator<AuditRow> {
    return this.db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq').iterate();
  }
}
