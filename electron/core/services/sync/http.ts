import http from 'node:http';
import https from 'node:https';
import { CountyError, type CountyApiOptions, type CountyDriver } from './countyApi';
import { countyApiOver, type RawResponse, type Wire, type WireRequest } from './countyWire';

// The CountyApi's HTTP driver, used in production: node:http(s) with keep-alive, an optional custom CA, hard
// timeouts and a size cap. Signing and the check of every answer are the protocol's (countyWire.ts).

const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** The HTTP driver of the CountyApi port. */
export const httpCounty: CountyDriver = (options) => countyApiOver(new HttpWire(options), options.clockOffsetMs);

class HttpWire implements Wire {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;
  constructor(options: CountyApiOptions) {
    this.base = new URL(options.baseUrl);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.agent =
      this.base.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, maxSockets: 16, ...(options.caPem ? { ca: options.caPem } : {}) })
        : new http.Agent({ keepAlive: true, maxSockets: 16 });
  }

  close(): void {
    this.agent.destroy();
  }

  /** One HTTP exchange. Rejects with CountyError(transient) on network errors and timeouts. */
  exchange({ method, path, body, headers, timeoutMs = this.timeoutMs }: WireRequest): Promise<RawResponse> {
    const url = new URL(path, this.base);
    const parts = body === null ? [] : Buffer.isBuffer(body) ? [body] : body;
    const length = parts.reduce((n, b) => n + b.length, 0);
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      let answered = false;
      const req = lib.request(
        url,
        {
          method,
          agent: this.agent,
          headers: { ...headers, ...(body ? { 'content-length': String(length) } : {}), accept: 'application/json' },
        },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_RESPONSE_BYTES) {
              req.destroy(new Error('response too large'));
              return;
            }
            chunks.push(c);
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks) }),
          );
          res.on('error', (e) => reject(transient(e)));
          res.on('aborted', () => reject(transient(new Error('response aborted'))));
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
      req.on('error', (e: NodeJS.ErrnoException) => {
        const err = transient(e);
        // A kept-alive socket the server or a proxy closed while it sat idle, reset as this request was written.
        if (!answered && req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) err.staleSocket = true;
        reject(err);
      });
      for (const part of parts) req.write(part);
      req.end();
    });
  }
}

function transient(e: Error): CountyError {
  return new CountyError({ kind: 'transient', reason: e.message });
}

/** TLS is required except for loopback addresses (a server on this machine, tests). */
export function isLoopbackUrl(url: URL): boolean {
  const h = url.hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}
