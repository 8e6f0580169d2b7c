import { type Insertable, type Selectable } from 'kysely';
import { type Database } from '../schema';
import { type Db } from './db';

export type LotteryRow = Selectable<Database['lotteries']>;

/** Announced draws: the frozen pools and placement input, then the published bundle. */
export class LotteryRepo {
  constructor(private readonly db: Db) {}

  async insert(row: Omit<Insertable<Database['lotteries']>, 'id'>): Promise<number> {
    const { id } = await this.db.insertInto('lotteries').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(id);
  }

  /** The newest draw that was not cancelled, or undefined. */
  async current(): Promise<LotteryRow | undefined> {
    const row = await this.db.selectFrom('lotteries').selectAll().where('status', '!=', 'cancelled').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row ? { ...row, id: Number(row.id), year: Number(row.year), plan_version: Number(row.plan_version) } : undefined;
  }

  /** Moves a draw from one status to the next; false when it was not in `from` any more (someone else moved it). */
  async transition(id: number, from: LotteryRow['status'], set: Partial<Omit<LotteryRow, 'id'>>): Promise<boolean> {
    const r = await this.db.updateTable('lotteries').set(set).where('id', '=', id).where('status', '=', from).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
