import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CountyApi, Credentials } from './countyApi';
import { httpCounty } from './http';

const creds: Credentials = { deviceId: 'dev-1', secret: Buffer.alloc(32, 7) };

// A kept-alive connection that the other side resets when the next request arrives on it (what a server or a
// proxy closing an idle socket looks like when the close and the next write cross): a signed request is sent
// again, signed afresh, on a fresh connection, once. A reset on a fresh connection, or of an unsigned request
// (enrollment: a one-time code), still fails the call.

const me = JSON.stringify({
  deviceId: '0b6e8f3c-4d2a-4f1e-9c3b-2a1d0e9f8c7b',
  deviceName: '一号机',
  countyCode: '379901',
  counterCode: 'A01',
  counterName: 'A01 报名点',
  serverTime: '2026-12-03T08:00:00.000Z',
  // Also an answer to a missing-pages question (schemas ignore the fields they do not name).
  missing: [],
});
const ok = `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(me)}\r\nconnection: keep-alive\r\n\r\n${me}`;
const enrollment = { code: 'ABCD-EFGH-JKLM', deviceName: '一号机' };

/** Answers the first request on each connection; resets the connection when a second request arrives on it. */
function resettingServer(resetEveryFirst = false): Promise<{ url: string; connections: () => number; nonces: string[]; close: () => Promise<void> }> {
  let connections = 0;
  const nonces: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    let requests = 0;
    socket.on('data', (chunk) => {
      if (!chunk.includes('\r\n\r\n')) return;
      requests++;
      const nonce = /x-nonce: *([^\r]+)/i.exec(chunk.toString('latin1'));
      if (nonce) nonces.push(nonce[1]!);
      if (requests > 1 || resetEveryFirst) socket.resetAndDestroy();
      else socket.write(ok);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        connections: () => connections,
        nonces,
        close: () => {
          for (const s of sockets) s.destroy();
          return new Promise((r) => server.close(() => r()));
        },
      });
    }),
  );
}

describe('the HTTP driver on a kept-alive connection reset by the other side', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('sends a signed request again, with a new nonce, on a fresh connection and gets the answer', async () => {
    const srv = await resettingServer();
    closers.push(srv.close);
    const api: CountyApi = httpCounty({ baseUrl: srv.url, caPem: null, timeoutMs: 5_000 });
    closers.push(() => Promise.resolve(api.close()));
    expect((await api.me(creds)).counterCode).toBe('A01');
    // The second request, with a body, goes out on the kept-alive socket, which the server resets.
    expect(await api.missingBlobs(creds, ['a'.repeat(64)])).toEqual({ missing: [] });
    expect(srv.connections()).toBe(2);
    expect(srv.nonces).toHaveLength(3);
    expect(new Set(srv.nonces).size).toBe(3);
  });

  it('does not send an unsigned request (enrollment) again', async () => {
    const srv = await resettingServer();
    closers.push(srv.close);
    const api: CountyApi = httpCounty({ baseUrl: srv.url, caPem: null, timeoutMs: 5_000 });
    closers.push(() => Promise.resolve(api.close()));
    await api.me(creds);
    await expect(api.enroll(enrollment)).rejects.toThrow(/ECONNRESET|socket hang up/);
    expect(srv.connections()).toBe(1);
  });

  it('does not send again after a reset on a fresh connection (the server may have seen it)', async () => {
    const srv = await resettingServer(true);
    closers.push(srv.close);
    const api: CountyApi = httpCounty({ baseUrl: srv.url, caPem: null, timeoutMs: 5_000 });
    closers.push(() => Promise.resolve(api.close()));
    await expect(api.me(creds)).rejects.toThrow(/ECONNRESET|socket hang up/);
    expect(srv.connections()).toBe(1);
  });
});
