import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SyncClient, type Credentials } from './http';

const creds: Credentials = { deviceId: 'dev-1', secret: Buffer.alloc(32, 7) };
const anything = z.object({});

// A kept-alive connection that the other side resets when the next request arrives on it (what a server or a
// proxy closing an idle socket looks like when the close and the next write cross): a signed request is sent
// again, signed afresh, on a fresh connection, once. A reset on a fresh connection, or of an unsigned request
// (enrollment: a one-time code), still fails the call.

const ok = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: keep-alive\r\n\r\n{}';

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

describe('SyncClient on a kept-alive connection reset by the other side', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('sends a signed request again, with a new nonce, on a fresh connection and gets the answer', async () => {
    const srv = await resettingServer();
    closers.push(srv.close);
    const client = new SyncClient({ baseUrl: srv.url, caPem: null, timeoutMs: 5_000 });
    closers.push(() => Promise.resolve(client.close()));
    expect(await client.signed(creds, 'GET', '/v1/me', anything)).toEqual({});
    // The second request goes out on the kept-alive socket, which the server resets.
    expect(await client.signed(creds, 'POST', '/v1/batches', anything, Buffer.from('{"a":1}'))).toEqual({});
    expect(srv.connections()).toBe(2);
    expect(srv.nonces).toHaveLength(3);
    expect(new Set(srv.nonces).size).toBe(3);
  });

  it('does not send an unsigned request (enrollment) again', async () => {
    const srv = await resettingServer();
    closers.push(srv.close);
    const client = new SyncClient({ baseUrl: srv.url, caPem: null, timeoutMs: 5_000 });
    closers.push(() => Promise.resolve(client.close()));
    await client.unsigned('GET', '/health', anything);
    await expect(client.unsigned('POST', '/v1/enroll', anything, { code: 'x' })).rejects.toThrow(/ECONNRESET|socket hang up/);
    expect(srv.connections()).toBe(1);
  });

  it('does not send again after a reset on a fresh connection (the server may have seen it)', async () => {
    const srv = await resettingServer(true);
    closers.push(srv.close);
    const client = new SyncClient({ baseUrl: srv.url, caPem: null, timeoutMs: 5_000 });
    closers.push(() => Promise.resolve(client.close()));
    await expect(client.signed(creds, 'GET', '/v1/me', anything)).rejects.toThrow(/ECONNRESET|socket hang up/);
    expect(srv.connections()).toBe(1);
  });
});
