import { createHash, createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { z } from 'zod';
import { authHeaders, problemSchema, signingString, type Problem } from '../../../../shared/sync/protocol';

// The desk's HTTP client for the county server: node:http(s) with keep-alive, an optional custom CA, hard
// timeouts and a size cap. Every answer is checked against the protocol's schema: a 200 that is not the
// server's JSON (a captive portal, a proxy page) is an error, never a success.

const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export type SyncFailure =
  /** Network error, timeout, 5xx, a page that is not the server's answer: try again later. */
  | { kind: 'transient'; reason: string; notAServer?: boolean }
  /** The server refused with a problem document (4xx). */
  | { kind: 'problem'; status: number; problem: Problem };

export class SyncHttpError extends Error {
  /** Reset on a reused kept-alive connection before any answer (see SyncClient.signed). */
  staleSocket = false;
  constructor(readonly failure: SyncFailure) {
    super(failure.kind === 'transient' ? failure.reason : `${failure.problem.code}: ${failure.problem.detail}`);
    this.name = 'SyncHttpError';
  }
}

export interface Credentials {
  deviceId: string;
  secret: Buffer;
}

export interface ClientOptions {
  baseUrl: string;
  caPem: string | null;
  timeoutMs?: number;
  /** Milliseconds to add to the local clock for signatures (learned from the server's clock_skew answers). */
  clockOffsetMs?: () => number;
}

export interface RawResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

export class SyncClient {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;
  constructor(private readonly options: ClientOptions) {
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

  /**
   * One HTTP exchange. Rejects with SyncHttpError(transient) on network errors and timeouts. A body given as
   * parts (the pages of a bundle) is written part by part, without copying them into one buffer.
   */
  raw(method: string, pathWithQuery: string, body: Buffer | readonly Buffer[] | null, headers: Record<string, string>, timeoutMs = this.timeoutMs): Promise<RawResponse> {
    const url = new URL(pathWithQuery, this.base);
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

  /** A request signed with the device credentials (protocol: authHeaders, signingString). */
  async signed<T extends z.ZodType>(
    creds: Credentials,
    method: string,
    pathWithQuery: string,
    schema: T,
    body: Buffer | readonly Buffer[] | null = null,
    extra: { contentType?: string; headers?: Record<string, string>; timeoutMs?: number; bodySha256?: string } = {},
  ): Promise<z.output<T>> {
    try {
      return await this.signedOnce(creds, method, pathWithQuery, schema, body, extra);
    } catch (e: unknown) {
      // A kept-alive connection closed by the other side while idle is reset when the next request crosses the
      // close on the wire. Sent again once, signed afresh (new nonce: the first may have reached a proxy); every
      // signed request is safe to repeat (batches by batchId, pages by content address and offset, reads).
      if (!(e instanceof SyncHttpError) || !e.staleSocket) throw e;
      return this.signedOnce(creds, method, pathWithQuery, schema, body, extra);
    }
  }

  private async signedOnce<T extends z.ZodType>(
    creds: Credentials,
    method: string,
    pathWithQuery: string,
    schema: T,
    body: Buffer | readonly Buffer[] | null,
    extra: { contentType?: string; headers?: Record<string, string>; timeoutMs?: number; bodySha256?: string },
  ): Promise<z.output<T>> {
    const target = new URL(pathWithQuery, this.base);
    const signedTarget = target.pathname + target.search;
    const ts = String(Date.now() + (this.options.clockOffsetMs?.() ?? 0));
    const nonce = randomBytes(18).toString('base64url');
    // A whole page's SHA-256 is already known (its content address, verified when it was read).
    const bodySha = extra.bodySha256 ?? bodyHash(body);
    const signature = createHmac('sha256', creds.secret).update(signingString(method, signedTarget, ts, nonce, bodySha)).digest('hex');
    const headers: Record<string, string> = {
      [authHeaders.deviceId]: creds.deviceId,
      [authHeaders.timestamp]: ts,
      [authHeaders.nonce]: nonce,
      [authHeaders.signature]: signature,
    };
    if (body) headers['content-type'] = extra.contentType ?? 'application/json';
    Object.assign(headers, extra.headers);
    return parse(await this.raw(method, signedTarget, body, headers, extra.timeoutMs), schema);
  }

  async unsigned<T extends z.ZodType>(method: string, path: string, schema: T, json?: unknown): Promise<z.output<T>> {
    const body = json === undefined ? null : Buffer.from(JSON.stringify(json));
    return parse(await this.raw(method, path, body, body ? { 'content-type': 'application/json' } : {}), schema);
  }
}

function bodyHash(body: Buffer | readonly Buffer[] | null): string {
  const hash = createHash('sha256');
  for (const part of body === null ? [] : Buffer.isBuffer(body) ? [body] : body) hash.update(part);
  return hash.digest('hex');
}

function transient(e: Error): SyncHttpError {
  return new SyncHttpError({ kind: 'transient', reason: e.message });
}

/** Check an answer: the schema on 2xx, a problem document on 4xx, anything else is transient. */
export function parse<T extends z.ZodType>(res: RawResponse, schema: T): z.output<T> {
  const json = /json/i.test(res.contentType) ? tryJson(res.body) : undefined;
  if (res.status >= 200 && res.status < 300) {
    const r = schema.safeParse(json);
    if (r.success) return r.data;
    throw new SyncHttpError({ kind: 'transient', reason: `HTTP ${res.status} 不是县级服务器的应答`, notAServer: true });
  }
  const problem = problemSchema.safeParse(json);
  if (res.status >= 400 && res.status < 500 && problem.success) throw new SyncHttpError({ kind: 'problem', status: res.status, problem: problem.data });
  if (problem.success && problem.data.code === 'shutting_down') throw new SyncHttpError({ kind: 'transient', reason: '服务器正在重启' });
  throw new SyncHttpError({
    kind: 'transient',
    reason: `HTTP ${res.status}`,
    ...(problem.success || res.status >= 500 ? {} : { notAServer: true }),
  });
}

function tryJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** TLS is required except for loopback addresses (a server on this machine, tests). */
export function isLoopbackUrl(url: URL): boolean {
  const h = url.hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}
