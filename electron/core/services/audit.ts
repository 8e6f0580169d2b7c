import { createHmac } from 'node:crypto';
import type { Db } from '../db/connection';
import { AuditRepo, type AuditRow } from '../db/repos/auditRepo';
import { MetaRepo } from '../db/repos/metaRepo';
import type { AuditEntry, AuditVerification } from '../../../shared/contract';

export interface AuditInput {
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);
const HEAD_KEY = 'audit.head';

/**
 * Append-only, hash-chained audit log. Each row's MAC covers its fields and the previous row's MAC,
 * keyed with a key derived from the database key, so a changed, inserted or deleted row breaks the
 * chain and cannot be re-chained without the key. The last sequence number and MAC are also kept in
 * `meta`, so removing rows from the end is detected too.
 */
export class AuditLog {
  private readonly repo: AuditRepo;
  private readonly meta: MetaRepo;

  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
  ) {
    this.repo = new AuditRepo(db);
    this.meta = new MetaRepo(db);
  }

  /** Appends one entry. Call inside the transaction of the change it records. */
  append(input: AuditInput): AuditEntry {
    const write = () => {
      const last = this.repo.last();
      const row: AuditRow = {
        seq: (last?.seq ?? 0) + 1,
        at: input.at,
        actor_id: input.actorId,
        actor_name: input.actorName,
        action: input.action,
        target: input.target ?? null,
        details: JSON.stringify(input.details ?? {}),
        prev_hash: last?.hash ?? GENESIS,
        hash: '',
      };
      row.hash = this.mac(row);
      this.repo.insert(row);
      this.meta.set(HEAD_KEY, `${row.seq}:${row.hash}`);
      return toEntry(row);
    };
    return this.db.inTransaction ? write() : this.db.transaction(write)();
  }

  list(beforeSeq: number | undefined, limit: number): AuditEntry[] {
    return this.repo.page(beforeSeq, limit).map(toEntry);
  }

  forTarget(target: string, limit = 200): AuditEntry[] {
    return this.repo.forTarget(target, limit).map(toEntry);
  }

  verify(): AuditVerification {
    let expectedSeq = 1;
    let prev = GENESIS;
    let checked = 0;
    for (const row of this.repo.iterate()) {
      if (row.seq !== expectedSeq) return bad(checked, expectedSeq, `第 ${expectedSeq} 条记录缺失（已被删除）`);
      if (row.prev_hash !== prev) return bad(checked, row.seq, `第 ${row.seq} 条记录与上一条的链接不符`);
      if (row.hash !== this.mac(row)) return bad(checked, row.seq, `第 ${row.seq} 条记录内容被修改`);
      prev = row.hash;
      expectedSeq++;
      checked++;
    }
    const head = this.meta.get(HEAD_KEY);
    const lastSeq = expectedSeq - 1;
    if (head !== undefined && head !== `${lastSeq}:${prev}`) {
      const headSeq = Number(head.split(':')[0]);
      return bad(checked, lastSeq + 1, `日志末尾缺少记录（应有 ${headSeq} 条，实有 ${lastSeq} 条）`);
    }
    if (head === undefined && lastSeq > 0) return bad(checked, lastSeq, '日志头记录缺失');
    return { ok: true, checked, firstBadSeq: null, problem: null };
  }

  private mac(row: AuditRow): string {
    const canonical = JSON.stringify([
      row.seq,
      row.at,
      row.actor_id,
      row.actor_name,
      row.action,
      row.target,
      row.details,
      row.prev_hash,
    ]);
    return createHmac('sha256', this.key).update(canonical, 'utf8').digest('hex');
  }
}

function bad(checked: number, seq: number, problem: string): AuditVerification {
  return { ok: false, checked, firstBadSeq: seq, problem };
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    target: row.target,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
