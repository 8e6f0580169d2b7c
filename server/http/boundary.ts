import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { type Duplex, Transform, pipeline } from 'node:stream';
import { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { format } from '../../shared/i18n/zhCN';
import { serverText } from '../../shared/i18n/zhCN.server';
import { CHUNK_CONTENT_TYPE, MAX_CHUNK_BYTES, authHeaders, pagesHeaders, uploadHeaders } from '../../shared/sync/protocol';
import { parseJsonBody } from './jsonBody';
import { PROBLEM_CONTENT_TYPE, ProblemError, problem } from './problems';

// The HTTP boundary: every request passes here before a route sees it, and every refusal leaves here as an
// RFC 9457 problem document, whichever layer refused it (Node's HTTP parser, the router, a content-type
// parser, a schema, a handler). In order, per request:
//   1. Node's parser: malformed HTTP (bare CR, folded or oversized headers, two Content-Lengths) → `clientError`.
//   2. the router: a malformed URL → `frameworkErrors`.
//   3. onRequest, before authentication: shutting down → 503; unknown path → 404, known path with another
//      method → 405 with Allow; a protocol header sent twice → 400; a body the route does not take → 415.
//   4. body parsers: JSON through `parseJsonBody` (the one place JSON becomes a value); each records the
//      SHA-256 of the raw body for the signature check.

const t = serverText.http;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The one content type the route's body may have; a route without it takes no body. */
    accepts?: string;
  }
  interface FastifyRequest {
    /** SHA-256 (hex) of the raw body, recorded by the body parser; null when there was no body. */
    bodySha256: string | null;
  }
}

/** Headers that carry one value each: a second copy (which Node would join with ", ") is refused. */
const SINGLE_HEADERS = [...Object.values(authHeaders), ...Object.values(uploadHeaders), pagesHeaders.manifest, 'content-type'];

export const JSON_BODY_LIMIT = 8 * 1024 * 1024;

/** Fastify constructor options that belong to the boundary. */
export function boundaryOptions(): Pick<FastifyServerOptions, 'bodyLimit' | 'return503OnClosing' | 'requestIdHeader' | 'clientErrorHandler' | 'frameworkErrors'> {
  return {
    bodyLimit: JSON_BODY_LIMIT,
    // Fastify's own 503 while closing is not a problem document; the onRequest hook below answers instead.
    return503OnClosing: false,
    requestIdHeader: false,
    clientErrorHandler,
    frameworkErrors: (error, _req, reply) => {
      const p =
        error.code === 'FST_ERR_BAD_URL'
          ? problem(400, 'bad_request', format(t.badUrl, { url: String(_req.url).slice(0, 200) }))
          : problem(400, 'bad_request', format(t.badRequest, { reason: error.message }));
      void sendProblem(reply, p);
    },
  };
}

/** Installs the hooks, parsers and handlers above. Call before any route is registered. */
export function installBoundary(app: FastifyInstance): void {
  app.decorateRequest('bodySha256', null);
  const routes = knownRoutes(app);
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    app.log.info('closing: new requests are answered 503 shutting_down');
    done();
  });

  app.addHook('onRequest', async (req, reply) => {
    if (closing) {
      void reply.header('connection', 'close');
      throw problem(503, 'shutting_down', t.shuttingDown);
    }
    if (req.is404) throw routes.refusal(req);
    for (const name of SINGLE_HEADERS) if (countHeader(req.raw.rawHeaders, name) > 1) throw problem(400, 'bad_request', format(t.duplicateHeader, { header: name }));
    checkContentType(req);
  });

  // At trace level, each piece of a body is logged as it arrives (tests prove a chunk reached the server before
  // they kill it); otherwise the body stream is left alone.
  app.addHook('preParsing', async (req, _reply, payload) => {
    if (req.log.level !== 'trace') return payload;
    let received = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, next) {
        received += chunk.length;
        req.log.trace({ url: req.url, received }, 'request body bytes received');
        next(null, chunk);
      },
    });
    // An aborted request ends the counted stream too (the parser then sees the abort).
    return pipeline(payload, counted, () => undefined);
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body: Buffer, done) => {
    req.bodySha256 = sha256(body);
    if (body.length === 0) return done(problem(400, 'bad_request', t.emptyBody), undefined);
    const parsed = parseJsonBody(body);
    if (parsed.ok) done(null, parsed.value);
    else done(parsed.problem, undefined);
  });
  app.addContentTypeParser(CHUNK_CONTENT_TYPE, { parseAs: 'buffer', bodyLimit: MAX_CHUNK_BYTES }, (req, body: Buffer, done) => {
    req.bodySha256 = sha256(body);
    done(null, body);
  });

  app.setErrorHandler((err: FastifyError | ProblemError, req, reply) => {
    const p = err instanceof ProblemError ? err : fromFastifyError(err);
    if (p.status >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: p.problemCode, status: p.status }, 'request refused');
    return sendProblem(reply, p);
  });
  app.setNotFoundHandler((req, reply) => sendProblem(reply, routes.refusal(req)));
}

export function sendProblem(reply: FastifyReply, p: ProblemError): FastifyReply {
  return reply.code(p.status).headers(p.headers).type(PROBLEM_CONTENT_TYPE).send(p.toJson());
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function countHeader(raw: string[], name: string): number {
  let n = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i]?.toLowerCase() === name) n++;
  return n;
}

/** A body must have the route's one content type (JSON: UTF-8); a route without `accepts` takes none. */
function checkContentType(req: FastifyRequest): void {
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (!hasBody) return;
  const accepts = req.routeOptions.config.accepts;
  const raw = req.headers['content-type'] ?? '';
  const [essence = '', ...params] = raw.split(';');
  const got = essence.trim().toLowerCase() || t.contentTypeMissing;
  if (!accepts) throw problem(415, 'unsupported_media_type', format(t.contentTypeNone, { got }));
  if (got !== accepts) throw problem(415, 'unsupported_media_type', format(t.contentType, { expected: accepts, got }));
  for (const param of params) {
    const [key = '', value = ''] = param.split('=');
    const charset = value.trim().replace(/^"|"$/g, '').toLowerCase();
    if (key.trim().toLowerCase() === 'charset' && charset !== 'utf-8' && charset !== 'utf8') throw problem(415, 'unsupported_media_type', format(t.charset, { charset }));
  }
}

/** The routes as registered, to tell 404 (no such path) from 405 (no such method on that path). */
function knownRoutes(app: FastifyInstance) {
  const table: { source: string; pattern: RegExp; methods: Set<string> }[] = [];
  app.addHook('onRoute', (route) => {
    if (route.url === '*' || route.url === '/*') return;
    const source = `^${route.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`;
    let entry = table.find((e) => e.source === source);
    if (!entry) table.push((entry = { source, pattern: new RegExp(source), methods: new Set() }));
    for (const m of [route.method].flat()) entry.methods.add(m.toUpperCase());
  });
  return {
    refusal(req: FastifyRequest): ProblemError {
      const path = req.url.split('?')[0] ?? '';
      const methods = table.find((e) => e.pattern.test(path))?.methods;
      if (!methods) return problem(404, 'not_found', t.notFound);
      const allow = [...methods].sort().join(', ');
      return problem(405, 'method_not_allowed', format(t.methodNotAllowed, { method: req.method, allow }), undefined, undefined, { allow });
    },
  };
}

function fromFastifyError(err: FastifyError): ProblemError {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'payload_too_large', t.tooLarge);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, 'unsupported_media_type', format(t.contentTypeNone, { got: '?' }));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'bad_request', t.emptyBody);
    default:
      break;
  }
  const status = err.statusCode ?? 500;
  if (status === 503) return problem(503, 'shutting_down', t.shuttingDown);
  if (status >= 400 && status < 500) return problem(400, 'bad_request', format(t.badRequest, { reason: err.message }));
  return problem(500, 'internal_error', t.internal);
}

/** Requests Node's HTTP parser cannot read never reach Fastify: answer them here, then close the socket. */
function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const p =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? problem(408, 'request_timeout', t.timeout)
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? problem(431, 'headers_too_large', t.headersTooLarge)
        : problem(400, 'bad_request', format(t.malformed, { reason: err.code ?? err.message }));
  this.log.info({ code: err.code, status: p.status }, 'malformed HTTP request refused');
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = Buffer.from(p.toJson());
  const head = `HTTP/1.1 ${p.status} ${STATUS_CODES[p.status] ?? ''}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n`;
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), body]), () => socket.destroy());
}
