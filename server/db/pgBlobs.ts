import { createHash, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { type BlobStore, OffsetTaken } from './blobStore';
import { type Database } from './schema';

/**
 * Page bytes in PostgreSQL (`blob_data`, `blob_parts`; migration 0006), shared by every replica of the server.
 * Nothing is serialised in a process: a chunk is one row keyed by (page, device, start), so two replicas
 * appending at the same offset of one upload meet at the primary key and the second is refused. A page
 * becomes complete in one transaction (its parts joined into `blob_data`, the parts deleted); a complete
 * page is written at most once (`on conflict do nothing`: two devices sending the same page store one copy).
 */
export class PgBlobs implements BlobStore {
  readonly kind = 'postgres';

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date,
  ) {}

  serialise<T>(_key: string, fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async partSize(sha256: string, owner: string): Promise<number> {
    const row = await this.db
      .selectFrom('blob_parts')
      .select((eb) => eb.fn.max(eb('start', '+', eb.fn<number>('octet_length', ['data']))).as('size'))
      .where('sha256', '=', sha256)
      .where('device_id', '=', owner)
      .executeTakeFirst();
    return Number(row?.size ?? 0);
  }

  async append(sha256: string, owner: string, offset: number, chunk: Buffer): Promise<number> {
    try {
      await this.db.insertInto('blob_parts').values({ sha256, device_id: owner, start: offset, data: chunk, updated_at: this.now().toISOString() }).execute();
    } catch (e: unknown) {
      if ((e as { code?: string }).code === '23505') throw new OffsetTaken();
      throw e;
    }
    return offset + chunk.length;
  }

  private async parts(sha256: string, owner: string): Promise<Buffer[]> {
    const rows = await this.db.selectFrom('blob_parts').select('data').where('sha256', '=', sha256).where('device_id', '=', owner).orderBy('start').execute();
    return rows.map((r) => r.data);
  }

  async partHash(sha256: string, owner: string): Promise<string> {
    const hash = createHash('sha256');
    for (const part of await this.parts(sha256, owner)) hash.update(part);
    return hash.digest('hex');
  }

  async writeWhole(sha256: string, bytes: Buffer | Buffer[]): Promise<void> {
    const data = Buffer.isBuffer(bytes) ? bytes : Buffer.concat(bytes);
    // Committed with synchronous_commit on: the page is durable before any row says it is complete.
    await this.db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = on`.execute(trx);
      await trx.insertInto('blob_data').values({ sha256, data }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    });
  }

  async commit(sha256: string, owner: string): Promise<void> {
    await this.writeWhole(sha256, await this.parts(sha256, owner));
    await this.discard(sha256, owner);
  }

  async discard(sha256: string, owner: string): Promise<void> {
    await this.db.deleteFrom('blob_parts').where('sha256', '=', sha256).where('device_id', '=', owner).execute();
  }

  async sweep(cutoff: Date): Promise<number> {
    const gone = await this.db.deleteFrom('blob_parts').where('updated_at', '<', cutoff.toISOString()).returning('sha256').execute();
    return gone.length;
  }

  async check(): Promise<void> {
    const probe = randomBytes(16);
    const key = `health-${probe.toString('hex')}`;
    await this.db.insertInto('blob_parts').values({ sha256: key, device_id: 'health', start: 0, data: probe, updated_at: this.now().toISOString() }).execute();
    try {
      const back = await this.parts(key, 'health');
      if (back.length !== 1 || !back[0]?.equals(probe)) throw new Error('page store: the probe row read back different bytes');
    } finally {
      await this.discard(key, 'health');
    }
  }

  async read(sha256: string): Promise<Buffer | null> {
    const row = await this.db.selectFrom('blob_data').select('data').where('sha256', '=', sha256).executeTakeFirst();
    return row?.data ?? null;
  }
}
