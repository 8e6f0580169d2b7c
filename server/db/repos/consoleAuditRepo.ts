import { type Insertable, type Selectable, sql } from 'kysely';
import { type Database } from '../schema';
import { type Db } from './db';

export type ConsoleAuditRow = Selectable<Database['console_audit']>;

/** The console audit chain (services/console/audit.ts) and its sealed head. */
export class ConsoleAuditRepo {
  constructor(private readonly db: Db) {}

  /**
   * The sealed head, locking its row for the rest of the transaction on PostgreSQL (appenders queue here; SQLite
   * serialises writing transactions anyway).
   */
  async lockHead(dialect: 'sqlite' | 'postgres'): Promise<string> {
    const r = await sql<{ head: string }>`select head from console_audit_head where id = 1 ${sql.raw(dialect === 'postgres' ? 'for update' : '')}`.execute(this.db);
    return r.rows[0]?.head ?? '';
  }

  async head(): Promise<string> {
    const r = await this.db.selectFrom('console_audit_head').select('head').where('id', '=', 1).executeTakeFirst();
    return r?.head ?? '';
  }

  async setHead(head: string): Promise<void> {
    await this.db.updateTable('console_audit_head').set({ head }).where('id', '=', 1).execute();
  }

  async insert(row: Insertable<Database['console_audit']>): Promise<void> {
    await this.db.insertInto('console_audit').values(row).execute();
  }

  async bySeq(seq: number): Promise<ConsoleAuditRow | undefined> {
    const r = await this.db.selectFrom('console_audit').selectAll().where('seq', '=', seq).executeTakeFirst();
    return r && { ...r, seq: Number(r.seq) };
  }

  /** Rows with seq > after, in order (a page of the verifier's walk). */
  async pageAfter(after: number, limit: number): Promise<ConsoleAuditRow[]> {
    const rows = await this.db.selectFrom('console_audit').selectAll().where('seq', '>', after).orderBy('seq').limit(limit).execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }

  /** Newest first, before `before`, optionally by actor, target and action. */
  async list(f: { before?: number | undefined; limit: number; actorId?: string | undefined; target?: string | undefined; action?: string | undefined }): Promise<ConsoleAuditRow[]> {
    let q = this.db.selectFrom('console_audit').selectAll();
    if (f.before !== undefined) q = q.where('seq', '<', f.before);
    if (f.actorId !== undefined) q = q.where('actor_id', '=', f.actorId);
    if (f.target !== undefined) q = q.where('target', '=', f.target);
    if (f.action !== undefined) q = q.where('action', '=', f.action);
    const rows = await q.orderBy('seq', 'desc').limit(f.limit).execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }
}
