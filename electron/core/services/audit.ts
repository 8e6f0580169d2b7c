import type { Db } from '../db/connection';
import { AuditRepo, type AuditRow } from '../db/repos/auditRepo';
import { MetaRepo } from '../db/repos/metaRepo';
import type { AuditEntry, AuditIncident, AuditVerification } from '../../../shared/contract';
import type { AuditAction } from '../../../shared/contract/auditActions';
import { format, zhCN } from '../../../shared/i18n/zhCN';
import {
  ChainVerifier,
  GENESIS,
  ORIGIN,
  linkMac,
  sameHex,
  seal,
  unseal,
  type ChainPoint,
  type ChainProblem,
  type ChainRow,
} from '../../../nodelib/hashChain';
import type { DeskKeys } from './keys';

export interface AuditInput {
  at: string;
  actorId: string | null;
  actorName: string | null;
  /** One of the listed actions, each labelled in the catalogue (the log itself stores text). */
  action: AuditAction;
  target?: string | null;
  details?: Record<string, unknown>;
}

/** The keys the log needs (see `DeskKeys`). */
export type AuditKeys = Pick<DeskKeys, 'audit' | 'legacyAudit' | 'auditKeyState'>;

/** Problems the desk finds beyond the chain itself. */
export type AuditProblem = ChainProblem | { kind: 'emptyButSetUp'; seq: number } | { kind: 'keyReplaced'; seq: number };

export const TAMPER_ACTION: AuditAction = 'audit.tamperDetected';
export const ACK_ACTION: AuditAction = 'audit.tamperAcknowledged';

const HEAD_KEY = 'audit.head';
const CHECKPOINT_KEY = 'audit.checkpoint';
const HEAD_LABEL = 'enroll-desk/audit-head/v2';
const CHECKPOINT_LABEL = 'enroll-desk/audit-checkpoint/v2';
/** How many problems an incident row keeps (a destroyed log would otherwise record one per row). */
const MAX_RECORDED_PROBLEMS = 10;

/** The last row as the log last wrote it, sealed with the audit key. */
interface Head extends ChainPoint {
  /** Rows up to here carry MACs under the legacy (derived) key. */
  legacyUntil: number;
}

/** The row the last start verified up to, sealed: the next start verifies only the rows after it. */
interface Checkpoint extends Head {
  /** The `audit.tamperDetected` row no admin has acknowledged yet. */
  openIncident: number | null;
}

export interface StartupCheck {
  /** Rows verified (the checkpoint row and everything after it). */
  checked: number;
  /** The tamper found now (and recorded), if any. */
  incident: AuditIncident | null;
}

interface IncidentDetails {
  problems?: AuditProblem[];
  problemCount?: number;
}

/**
 * Append-only, hash-chained audit log (nodelib/hashChain). Each row's MAC covers its fields and the previous row's
 * MAC under the audit key, which the secret store keeps apart from the database key. The position of the last row
 * (the head) and of the last verified row (the checkpoint) are sealed with the same key, so removing rows from the
 * end, rewriting the head or deleting everything shows, and no later row can chain over a gap unnoticed: every
 * append first checks the tail against the head and records any difference before writing.
 *
 * What a sealed head cannot show on its own: someone who saved an old head and checkpoint and later puts them back
 * together with the log cut to that point leaves a consistent old log. The county server's anchors catch that.
 */
export class AuditLog {
  private readonly repo: AuditRepo;
  private readonly meta: MetaRepo;
  private legacyUntil = 0;
  private openIncident: number | null = null;
  private checked = false;

  constructor(
    private readonly db: Db,
    private readonly keys: AuditKeys,
  ) {
    this.repo = new AuditRepo(db);
    this.meta = new MetaRepo(db);
  }

  /**
   * The start-up check: verify the rows since the last checkpoint against the sealed head, record a tamper if there
   * is one, and move the checkpoint to the end. `setUp` says whether the desk has been set up (its log cannot be
   * empty then).
   */
  check(options: { nowIso: string; setUp: boolean }): StartupCheck {
    // IMMEDIATE, like every read-then-write here: several desk processes may share the database, and a deferred
    // transaction that read before another process committed cannot take the write lock (SQLITE_BUSY at once, no
    // busy wait), which failed the desk's start.
    return this.db.transaction((): StartupCheck => {
      const headText = this.meta.get(HEAD_KEY);
      const checkpointText = this.meta.get(CHECKPOINT_KEY);
      const last = this.repo.last();
      const extra: AuditProblem[] = [];
      let from: ChainPoint = ORIGIN;
      let head: ChainPoint | null;
      let openIncident: number | null = null;
      const legacy = parseLegacyHead(headText);

      if (checkpointText === undefined && (headText === undefined || legacy)) {
        // Never sealed: a new desk, or a desk from before sealed heads whose rows carry the derived key's MACs.
        // A desk whose audit key is not new must have seals, so their absence means they were deleted.
        this.legacyUntil = this.keys.auditKeyState === 'created' ? (last?.seq ?? 0) : 0;
        head = legacy ?? (last ? null : ORIGIN);
        if (this.keys.auditKeyState === 'existing') {
          head = null;
          extra.push({ kind: 'headInvalid', seq: last?.seq ?? 0 });
        }
      } else {
        const sealedHead = unseal<Head>(this.keys.audit, HEAD_LABEL, headText);
        const checkpoint = unseal<Checkpoint>(this.keys.audit, CHECKPOINT_LABEL, checkpointText);
        head = sealedHead ? { seq: sealedHead.seq, hash: sealedHead.hash } : null;
        this.legacyUntil = checkpoint?.legacyUntil ?? sealedHead?.legacyUntil ?? 0;
        if (checkpoint) {
          from = { seq: checkpoint.seq, hash: checkpoint.hash };
          openIncident = checkpoint.openIncident;
        } else {
          extra.push({ kind: 'headInvalid', seq: last?.seq ?? 0 });
        }
      }
      if (this.keys.auditKeyState === 'replaced') extra.unshift({ kind: 'keyReplaced', seq: 0 });
      if (options.setUp && !last) extra.push({ kind: 'emptyButSetUp', seq: 0 });

      const verifier = new ChainVerifier({ keyFor: (seq) => this.keyFor(seq), from });
      for (const row of this.repo.iterateFrom(from.seq)) {
        verifier.push(chainRow(row));
        if (row.action === TAMPER_ACTION) openIncident = row.seq;
        else if (row.action === ACK_ACTION) openIncident = null;
      }
      const result = verifier.finish(head);
      const problems = dedupe([...extra, ...result.problems]);
      let incident: AuditIncident | null = null;
      if (problems.length > 0) {
        const row = this.recordIncident(options.nowIso, problems);
        openIncident = row.seq;
        incident = incidentOf(row, null);
      }
      const end = this.repo.last();
      const point = end ? { seq: end.seq, hash: end.hash } : ORIGIN;
      this.writeHead(point);
      this.meta.set(CHECKPOINT_KEY, seal<Checkpoint>(this.keys.audit, CHECKPOINT_LABEL, { ...point, legacyUntil: this.legacyUntil, openIncident }));
      this.openIncident = openIncident;
      this.checked = true;
      return { checked: result.checked, incident };
    }).immediate();
  }

  /** Appends one entry. Call inside the transaction of the change it records (IMMEDIATE when it reads before it writes). */
  append(input: AuditInput): AuditEntry {
    if (!this.checked) throw new Error('AuditLog.check() must run before the first append');
    const write = () => {
      const tail = this.tailProblem();
      if (tail) this.openIncident = this.recordIncident(input.at, [tail]).seq;
      return toEntry(this.appendRow(input));
    };
    // The tail is read before the row is written: on its own, the write lock is taken first (see `check`).
    return this.db.inTransaction ? write() : this.db.transaction(write).immediate();
  }

  list(beforeSeq: number | undefined, limit: number): AuditEntry[] {
    return this.repo.page(beforeSeq, limit).map(toEntry);
  }

  forTarget(target: string, limit = 200): AuditEntry[] {
    return this.repo.forTarget(target, limit).map(toEntry);
  }

  /**
   * The tamper no admin has acknowledged yet, if any. The tail is checked first (one HMAC), so a change made while
   * the desk runs is raised at the next status poll or sign-in, not only at the next write or start.
   */
  alert(nowIso: string): AuditIncident | null {
    if (this.checked) {
      // A consistent read first (a status poll must not queue for the write lock); a finding is confirmed under the
      // write lock before it is recorded, as another desk process may have appended in between.
      const suspect = this.db.transaction(() => this.tailProblem())();
      if (suspect) {
        this.db.transaction(() => {
          const tail = this.tailProblem();
          if (tail) this.openIncident = this.recordIncident(nowIso, [tail]).seq;
        }).immediate();
      }
    }
    if (this.openIncident === null) return null;
    const row = this.repo.get(this.openIncident);
    return row ? incidentOf(row, null) : null;
  }

  /** An admin has seen the open tamper and says what was done about it; staff may sign in again. */
  acknowledge(actor: { actorId: string | null; actorName: string | null }, at: string, note: string): void {
    const open = this.openIncident;
    if (open === null) return;
    this.append({ at, ...actor, action: ACK_ACTION, target: String(open), details: { incidentSeq: open, note } });
    this.openIncident = null;
  }

  /** The whole chain from the first row, for the audit page (supervisors and admins). */
  verify(): AuditVerification {
    const headText = this.meta.get(HEAD_KEY);
    const sealedHead = unseal<Head>(this.keys.audit, HEAD_LABEL, headText);
    const checkpoint = unseal<Checkpoint>(this.keys.audit, CHECKPOINT_LABEL, this.meta.get(CHECKPOINT_KEY));
    const legacy = parseLegacyHead(headText);
    const legacyUntil = checkpoint?.legacyUntil ?? sealedHead?.legacyUntil ?? (legacy ? legacy.seq : this.legacyUntil);
    const keyFor = (seq: number) => (seq <= legacyUntil ? this.keys.legacyAudit : this.keys.audit);
    const verifier = new ChainVerifier({ keyFor });
    const tampers: AuditRow[] = [];
    const acknowledgements = new Map<number, string>();
    for (const row of this.repo.iterateFrom(0)) {
      verifier.push(chainRow(row));
      if (row.action === TAMPER_ACTION) tampers.push(row);
      else if (row.action === ACK_ACTION) {
        const seq = (JSON.parse(row.details) as { incidentSeq?: unknown }).incidentSeq;
        if (typeof seq === 'number') acknowledgements.set(seq, row.actor_name ?? '');
      }
    }
    const head = sealedHead ? { seq: sealedHead.seq, hash: sealedHead.hash } : (legacy ?? null);
    const result = verifier.finish(head);
    const incidents = tampers.map((row) => incidentOf(row, acknowledgements.get(row.seq) ?? null));
    const first = result.problems[0];
    if (first) {
      return { ok: false, checked: result.checked, firstBadSeq: first.seq, problem: problemsText(result.problems), incidents };
    }
    const firstIncident = incidents[0];
    if (firstIncident) return { ok: false, checked: result.checked, firstBadSeq: firstIncident.seq, problem: firstIncident.problem, incidents };
    return { ok: true, checked: result.checked, firstBadSeq: null, problem: null, incidents };
  }

  private keyFor(seq: number): Buffer {
    return seq <= this.legacyUntil ? this.keys.legacyAudit : this.keys.audit;
  }

  /** The last row as a chain point (seq 0 and the genesis hash for an empty log): what the county anchors. */
  head(): ChainPoint {
    const last = this.repo.last();
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS };
  }

  /** Row `seq`'s hash as the log holds it now (the genesis hash for 0), or null when the row is gone. */
  hashAt(seq: number): string | null {
    return seq === 0 ? GENESIS : (this.repo.get(seq)?.hash ?? null);
  }

  /** Does the last row still match the sealed head? (One HMAC each: cheap enough for every append.) */
  private tailProblem(): AuditProblem | null {
    const last = this.repo.last();
    const head = unseal<Head>(this.keys.audit, HEAD_LABEL, this.meta.get(HEAD_KEY));
    const lastSeq = last?.seq ?? 0;
    if (!head) return { kind: 'headInvalid', seq: lastSeq };
    if (head.seq > lastSeq) return { kind: 'truncated', seq: lastSeq + 1, headSeq: head.seq, lastSeq };
    if (head.seq < lastSeq || !sameHex(head.hash, last?.hash ?? GENESIS)) return { kind: 'headMismatch', seq: head.seq < lastSeq ? head.seq + 1 : lastSeq };
    if (last && !sameHex(last.hash, linkMac(this.keyFor(last.seq), last.seq, fieldsOf(last), last.prev_hash))) return { kind: 'altered', seq: last.seq };
    return null;
  }

  /** Writes the finding as a row of its own, chained onto the log as it now is, so it stays in the record. */
  private recordIncident(at: string, problems: AuditProblem[]): AuditRow {
    return this.appendRow({
      at,
      actorId: null,
      actorName: null,
      action: TAMPER_ACTION,
      target: null,
      details: {
        problems: problems.slice(0, MAX_RECORDED_PROBLEMS),
        problemCount: problems.length,
        problem: problemsText(problems),
      },
    });
  }

  private appendRow(input: AuditInput): AuditRow {
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
    row.hash = linkMac(this.keys.audit, row.seq, fieldsOf(row), row.prev_hash);
    this.repo.insert(row);
    this.writeHead(row);
    return row;
  }

  private writeHead(point: ChainPoint): void {
    this.meta.set(HEAD_KEY, seal<Head>(this.keys.audit, HEAD_LABEL, { seq: point.seq, hash: point.hash, legacyUntil: this.legacyUntil }));
  }
}

/** `seq:hash`, the unsealed head of desks before version 2 key files. */
function parseLegacyHead(text: string | undefined): ChainPoint | null {
  const m = text === undefined ? null : /^(\d+):([0-9a-f]{64})$/.exec(text);
  return m ? { seq: Number(m[1]), hash: m[2] ?? '' } : null;
}

function fieldsOf(row: AuditRow): unknown[] {
  return [row.at, row.actor_id, row.actor_name, row.action, row.target, row.details];
}

function chainRow(row: AuditRow): ChainRow {
  return { seq: row.seq, prevHash: row.prev_hash, hash: row.hash, fields: fieldsOf(row) };
}

/** A problem shows once even when two checks find it (e.g. a missing head and an unsealed checkpoint). */
function dedupe(problems: AuditProblem[]): AuditProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.kind}:${p.seq}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function problemText(p: AuditProblem): string {
  const t = zhCN.audit.problems;
  switch (p.kind) {
    case 'missing':
      return format(t.missing, { seq: p.seq, expected: p.expected });
    case 'relinked':
      return format(t.relinked, { seq: p.seq });
    case 'altered':
      return format(t.altered, { seq: p.seq });
    case 'startBroken':
      return format(t.startBroken, { seq: p.seq });
    case 'truncated':
      return format(t.truncated, { headSeq: p.headSeq, lastSeq: p.lastSeq });
    case 'headMismatch':
      return format(t.headMismatch, { seq: p.seq });
    case 'headInvalid':
      return t.headInvalid;
    case 'emptyButSetUp':
      return t.emptyButSetUp;
    case 'keyReplaced':
      return t.keyReplaced;
  }
}

/** The first problem, and how many more there are. */
function problemsText(problems: readonly AuditProblem[], total = problems.length): string {
  const [first] = problems;
  if (!first) return '';
  return total > 1 ? `${problemText(first)}${format(zhCN.audit.more, { count: total - 1 })}` : problemText(first);
}

function incidentOf(row: AuditRow, acknowledgedBy: string | null): AuditIncident {
  const details = JSON.parse(row.details) as IncidentDetails;
  const problems = Array.isArray(details.problems) ? details.problems : [];
  return { seq: row.seq, at: row.at, problem: problemsText(problems, details.problemCount ?? problems.length), acknowledgedBy };
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
