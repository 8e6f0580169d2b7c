// Test/dev transport: hosts the real core behind loopback HTTP + WebSocket so the renderer runs in a
// plain browser. Not packaged. Used by e2e fixtures, `npm run dev:web` and benchmarks (CLI: bridge.ts).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { openDesk, type DeskCore } from '../core/desk';
import { errorOf, type RpcResult } from '../../shared/contract';
import { BRIDGE_EVENTS_PATH, BRIDGE_RPC_PATH, MAX_REQUEST_BYTES } from '../../shared/bridge';
import { testPorts } from './testPorts';
import { shellText } from '../../shared/i18n/zhCN.shell';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
};

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "media-src 'self' blob: mediastream:; connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export interface BridgeOptions {
  dataDir: string;
  staticDir: string;
  host?: string;
  port?: number;
  token?: string;
  secret?: string;
  unprotectedSecretStore?: boolean;
  allowInsecureKeyStorage?: boolean;
  /** What the stand-in open dialog answers (backup folder; newest archive in it). Default: `<dataDir>-backups`. */
  dialogFolder?: string;
  /** Enables POST /__test/clock so tests can move the core's clock. */
  testHooks?: boolean;
}

export interface RunningBridge {
  url: string;
  port: number;
  token: string;
  core: DeskCore;
  /** The test ports behind the core (e2e reads the fake printer's output and injects its failures). */
  ports: ReturnType<typeof testPorts>;
  close(): Promise<void>;
}

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const dialogFolder = options.dialogFolder ?? `${resolve(options.dataDir)}-backups`;
  mkdirSync(dialogFolder, { recursive: true });
  const ports = testPorts({
    dialogFolder,
    ...(options.secret !== undefined ? { secret: options.secret } : {}),
    ...(options.unprotectedSecretStore ? { unprotectedSecretStore: true } : {}),
    // Started on the first page a clerk asks suggestions for.
    ocr: true,
  });
  const core = await openDesk({
    dataDir: options.dataDir,
    ports,
    appVersion: process.env.npm_package_version ?? '0.1.0',
    allowInsecureKeyStorage: options.allowInsecureKeyStorage === true,
  });
  const staticRoot = resolve(options.staticDir);
  const tokenBuf = Buffer.from(token);
  const authorized = (value: string | null | undefined) => {
    if (!value) return false;
    const b = Buffer.from(value);
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf);
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: unknown) => {
      console.error('[bridge] request failed', e);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: errorOf('INTERNAL') });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === BRIDGE_RPC_PATH) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: errorOf('UNKNOWN_METHOD') });
      const bearer = req.headers.authorization?.replace(/^Bearer /, '');
      if (!authorized(bearer)) return sendJson(res, 401, { ok: false, error: errorOf('NOT_AUTHENTICATED') });
      const body = await readBody(req, MAX_REQUEST_BYTES);
      if (body === null) return sendJson(res, 413, { ok: false, error: errorOf('PAYLOAD_TOO_LARGE') });
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        return sendJson(res, 400, {
          ok: false,
          error: errorOf('VALIDATION_FAILED', {}, { issues: [{ path: '', message: shellText.notJson }] }),
        });
      }
      const { method, input } = (parsed ?? {}) as { method?: unknown; input?: unknown };
      return sendJson(res, 200, await core.call(method, input));
    }
    if (options.testHooks && url.pathname === '/__test/clock' && req.method === 'POST') {
      if (!authorized(req.headers.authorization?.replace(/^Bearer /, ''))) return sendJson(res, 401, {});
      const body = JSON.parse((await readBody(req, 4096))?.toString('utf8') ?? '{}') as { advanceMs?: number };
      ports.clock.advance(Number(body.advanceMs ?? 0));
      return sendJson(res, 200, { now: ports.clock.now().toISOString() });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, {});
    serveStatic(staticRoot, url.pathname, res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== BRIDGE_EVENTS_PATH || !authorized(url.searchParams.get('token'))) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });
  const unsubscribe = core.onEvent((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const ws of sockets) ws.send(message);
  });

  await new Promise<void>((resolveListen) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolveListen));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    core,
    ports,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      // closeAllConnections: keep-alive sockets would otherwise hold the server open.
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      core.close();
      ports.ocr?.close();
    },
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolveBody(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: RpcResult<unknown> | Record<string, unknown>): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(data);
}

function serveStatic(root: string, pathname: string, res: ServerResponse): void {
  let rel = decodeURIComponent(pathname);
  if (rel === '/' || rel === '') rel = '/index.html';
  let file = resolve(join(root, rel));
  if (!file.startsWith(root + sep)) {
    res.writeHead(404).end();
    return;
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    if (extname(rel)) {
      res.writeHead(404).end();
      return;
    }
    file = join(root, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('renderer not built: run `npm run build:renderer`');
      return;
    }
  }
  res.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CSP,
    'cache-control': 'no-cache',
  });
  createReadStream(file).pipe(res);
}
