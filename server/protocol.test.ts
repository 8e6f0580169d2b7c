import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChangesResponse,
  type MeResponse,
  type Problem,
  authHeaders,
  blobPath,
  paths,
} from '../shared/sync/protocol';
import { verificationCode } from '../nodelib/verification';
import { type DeviceClient, enroll, makeItem, pageOf, sha256 } from './testing/client';
import { type TestServer, startTestServer, testDialects } from './testing/harness';

describe.each(testDialects())('county server protocol (%s)', (dialect) => {
  let s: TestServer;
  let a: DeviceClient;
  let b: DeviceClient;

  beforeAll(async () => {
    s = await startTestServer(dialect);
    a = await s.device('A01');
    b = await s.device('B02');
  });
  afterAll(async () => s?.close());

  const problemOf = (body: unknown) => body as Problem;

  it('reports health and serves the OpenAPI document', async () => {
    const health = (await (await fetch(s.baseUrl + paths.health)).json()) as { status: string; database: string };
    expect(health).toMatchObject({ status: 'ok', database: dialect });
    const doc = (await (await fetch(s.baseUrl + paths.openapi)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([paths.enroll, paths.batches, paths.changes, '/v1/blobs/{sha256}']));
  });

  it('spends an enrollment code once and rejects unknown codes', async () => {
    const { enrollmentCode } = await (await import('./services/counters')).createCounter(s.store.db, 'C03', '第三报名点', new Date());
    const first = await enroll(s.baseUrl, enrollmentCode.toLowerCase().replace(/-/g, ' '));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ counterCode: 'C03', countyCode: '379901' });
    const again = await enroll(s.baseUrl, enrollmentCode);
    expect(again.status).toBe(403);
    expect(again.contentType).toContain('application/problem+json');
    expect(problemOf(again.body).code).toBe('enrollment_code_invalid');
  });

  it('authenticates every request: missing, forged, stale and replayed signatures are refused', async () => {
    const me = await a.json<MeResponse>('GET', paths.me);
    expect(me.status).toBe(200);
    expect(me.body.counterCode).toBe('A01');

    const unsigned = await fetch(s.baseUrl + paths.me);
    expect(unsigned.status).toBe(401);

    const forged = a.sign('GET', paths.me);
    forged.headers[authHeaders.signature] = forged.headers[authHeaders.signature]!.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect((await a.send(forged)).status).toBe(401);

    const tamperedBody = a.sign('POST', paths.blobsMissing, Buffer.from(JSON.stringify({ sha256: [sha256('x')] })), { 'content-type': 'application/json' });
    tamperedBody.body = Buffer.from(JSON.stringify({ sha256: [sha256('y')] }));
    expect(problemOf((await a.send(tamperedBody)).body).code).toBe('unauthenticated');

    const stale = await a.send(a.sign('GET', paths.me, undefined, {}, Date.now() - 10 * 60_000));
    expect(stale.status).toBe(401);
    expect(problemOf(stale.body)).toMatchObject({ code: 'clock_skew', serverTime: expect.any(String) as string });

    const once = a.sign('GET', paths.me);
    expect((await a.send(once)).status).toBe(200);
    const replay = await a.send(once);
    expect(replay.status).toBe(409);
    expect(problemOf(replay.body).code).toBe('replayed_request');

    const stranger = a.sign('GET', paths.me);
    stranger.headers[authHeaders.deviceId] = randomUUID();
    expect(problemOf((await a.send(stranger)).body).code).toBe('unauthenticated');
  });

  it('uploads a page resumably, continues after a cut, and rejects a corrupted upload so it can be re-sent', async () => {
    const bytes = randomBytes(300_000);
    const hash = sha256(bytes);
    expect((await a.json<{ missing: string[] }>('POST', paths.blobsMissing, { sha256: [hash] })).body.missing).toEqual([hash]);

    // First chunk lands, then the "connection is cut": the desk asks for the offset and continues.
    expect((await a.patchChunk(hash, 0, bytes.length, bytes.subarray(0, 100_000))).body).toMatchObject({ offset: 100_000, complete: false });
    const wrongOffset = await a.patchChunk(hash, 50_000, bytes.length, bytes.subarray(50_000, 150_000));
    expect(wrongOffset.status).toBe(409);
    expect(problemOf(wrongOffset.body)).toMatchObject({ code: 'upload_offset_mismatch', offset: 100_000 });
    const state = await a.json<{ offset: number }>('GET', blobPath(hash));
    expect(state.body.offset).toBe(100_000);
    expect((await a.patchChunk(hash, 100_000, bytes.length, bytes.subarray(100_000))).body).toMatchObject({ offset: bytes.length, complete: true });
    expect((await a.json<{ missing: string[] }>('POST', paths.blobsMissing, { sha256: [hash] })).body.missing).toEqual([]);
    // A repeated upload of a complete blob is harmless.
    expect((await a.patchChunk(hash, 0, bytes.length, bytes.subarray(0, 10))).body).toMatchObject({ complete: true });

    // Corrupted in transit: one byte differs. The server discards it; a clean re-send succeeds.
    const other = randomBytes(50_000);
    const otherHash = sha256(other);
    const corrupt = Buffer.from(other);
    corrupt[1234] = corrupt[1234]! ^ 0xff;
    const bad = await a.patchChunk(otherHash, 0, other.length, corrupt);
    expect(bad.status).toBe(422);
    expect(problemOf(bad.body)).toMatchObject({ code: 'blob_hash_mismatch', offset: 0 });
    expect((await a.json<{ offset: number; complete: boolean }>('GET', blobPath(otherHash))).body).toMatchObject({ offset: 0, complete: false });
    expect(await s.store.db.selectFrom('blobs').select('sha256').where('sha256', '=', otherHash).executeTakeFirst()).toBeUndefined();
    expect((await a.upload(other, 20_000)).complete).toBe(true);
    expect(existsSync(join(s.config.dataDir, 'blobs', otherHash.slice(0, 2), otherHash))).toBe(true);
  });

  it('takes small pages whole in a bundle, per page: stored, already held, or corrupted in transit and not kept', async () => {
    const held = randomBytes(40_000);
    expect((await a.upload(held)).complete).toBe(true);
    const fresh = [randomBytes(70_000), randomBytes(1), randomBytes(200_000)];
    const ok = await a.bundle([held, ...fresh]);
    expect(ok.status).toBe(200);
    expect(ok.body.pages).toEqual([
      { sha256: sha256(held), status: 'held' },
      ...fresh.map((p) => ({ sha256: sha256(p), status: 'stored' })),
    ]);
    for (const p of fresh) expect(readFileSync(join(s.config.dataDir, 'blobs', sha256(p).slice(0, 2), sha256(p))).equals(p)).toBe(true);
    expect((await a.json<{ missing: string[] }>('POST', paths.blobsMissing, { sha256: fresh.map(sha256) })).body.missing).toEqual([]);
    // Sent twice (the answer was lost): every page is now held.
    expect((await a.bundle(fresh)).body.pages.map((p) => p.status)).toEqual(['held', 'held', 'held']);

    // One byte of the second page flipped on the way: that page is refused and not kept, the others are stored.
    const next = [randomBytes(30_000), randomBytes(30_000), randomBytes(30_000)];
    const body = Buffer.concat(next);
    body[30_000 + 777] = body[30_000 + 777]! ^ 0x01;
    const hurt = await a.bundle(next, { body });
    expect(hurt.body.pages.map((p) => p.status)).toEqual(['stored', 'corrupt', 'stored']);
    expect(existsSync(join(s.config.dataDir, 'blobs', sha256(next[1]!).slice(0, 2), sha256(next[1]!)))).toBe(false);
    expect((await a.json<{ missing: string[] }>('POST', paths.blobsMissing, { sha256: next.map(sha256) })).body.missing).toEqual([sha256(next[1]!)]);
    expect((await a.bundle([next[1]!])).body.pages).toEqual([{ sha256: sha256(next[1]!), status: 'stored' }]);
  });

  it('refuses a bundle whose body or manifest does not add up, or whose manifest was changed after signing', async () => {
    const pages = [randomBytes(10_000), randomBytes(20_000)];
    const short = await a.bundle(pages, { body: Buffer.concat(pages).subarray(0, 29_999) });
    expect(short.status).toBe(400);
    expect(problemOf(short.body).code).toBe('bundle_invalid');
    expect(problemOf(short.body).detail).toContain('29999 字节');
    const twice = await a.bundle([pages[0]!, pages[0]!]);
    expect(problemOf(twice.body)).toMatchObject({ status: 400, code: 'bundle_invalid' });
    const malformed = `${sha256(pages[0]!)};10000`;
    const bad = await a.bundle(pages, { signed: malformed });
    expect(problemOf(bad.body)).toMatchObject({ status: 400, code: 'validation_failed' });
    // A manifest swapped after signing (say, to pass off other bytes under a page's name) fails the signature.
    const forged = `${sha256(pages[1]!)}:10000,${sha256(pages[0]!)}:20000`;
    const swapped = await a.bundle(pages, { sent: forged });
    expect(problemOf(swapped.body)).toMatchObject({ status: 401, code: 'unauthenticated' });
    // A JSON body shaped like the parsed bundle (claiming a page's hash) is not a bundle.
    const fake = Buffer.from(JSON.stringify({ received: 3, pages: [{ sha256: sha256(pages[0]!), bytes: 3, actual: sha256(pages[0]!), parts: [[1, 2, 3]] }] }));
    const disguised = await a.send(a.sign('POST', paths.blobs, fake, { 'content-type': 'application/json', 'x-pages': `${sha256(pages[0]!)}:3` }));
    expect(problemOf(disguised.body)).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    const big = [randomBytes(3 * 1024 * 1024), randomBytes(1024 * 1024 + 1)];
    expect((await a.bundle(big)).status).toBe(413);
    expect(await s.store.db.selectFrom('blobs').select('sha256').where('sha256', 'in', [...pages, ...big].map(sha256)).execute()).toEqual([]);
  });

  it('accepts a batch with an explicit signed ack, replays the same answer, and refuses a reused batch id', async () => {
    const page = randomBytes(20_000);
    await a.upload(page);
    const item = makeItem(a, { pages: [pageOf(page)] });
    const batchId = randomUUID();
    const first = await a.batch(batchId, [item]);
    expect(first.status).toBe(200);
    expect(first.body.items[0]).toMatchObject({ result: 'accepted', serverHash: item.contentHash, serverRevision: 1 });
    expect(a.ackValid(first.body)).toBe(true);
    expect(b.ackValid(first.body)).toBe(false);

    const replay = await a.batch(batchId, [item]);
    expect(replay.body).toEqual(first.body);
    const reused = await a.batch(batchId, [makeItem(a)]);
    expect(reused.status).toBe(422);
    expect(problemOf(reused.body).code).toBe('batch_id_reused');

    const again = await a.batch(randomUUID(), [item]);
    expect(again.body.items[0]).toMatchObject({ result: 'already_have', serverHash: item.contentHash });
    const pages = await s.store.db.selectFrom('application_pages').selectAll().where('application_id', '=', item.applicationId).execute();
    expect(pages).toHaveLength(1);
  });

  it('stores edits as new revisions and reports stale bases and diverging content as conflicts', async () => {
    const v1 = makeItem(a);
    expect((await a.batch(randomUUID(), [v1])).body.items[0]?.result).toBe('accepted');
    const v2 = makeItem(a, { applicationId: v1.applicationId, revision: 2, baseRevision: 1, seq: receiptSeq(v1.receiptNo), record: { ...v1.record, note: 'edited' } });
    expect((await a.batch(randomUUID(), [v2])).body.items[0]).toMatchObject({ result: 'accepted', serverRevision: 2 });
    const stale = makeItem(a, { applicationId: v1.applicationId, revision: 3, baseRevision: 1, seq: receiptSeq(v1.receiptNo), record: { note: 'other desk edit' } });
    expect((await a.batch(randomUUID(), [stale])).body.items[0]).toMatchObject({ result: 'conflict', serverRevision: 2 });
    const diverging = makeItem(a, { applicationId: v1.applicationId, revision: 2, baseRevision: 1, seq: receiptSeq(v1.receiptNo), record: { note: 'different' } });
    expect((await a.batch(randomUUID(), [diverging])).body.items[0]).toMatchObject({ result: 'conflict', serverHash: v2.contentHash });
    // Another counter cannot write to this application.
    const hijack = makeItem(b, { applicationId: v1.applicationId, revision: 3, baseRevision: 2 });
    expect((await b.batch(randomUUID(), [hijack])).body.items[0]?.result).toBe('conflict');
    const revs = await s.store.db.selectFrom('application_revisions').select('revision').where('application_id', '=', v1.applicationId).execute();
    expect(revs.map((r) => r.revision).sort()).toEqual([1, 2]);
  });

  it('answers per item: invalid and retry_later items store nothing while good items in the same batch are accepted', async () => {
    const before = await s.counts();
    const good = makeItem(a);
    const badHash = { ...makeItem(a), contentHash: sha256('not the content') };
    const otherCounter = makeItem(b); // receipt number of counter B02 sent by A01
    const missingPage = randomBytes(1000);
    const needsBlob = makeItem(a, { pages: [pageOf(missingPage)] });
    const r = await a.batch(randomUUID(), [good, badHash, otherCounter, needsBlob]);
    expect(r.body.items.map((i) => i.result)).toEqual(['accepted', 'invalid', 'invalid', 'retry_later']);
    expect(r.body.items[1]?.errors?.[0]?.path).toBe('contentHash');
    expect(r.body.items[2]?.errors?.[0]?.message).toContain('B02');
    expect(r.body.items[3]?.errors?.[0]?.path).toBe('pages[0].sha256');
    const after = await s.counts();
    expect(after.applications).toBe(before.applications! + 1);
    expect(after.application_revisions).toBe(before.application_revisions! + 1);
    expect(after.application_pages).toBe(before.application_pages);

    // After the page is uploaded, the same item in a new batch goes through.
    await a.upload(missingPage);
    expect((await a.batch(randomUUID(), [needsBlob])).body.items[0]?.result).toBe('accepted');
    const wrongSize = makeItem(a, { pages: [{ ...pageOf(missingPage), bytes: 999 }] });
    expect((await a.batch(randomUUID(), [wrongSize])).body.items[0]).toMatchObject({ result: 'invalid', errors: [{ path: 'pages[0].bytes' }] });
  });

  it('flags the same child at two counters and at the online system, reporting it to both counters', async () => {
    const childId = '379901201905050017';
    const atA = makeItem(a, { childId });
    const atB = makeItem(b, { childId });
    expect((await a.batch(randomUUID(), [atA])).body.items[0]?.duplicateOf).toBeUndefined();
    const second = (await b.batch(randomUUID(), [atB])).body.items[0];
    expect(second).toMatchObject({ result: 'accepted', duplicateOf: [{ applicationId: atA.applicationId, counterCode: 'A01', source: 'counter' }] });

    const online = await s.cli(['online', 'apply', '--id', childId.toLowerCase()]);
    expect(online.code).toBe(0);
    expect(online.out).toContain(atA.receiptNo);

    const dupes = (await pullAll(a)).filter((c) => c.kind === 'duplicate' && c.applicationId === atA.applicationId);
    expect(dupes.map((d) => (d.kind === 'duplicate' ? d.duplicates.length : 0))).toEqual([1, 2]);
    const atBChanges = (await pullAll(b)).filter((c) => c.kind === 'duplicate');
    expect(atBChanges.some((c) => c.kind === 'duplicate' && c.applicationId === atB.applicationId && c.duplicates.some((d) => d.source === 'online'))).toBe(true);

    const list = await s.cli(['duplicates', 'list', '--json']);
    const groups = JSON.parse(list.out) as { applications: { applicationId: string }[] }[];
    const group = groups.find((g) => g.applications.some((x) => x.applicationId === atA.applicationId));
    expect(group?.applications).toHaveLength(3);
  });

  it('sends plans to every counter and review results only to the owning counter, with a cursor', async () => {
    const item = makeItem(a);
    await a.batch(randomUUID(), [item]);
    const { cursor: aStart } = await pull(a, '0', 500);
    const { cursor: bStart } = await pull(b, '0', 500);

    const recorded = await s.cli(['result', 'record', item.receiptNo, '--status', 'admitted', '--school-code', 'S01', '--school', '城关第一小学', '--report-date', '2026-08-28']);
    expect(recorded.err).toBe('');
    expect(recorded.code).toBe(0);
    // The operator is the console account (--as) or the OS user, never free text.
    const freeText = await s.cli(['result', 'record', item.receiptNo, '--status', 'admitted', '--by', '王老师']);
    expect(freeText).toMatchObject({ code: 1, err: expect.stringContaining('--as') as string });
    expect(await s.cli(['result', 'record', item.receiptNo, '--status', 'admitted', '--as', 'nobody'])).toMatchObject({ code: 1, err: expect.stringContaining('nobody') as string });
    const badStatus = await s.cli(['result', 'record', item.receiptNo, '--status', 'maybe']);
    expect(badStatus.code).toBe(1);
    expect(badStatus.err).toContain('outcome');

    const planFile = join(s.config.dataDir, 'plan.json');
    writeFileSync(planFile, JSON.stringify(samplePlan()));
    const loaded = await s.cli(['plan', 'load', planFile]);
    expect(loaded.out).toContain('第 1 版');
    writeFileSync(planFile, '{"year": "soon"}');
    expect((await s.cli(['plan', 'load', planFile])).code).toBe(1);
    const otherCounty = samplePlan() as { county: { code: string } };
    otherCounty.county.code = '110101';
    writeFileSync(planFile, JSON.stringify(otherCounty));
    expect(await s.cli(['plan', 'load', planFile])).toMatchObject({ code: 1, err: expect.stringContaining('方案属于县代码 110101') as string });

    const forA = await pull(a, aStart, 1);
    expect(forA.items[0]?.change).toMatchObject({ kind: 'review_result', receiptNo: item.receiptNo, result: { outcome: 'admitted', resultVersion: 1, schoolName: '城关第一小学' } });
    expect(forA.more).toBe(true);
    const forA2 = await pull(a, forA.cursor, 10);
    expect(forA2.items.map((i) => i.change.kind)).toEqual(['plan']);
    expect(forA2.more).toBe(false);
    const forB = await pull(b, bStart, 10);
    expect(forB.items.map((i) => i.change.kind)).toEqual(['plan']);
    const bad = await b.json('GET', `${paths.changes}?cursor=abc`);
    expect(bad.status).toBe(400);

    const list = JSON.parse((await s.cli(['applications', 'list', '--json'])).out) as { id: string; latestOutcome: string | null }[];
    expect(list.find((r) => r.id === item.applicationId)?.latestOutcome).toBe('admitted');
  });

  it('sees earlier items of the same batch: a revision chain, a reused receipt number and the same child', async () => {
    const v1 = makeItem(a, { childId: '379901201703030033' });
    const v2 = makeItem(a, { applicationId: v1.applicationId, revision: 2, baseRevision: 1, seq: receiptSeq(v1.receiptNo), childId: '379901201703030033', record: { note: 'v2' } });
    const sameReceipt = makeItem(a, { seq: receiptSeq(v1.receiptNo) });
    const sibling = makeItem(a, { childId: '379901201703030033' });
    const r = await a.batch(randomUUID(), [v1, v2, sameReceipt, sibling]);
    expect(r.body.items.map((i) => i.result)).toEqual(['accepted', 'accepted', 'invalid', 'accepted']);
    expect(r.body.items[1]?.duplicateOf).toBeUndefined();
    expect(r.body.items[3]?.duplicateOf).toEqual([{ applicationId: v1.applicationId, receiptNo: v1.receiptNo, counterCode: 'A01', source: 'counter' }]);
    const row = await s.store.db.selectFrom('applications').select(['revision', 'content_hash']).where('id', '=', v1.applicationId).executeTakeFirstOrThrow();
    expect(row).toEqual({ revision: 2, content_hash: v2.contentHash });
  });

  it('takes two counters syncing at once, with shared children and replays, exactly once each', async () => {
    const children = Array.from({ length: 10 }, (_, i) => `37990120180101${String(1000 + i)}`);
    const plan = (client: DeviceClient) =>
      Array.from({ length: 8 }, (_, n) => ({ id: randomUUID(), items: Array.from({ length: 5 }, (_, k) => makeItem(client, { childId: children[(n * 5 + k) % 10] })) }));
    const work = [
      { client: a, batches: plan(a) },
      { client: b, batches: plan(b) },
    ];
    const send = ({ client, batches }: (typeof work)[number]) =>
      Promise.all(batches.map(async (bt) => [await client.batch(bt.id, bt.items), await client.batch(bt.id, bt.items)] as const));
    const answers = (await Promise.all(work.map(send))).flat();
    for (const [first, replay] of answers) {
      expect(first.status).toBe(200);
      expect(first.body.items.every((i) => i.result === 'accepted')).toBe(true);
      expect(replay.body).toEqual(first.body);
    }
    const ids = work.flatMap((w) => w.batches.flatMap((bt) => bt.items.map((i) => i.applicationId)));
    const stored = await s.store.db.selectFrom('applications').select(['id', 'child_id_hash']).where('id', 'in', ids).execute();
    expect(stored).toHaveLength(ids.length);
    // Every child has 8 applications (4 per counter), and every one after the first was told about the earlier ones.
    const flagged = answers.flatMap(([first]) => first.body.items.filter((i) => i.duplicateOf?.length));
    expect(flagged).toHaveLength(ids.length - children.length);
    const duplicates = JSON.parse((await s.cli(['duplicates', 'list', '--json'])).out) as { childIdHash: string; applications: unknown[] }[];
    for (const child of children) expect(duplicates.find((g) => g.childIdHash === a.childHash(child))?.applications).toHaveLength(8);
  });

  it('verifies the code printed on a receipt and on a notice with the key the desk sent at enrollment', async () => {
    const key = randomBytes(32);
    const c = await s.device('V07', '核验报名点', key);
    const record = { form: { child: { name: '王小明', idNumber: '379901201906060014' }, school: { schoolId: 'S01' } }, submittedAt: '2026-06-15T01:02:03.000Z' };
    const item = makeItem(c, { record, childId: record.form.child.idNumber });
    expect((await c.batch(randomUUID(), [item])).body.items[0]?.result).toBe('accepted');
    const fields = { receiptNo: item.receiptNo, childName: '王小明', childIdNumber: '379901201906060014', schoolId: 'S01', submittedAt: record.submittedAt };
    const code = verificationCode(key, 'receipt', fields);
    const good = await s.cli(['receipt', 'verify', item.receiptNo, code.toLowerCase()]);
    expect(good).toMatchObject({ code: 0, out: expect.stringContaining('报名回执') as string });
    const forged = await s.cli(['receipt', 'verify', item.receiptNo, verificationCode(key, 'receipt', { ...fields, schoolId: 'S02' })]);
    expect(forged).toMatchObject({ code: 1, err: expect.stringContaining('不符') as string });

    await s.cli(['result', 'record', item.receiptNo, '--status', 'admitted', '--school-code', 'S01', '--school', '第一小学', '--report-date', '2026-08-28']);
    const notice = verificationCode(key, 'notice', { receiptNo: item.receiptNo, childIdNumber: fields.childIdNumber, resultVersion: 1, outcome: 'admitted', schoolCode: 'S01' });
    expect((await s.cli(['receipt', 'verify', item.receiptNo, notice])).out).toContain('第 1 次结果');
    expect((await s.cli(['receipt', 'verify', '379901-V07-260615-9999-0', code])).code).toBe(1);
  });

  it('stores a burst of concurrent batches together, refusing only the one that reuses a batch id', async () => {
    const before = await s.counts();
    const ids = Array.from({ length: 12 }, () => randomUUID());
    const bodies = ids.map(() => [makeItem(a)]);
    const reusedId = ids[3]!;
    const answers = await Promise.all([...ids.map((id, i) => a.batch(id, bodies[i]!)), a.batch(reusedId, [makeItem(a)])]);
    expect(answers.map((r) => r.status).sort()).toEqual([...Array<number>(12).fill(200), 422]);
    expect(answers.filter((r) => r.status === 200).every((r) => r.body.items[0]?.result === 'accepted' && a.ackValid(r.body))).toBe(true);
    const after = await s.counts();
    expect(after.applications).toBe(before.applications! + 12);
    expect(after.batches).toBe(before.batches! + 12);
  });

  it('refuses a revoked counter with a clear 403 and keeps its data', async () => {
    const c = await s.device('R09');
    const item = makeItem(c);
    expect((await c.batch(randomUUID(), [item])).body.items[0]?.result).toBe('accepted');
    const revoked = await s.cli(['counter', 'revoke', 'R09']);
    expect(revoked.out).toContain('1 台设备');
    const r = await c.json('GET', paths.me);
    expect(r.status).toBe(403);
    expect(problemOf(r.body)).toMatchObject({ code: 'device_revoked', detail: expect.stringContaining('重新注册') as string });
    const b2 = await c.batch(randomUUID(), [makeItem(c)]);
    expect(b2.status).toBe(403);
    expect(await s.store.db.selectFrom('applications').select('id').where('id', '=', item.applicationId).executeTakeFirst()).toBeDefined();
  });

  async function pull(client: DeviceClient, cursor: string, limit: number) {
    const r = await client.json<ChangesResponse>('GET', `${paths.changes}?cursor=${cursor}&limit=${limit}`);
    expect(r.status).toBe(200);
    return { items: r.body.items, cursor: r.body.nextCursor, more: r.body.more };
  }

  async function pullAll(client: DeviceClient) {
    const all: ChangesResponse['items'][number]['change'][] = [];
    let cursor = '0';
    for (;;) {
      const page = await pull(client, cursor, 2);
      all.push(...page.items.map((i) => i.change));
      cursor = page.cursor;
      if (!page.more) return all;
    }
  }
});

function receiptSeq(receiptNo: string): number {
  return Number(receiptNo.split('-')[3]);
}

function samplePlan(): unknown {
  // The desk's bundled sample plan is the fixture: what a county would publish.
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json'), 'utf8')) as unknown;
}
