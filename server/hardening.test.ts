import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHUNK_CONTENT_TYPE,
  MAX_BLOB_BYTES,
  MAX_INT32,
  authHeaders,
  blobPath,
  paths,
  problemSchema,
  uploadHeaders,
  type BatchResponse,
  type BlobState,
  type ChangesResponse,
  type Problem,
} from '../shared/sync/protocol';
import { createCounter } from './services/counters';
import { type DeviceClient, type Reply, enroll, makeItem, pageOf, sha256 } from './testing/client';
import { type TestServer, startTestServer, testDialects } from './testing/harness';
import { rawHttp } from './testing/raw';

// Inputs that once answered 500 (or worse, were stored changed), one class per test, on both databases. Each
// must be a 4xx problem document (or, inside a batch, an item answer) and must store nothing.

describe.each(testDialects())('county server under hostile input (%s)', (dialect) => {
  let s: TestServer;
  let a: DeviceClient;
  let c: DeviceClient;
  let page: Buffer;

  beforeAll(async () => {
    s = await startTestServer(dialect);
    a = await s.device('A01');
    c = await s.device('C03');
    page = randomBytes(3000);
    await a.upload(page);
  });
  afterAll(async () => s?.close());

  const problemOf = (r: Reply): Problem => {
    expect(r.contentType).toContain('application/problem+json');
    const parsed = problemSchema.parse(r.body);
    expect(parsed.detail).toMatch(/[\u4e00-\u9fff]/);
    return parsed;
  };
  const post = (client: DeviceClient, path: string, body: string | Buffer, contentType = 'application/json') =>
    client.send(client.sign('POST', path, Buffer.isBuffer(body) ? body : Buffer.from(body), { 'content-type': contentType }));
  /** A valid batch of one item whose record is replaced by the given JSON text. */
  const batchWithRecord = (client: DeviceClient, recordJson: string) =>
    JSON.stringify({ batchId: randomUUID(), items: [{ ...makeItem(client), record: '@RECORD@' }] }).replace('"@RECORD@"', recordJson);
  const stored = async () => {
    const n = await s.counts();
    return { applications: n.applications, application_revisions: n.application_revisions, application_pages: n.application_pages, changes: n.changes, devices: n.devices, blobs: n.blobs };
  };

  it('refuses JSON values the server must never hold: 1e400, 10,000 levels, __proto__, bytes that are not UTF-8', async () => {
    const before = await stored();
    const infinite = await post(a, paths.batches, batchWithRecord(a, '{"childName":"x","n":[1,1e400]}'));
    expect(infinite.status).toBe(400);
    expect(problemOf(infinite)).toMatchObject({ code: 'validation_failed', errors: [{ path: 'items.0.record.n.1' }] });

    const deep = await post(a, paths.batches, batchWithRecord(a, `${'{"x":'.repeat(10_000)}1${'}'.repeat(10_000)}`));
    expect(deep.status).toBe(400);
    expect(problemOf(deep).detail).toContain('32 层');
    // The deepest body that fits the size limit is refused from its bytes, before JSON.parse (which takes seconds on it).
    const deepest = await post(a, paths.batches, `${'['.repeat(4_000_000)}${']'.repeat(4_000_000)}`);
    expect(problemOf(deepest)).toMatchObject({ status: 400, code: 'bad_request', detail: expect.stringContaining('32 层') as string });

    const proto = await post(a, paths.batches, batchWithRecord(a, '{"childName":"x","__proto__":{"admin":true}}'));
    expect(proto.status).toBe(400);
    expect(problemOf(proto)).toMatchObject({ code: 'validation_failed', errors: [{ path: 'items.0.record.__proto__', message: expect.stringContaining('__proto__') as string }] });

    const latin1 = Buffer.concat([Buffer.from('{"sha256":["'), Buffer.from([0xff, 0xfe]), Buffer.from('"]}')]);
    expect(problemOf(await post(a, paths.blobsMissing, latin1))).toMatchObject({ status: 400, code: 'bad_request', detail: expect.stringContaining('UTF-8') as string });
    // A surrogate encoded on its own (CESU-8) is not UTF-8 either.
    const cesu = Buffer.concat([Buffer.from(batchWithRecord(a, '{"childName":"@"}').split('@')[0]!), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(batchWithRecord(a, '{"childName":"@"}').split('@')[1]!)]);
    expect(problemOf(await post(a, paths.batches, cesu)).detail).toContain('UTF-8');
    expect(await stored()).toEqual(before);
  });

  it('refuses revisions and cursors past a PostgreSQL integer, and takes the largest one that fits', async () => {
    const before = await stored();
    const over = { ...makeItem(a), revision: MAX_INT32 + 1 };
    expect(problemOf(await a.batch(randomUUID(), [over]))).toMatchObject({ status: 400, errors: [{ path: 'items.0.revision' }] });
    const base = { ...makeItem(a), revision: 2, baseRevision: 2 ** 40 };
    expect(problemOf(await a.batch(randomUUID(), [base]))).toMatchObject({ status: 400, errors: [{ path: 'items.0.baseRevision' }] });
    for (const cursor of [String(MAX_INT32 + 1), '99999999999', '1e3']) {
      expect(problemOf(await a.json('GET', `${paths.changes}?cursor=${cursor}`))).toMatchObject({ status: 400, code: 'validation_failed' });
    }
    expect(await stored()).toEqual(before);
    const last = await a.json<ChangesResponse>('GET', `${paths.changes}?cursor=${MAX_INT32}`);
    expect(last.body).toMatchObject({ items: [], nextCursor: String(MAX_INT32), more: false });
    const largest = { ...makeItem(a), revision: MAX_INT32 };
    expect((await a.batch(randomUUID(), [largest])).body.items[0]).toMatchObject({ result: 'accepted', serverRevision: MAX_INT32 });
  });

  it('refuses U+0000 and broken characters in protocol fields; in a record only that item is invalid', async () => {
    const before = await stored();
    const nulKey = makeItem(a, { pages: [{ ...pageOf(page), materialKey: 'hukou\u0000book' }] });
    expect(problemOf(await a.batch(randomUUID(), [nulKey]))).toMatchObject({ status: 400, errors: [{ path: 'items.0.pages.0.materialKey' }] });
    const nulReceipt = { ...makeItem(a), receiptNo: '379901-A01-260615-0001-\u0000' };
    expect(problemOf(await a.batch(randomUUID(), [nulReceipt]))).toMatchObject({ status: 400, errors: [{ path: 'items.0.receiptNo' }] });

    const { enrollmentCode } = await createCounter(s.store.db, 'N05', '第五报名点', new Date());
    for (const deviceName of ['pc\u0000', 'pc\ud800', '\udc00pc']) {
      const r = await enroll(s.baseUrl, enrollmentCode, deviceName);
      expect(problemOf(r)).toMatchObject({ status: 400, errors: [{ path: 'deviceName' }] });
    }
    // Nothing was spent: the same code enrolls a desk whose name has a whole (paired) character.
    expect((await enroll(s.baseUrl, enrollmentCode, '一号机💻')).status).toBe(200);

    // Line breaks and tabs belong in remarks.
    const good = makeItem(a, { record: { remarks: '第一行\n第二行\r\n\t缩进', name: '王💡' } });
    const nulText = makeItem(a, { record: { childName: '张\u0000三' } });
    const lone = makeItem(a, { record: { form: { child: { name: '李\ud83d' } } } });
    const r = await a.batch(randomUUID(), [good, nulText, lone]);
    expect(r.body.items.map((i) => i.result)).toEqual(['accepted', 'invalid', 'invalid']);
    expect(r.body.items[1]?.errors).toEqual([{ path: 'record.childName', message: expect.stringContaining('控制字符') as string }]);
    expect(r.body.items[2]?.errors?.[0]?.path).toBe('record.form.child.name');
    expect(await stored()).toEqual({ ...before, applications: before.applications! + 1, application_revisions: before.application_revisions! + 1, devices: before.devices! + 1 });
  });

  it("answers one desk's ordinary batches while another desk sends malformed ones at the same time", async () => {
    const ordinary = Array.from({ length: 12 }, () => ({ id: randomUUID(), items: [makeItem(c), makeItem(c)] }));
    const malformed = [
      batchWithRecord(a, '{"n":1e400}'),
      batchWithRecord(a, `${'['.repeat(5000)}${']'.repeat(5000)}`),
      JSON.stringify({ batchId: randomUUID(), items: [{ ...makeItem(a), revision: 2 ** 31 }] }),
      JSON.stringify({ batchId: randomUUID(), items: [makeItem(a, { pages: [{ ...pageOf(page), materialKey: '\u0000' }] })] }),
      JSON.stringify({ batchId: randomUUID(), items: [makeItem(a, { record: { name: '\u0000' } })] }),
      JSON.stringify({ batchId: randomUUID(), items: [makeItem(a, { record: { name: '\ud800' } })] }),
    ];
    const answers = await Promise.all([
      ...ordinary.map((b) => c.batch(b.id, b.items)),
      ...malformed.flatMap((m) => [post(a, paths.batches, m), post(a, paths.batches, m.replace(/"batchId":"[^"]+"/, `"batchId":"${randomUUID()}"`))]),
    ]);
    const good = answers.slice(0, ordinary.length) as Reply<BatchResponse>[];
    for (const r of good) {
      expect(r.status).toBe(200);
      expect(c.ackValid(r.body)).toBe(true);
      expect(r.body.items.every((i) => i.result === 'accepted')).toBe(true);
    }
    for (const r of answers.slice(ordinary.length) as Reply<BatchResponse>[]) {
      if (r.status === 200) expect(r.body.items.every((i) => i.result === 'invalid')).toBe(true);
      else expect(r.status).toBe(400);
    }
  });

  it("tells an item carrying another counter's application id nothing about that application", async () => {
    const theirs = makeItem(c);
    expect((await c.batch(randomUUID(), [theirs])).body.items[0]?.result).toBe('accepted');
    const nosy = [
      makeItem(a, { applicationId: theirs.applicationId, revision: 2, baseRevision: 1 }),
      { ...makeItem(a, { applicationId: theirs.applicationId }), contentHash: sha256('garbage') },
      makeItem(a, { applicationId: theirs.applicationId, record: { name: '\u0000' } }),
      { ...makeItem(a, { applicationId: theirs.applicationId }), receiptNo: theirs.receiptNo },
    ];
    const r = await a.batch(randomUUID(), nosy);
    for (const item of r.body.items) expect(item).toMatchObject({ result: 'conflict', serverHash: null, serverRevision: null, errors: [{ path: 'applicationId' }] });
    const row = await s.store.db.selectFrom('applications').select(['counter_code', 'revision', 'content_hash']).where('id', '=', theirs.applicationId).executeTakeFirstOrThrow();
    expect(row).toEqual({ counter_code: 'C03', revision: 1, content_hash: theirs.contentHash });
  });

  it("keeps each device's unfinished upload its own: a wrong length from another device does not block the real uploader", async () => {
    const bytes = randomBytes(300_000);
    const hash = sha256(bytes);
    // Device A declares a wrong length for the page and sends part of it.
    const squat = await a.patchChunk(hash, 0, bytes.length + 7, bytes.subarray(0, 100_000));
    expect(squat.body).toMatchObject({ offset: 100_000, length: bytes.length + 7, complete: false });
    // Device C sees nothing of A's upload and uploads the page in chunks.
    expect((await c.json<BlobState>('GET', blobPath(hash))).body).toEqual({ sha256: hash, offset: 0, length: null, complete: false });
    expect((await c.upload(bytes, 120_000)).complete).toBe(true);
    // Now A sees the page complete, and its abandoned part is gone.
    expect((await a.json<BlobState>('GET', blobPath(hash))).body).toMatchObject({ complete: true, offset: bytes.length });
    expect(readdirSync(join(s.config.dataDir, 'uploads')).filter((f) => f.startsWith(hash))).toEqual([]);

    // A device that got its own length wrong starts again from 0 with the right one.
    const other = randomBytes(50_000);
    expect((await a.patchChunk(sha256(other), 0, other.length + 1, other.subarray(0, 10_000))).status).toBe(200);
    expect(problemOf(await a.patchChunk(sha256(other), 10_000, other.length, other.subarray(10_000))).code).toBe('upload_length_mismatch');
    expect((await a.patchChunk(sha256(other), 0, other.length, other)).body).toMatchObject({ complete: true });
  });

  it('refuses content types a route does not take with 415 before authentication; JSON must be UTF-8', async () => {
    const batch = Buffer.from(JSON.stringify({ batchId: randomUUID(), items: [makeItem(a)] }));
    // Unsigned: 415, not 401; the type is checked before anything else.
    const unsigned = await fetch(s.baseUrl + paths.batches, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: batch });
    expect(unsigned.status).toBe(415);
    // Signed over the hash of no body (what text/plain once passed with).
    const plain = a.sign('POST', paths.batches, undefined, { 'content-type': 'text/plain' });
    expect(problemOf(await a.send({ ...plain, body: batch }))).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    expect(problemOf(await post(a, paths.batches, batch, 'application/json; charset=iso-8859-1'))).toMatchObject({ status: 415, detail: expect.stringContaining('iso-8859-1') as string });
    expect(problemOf(await post(a, paths.blobs, batch))).toMatchObject({ status: 415 });
    const getWithBody = a.sign('GET', paths.changes, batch, { 'content-type': 'application/json' });
    const answer = await nodeRequest(s, 'GET', paths.changes, { ...getWithBody.headers, 'content-length': String(batch.length) }, batch);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    expect(problemOf(await post(a, paths.blobsMissing, Buffer.from(JSON.stringify({ sha256: [sha256('x')] })), 'text/plain'))).toMatchObject({ status: 415 });
    // Media types are case-insensitive, and charset=utf-8 is fine.
    expect((await post(a, paths.blobsMissing, JSON.stringify({ sha256: [sha256('x')] }), 'Application/JSON; charset="UTF-8"')).status).toBe(200);
  });

  it('refuses a second x-signature, upper-case hex, and does not tell a bad signature that its device is revoked', async () => {
    const signed = a.sign('GET', paths.me);
    const twice = await nodeRequest(s, 'GET', paths.me, { ...signed.headers, [authHeaders.signature]: [signed.headers[authHeaders.signature]!, 'zz'] });
    expect(twice.status).toBe(400);
    expect(JSON.parse(twice.body)).toMatchObject({ code: 'bad_request', detail: expect.stringContaining('x-signature') as string });
    const upper = a.sign('GET', paths.me);
    upper.headers[authHeaders.signature] = upper.headers[authHeaders.signature]!.toUpperCase();
    expect(problemOf(await a.send(upper))).toMatchObject({ status: 401, code: 'unauthenticated' });

    const r = await s.device('R07');
    await s.cli(['counter', 'revoke', 'R07']);
    const forged = r.sign('GET', paths.me);
    forged.headers[authHeaders.signature] = '0'.repeat(64);
    expect(problemOf(await r.send(forged))).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(problemOf(await r.json('GET', paths.me))).toMatchObject({ status: 403, code: 'device_revoked' });
  });

  it('says upload-length 0 is a bad request, and a page over the limit too large', async () => {
    const zero = await a.send(a.sign('PATCH', blobPath(sha256('')), Buffer.from('x'), { 'content-type': CHUNK_CONTENT_TYPE, [uploadHeaders.offset]: '0', [uploadHeaders.length]: '0' }));
    expect(problemOf(zero)).toMatchObject({ status: 400, code: 'validation_failed', errors: [{ path: uploadHeaders.length }] });
    expect(problemOf(await a.patchChunk(sha256('y'), 0, MAX_BLOB_BYTES + 1, Buffer.from('y')))).toMatchObject({ status: 413, code: 'blob_too_large' });
  });

  it('answers 405 with Allow for a method a path does not take, 404 for no such path, 400 for a malformed URL', async () => {
    const call = (method: string, path: string, init: RequestInit = {}) => fetch(s.baseUrl + path, { method, ...init });
    const cases: [string, string, RequestInit, number, string | null][] = [
      ['DELETE', paths.batches, {}, 405, 'POST'],
      ['DELETE', paths.batches, { body: 'abc' }, 405, 'POST'],
      ['PUT', blobPath(sha256('z')), { body: 'x', headers: { 'content-type': 'text/plain' } }, 405, 'GET, PATCH'],
      ['HEAD', paths.health, {}, 405, 'GET'],
      ['OPTIONS', paths.changes, {}, 405, 'GET'],
      ['POST', paths.me, { body: '{}', headers: { 'content-type': 'application/json' } }, 405, 'GET'],
      ['GET', '/v1/nothing', {}, 404, null],
      ['GET', '/v1/blobs/%zz', {}, 400, null],
      ['GET', `/v1/blobs/${'a'.repeat(300)}`, {}, 400, null],
    ];
    for (const [method, path, init, status, allow] of cases) {
      const res = await call(method, path, init);
      expect([method, path.slice(0, 40), res.status]).toEqual([method, path.slice(0, 40), status]);
      expect(res.headers.get('allow')).toBe(allow);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      if (method !== 'HEAD') expect(problemSchema.parse(await res.json()).status).toBe(status);
    }
  });

  it('answers HTTP its parser cannot read with a problem document (raw socket)', async () => {
    const port = Number(new URL(s.baseUrl).port);
    const cases: [string, string, number][] = [
      ['bare CR in a header', 'GET /health HTTP/1.1\r\nHost: x\r\nX-A: b\rc\r\n\r\n', 400],
      ['folded header', 'GET /health HTTP/1.1\r\nHost: x\r\nX-A: b\r\n  c\r\n\r\n', 400],
      ['two Content-Lengths', 'POST /v1/batches HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}', 400],
      ['oversized headers', `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
      ['a request line that is not HTTP', 'HELLO\r\n\r\n', 400],
    ];
    for (const [name, request, status] of cases) {
      const res = await rawHttp(port, request);
      expect([name, res.status]).toEqual([name, status]);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = problemSchema.parse(JSON.parse(res.body));
      expect(body.status).toBe(status);
      expect(body.detail).toMatch(/[\u4e00-\u9fff]/);
    }
    // The same socket helper gets an ordinary answer for an ordinary request.
    expect((await rawHttp(port, 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).status).toBe(200);
  });
});

describe.each(testDialects())('unfinished uploads expire (%s)', (dialect) => {
  let s: TestServer;
  let shift = 0;
  beforeAll(async () => {
    s = await startTestServer(dialect, { now: () => new Date(Date.now() + shift) });
  });
  afterAll(async () => s?.close());

  it('discards an upload that got no chunk for 24 hours; the device starts it again at 0', async () => {
    const a = await s.device('A01');
    const bytes = randomBytes(200_000);
    const hash = sha256(bytes);
    expect((await a.patchChunk(hash, 0, bytes.length, bytes.subarray(0, 50_000))).body.offset).toBe(50_000);
    shift = 23 * 3600_000;
    a.clockOffsetMs = shift;
    expect((await a.patchChunk(sha256('tick'), 0, 10, Buffer.from('tick'))).status).toBe(200); // any upload lets the sweep run
    expect((await a.json<BlobState>('GET', blobPath(hash))).body.offset).toBe(50_000);
    shift = 2 * 24 * 3600_000;
    a.clockOffsetMs = shift;
    expect((await a.patchChunk(sha256('tock'), 0, 10, Buffer.from('tock'))).status).toBe(200);
    expect((await a.json<BlobState>('GET', blobPath(hash))).body).toEqual({ sha256: hash, offset: 0, length: null, complete: false });
    expect(readdirSync(join(s.config.dataDir, 'uploads')).filter((f) => f.startsWith(hash))).toEqual([]);
    expect((await a.upload(bytes, 80_000)).complete).toBe(true);
  });
});

/** node:http, which (unlike fetch) sends a header given as an array as separate header lines. */
function nodeRequest(s: TestServer, method: string, path: string, headers: Record<string, string | string[]>, body?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(s.baseUrl);
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
