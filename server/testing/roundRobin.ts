import http from 'node:http';
import { type AddressInfo } from 'node:net';

// A round-robin reverse proxy on loopback, as a county puts nginx in front of its replicas (deploy/nginx.conf):
// each request goes to the next replica, with its target, headers and body unchanged. A replica that refuses
// the connection or drops it mid-request answers 502 and is skipped for `downMs` (nginx's max_fails and
// fail_timeout); nothing is retried here, the desk resends (batches by id, pages by hash).

export interface RoundRobinProxy {
  url: string;
  /** Requests that got 502 because their replica failed. */
  failed(): number;
  /** Requests sent to each upstream, by index. */
  sent(): number[];
  close(): Promise<void>;
}

export async function startRoundRobin(upstreams: readonly { host: string; port: number }[], downMs = 2_000): Promise<RoundRobinProxy> {
  let next = 0;
  let failed = 0;
  const sent = upstreams.map(() => 0);
  const downUntil = upstreams.map(() => 0);
  const pick = (): number => {
    for (let i = 0; i < upstreams.length; i++) {
      const at = (next + i) % upstreams.length;
      if (downUntil[at]! <= Date.now()) {
        next = at + 1;
        return at;
      }
    }
    return next++ % upstreams.length;
  };
  const server = http.createServer((req, res) => {
    const at = pick();
    const up = upstreams[at]!;
    sent[at]!++;
    const out = http.request({ host: up.host, port: up.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    out.on('error', () => {
      failed++;
      downUntil[at] = Date.now() + downMs;
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('bad gateway');
      } else res.destroy();
    });
    req.pipe(out);
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    failed: () => failed,
    sent: () => [...sent],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
