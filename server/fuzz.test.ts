import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHUNK_CONTENT_TYPE,
  MAX_INT32,
  PAGES_CONTENT_TYPE,
  authHeaders,
  batchRequestSchema,
  blobPath,
  formatManifest,
  pagesHeaders,
  paths,
  problemSchema,
  uploadHeaders,
  type BatchResponse,
  type BlobState,
  type BundleResponse,
} from '../shared/sync/protocol';
import { type DeviceClient, type SignedRequest, makeItem, pageOf, sha256 } from './testing/client';
import { type TestServer, startTestServer, testDialects } from './testing/harness';
import { type Rng, seededRng } from './testing/random';

// Thousands of generated bad requests through the whole Fastify pipeline (parsers, auth, validation,
// handlers): every answer is a 4xx problem (or, for per-item batch failures, a 200 in which no item is
// stored), never a 5xx, and no application, page, blob or change row appears.

const CASES = Number(process.env.SERVER_FUZZ_CASES ?? 3000);



const weird: unknown[] = [null, true, false, 0, -1, 1.5, 2 ** 53, MAX_INT32 + 1, '', ' ', 'x'.repeat(100_000), '\u0000', 'a\ud800b', '\udc00', '<script>', [], {}, [[]], { $ne: 1 }, '💥'.repeat(1000), -0, 1e308];

/** JSON text values JSON.stringify cannot produce; spliced into bodies as text. */
const weirdText = ['1e400', '-1e400', '1e999999', `${'['.repeat(40)}${']'.repeat(40)}`, `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`, '{"__proto__":{"x":1}}', '"\\u0000"', '"\\ud800"', '9'.repeat(400)];

function mutate(value: unknown, r: Rng, depth = 0): unknown {
  if (depth > 4 || r.next() < 0.25) return r.pick(weird);
  if (Array.isArray(value)) {
    if (!value.length || r.next() < 0.2) return r.pick(weird);
    const copy: unknown[] = [...(value as unknown[])];
    const i = r.int(copy.length);
    copy[i] = mutate(copy[i], r, depth + 1);
    return copy;
  }
  if (value && typeof value === 'object') {
    const copy = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    const roll = r.next();
    if (roll < 0.15) copy[`extra_${r.int(100)}`] = r.pick(weird);
    else if (roll < 0.3 && keys.length) delete copy[r.pick(keys)];
    else if (keys.length) {
      const k = r.pick(keys);
      copy[k] = mutate(copy[k], r, depth + 1);
    }
    return copy;
  }
  return r.pick(weird);
}

describe.each(testDialects())('county server under malformed input (%s)', (dialect) => {
  let s: TestServer;
  let a: DeviceClient;
  let b: DeviceClient;
  let c: DeviceClient;
  let page: Buffer;
  let theirs: string;

  beforeAll(async () => {
    s = await startTestServer(dialect);
    a = await s.device('A01');
    b = await s.device('B02');
    c = await s.device('C03');
    await s.cli(['counter', 'revoke', 'B02']);
    page = randomBytes(4000);
    await a.upload(page);
    // Real applications exist, so conflicts and replays have something to hit; C03's is another counter's.
    await a.batch(randomUUID(), [makeItem(a, { pages: [pageOf(page)] })]);
    const other = makeItem(c);
    theirs = other.applicationId;
    await c.batch(randomUUID(), [other]);
  });
  afterAll(async () => s?.close());

  it(`answers ${CASES} generated bad requests with 4xx problems and stores nothing`, { timeout: 300_000 }, async () => {
    const r = seededRng(`fuzz (${dialect})`, 'SERVER_FUZZ_SEED');
    const seed = r.seed;
    const before = await s.counts();
    const failures: string[] = [];
    const byStatus = new Map<number, number>();
    const replayable: SignedRequest[] = [];
    let answeredBatches = 0;

    const json = (v: unknown) => Buffer.from(JSON.stringify(v) ?? 'null');
    const validBatch = () => ({ batchId: randomUUID(), items: [makeItem(a, { pages: [pageOf(page)] })] });
    const signedJson = (path: string, body: Buffer, contentType = 'application/json') => a.sign('POST', path, body, { 'content-type': contentType });
    /** A valid batch with one JSON value replaced by raw text (what a hand-written client can send). */
    const spliced = (text: string) => {
      const batch = validBatch() as unknown as { items: Record<string, unknown>[] };
      const item = batch.items[0]!;
      const roll = r.int(4);
      if (roll === 0) (item.record as Record<string, unknown>)[`k${r.int(9)}`] = '@@';
      else if (roll === 1) item[r.pick(['revision', 'baseRevision'])] = '@@';
      else if (roll === 2) ((item.pages as Record<string, unknown>[])[0]!)[r.pick(['bytes', 'pageNo'])] = '@@';
      else item.record = '@@';
      return Buffer.from(JSON.stringify(batch).replace('"@@"', text));
    };
    /** Pages device A starts with a wrong length (squatting); device C uploads them for real after the run. */
    const squatted = Array.from({ length: 4 }, () => randomBytes(20_000 + r.int(20_000)));
    let squatCount = 0;
    /** Answers a generator expects besides "a 4xx problem": a message when the answer is wrong. */
    const checks: Record<string, (res: Awaited<ReturnType<typeof s.app.inject>>) => string | null> = {
      revokedBadSignature: (res) => (res.statusCode === 401 ? null : `a revoked device with a bad signature got ${res.statusCode}, expected 401`),
      unsupportedMethod: (res) => (res.statusCode === 405 && typeof res.headers.allow === 'string' ? null : `expected 405 with Allow, got ${res.statusCode} ${String(res.headers.allow)}`),
      wrongContentType: (res) => (res.statusCode === 415 ? null : `expected 415, got ${res.statusCode}`),
      unsignedWrongType: (res) => (res.statusCode === 415 ? null : `expected 415 before authentication, got ${res.statusCode}`),
      foreignApplication: (res) => {
        if (res.statusCode !== 200) return null;
        const leaked = res.json<BatchResponse>().items.find((i) => i.result !== 'conflict' || i.serverHash !== null || i.serverRevision !== null);
        return leaked ? `another counter's application leaked: ${JSON.stringify(leaked)}` : null;
      },
      squat: (res) => (res.statusCode === 200 && !res.json<BlobState>().complete ? null : `a partial upload got ${res.statusCode} ${res.body.slice(0, 200)}`),
    };

    const generators: Record<string, () => SignedRequest> = {
      malformedJson: () => {
        const body = r.pick([Buffer.from('{"batchId":'), Buffer.from('{'), randomBytes(1 + r.int(200)), Buffer.from('[1,2,'), Buffer.from('\xff\xfe{}', 'latin1'), Buffer.from('')]);
        return a.sign('POST', r.pick([paths.batches, paths.blobsMissing]), body, { 'content-type': 'application/json' });
      },
      wrongTypesBatch: () => {
        // Mutations that happen to leave a valid batch (e.g. childIdHash → null) are not bad input: draw again.
        let bad: unknown;
        do bad = mutate(validBatch(), r);
        while (batchRequestSchema.safeParse(bad).success);
        return a.sign('POST', paths.batches, json(bad), { 'content-type': 'application/json' });
      },
      wrongTypesMissing: () => a.sign('POST', paths.blobsMissing, json(mutate({ sha256: [sha256('a'), sha256('b')] }, r)), { 'content-type': 'application/json' }),
      wrongTypesEnroll: () => ({ method: 'POST', url: paths.enroll, headers: { 'content-type': 'application/json' }, body: json(mutate({ code: 'ABCD-EFGH-JKLM', deviceName: 'x' }, r)) }),
      hugeField: () => {
        const batch = validBatch();
        batch.items[0]!.record = { blob: 'x'.repeat(70_000 + r.int(100_000)) };
        return a.sign('POST', paths.batches, json(batch), { 'content-type': 'application/json' });
      },
      tooManyItems: () => a.sign('POST', paths.batches, json({ batchId: randomUUID(), items: Array.from({ length: 101 }, () => makeItem(a)) }), { 'content-type': 'application/json' }),
      wrongContentHash: () => {
        const batch = validBatch();
        batch.items[0]!.contentHash = sha256(randomBytes(8));
        return a.sign('POST', paths.batches, json(batch), { 'content-type': 'application/json' });
      },
      missingBlob: () => {
        const batch = { batchId: randomUUID(), items: [makeItem(a, { pages: [pageOf(randomBytes(100))] })] };
        return a.sign('POST', paths.batches, json(batch), { 'content-type': 'application/json' });
      },
      foreignReceipt: () => a.sign('POST', paths.batches, json({ batchId: randomUUID(), items: [makeItem(b)] }), { 'content-type': 'application/json' }),
      unknownDevice: () => {
        const req = a.sign('GET', paths.me);
        req.headers[authHeaders.deviceId] = randomUUID();
        return req;
      },
      revokedDevice: () => b.sign('POST', paths.batches, json(validBatch()), { 'content-type': 'application/json' }),
      garbageAuthHeaders: () => {
        const req = a.sign('GET', paths.changes);
        const h = r.pick(Object.values(authHeaders));
        req.headers[h] = r.pick(['', 'abc', '-1', 'z'.repeat(300), '0x12', String(Date.now() + 10 ** 9), '../../etc/passwd']);
        return req;
      },
      badSignature: () => {
        const req = a.sign('POST', paths.blobsMissing, json({ sha256: [sha256('q')] }), { 'content-type': 'application/json' });
        req.body = json({ sha256: [sha256('r')] });
        return req;
      },
      replay: () => r.pick(replayable),
      badQuery: () => a.sign('GET', `${paths.changes}?${r.pick(['cursor=-1', 'cursor=abc', 'limit=0', 'limit=100000', 'cursor=1&cursor=2', 'other=1', `cursor=${'9'.repeat(40)}`])}`),
      wrongBlobHash: () => {
        const bytes = randomBytes(10 + r.int(5000));
        return a.sign('PATCH', blobPath(sha256(randomBytes(4))), bytes, { 'content-type': CHUNK_CONTENT_TYPE, [uploadHeaders.offset]: '0', [uploadHeaders.length]: String(bytes.length) });
      },
      badUploadHeaders: () => {
        const bytes = randomBytes(100);
        const headers: Record<string, string> = { 'content-type': CHUNK_CONTENT_TYPE, [uploadHeaders.offset]: r.pick(['0', '-5', 'x', '7']), [uploadHeaders.length]: r.pick(['100', '0', 'abc', String(10 ** 11), '50']) };
        if (headers[uploadHeaders.offset] === '0' && headers[uploadHeaders.length] === '100') headers[uploadHeaders.offset] = '9';
        return a.sign('PATCH', blobPath(r.next() < 0.5 ? sha256(bytes) : 'nothex'), bytes, headers);
      },
      wrongBundleHashes: () => {
        // Well-formed bundles whose pages do not hash to their names: answered per page as corrupt, none kept.
        const pages = Array.from({ length: 1 + r.int(4) }, () => randomBytes(1 + r.int(3000)));
        const names = pages.map((p) => ({ sha256: sha256(r.next() < 0.5 ? randomBytes(8) : Buffer.concat([p, Buffer.from('x')])), bytes: p.length }));
        return a.sign('POST', paths.blobs, Buffer.concat(pages), { 'content-type': PAGES_CONTENT_TYPE, [pagesHeaders.manifest]: formatManifest(names) }, Date.now(), sha256(formatManifest(names)));
      },
      badBundle: () => {
        const pages = Array.from({ length: 1 + r.int(3) }, () => randomBytes(1 + r.int(2000)));
        let manifest = formatManifest(pages.map((p) => ({ sha256: sha256(p), bytes: p.length })));
        let body = Buffer.concat(pages);
        const roll = r.int(6);
        if (roll === 0) body = body.subarray(0, Math.max(0, body.length - 1 - r.int(10)));
        else if (roll === 1) body = Buffer.concat([body, randomBytes(1 + r.int(10))]);
        else if (roll === 2) manifest = `${manifest},${manifest}`;
        else if (roll === 3) manifest = r.pick(['', 'x', `${sha256('a')}:-1`, `${sha256('a')}:1,`, `${'A'.repeat(64)}:1`, `${sha256('a')}:${'9'.repeat(12)}`, Array.from({ length: 33 }, () => `${sha256(randomBytes(4))}:1`).join(',')]);
        else if (roll === 4) return a.sign('POST', paths.blobs, body, { 'content-type': PAGES_CONTENT_TYPE });
        else return a.sign('POST', paths.blobs, body, { 'content-type': PAGES_CONTENT_TYPE, [pagesHeaders.manifest]: manifest });
        return a.sign('POST', paths.blobs, body, { 'content-type': PAGES_CONTENT_TYPE, [pagesHeaders.manifest]: manifest }, Date.now(), sha256(manifest));
      },
      wrongContentType: () => a.sign('POST', paths.batches, json(validBatch()), { 'content-type': r.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x']) }),
      unknownRoute: () => a.sign(r.pick(['GET', 'POST', 'DELETE', 'PUT']), r.pick(['/v1/nothing', '/v2/batches', '/v1/batches/../admin', '/admin', '/v1/devices/enroll/x'])),
      // Issue 16's classes, each once answered 500 or worse:
      nonFiniteOrDeep: () => signedJson(paths.batches, spliced(r.pick(weirdText))),
      deepBody: () => signedJson(r.pick([paths.batches, paths.blobsMissing, paths.enroll]), Buffer.from(`${'['.repeat(33 + r.int(100_000))}`)),
      int32Overflow: () => {
        const item = makeItem(a, { pages: [pageOf(page)] }) as unknown as Record<string, unknown>;
        item[r.pick(['revision', 'baseRevision'])] = r.pick([MAX_INT32 + 1, 2 ** 53, 1e20, 2 ** 63]);
        return signedJson(paths.batches, json({ batchId: randomUUID(), items: [item] }));
      },
      bigCursor: () => a.sign('GET', `${paths.changes}?cursor=${r.pick([String(MAX_INT32 + 1), '9999999999', String(2 ** 53), '2147483648&limit=1'])}`),
      unsafeProtocolText: () => {
        const bad = r.pick(['\u0000', 'a\u0000', '\ud800', 'x\udfff', '\u001b[2J']);
        const roll = r.int(3);
        if (roll === 0) return signedJson(paths.batches, json({ batchId: randomUUID(), items: [makeItem(a, { pages: [{ ...pageOf(page), materialKey: bad }] })] }));
        if (roll === 1) return signedJson(paths.batches, json({ batchId: randomUUID(), items: [{ ...makeItem(a), receiptNo: `379901-A01-${bad}` }] }));
        return { method: 'POST', url: paths.enroll, headers: { 'content-type': 'application/json' }, body: json({ code: 'ABCD-EFGH-JKLM', deviceName: `pc${bad}` }) };
      },
      unsafeRecordText: () => signedJson(paths.batches, json({ batchId: randomUUID(), items: [makeItem(a, { record: { [r.pick(['name', 'a\u0000', '\ud800'])]: r.pick(['\u0000', 'a\ud83d', '\udc00b', '\u0007bell']) } })] })),
      invalidUtf8: () => {
        const body = json(validBatch());
        const at = 2 + r.int(body.length - 4);
        const bad = r.pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]]);
        return signedJson(paths.batches, Buffer.concat([body.subarray(0, at), Buffer.from(bad), body.subarray(at)]));
      },
      protoKey: () => signedJson(paths.batches, spliced('{"__proto__":{"polluted":true},"a":1}')),
      duplicateAuthHeader: () => {
        const req = a.sign('GET', paths.me);
        const name = r.pick(Object.values(authHeaders));
        (req.headers as Record<string, string | string[]>)[name] = [req.headers[name]!, r.pick([req.headers[name]!, 'bogus', ''])];
        return req;
      },
      upperHexSignature: () => {
        const req = a.sign('GET', paths.me);
        req.headers[authHeaders.signature] = req.headers[authHeaders.signature]!.toUpperCase();
        return req;
      },
      unsignedWrongType: () => ({ method: 'POST', url: r.pick([paths.batches, paths.blobsMissing, paths.blobs, paths.enroll]), headers: { 'content-type': r.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=gbk']) }, body: json(validBatch()) }),
      revokedBadSignature: () => {
        const [method, path] = r.pick([['GET', paths.me], ['GET', paths.changes], ['POST', paths.batches]] as const);
        const req = b.sign(method, path);
        req.headers[authHeaders.signature] = randomBytes(32).toString('hex');
        return req;
      },
      foreignApplication: () => {
        const item = makeItem(a, { applicationId: theirs, revision: 1 + r.int(3), baseRevision: r.pick([null, 1, 2]) });
        if (r.next() < 0.5) item.contentHash = sha256(randomBytes(8));
        return signedJson(paths.batches, json({ batchId: randomUUID(), items: [item] }));
      },
      unsupportedMethod: () => {
        const [path, allowed] = r.pick([[paths.batches, 'POST'], [paths.changes, 'GET'], [paths.me, 'GET'], [blobPath(sha256('m')), 'GET PATCH'], [paths.health, 'GET'], [paths.enroll, 'POST']] as const);
        const method = r.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'].filter((m) => !allowed.split(' ').includes(m)));
        const withBody = method !== 'GET' && method !== 'HEAD' && r.next() < 0.5;
        return withBody ? a.sign(method, path, randomBytes(10), r.next() < 0.5 ? { 'content-type': 'text/plain' } : {}) : a.sign(method, path);
      },
      uploadLengthZero: () => a.sign('PATCH', blobPath(sha256(randomBytes(4))), randomBytes(1 + r.int(10)), { 'content-type': CHUNK_CONTENT_TYPE, [uploadHeaders.offset]: '0', [uploadHeaders.length]: r.pick(['0', '00', '-0']) }),
      squat: () => {
        const target = r.pick(squatted);
        // Each squat declares a length this device has not declared before: starting again from 0 with another
        // length replaces its own partial upload (200), while the same length twice is an offset mismatch (409,
        // correct, and what a random draw of the extra length hit once in CI: seed 4339).
        squatCount++;
        return a.sign('PATCH', blobPath(sha256(target)), target.subarray(0, 1 + r.int(1000)), { 'content-type': CHUNK_CONTENT_TYPE, [uploadHeaders.offset]: '0', [uploadHeaders.length]: String(target.length + squatCount) });
      },
    };
    const names = Object.keys(generators);
    // Requests that have been answered once; the generator replays them.
    for (const path of [`${paths.changes}?cursor=0`, paths.me]) {
      const req = a.sign('GET', path);
      expect((await s.app.inject({ method: 'GET', url: req.url, headers: req.headers })).statusCode).toBe(200);
      replayable.push(req);
    }

    for (let i = 0; i < CASES; i++) {
      const kind = names[i % names.length]!;
      const req = generators[kind]!();
      const res = await s.app.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, ...(req.body ? { payload: req.body } : {}) });
      byStatus.set(res.statusCode, (byStatus.get(res.statusCode) ?? 0) + 1);
      const where = `case ${i} (${kind}, seed ${seed})`;
      const wrong = checks[kind]?.(res);
      if (wrong) failures.push(`${where}: ${wrong}`);
      if (kind === 'squat') continue;
      if (res.statusCode === 200 && req.url === paths.batches) {
        const body = res.json<BatchResponse>();
        answeredBatches++;
        if (body.items.some((it) => it.result === 'accepted' || it.result === 'already_have')) failures.push(`${where}: an item was stored: ${res.body.slice(0, 300)}`);
        continue;
      }
      if (res.statusCode === 200 && req.url === paths.blobs) {
        const body = res.json<BundleResponse>();
        if (body.pages.length === 0 || body.pages.some((p) => p.status !== 'corrupt')) failures.push(`${where}: a page was kept: ${res.body.slice(0, 300)}`);
        continue;
      }
      if (res.statusCode < 400 || res.statusCode >= 500) {
        failures.push(`${where}: status ${res.statusCode}: ${res.body.slice(0, 300)}`);
        continue;
      }
      if (!String(res.headers['content-type']).startsWith('application/problem+json')) failures.push(`${where}: content-type ${String(res.headers['content-type'])}`);
      if (req.method === 'HEAD') continue; // no body by definition
      const parsed = problemSchema.safeParse(JSON.parse(res.body));
      if (!parsed.success || !/[\u4e00-\u9fff]/.test(parsed.data.detail)) failures.push(`${where}: not a Chinese problem body: ${res.body.slice(0, 300)}`);
    }

    // Over-limit bodies (a few: they are 9 MB each).
    for (let i = 0; i < 3; i++) {
      const huge = a.sign('POST', paths.batches, Buffer.alloc(9 * 1024 * 1024, 0x20), { 'content-type': 'application/json' });
      const res = await s.app.inject({ method: 'POST', url: huge.url, headers: huge.headers, payload: huge.body });
      if (res.statusCode !== 413) failures.push(`oversized body: status ${res.statusCode}`);
    }

    console.log(`fuzz (${dialect}, seed ${seed}): ${CASES} requests; statuses ${JSON.stringify(Object.fromEntries(byStatus))}`);
    expect(failures.slice(0, 10)).toEqual([]);
    const after = await s.counts();
    // Only the nonce log, the stored answers of 200 batches (the idempotency log, not application data) and
    // device A's squatted partial uploads grow.
    expect({ ...after, nonces: 0, batches: 0, blob_uploads: 0 }).toEqual({ ...before, nonces: 0, batches: 0, blob_uploads: 0 });
    expect(after.batches).toBe(before.batches! + answeredBatches);
    expect(after.nonces).toBeGreaterThan(before.nonces!);
    // Squatting never blocked the real uploader.
    for (const p of squatted) expect((await c.upload(p, 8_000)).complete).toBe(true);
  });
});
