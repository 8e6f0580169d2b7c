// Serves the built renderer over app://desk, so the page has a real, secure origin (not file://)
// and every response carries the CSP header.
import { protocol } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security';

/** Must run before the app's 'ready' event. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: real origin and relative URLs; secure: getUserMedia for the scanning view.
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Must run after 'ready'. */
export function serveApp(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppHandler(rendererDir));
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

export function mimeTypeOf(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type Resolution = { kind: 'file'; path: string; fallback: string | null } | { kind: 'reject'; status: 400 | 404 };

/**
 * Map an app:// URL to a file inside rendererDir. Anything that would leave the folder, or names
 * another host, is a 404. Paths without an extension may fall back to index.html (SPA routes).
 */
export function resolveAppPath(rendererDir: string, url: string): Resolution {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'reject', status: 400 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST || parsed.port !== '') return { kind: 'reject', status: 404 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return { kind: 'reject', status: 400 };
  }
  if (pathname.includes('\0')) return { kind: 'reject', status: 400 };

  const root = resolve(rendererDir);
  const index = resolve(root, 'index.html');
  const requested = pathname === '' || pathname === '/' ? 'index.html' : pathname.replace(/^[/\\]+/, '');
  const full = resolve(root, requested);
  const rel = relative(root, full);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return { kind: 'reject', status: 404 };
  return { kind: 'file', path: full, fallback: extname(full) === '' ? index : null };
}

export interface FileReader {
  isFile(path: string): Promise<boolean>;
  read(path: string): Promise<Uint8Array>;
}

// Electron patches node:fs for asar archives, so the same reader works in packaged builds.
const diskReader: FileReader = {
  async isFile(path) {
    try {
      return (await stat(path)).isFile();
    } catch {
      return false;
    }
  },
  read: (path) => readFile(path),
};

function baseHeaders(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: baseHeaders('text/plain; charset=utf-8') });
}

export function createAppHandler(rendererDir: string, reader: FileReader = diskReader): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method Not Allowed');
    const resolution = resolveAppPath(rendererDir, request.url);
    if (resolution.kind === 'reject') return plain(resolution.status, resolution.status === 400 ? 'Bad Request' : 'Not Found');

    let file: string | null = null;
    if (await reader.isFile(resolution.path)) file = resolution.path;
    else if (resolution.fallback !== null && (await reader.isFile(resolution.fallback))) file = resolution.fallback;
    if (file === null) return plain(404, 'Not Found');

    try {
      // A copy over a plain ArrayBuffer: what the fetch typings accept as a body.
      const body = request.method === 'HEAD' ? null : new Uint8Array(await reader.read(file));
      return new Response(body, { status: 200, headers: baseHeaders(mimeTypeOf(file)) });
    } catch {
      return plain(404, 'Not Found');
    }
  };
}
