import { type Db } from './db';

/** Which pages the server holds complete (`blobs`), and each device's unfinished upload (`blob_uploads`). */
export class BlobRepo {
  constructor(private readonly db: Db) {}

  /** Of these hashes, the ones held complete, with their sizes. */
  async held(sha256s: readonly string[]): Promise<Map<string, number>> {
    if (sha256s.length === 0) return new Map();
    const rows = await this.db.selectFrom('blobs').select(['sha256', 'bytes']).where('sha256', 'in', [...sha256s]).execute();
    return new Map(rows.map((r) => [r.sha256, Number(r.bytes)]));
  }

  async insertComplete(pages: readonly { sha256: string; bytes: number }[], createdAt: string): Promise<void> {
    await this.db
      .insertInto('blobs')
      .values(pages.map((p) => ({ sha256: p.sha256, bytes: p.bytes, created_at: createdAt })))
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }

  async uploadLength(sha256: string, deviceId: string): Promise<number | null> {
    const row = await this.db.selectFrom('blob_uploads').select('length').where('sha256', '=', sha256).where('device_id', '=', deviceId).executeTakeFirst();
    return row ? Number(row.length) : null;
  }

  async startUpload(sha256: string, deviceId: string, length: number, at: string): Promise<void> {
    await this.db
      .insertInto('blob_uploads')
      .values({ sha256, device_id: deviceId, length, updated_at: at })
      .onConflict((oc) => oc.columns(['sha256', 'device_id']).doUpdateSet({ length, updated_at: at }))
      .execute();
  }

  async touchUpload(sha256: string, deviceId: string, at: string): Promise<void> {
    await this.db.updateTable('blob_uploads').set({ updated_at: at }).where('sha256', '=', sha256).where('device_id', '=', deviceId).execute();
  }

  async deleteUpload(sha256: string, deviceId: string): Promise<void> {
    await this.db.deleteFrom('blob_uploads').where('sha256', '=', sha256).where('device_id', '=', deviceId).execute();
  }

  /** Deletes every device's upload of these pages; returns whose they were. */
  deleteUploadsOf(sha256s: readonly string[]): Promise<{ sha256: string; device_id: string }[]> {
    return this.db.deleteFrom('blob_uploads').where('sha256', 'in', [...sha256s]).returning(['sha256', 'device_id']).execute();
  }

  async deleteUploadsBefore(at: string): Promise<void> {
    await this.db.deleteFrom('blob_uploads').where('updated_at', '<', at).execute();
  }
}
