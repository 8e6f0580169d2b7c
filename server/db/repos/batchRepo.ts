import { type Insertable } from 'kysely';
import { type Database } from '../schema';
import { type Db } from './db';

/** The answer of every stored batch, under its id (idempotency). */
export class BatchRepo {
  constructor(private readonly db: Db) {}

  find(batchId: string) {
    return this.db.selectFrom('batches').select(['device_id', 'request_hash', 'response']).where('batch_id', '=', batchId).executeTakeFirst();
  }

  async insert(row: Insertable<Database['batches']>): Promise<void> {
    await this.db.insertInto('batches').values(row).execute();
  }
}
