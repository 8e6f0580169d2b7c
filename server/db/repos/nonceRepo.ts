import { type Db } from './db';

/** Nonces of signed requests seen within the replay window. */
export class NonceRepo {
  constructor(private readonly db: Db) {}

  /** Remembers a nonce; false when the device used it before. */
  async remember(deviceId: string, nonce: string, expiresAt: string): Promise<boolean> {
    const r = await this.db
      .insertInto('nonces')
      .values({ device_id: deviceId, nonce, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['device_id', 'nonce']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async pruneBefore(at: string): Promise<void> {
    await this.db.deleteFrom('nonces').where('expires_at', '<', at).execute();
  }
}
