import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { type FastifyInstance, type FastifyReply } from 'fastify';
import { consoleServerText } from '../../shared/i18n/zhCN.console';
import { problem } from '../http/problems';

// The county console (server/console/, built by `npm run build:console` into dist/console/) and the public lookup
// page, as static files. Every path under /console/ that is not an API path or an asset answers the app's
// index.html, which routes in the browser (history API). The pages get a strict Content-Security-Policy:
// scripts only from this origin (the build has no inline script), nothing may frame them, forms post only here.

export const CONSOLE_PREFIX = '/console';
export const CONSOLE_API_PREFIX = '/console/api/';
export const LOOKUP_PATH = '/lookup';

/**
 * Where the built console is, unless CONSOLE_DIR says otherwise: beside the built server in its package
 * (server/dist/console, copied there by scripts/build-server.mjs), else the repository's dist/console.
 */
export const DEFAULT_CONSOLE_DIR = [resolve(import.meta.dirname, 'console'), resolve(import.meta.dirname, '../../dist/console')].find((d) =>
  existsSync(join(d, 'index.html')),
) ?? resolve(import.meta.dirname, '../../dist/console');

export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // antd sets a few style attributes and small <style> elements at run time (zero-runtime theme variables, scroll locks).
  "style-src 'self' 'unsafe-inline'",
  // Scanned pages are fetched and shown as blob: URLs; the QR of a counter code is a data: URL.
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply.headers({
    'content-security-policy': CONSOLE_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    // The HTML names hashed assets: always ask for the current one.
    'cache-control': 'no-cache',
  });
}

export interface ConsoleStaticOptions {
  /** The built console (dist/console). */
  dir?: string;
}

export function consoleStaticRoutes(app: FastifyInstance, opts: ConsoleStaticOptions = {}): void {
  const dir = resolve(opts.dir ?? process.env.CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR);
  const assets = join(dir, 'assets');
  // Read per request only while missing: a server started before the build picks it up without a restart.
  const html = (name: string): Buffer | null => {
    const file = join(dir, name);
    return existsSync(file) ? readFileSync(file) : null;
  };

  const sendPage = (reply: FastifyReply, name: string) => {
    const body = html(name);
    if (!body) throw problem(503, 'shutting_down', consoleServerText.notBuilt);
    return pageHeaders(reply).type(TYPES['.html'] as string).send(body);
  };

  app.get(CONSOLE_PREFIX, { schema: { hide: true } }, (_req, reply) => reply.redirect(`${CONSOLE_PREFIX}/`, 301));
  app.get(`${CONSOLE_PREFIX}/`, { schema: { hide: true } }, (_req, reply) => sendPage(reply, 'index.html'));
  app.get(LOOKUP_PATH, { schema: { hide: true } }, (_req, reply) => sendPage(reply, 'lookup.html'));

  app.get(`${CONSOLE_PREFIX}/assets/*`, { schema: { hide: true } }, (req, reply) => {
    const name = (req.params as { '*': string })['*'];
    const file = resolve(assets, name);
    // Hashed names only: no sub-folders, no way out of the folder.
    if (!file.startsWith(assets + sep) || name.includes('/') || !existsSync(file) || !statSync(file).isFile()) {
      throw problem(404, 'not_found', consoleServerText.assetMissing);
    }
    return reply
      .headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'public, max-age=31536000, immutable' })
      .type(TYPES[extname(file)] ?? 'application/octet-stream')
      .send(createReadStream(file));
  });

  // The SPA fallback: /console/queue, /console/applications/…, typed or reloaded.
  app.get(`${CONSOLE_PREFIX}/*`, { schema: { hide: true } }, (req, reply) => {
    // An API path that no route answers is a 404 for the client, never the app's HTML.
    if (req.url.startsWith(CONSOLE_API_PREFIX)) throw problem(404, 'not_found', consoleServerText.apiMissing);
    return sendPage(reply, 'index.html');
  });
}
