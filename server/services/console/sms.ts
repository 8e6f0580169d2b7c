import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { type Kysely } from 'kysely';
import { type SmsTemplate } from '../../../shared/console/sms';
import { type ReviewResult } from '../../../shared/contract/reviewResult';
import { maskName, maskPhone } from '../../../shared/domain/mask';
import { format } from '../../../shared/i18n/zhCN';
import { consoleOpsText } from '../../../shared/i18n/zhCN.consoleOps';
import { type Db, reposOf } from '../../db/repos';
import { type SmsRow } from '../../db/repos/smsRepo';
import { type Database } from '../../db/schema';
import { type OpsActor, type OpsAudit, actorLabel } from './audit';

// Text messages to guardians behind a port. A message is queued (a row in sms_messages) in the transaction of
// what caused it — a decision, a result — so it exists exactly when that committed; a sender then hands queued
// messages to the driver after commit and records sent/failed. Drivers: `log` (development: the server log and,
// with SMS_LOG_FILE, one JSON line per message) and `gateway` (the county's SMS gateway over HTTP, configured by
// environment only). Every queued, sent and failed message is audited.
//
// Environment: SMS_DRIVER=off|log|gateway (default off: messages are recorded as skipped), SMS_SIGN (the 签名,
// default 县教育局), SMS_LOOKUP_URL (the public lookup address named in messages), SMS_LOG_FILE (log driver),
// SMS_GATEWAY_URL, SMS_GATEWAY_TOKEN (sent as `Authorization: Bearer …`), SMS_GATEWAY_TIMEOUT_MS (default 10000).

const t = consoleOpsText.sms;
/** Tries per message before it counts as failed (a gateway outage of a few minutes loses nothing). */
export const SMS_MAX_ATTEMPTS = 3;

export type SendOutcome = { ok: true } | { ok: false; error: string; permanent: boolean };

/** The port: one message to one number. */
export interface SmsGateway {
  readonly kind: 'log' | 'gateway';
  /** Where messages go, for the console (no secrets). */
  readonly describe: string | null;
  send(message: { id: string; to: string; text: string }): Promise<SendOutcome>;
}

export type SmsMode = 'off' | 'log' | 'gateway';

export interface SmsConfig {
  mode: SmsMode;
  sign: string;
  lookupUrl: string | null;
  logFile: string | null;
  gatewayUrl: string | null;
  gatewayToken: string | null;
  timeoutMs: number;
}

export function smsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SmsConfig {
  const mode = (env.SMS_DRIVER || 'off').toLowerCase();
  if (mode !== 'off' && mode !== 'log' && mode !== 'gateway') throw new Error(format(t.driverUnknown, { driver: mode }));
  if (mode === 'gateway' && !env.SMS_GATEWAY_URL) throw new Error(t.gatewayMissing);
  return {
    mode,
    sign: env.SMS_SIGN || t.defaultSign,
    lookupUrl: env.SMS_LOOKUP_URL || null,
    logFile: env.SMS_LOG_FILE || null,
    gatewayUrl: env.SMS_GATEWAY_URL || null,
    gatewayToken: env.SMS_GATEWAY_TOKEN || null,
    timeoutMs: Number(env.SMS_GATEWAY_TIMEOUT_MS || 10_000),
  };
}

/** Development driver: every message to the log (and a file), as if sent. */
export class LogSmsDriver implements SmsGateway {
  readonly kind = 'log';
  constructor(
    private readonly log: (obj: object, msg: string) => void,
    private readonly file: string | null,
  ) {}
  get describe(): string | null {
    return this.file;
  }
  send(message: { id: string; to: string; text: string }): Promise<SendOutcome> {
    const masked = { id: message.id, to: maskPhone(message.to), text: message.text };
    this.log(masked, 'sms (log driver)');
    if (this.file) appendFileSync(this.file, JSON.stringify({ ...masked, at: new Date().toISOString() }) + '\n');
    return Promise.resolve({ ok: true });
  }
}

/**
 * The county's gateway: `POST SMS_GATEWAY_URL` with `{ id, to, text }` (JSON, the id lets the gateway drop a
 * repeat), bearer token when set. 2xx sent; 4xx refused for good (a bad number); anything else is tried again.
 */
export class CountyGatewayDriver implements SmsGateway {
  readonly kind = 'gateway';
  constructor(private readonly config: Pick<SmsConfig, 'gatewayUrl' | 'gatewayToken' | 'timeoutMs'>) {}
  get describe(): string | null {
    try {
      return new URL(this.config.gatewayUrl ?? '').origin;
    } catch {
      return null;
    }
  }
  async send(message: { id: string; to: string; text: string }): Promise<SendOutcome> {
    try {
      const res = await fetch(this.config.gatewayUrl ?? '', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.config.gatewayToken ? { authorization: `Bearer ${this.config.gatewayToken}` } : {}) },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      if (res.ok) return { ok: true };
      const body = (await res.text()).slice(0, 200);
      return { ok: false, error: format(t.gatewayStatus, { status: res.status, body }), permanent: res.status >= 400 && res.status < 500 && res.status !== 429 };
    } catch (e: unknown) {
      return { ok: false, error: format(t.gatewayUnreachable, { reason: e instanceof Error ? e.message : String(e) }), permanent: false };
    }
  }
}

export function smsGatewayFor(config: SmsConfig, log: (obj: object, msg: string) => void): SmsGateway | null {
  switch (config.mode) {
    case 'off':
      return null;
    case 'log':
      return new LogSmsDriver(log, config.logFile);
    case 'gateway':
      return new CountyGatewayDriver(config);
  }
}

/** Which template a county result calls for; null for one that tells the family nothing new (审核中). */
export function templateFor(outcome: ReviewResult['outcome']): SmsTemplate | null {
  switch (outcome) {
    case 'under_review':
      return null;
    case 'approved':
      return 'accepted';
    case 'needs_materials':
      return 'needs_materials';
    case 'rejected':
    case 'admitted':
    case 'awaiting_reassignment':
    case 'reassigned':
      return 'result';
  }
}

interface RecordForSms {
  form?: { child?: { name?: string }; guardians?: { mobile?: string }[] };
}

export interface SmsQueueContext {
  config: SmsConfig;
  audit: OpsAudit;
  actor: OpsActor;
}

/**
 * Queues the message a result calls for, inside the caller's transaction `trx`, audited there: `queued` to a
 * guardian's mobile number, or `skipped` (no number, SMS off) so the console shows why nobody was told.
 */
export async function queueResultSms(trx: Db, app: { id: string; receipt_no: string; record: string }, result: ReviewResult, ctx: SmsQueueContext, now: Date): Promise<SmsRow | null> {
  const template = templateFor(result.outcome);
  if (!template) return null;
  let record: RecordForSms = {};
  try {
    record = JSON.parse(app.record) as RecordForSms;
  } catch {
    // no readable record: no number, the message is skipped
  }
  const mobile = (record.form?.guardians ?? []).map((g) => g.mobile?.trim() ?? '').find((m) => /^1\d{10}$/.test(m.replace(/[\s-]/g, ''))) ?? null;
  const outcome = result.outcome === 'needs_materials' || result.outcome === 'under_review' ? '' : t.outcomes[result.outcome];
  const text = format(t.templates[template], {
    sign: ctx.config.sign,
    child: maskName(record.form?.child?.name ?? ''),
    receiptNo: app.receipt_no,
    outcome,
    school: result.schoolName ? format(t.schoolSuffix, { school: result.schoolName }) : '',
    deadline: result.reportDate ?? t.noDeadline,
    place: result.reportPlace ?? t.noPlace,
    lookup: ctx.config.lookupUrl ?? t.lookupPath,
  });
  const skipped = ctx.config.mode === 'off' ? t.off : mobile === null ? t.noMobile : null;
  const row: SmsRow = {
    id: randomUUID(),
    created_at: now.toISOString(),
    application_id: app.id,
    receipt_no: app.receipt_no,
    to_number: skipped ? null : mobile,
    to_masked: mobile ? maskPhone(mobile) : '',
    template,
    text,
    status: skipped ? 'skipped' : 'queued',
    error: skipped,
    attempts: 0,
    sent_at: null,
    created_by: actorLabel(ctx.actor),
  };
  await reposOf(trx).sms.insert(row);
  await ctx.audit.record(ctx.actor, skipped ? 'sms.skipped' : 'sms.queued', app.id, { messageId: row.id, template, to: row.to_masked, ...(skipped ? { reason: skipped } : {}) }, now, trx);
  return row;
}

/** The sender: hands queued messages to the driver after the transactions that queued them committed. */
export class SmsSender {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly gateway: SmsGateway | null,
    private readonly audit: OpsAudit,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Sends up to `limit` queued messages; returns how many were sent. */
  async flush(limit = 50): Promise<number> {
    if (!this.gateway) return 0;
    const repos = reposOf(this.db);
    let sent = 0;
    for (const m of await repos.sms.queued(limit)) {
      if (!m.to_number || !(await repos.sms.claim(m.id, m.attempts))) continue;
      const outcome = await this.gateway.send({ id: m.id, to: m.to_number, text: m.text });
      const at = this.now();
      const system: OpsActor = { id: null, name: null, role: null, via: 'system', ip: null };
      if (outcome.ok) {
        sent++;
        await this.db.transaction().execute(async (trx) => {
          await reposOf(trx).sms.markSent(m.id, at.toISOString());
          await this.audit.record(system, 'sms.sent', m.application_id, { messageId: m.id, template: m.template, to: m.to_masked, driver: this.gateway?.kind }, at, trx);
        });
      } else {
        const final = outcome.permanent || m.attempts + 1 >= SMS_MAX_ATTEMPTS;
        await this.db.transaction().execute(async (trx) => {
          await reposOf(trx).sms.markFailed(m.id, outcome.error, final);
          if (final) await this.audit.record(system, 'sms.failed', m.application_id, { messageId: m.id, template: m.template, to: m.to_masked, error: outcome.error }, at, trx);
        });
      }
    }
    return sent;
  }
}

/** The driver in use, the templates and how many messages wait (sms.status). */
export async function smsStatus(db: Kysely<Database>, config: SmsConfig, gateway: SmsGateway | null) {
  return { driver: config.mode, gateway: gateway?.describe ?? null, templates: { ...t.templates }, queued: await reposOf(db).sms.countQueued() };
}

/** Messages, newest first (sms.list): masked numbers only. */
export async function listSms(db: Kysely<Database>, opts: { applicationId?: string | undefined; before?: string | undefined; limit: number }) {
  const rows = await reposOf(db).sms.list({ limit: opts.limit, ...(opts.applicationId ? { applicationId: opts.applicationId } : {}), ...(opts.before ? { before: opts.before } : {}) });
  return rows.map((r) => ({
    id: r.id,
    at: r.created_at,
    applicationId: r.application_id,
    receiptNo: r.receipt_no,
    toMasked: r.to_masked,
    template: r.template,
    text: r.text,
    status: r.status,
    error: r.error,
    sentAt: r.sent_at,
  }));
}

/** The server's SMS: its configuration, the driver, and a sender that runs after each queueing and every 15 s. */
export class SmsRuntime {
  readonly gateway: SmsGateway | null;
  private readonly sender: SmsSender;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    db: Kysely<Database>,
    readonly config: SmsConfig,
    audit: OpsAudit,
    private readonly log: { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void },
  ) {
    this.gateway = smsGatewayFor(config, (o, m) => log.info(o, m));
    this.sender = new SmsSender(db, this.gateway, audit);
  }

  /** Starts the periodic sender (none when SMS is off). */
  start(intervalMs = 15_000): void {
    if (!this.gateway || this.timer) return;
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Sends what is queued soon (after the caller's transaction committed); never two flushes at once. */
  kick(): void {
    if (!this.gateway) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.sender.flush();
        } catch (e: unknown) {
          this.log.error({ err: e }, 'sms sender failed');
        }
      } while (this.again);
    })().finally(() => (this.running = null));
  }

  /** Stops the timer and waits for a flush in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
