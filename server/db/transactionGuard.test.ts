import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../testing/harness';
import { type Store, dropPgSchema, openStore } from './open';
import { QueryOutsideTransactionError } from './transactionGuard';

// A query on the root handle inside a transaction waited for itself on SQLite: the request never answered (a
// console fuzz seed hung `decisions.requestMaterials` for the whole test timeout). The guard refuses it at once,
// on both dialects. Each case below hangs or passes silently without the guard.

const within = <T>(p: Promise<T>, ms = 5000): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms (deadlock)`)), ms))]);

describe.each(testDialects())('transaction guard (%s)', (dialect) => {
  let store: Store;
  const dataDir = mkdtempSync(join(tmpdir(), 'county-guard-'));
  const schema = `g_${randomBytes(6).toString('hex')}`;
  const url = dialect === 'postgres' ? process.env.TEST_DATABASE_URL : undefined;
  beforeAll(async () => {
    store = await openStore({ dataDir, databaseUrl: url, pgSchema: url ? schema : undefined });
  });
  afterAll(async () => {
    await store?.close();
    if (url) await dropPgSchema(url, schema);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const count = (db: Store['db']) => db.selectFrom('settings').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();

  it('refuses the root handle inside a transaction callback at once (it waited for itself on SQLite)', async () => {
    const run = store.db.transaction().execute(async (trx) => {
      await count(trx);
      return count(store.db);
    });
    await expect(within(run)).rejects.toBeInstanceOf(QueryOutsideTransactionError);
  });

  it('refuses it inside a reserved connection and in the durable transaction, and in builders derived from transaction()', async () => {
    await expect(within(store.db.connection().execute(async () => count(store.db)))).rejects.toBeInstanceOf(QueryOutsideTransactionError);
    await expect(within(store.durable(async () => count(store.db)))).rejects.toBeInstanceOf(QueryOutsideTransactionError);
    await expect(within(store.db.transaction().setIsolationLevel('serializable').execute(async () => count(store.db)))).rejects.toBeInstanceOf(QueryOutsideTransactionError);
    await expect(within(store.db.transaction().execute(async () => store.db.transaction().execute(async (inner) => count(inner))))).rejects.toBeInstanceOf(QueryOutsideTransactionError);
  });

  it('lets the transaction handle, later queries, parallel requests and work left running after the callback through', async () => {
    expect(Number((await within(store.db.transaction().execute(async (trx) => count(trx)))).n)).toBeGreaterThanOrEqual(0);
    expect(Number((await count(store.db)).n)).toBeGreaterThanOrEqual(0);
    // Two requests, each with its own transaction, and a third reading the root handle meanwhile.
    const both = await within(Promise.all([store.db.transaction().execute(async (trx) => count(trx)), store.db.transaction().execute(async (trx) => count(trx)), count(store.db)]));
    expect(both).toHaveLength(3);
    // Fire-and-forget work started inside the callback runs after it: not refused.
    let later: Promise<unknown> | undefined;
    await store.db.transaction().execute(async (trx) => {
      later = new Promise((resolve) => setTimeout(resolve, 20)).then(() => count(store.db));
      return count(trx);
    });
    await expect(within(later!)).resolves.toBeDefined();
    await expect(within(sql`select 1 as one`.execute(store.db))).resolves.toBeDefined();
  });
});
