import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../shared/sync/protocol';
import { type DeviceClient } from './testing/client';
import { Conformance, type Exchange } from './testing/conformance';
import { type TestServer, startTestServer } from './testing/harness';

// The harness checks every answer of every server test against server/openapi.json when a test server closes.
// This file shows the check itself catches what it must, and that it sees real answers.

const problemBody = (status: number, code = 'bad_request') => JSON.stringify({ type: `urn:enroll-desk:problem:${code}`, title: 't', status, detail: '说明', code });
const exchange = (x: Partial<Exchange>): Exchange => ({ method: 'GET', url: paths.health, status: 200, contentType: 'application/json', allow: undefined, body: '{}', ...x });

describe('the OpenAPI conformance check', () => {
  const c = new Conformance();
  const health = JSON.stringify({ status: 'ok', protocolVersion: 1, database: 'sqlite', blobStore: 'disk', checks: { database: 'ok', blobs: 'ok' }, serverTime: new Date().toISOString() });

  it('accepts answers the document describes', () => {
    expect(c.check(exchange({ body: health }))).toEqual([]);
    expect(c.check(exchange({ method: 'POST', url: paths.batches, status: 400, contentType: 'application/problem+json; charset=utf-8', body: problemBody(400) }))).toEqual([]);
    expect(c.check(exchange({ method: 'DELETE', url: paths.batches, status: 405, contentType: 'application/problem+json', allow: 'POST', body: problemBody(405, 'method_not_allowed') }))).toEqual([]);
    expect(c.check(exchange({ url: '/v2/x', status: 404, contentType: 'application/problem+json', body: problemBody(404, 'not_found') }))).toEqual([]);
    // 503 and 500 are documented as `5XX` on every operation.
    expect(c.check(exchange({ method: 'PATCH', url: `/v1/blobs/${'a'.repeat(64)}`, status: 503, contentType: 'application/problem+json', body: problemBody(503, 'shutting_down') }))).toEqual([]);
  });

  it('refuses a wrong content type, a body off the schema, an undocumented status, a missing Allow and a bare 404', () => {
    expect(c.check(exchange({ method: 'POST', url: paths.batches, status: 400, contentType: 'application/json', body: problemBody(400) }))[0]).toContain('content type');
    expect(c.check(exchange({ body: JSON.stringify({ status: 'ok' }) }))[0]).toContain('does not match');
    expect(c.check(exchange({ status: 418, contentType: 'application/problem+json', body: problemBody(418) }))[0]).toContain('not documented');
    expect(c.check(exchange({ method: 'DELETE', url: paths.batches, status: 405, contentType: 'application/problem+json', body: problemBody(405, 'method_not_allowed') }))[0]).toContain('Allow');
    expect(c.check(exchange({ method: 'PUT', url: paths.batches, status: 404, contentType: 'application/problem+json', allow: 'POST', body: problemBody(404, 'not_found') }))[0]).toContain('expected 405');
    expect(c.check(exchange({ url: '/nowhere', status: 404, contentType: 'application/json', body: '{"error":"Not Found"}' }))[0]).toContain('expected application/problem+json');
    expect(c.check(exchange({ method: 'POST', url: paths.batches, status: 400, contentType: 'application/problem+json', body: problemBody(401) }))[0]).toContain('problem status');
  });
});

describe('answers recorded by the test harness', () => {
  let s: TestServer;
  let a: DeviceClient;
  beforeAll(async () => {
    s = await startTestServer('sqlite');
    a = await s.device('A01');
  });
  afterAll(async () => s?.close());

  it('are recorded with status, content type and body, and match the document', async () => {
    await a.json('GET', paths.me);
    await a.batch(randomUUID(), []);
    await fetch(s.baseUrl + paths.batches, { method: 'DELETE' });
    const seen = s.exchanges.map((x) => `${x.method} ${x.url.split('?')[0]} ${x.status}`);
    expect(seen).toEqual(expect.arrayContaining([`POST ${paths.enroll} 200`, `GET ${paths.me} 200`, `POST ${paths.batches} 400`, `DELETE ${paths.batches} 405`]));
    expect(s.exchanges.find((x) => x.method === 'DELETE')).toMatchObject({ allow: 'POST', contentType: expect.stringContaining('application/problem+json') as string });
    expect(new Conformance().checkAll(s.exchanges)).toEqual([]);
  });
});
