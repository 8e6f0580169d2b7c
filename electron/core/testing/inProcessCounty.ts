// The CountyApi's in-process driver, for tests: the real county server's Fastify app (server/app.ts, its real
// routes, services and SQLite) called through `app.inject` in the test's own process, with no socket. Requests are
// signed and answers checked exactly as the HTTP driver does (countyWire.ts); only the transport differs, so the
// sync suite runs against both (Joplin's sync targets). Network faults exist only on the HTTP driver. Not used by
// production code.
import type { FastifyInstance } from 'fastify';
import { CountyError, type CountyDriver } from '../services/sync/countyApi';
import { countyApiOver, type RawResponse, type Wire, type WireRequest } from '../services/sync/countyWire';

/** A driver that reaches whichever app `app()` returns at the time of each call (a restarted server is a new app). */
export function inProcessCounty(app: () => FastifyInstance): CountyDriver {
  return (options) => countyApiOver(new InjectWire(app), options.clockOffsetMs);
}

class InjectWire implements Wire {
  constructor(private readonly app: () => FastifyInstance) {}

  async exchange({ method, path, body, headers }: WireRequest): Promise<RawResponse> {
    const payload = body === null ? undefined : Buffer.isBuffer(body) ? body : Buffer.concat(body);
    try {
      const res = await this.app().inject({
        method: method as 'GET' | 'POST' | 'PATCH',
        url: path,
        headers: { ...headers, accept: 'application/json' },
        ...(payload ? { payload } : {}),
      });
      return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: res.rawPayload };
    } catch (e: unknown) {
      // A closed app (the server stopped): what a refused connection is to the HTTP driver.
      throw new CountyError({ kind: 'transient', reason: e instanceof Error ? e.message : String(e) });
    }
  }

  close(): void {}
}
