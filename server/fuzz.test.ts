import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHUNK_CONTENT_TYPE,
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
  type BundleResponse,
} from '../shared/sync/protocol';
import { type DeviceClient, type SignedRequest, makeItem, pageOf, sha256 } from './testing/client';
import { type TestServer, startTestServer, testDialects } from './testing/harness';

// Thousands of generated bad requests through the whole Fastify pipeline (parsers, auth, validation,
// handlers): every answer is a 4xx problem (or, for per-item batch failures, a 200 in which no item is
// stored), never a 5xx, and no application, page, blob or change row appears.

const CASES = Number(process.env.SERVER_FUZZ_CASES ?? 3000);

/** Small deterministic PRNG (mulberry32) so a failing case can be reproduced from the printed seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T };
}

type Rng = ReturnType<typeof rng>;

const weird: unknown[] = [null, true, false, 0, -1, 1.5, 2 ** 53, '', ' ', 'x'.repeat(100_000), '\u0000', '<script>', [], {}, [[]], { $ne: 1 }, '💥'.repeat(1000), -0, 1e308];

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
  let page: Buffer;

  beforeAll(async () => {
    s = await startTestServer(dialect);
    a = await s.device('A01');
    b = await s.device('B02');
    await s.cli(['counter', 'revoke', 'B02']);
    page = randomBytes(4000);
    await a.upload(page);
    // A real application exists, so conflicts and replays have something to hit.
    await a.batch(randomUUID(), [makeItem(a, { pages: [pageOf(page)] })]);
  });
  afterAll(async () => s?.close());

  it(`answers ${CASES} generated bad requests with 4xx problems and stores nothing`, { timeout: 300_000 }, async () => {
    const seed = Number(process.env.SERVER_FUZZ_SEED ?? Date.now() % 1_000_000);
    const r = rng(seed);
    const before = await s.counts();
    const failures: string[] = [];
    const byStatus = new Map<number, number>();
    const replayable: SignedRequest[] = [];
    let answeredBatches = 0;

    const json = (v: unknown) => Buffer.from(JSON.stringify(v) ?? 'null');
    const validBatch = () => ({ batchId: randomUUID(), items: [makeItem(a, { pages: [pageOf(page)] })] });

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
    // Only the nonce log and the stored answers of 200 batches (the idempotency log, not application data) grow.
    expect({ ...after, nonces: 0, batches: 0 }).toEqual({ ...before, nonces: 0, batches: 0 });
    expect(after.batches).toBe(before.batches! + answeredBatches);
    expect(after.nonces).toBeGreaterThan(before.nonces!);
  });
});
