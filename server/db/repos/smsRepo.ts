import { type Insertable, type Selectable } from 'kysely';
import { type Database } from '../schema';
import { type Db } from './db';

export type SmsRow = Selectable<Database['sms_messages']>;

/** Text messages to guardians: queued with what caused them, then sent (or failed) by the sender. */
export class SmsRepo {
  constructor(private readonly db: Db) {}

  async insert(row: Insertable<Database['sms_messages']>): Promise<void> {
    await this.db.insertInto('sms_messages').values(row).execute();
  }

  /** The oldest queued messages. */
  queued(limit: number): Promise<SmsRow[]> {
    return this.db.selectFrom('sms_messages').selectAll().where('status', '=', 'queued').orderBy('created_at').orderBy('id').limit(limit).execute();
  }

  async countQueued(): Promise<number> {
    const row = await this.db.selectFrom('sms_messages').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'queued').executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /**
   * Claims a queued message for one send attempt: true only for the caller that still saw `attempts` unchanged,
   * so two replicas flushing at once never send the same message twice.
   */
  async claim(id: string, attempts: number): Promise<boolean> {
    const r = await this.db.updateTable('sms_messages').set({ attempts: attempts + 1 }).where('id', '=', id).where('status', '=', 'queued').where('attempts', '=', attempts).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async markSent(id: string, at: string): Promise<void> {
    await this.db.updateTable('sms_messages').set({ status: 'sent', sent_at: at, error: null, to_number: null }).where('id', '=', id).execute();
  }

  async markFailed(id: string, error: string, final: boolean): Promise<void> {
    await this.db
      .updateTable('sms_messages')
      .set(final ? { status: 'failed', error, to_number: null } : { error })
      .where('id', '=', id)
      .execute();
  }

  /** Newest first, optionally of one application and before a time. */
  list(opts: { applicationId?: string; before?: string; limit: number }): Promise<SmsRow[]> {
    let q = this.db.selectFrom('sms_messages').selectAll();
    if (opts.applicationId) q = q.where('application_id', '=', opts.applicationId);
    if (opts.before) q = q.where('created_at', '<', opts.before);
    return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
  }
}
