import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type Kysely } from 'kysely';
import { type ChainPoint, type ChainProblem, ChainVerifier, GENESIS, linkMac, seal, unseal } from '../../../nodelib/hashChain';
import { type ConsoleAuditEntry, type ConsoleRole, auditEntrySchema } from '../../../shared/console';
import { format } from '../../../shared/i18n/zhCN';
import { type ConsoleAuditAction, consoleAuthText } from '../../../shared/i18n/zhCN.consoleAuth';
import { consoleOpsText } from '../../../shared/i18n/zhCN.consoleOps';
import { type Db, reposOf } from '../../db/repos';
import { type ConsoleAuditRow } from '../../db/repos/consoleAuditRepo';
import { type Database } from '../../db/schema';

// The console audit log: who did or saw what, from the console, the CLI, the public lookup or the server itself.
// Each row's MAC covers its fields and the previous row's MAC (nodelib/hashChain), with a key kept outside the
// database (a file in the data folder), and the newest position is sealed in `console_audit_head`. So an edited
// row, a row removed from the middle, and rows removed from the end all show in `verify`.
// The head lives in the database, so whoever can write the database can also delete every row and the head, or put
// back a head sealed earlier and delete the rows after it. The mark closes that: the highest head the server has
// seen, sealed with the same key, in a file outside the database (`console-audit.mark` beside the key, or
// CONSOLE_AUDIT_MARK_FILE). It only moves forward, and only along the same chain (the row it marks must still be
// there with its MAC), so a log emptied and restarted keeps the old mark and `verify` shows the cut.

/** Who acts. `via: 'cli'` names the OS user in `name` when no account is known. */
export interface Actor {
  id: string | null;
  name: string | null;
  role: ConsoleRole | null;
  via: ConsoleAuditEntry['via'];
  ip: string | null;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: null, role: null, via: 'system', ip: null };

const HEAD_LABEL = 'console-audit-head';
const MARK_LABEL = 'console-audit-mark';
const KEY_FILE = 'console-audit.key';
const MARK_FILE = 'console-audit.mark';

/** Where the outside mark is kept: CONSOLE_AUDIT_MARK_FILE, or `console-audit.mark` in the data folder. */
export function auditMarkFile(dataDir: string): string {
  return process.env.CONSOLE_AUDIT_MARK_FILE || join(dataDir, MARK_FILE);
}

/** Where the chain's key is kept: CONSOLE_AUDIT_KEY_FILE, or `console-audit.key` in the data folder. */
export function auditKeyFile(dataDir: string): string {
  return process.env.CONSOLE_AUDIT_KEY_FILE || join(dataDir, KEY_FILE);
}

/** The server's console audit log: the key and the outside mark of its data folder. */
export function openConsoleAudit(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', dataDir: string): ConsoleAudit {
  return new ConsoleAudit(db, dialect, loadAuditKey(dataDir), auditMarkFile(dataDir));
}

/**
 * The chain's key: 32 random bytes in `<dataDir>/console-audit.key`, or in the file `CONSOLE_AUDIT_KEY_FILE` names
 * (replicas over one database must share one key), made on first use — back it up with the data folder.
 */
export function loadAuditKey(dataDir: string): Buffer {
  const file = auditKeyFile(dataDir);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    // Another process made it first: use theirs.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    throw e;
  }
  chmodSync(file, 0o600);
  return key;
}

const fieldsOf = (r: Pick<ConsoleAuditRow, 'at' | 'actor_id' | 'actor_name' | 'actor_role' | 'via' | 'action' | 'target' | 'details' | 'ip'>) => [
  r.at,
  r.actor_id,
  r.actor_name,
  r.actor_role,
  r.via,
  r.action,
  r.target,
  r.details,
  r.ip,
];

export interface AuditVerification {
  ok: boolean;
  checked: number;
  lastSeq: number;
  problems: { seq: number; message: string }[];
  tookMs: number;
}

export class ConsoleAudit {
  /** The last failure to write the mark (reported by `verify`: the mark may lag behind the log). */
  private markError: string | null = null;
  /** After `settle`: the database is about to close, the mark is not moved again by this instance. */
  private settled = false;

  /** `markFile`: the outside mark (`auditMarkFile`); null only for a second key that must never write it (tests). */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
    private readonly key: Buffer,
    private readonly markFile: string | null,
  ) {}

  /**
   * Appends one entry. Inside `trx` when given (a decision and its audit row commit together), otherwise in a
   * transaction of its own. Appenders queue on the head row.
   */
  async record(actor: Actor, action: ConsoleAuditAction, target: string | null, details: Record<string, unknown>, at: Date, trx?: Db): Promise<number> {
    if (trx) {
      const seq = await this.append(trx, actor, action, target, details, at);
      // The caller commits: move the mark once that has happened (it reads the committed head, so moving it early
      // only leaves it one entry behind until the next append).
      setTimeout(() => void this.advanceMark(), 0).unref();
      return seq;
    }
    const seq = await this.db.transaction().execute((t) => this.append(t, actor, action, target, details, at));
    await this.advanceMark();
    return seq;
  }

  /**
   * Moves the mark to the committed head now, then stops moving it: a command-line run calls it before it closes the
   * database. An append inside a caller's transaction moves the mark on a timer; without this the mark was left
   * behind the log (or missing) until the server's next append, and a move firing after the close queried a closed
   * database — the mark file's queue, shared by every instance in the process, then waited on it for ever.
   */
  async settle(): Promise<void> {
    await this.advanceMark();
    this.settled = true;
  }

  /**
   * Moves the outside mark to the committed head when that is further along the same chain. Appends of one process
   * share a pending move; a failure is kept for `verify` (the entry itself is already committed).
   */
  private advanceMark(): Promise<void> {
    const file = this.markFile;
    if (file === null || this.settled) return Promise.resolve();
    let q = markQueues.get(file);
    if (!q) markQueues.set(file, (q = { tail: Promise.resolve(), waiting: null }));
    if (q.waiting) return q.waiting;
    const queue = q;
    const job = queue.tail.then(async () => {
      queue.waiting = null;
      if (this.settled) return;
      try {
        const created = await this.moveMark(file);
        this.markError = null;
        if (created !== null) {
          // Recorded and marked here, not through `record` (whose move would wait for this one).
          await this.db.transaction().execute((t) => this.append(t, SYSTEM_ACTOR, 'audit.markCreated', null, { file: basename(file), fromSeq: created }, new Date()));
          await this.moveMark(file);
        }
      } catch (e) {
        this.markError = e instanceof Error ? e.message : String(e);
      }
    });
    queue.tail = job;
    queue.waiting = job;
    return job;
  }

  /** One move of the mark; the head's seq when a mark had to be made for a log that already had entries. */
  private async moveMark(file: string): Promise<number | null> {
    const repo = reposOf(this.db).consoleAudit;
    const head = unseal<ChainPoint>(this.key, HEAD_LABEL, await repo.head());
    if (head === null) return null;
    const mark = await this.readMark(file);
    if (mark.state === 'invalid') return null; // evidence: keep it for verify
    if (mark.state === 'ok') {
      if (head.seq <= mark.point.seq) return null;
      if (mark.point.seq > 0) {
        const row = await repo.bySeq(mark.point.seq);
        // Not the chain the mark was taken on (emptied and restarted, or rows replaced): keep the old mark.
        if (!row || row.hash !== mark.point.hash) return null;
      }
    }
    await writeFileDurably(file, seal<ChainPoint>(this.key, MARK_LABEL, { seq: head.seq, hash: head.hash }) + '\n');
    // A missing mark over a log that had entries before this one is worth an entry of its own (an upgrade, a
    // restore into a new data folder — or a deleted file).
    return mark.state === 'none' && head.seq > 1 ? head.seq : null;
  }

  private async readMark(file: string): Promise<{ state: 'none' } | { state: 'invalid' } | { state: 'ok'; point: ChainPoint }> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'none' };
      throw e;
    }
    const point = unseal<ChainPoint>(this.key, MARK_LABEL, text.trim());
    return point === null || !Number.isSafeInteger(point.seq) || typeof point.hash !== 'string' ? { state: 'invalid' } : { state: 'ok', point };
  }

  private async append(trx: Db, actor: Actor, action: string, target: string | null, details: Record<string, unknown>, at: Date): Promise<number> {
    const repo = reposOf(trx).consoleAudit;
    const headText = await repo.lockHead(this.dialect);
    const sealed = unseal<ChainPoint>(this.key, HEAD_LABEL, headText);
    // A head that does not open with this key would restart the chain at 1 over rows already there: refuse instead.
    if (headText !== '' && sealed === null) throw new Error(consoleAuthText.verify.keyMismatch);
    const head = sealed ?? { seq: 0, hash: GENESIS };
    const row = {
      seq: head.seq + 1,
      at: at.toISOString(),
      actor_id: actor.id,
      actor_name: actor.name,
      actor_role: actor.role,
      via: actor.via,
      action,
      target,
      details: JSON.stringify(details),
      ip: actor.ip,
      prev_hash: head.hash,
    };
    const hash = linkMac(this.key, row.seq, fieldsOf(row), row.prev_hash);
    await repo.insert({ ...row, hash });
    await repo.setHead(seal<ChainPoint>(this.key, HEAD_LABEL, { seq: row.seq, hash }));
    return row.seq;
  }

  /** Walks the whole chain in pages and checks it against the sealed head. */
  async verify(): Promise<AuditVerification> {
    const started = performance.now();
    const repo = reposOf(this.db).consoleAudit;
    const verifier = new ChainVerifier({ keyFor: () => this.key });
    // Read before the rows: an append racing the walk can only move it to a row the walk will see.
    const mark = this.markFile === null ? null : await this.readMark(this.markFile);
    const markSeq = mark?.state === 'ok' ? mark.point.seq : 0;
    let markedHash: string | null = null;
    let after = 0;
    for (;;) {
      const rows = await repo.pageAfter(after, 2000);
      for (const r of rows) {
        if (r.seq === markSeq) markedHash = r.hash;
        verifier.push({ seq: r.seq, prevHash: r.prev_hash, hash: r.hash, fields: fieldsOf(r) });
      }
      if (rows.length < 2000) break;
      after = rows[rows.length - 1]!.seq;
    }
    const headText = await repo.head();
    // Missing ('' before the first entry) or not verifying: then only an empty chain is acceptable.
    const head = headText === '' ? null : unseal<ChainPoint>(this.key, HEAD_LABEL, headText);
    const result = verifier.finish(head);
    const problems = result.problems.map((p) => ({ seq: p.seq, message: describe(p) }));
    const t = consoleAuthText.verify;
    if (mark && this.markFile !== null) {
      const file = this.markFile;
      if (mark.state === 'invalid') problems.push({ seq: result.last.seq, message: format(t.markInvalid, { file }) });
      else if (mark.state === 'none' && result.checked > 0) problems.push({ seq: result.last.seq, message: format(t.markMissing, { file }) });
      else if (mark.state === 'ok' && markSeq > 0 && markedHash === null) problems.push({ seq: markSeq, message: format(t.markCut, { markSeq, lastSeq: result.last.seq }) });
      else if (mark.state === 'ok' && markSeq > 0 && markedHash !== mark.point.hash) problems.push({ seq: markSeq, message: format(t.markReplaced, { seq: markSeq }) });
      if (this.markError !== null) problems.push({ seq: result.last.seq, message: format(t.markUnwritable, { file, error: this.markError }) });
    }
    return { ok: problems.length === 0, checked: result.checked, lastSeq: result.last.seq, problems, tookMs: Math.round(performance.now() - started) };
  }

  async list(f: { before?: number | undefined; limit: number; actorId?: string | undefined; target?: string | undefined; action?: string | undefined }): Promise<{ entries: ConsoleAuditEntry[]; nextBefore: number | null }> {
    const rows = await reposOf(this.db).consoleAudit.list({ ...f, limit: f.limit + 1 });
    const page = rows.slice(0, f.limit);
    return {
      entries: page.map((r) =>
        auditEntrySchema.parse({
          seq: r.seq,
          at: r.at,
          actorId: r.actor_id,
          actorName: r.actor_name,
          actorRole: r.actor_role,
          via: r.via,
          action: r.action,
          target: r.target,
          details: JSON.parse(r.details) as Record<string, unknown>,
          ip: r.ip,
        }),
      ),
      nextBefore: rows.length > f.limit ? (page[page.length - 1]?.seq ?? null) : null,
    };
  }
}

/** Appends waiting to move each mark file (one pending move is shared by every append that arrives meanwhile). */
const markQueues = new Map<string, { tail: Promise<void>; waiting: Promise<void> | null }>();

/** Replaces `file` so that a crash leaves the old or the new content, never a part (temp file, fsync, rename). */
async function writeFileDurably(file: string, text: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

function describe(p: ChainProblem): string {
  const t = consoleAuthText.verify;
  switch (p.kind) {
    case 'missing':
      return format(t.missing, { seq: p.seq, expected: p.expected - 1 });
    case 'relinked':
      return format(t.relinked, { seq: p.seq });
    case 'altered':
      return format(t.altered, { seq: p.seq });
    case 'startBroken':
      return format(t.startBroken, { seq: p.seq });
    case 'truncated':
      return format(t.truncated, { lastSeq: p.lastSeq, headSeq: p.headSeq });
    case 'headMismatch':
      return format(t.headMismatch, { seq: p.seq });
    case 'headInvalid':
      return t.headInvalid;
  }
}

// Who did an operation and where it is written down. Same shapes as the console's audit log
// (ConsoleAudit.record and its Actor), so the operations' services take that log as it is.

/** Who acts. `via: 'cli'` names the OS user in `name` when no account is known. */
export interface OpsActor {
  id: string | null;
  name: string | null;
  role: ConsoleRole | null;
  via: 'console' | 'cli' | 'public' | 'system';
  ip: string | null;
}

/** Appends to the console's audit log, inside `trx` when given. */
export interface OpsAudit {
  record(actor: OpsActor, action: ConsoleAuditAction, target: string | null, details: Record<string, unknown>, at: Date, trx?: Db): Promise<number>;
}

/** How an actor is written where a name is stored beside the data (plans.published_by, resolved_by …). */
export function actorLabel(actor: OpsActor): string {
  const t = consoleOpsText.actor;
  const name = actor.name ?? t.unknown;
  if (actor.via !== 'cli') return name;
  return format(actor.id === null ? t.osUser : t.cli, { name });
}
