import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BatchItem } from '../../shared/sync/protocol';
import { type Device } from './auth';
import { IngestQueue } from './ingest';
import { type DeviceClient, makeItem } from '../testing/client';
import { type TestServer, startTestServer, testDialects } from '../testing/harness';

// Group commit: batches that arrive while a group is being stored go together into one transaction. A batch
// that fails there — here through a database trigger standing in for any error of the database — must fail
// alone. The queue is driven directly so the grouping is certain: the first submit starts a group of one, and
// everything submitted in the same tick waits and forms the next group.

describe.each(testDialects())('batch group commit (%s)', (dialect) => {
  let s: TestServer;
  let a: DeviceClient;
  let c: DeviceClient;
  beforeEach(async () => {
    s = await startTestServer(dialect);
    a = await s.device('A01');
    c = await s.device('C03');
  });
  afterEach(async () => s?.close());

  const deviceOf = (client: DeviceClient): Device => ({ id: client.creds.deviceId, counterCode: client.creds.counterCode, secret: client.secret });

  /** The database refuses to insert an application with this receipt number (a trigger). */
  async function poison(receiptNo: string, when: 'statement' | 'commit'): Promise<void> {
    if (dialect === 'sqlite') {
      await sql.raw(`create trigger poison before insert on applications when new.receipt_no = '${receiptNo}' begin select raise(abort, 'poisoned'); end`).execute(s.store.db);
      return;
    }
    await sql.raw(`create function poison() returns trigger language plpgsql as $$ begin if new.receipt_no = '${receiptNo}' then raise exception 'poisoned'; end if; return new; end $$`).execute(s.store.db);
    if (when === 'statement') await sql.raw('create trigger poison before insert on applications for each row execute function poison()').execute(s.store.db);
    // A deferred constraint trigger fires at commit: the whole group's commit fails.
    else await sql.raw('create constraint trigger poison after insert on applications deferrable initially deferred for each row execute function poison()').execute(s.store.db);
  }

  async function run(queue: IngestQueue, batches: { device: Device; items: BatchItem[] }[]) {
    const now = new Date();
    const first = queue.submit(deviceOf(c), { batchId: randomUUID(), items: [makeItem(c)] }, now);
    const rest = batches.map((b) => queue.submit(b.device, { batchId: randomUUID(), items: b.items }, now));
    expect((await first).items[0]?.result).toBe('accepted');
    return Promise.allSettled(rest);
  }

  const ordinary = () => ({ device: deviceOf(c), items: [makeItem(c), makeItem(c)] });

  it('rolls back only the batch the database refuses; the rest of its group commits', async () => {
    const bad = makeItem(a);
    await poison(bad.receiptNo, 'statement');
    const before = (await s.counts()).applications!;
    const settled = await run(new IngestQueue(s.store, s.county), [ordinary(), ordinary(), { device: deviceOf(a), items: [makeItem(a), bad] }, ordinary(), ordinary()]);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(String((settled[2] as PromiseRejectedResult).reason)).toContain('poisoned');
    for (const r of settled) if (r.status === 'fulfilled') expect(r.value.items.map((i) => i.result)).toEqual(['accepted', 'accepted']);
    // The first batch, four ordinary ones, and nothing of the refused one (not even its good first item).
    expect((await s.counts()).applications).toBe(before + 1 + 8);
  });

  it.runIf(dialect === 'postgres')('tries each batch on its own when the group cannot commit', async () => {
    const bad = makeItem(a);
    await poison(bad.receiptNo, 'commit');
    const before = (await s.counts()).applications!;
    const settled = await run(new IngestQueue(s.store, s.county), [ordinary(), { device: deviceOf(a), items: [bad] }, ordinary()]);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await s.counts()).applications).toBe(before + 1 + 4);
  });
});
