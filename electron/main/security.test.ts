// The Electron shell's security policy, tested under plain Node: the real Electron cannot run here,
// so EventEmitter-based fakes stand in for app/webContents/session and 'electron' is mocked.
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CALL, IPC_EVENT, MAX_REQUEST_BYTES } from '../../shared/bridge';
import type { RpcResult } from '../../shared/contract';
import type { EventListener } from '../core/desk';
import { createCallHandler, registerIpc, type CallableCore, type EventSink, type InvokeEventLike, type IpcMainLike } from './ipc';
import { createAppHandler, mimeTypeOf, registerAppScheme, resolveAppPath, serveApp } from './protocol';
import { SafeStorageSecretStore, type SafeStorageLike } from './secretStore';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  CONTENT_SECURITY_POLICY,
  REMOTE_URL_PATTERNS,
  installSecurity,
  isTrustedUrl,
  permissionDecision,
  windowOptions,
  type PermissionCheckDetails,
  type PermissionContents,
  type PermissionRequestDetails,
  type SessionLike,
} from './security';

// The real 'electron' package would try to download its binary when required.
const electronMock = vi.hoisted(() => ({
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  safeStorage: {},
}));
vi.mock('electron', () => electronMock);

// ---------------------------------------------------------------------------------------------
// Fakes

type RequestHandler = Parameters<SessionLike['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<SessionLike['setPermissionCheckHandler']>[0];
type BeforeRequest = Parameters<SessionLike['webRequest']['onBeforeRequest']>;

class FakeSession implements SessionLike {
  requestHandler: RequestHandler | undefined;
  checkHandler: CheckHandler | undefined;
  beforeRequest: { filter: BeforeRequest[0]; listener: BeforeRequest[1] } | undefined;
  setPermissionRequestHandler(handler: RequestHandler): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: CheckHandler): void {
    this.checkHandler = handler;
  }
  readonly webRequest = {
    onBeforeRequest: (filter: BeforeRequest[0], listener: BeforeRequest[1]): void => {
      this.beforeRequest = { filter, listener };
    },
  };
}

class FakeContents extends EventEmitter {
  url = APP_ENTRY_URL;
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly session: FakeSession;
  constructor(session: FakeSession = new FakeSession()) {
    super();
    this.session = session;
  }
  getURL(): string {
    return this.url;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
}

function navigationEvent(url: string): { url: string; preventDefault: ReturnType<typeof vi.fn> } {
  return { url, preventDefault: vi.fn() };
}

function securedContents(): FakeContents {
  const app = new EventEmitter();
  installSecurity(app);
  const contents = new FakeContents();
  app.emit('web-contents-created', {}, contents);
  return contents;
}

function requestPermission(contents: FakeContents, permission: string, details: PermissionRequestDetails): boolean {
  const handler = contents.session.requestHandler;
  if (!handler) throw new Error('no permission request handler installed');
  let granted: boolean | undefined;
  handler(contents, permission, (g) => (granted = g), details);
  if (granted === undefined) throw new Error('permission callback not called');
  return granted;
}

function checkPermission(contents: PermissionContents | null, session: FakeSession, permission: string, origin: string, details: PermissionCheckDetails): boolean {
  const handler = session.checkHandler;
  if (!handler) throw new Error('no permission check handler installed');
  return handler(contents, permission, origin, details);
}

// ---------------------------------------------------------------------------------------------

describe('windowOptions', () => {
  it('locks the renderer down and sizes the window', () => {
    const options = windowOptions('/app/dist/preload/index.cjs');
    expect(options.title).toBe('入学报名帮办台');
    expect(options.show).toBe(false);
    expect(options.width).toBe(1280);
    expect(options.height).toBe(800);
    // 1366×768 at 150 % is 910×512 DIPs before the taskbar and title bar: the window fits there.
    expect(options.minWidth).toBeLessThanOrEqual(910);
    expect(options.minHeight).toBeLessThanOrEqual(512 - 40 - 30);
    const small = windowOptions('p', { workArea: { width: 910, height: 472 } });
    expect([small.width, small.height]).toEqual([910, 472]);
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    });
  });

  it('enables devtools only when asked (unpackaged runs)', () => {
    expect(windowOptions('p').webPreferences?.devTools).toBe(false);
    expect(windowOptions('p', { devTools: true }).webPreferences?.devTools).toBe(true);
  });
});

describe('content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('has exactly the agreed directives', () => {
    expect(Object.fromEntries(directives)).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'media-src': ["'self'", 'blob:', 'mediastream:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
      'form-action': ["'none'"],
    });
  });

  it('never allows eval or inline scripts', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
  });
});

describe('isTrustedUrl', () => {
  it.each([APP_ORIGIN, `${APP_ORIGIN}/`, APP_ENTRY_URL, `${APP_ORIGIN}/index.html#/scan`, `${APP_ORIGIN}/assets/app.js`])('trusts %s', (url) => {
    expect(isTrustedUrl(url)).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://desk/',
    'file:///etc/passwd',
    'file:///C:/Windows/win.ini',
    'app://evil/index.html',
    'app://desk.evil.com/',
    'app://desk@evil/',
    'app://user:pw@desk/',
    'app://user@desk/',
    'app://desk:8080/',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
    '',
  ])('does not trust %s', (url) => {
    expect(isTrustedUrl(url)).toBe(false);
  });
});

describe('permissionDecision', () => {
  it('grants the camera to the scanning view only', () => {
    expect(permissionDecision('media', `${APP_ORIGIN}/index.html#/scan`)).toBe(true);
    expect(permissionDecision('media', `${APP_ORIGIN}/index.html#/scan/abc`, { isMainFrame: true, mediaTypes: ['video'] })).toBe(true);
    expect(permissionDecision('media', `${APP_ORIGIN}/index.html#/applications`)).toBe(false);
    expect(permissionDecision('media', `${APP_ORIGIN}/index.html`)).toBe(false);
    expect(permissionDecision('media', `${APP_ORIGIN}/index.html#/scanner-settings`)).toBe(false);
    expect(permissionDecision('media', undefined)).toBe(false);
  });

  it('denies media to other origins even on a #/scan route', () => {
    expect(permissionDecision('media', 'https://example.com/#/scan')).toBe(false);
    expect(permissionDecision('media', 'file:///index.html#/scan')).toBe(false);
  });

  it('denies the microphone and subframes even on the scan route', () => {
    expect(permissionDecision('media', `${APP_ORIGIN}/#/scan`, { mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(permissionDecision('media', `${APP_ORIGIN}/#/scan`, { mediaTypes: ['audio'] })).toBe(false);
    expect(permissionDecision('media', `${APP_ORIGIN}/#/scan`, { isMainFrame: false })).toBe(false);
  });

  it.each(['notifications', 'geolocation', 'clipboard-read', 'openExternal', 'display-capture', 'hid', 'usb', 'serial', 'unknown'])(
    'denies %s everywhere, the scan route included',
    (permission) => {
      expect(permissionDecision(permission, `${APP_ORIGIN}/index.html#/scan`)).toBe(false);
      expect(permissionDecision(permission, APP_ENTRY_URL)).toBe(false);
    },
  );
});

describe('installSecurity', () => {
  it.each(['https://example.com/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)'])(
    'blocks navigation and redirects to %s',
    (url) => {
      const contents = securedContents();
      for (const name of ['will-navigate', 'will-redirect'] as const) {
        const event = navigationEvent(url);
        contents.emit(name, event, url);
        expect(event.preventDefault, name).toHaveBeenCalledOnce();
      }
      const frameEvent = navigationEvent(url);
      contents.emit('will-frame-navigate', frameEvent);
      expect(frameEvent.preventDefault).toHaveBeenCalledOnce();
    },
  );

  it('lets the bundled renderer navigate within app://desk', () => {
    const contents = securedContents();
    for (const name of ['will-navigate', 'will-redirect', 'will-frame-navigate'] as const) {
      const event = navigationEvent(`${APP_ORIGIN}/index.html#/staff`);
      contents.emit(name, event, event.url);
      expect(event.preventDefault, name).not.toHaveBeenCalled();
    }
  });

  it('judges by the event URL, not a spoofable legacy argument', () => {
    const contents = securedContents();
    const event = navigationEvent('https://example.com/');
    contents.emit('will-navigate', event, APP_ENTRY_URL);
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('denies every new window, even one for the app itself', () => {
    const contents = securedContents();
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: APP_ENTRY_URL })).toEqual({ action: 'deny' });
  });

  it('refuses to attach webviews', () => {
    const contents = securedContents();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('grants the camera only to the main frame on the scan route', () => {
    const contents = securedContents();
    contents.url = `${APP_ORIGIN}/index.html#/scan`;
    expect(requestPermission(contents, 'media', { requestingUrl: contents.url, isMainFrame: true, mediaTypes: ['video'] })).toBe(true);
    expect(requestPermission(contents, 'media', { requestingUrl: contents.url, isMainFrame: true, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(requestPermission(contents, 'media', { requestingUrl: 'https://example.com/#/scan', isMainFrame: false, mediaTypes: ['video'] })).toBe(false);

    contents.url = `${APP_ORIGIN}/index.html#/applications`;
    // The requesting URL may lack the hash; the frame's current route decides.
    expect(requestPermission(contents, 'media', { requestingUrl: `${APP_ORIGIN}/index.html#/scan`, isMainFrame: true, mediaTypes: ['video'] })).toBe(false);
  });

  it.each(['notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen'])('denies the %s permission request and check', (permission) => {
    const contents = securedContents();
    contents.url = `${APP_ORIGIN}/index.html#/scan`;
    expect(requestPermission(contents, permission, { requestingUrl: contents.url, isMainFrame: true })).toBe(false);
    expect(checkPermission(contents, contents.session, permission, APP_ORIGIN, { requestingUrl: contents.url, isMainFrame: true })).toBe(false);
  });

  it('answers permission checks with the same policy', () => {
    const contents = securedContents();
    contents.url = `${APP_ORIGIN}/index.html#/scan`;
    expect(checkPermission(contents, contents.session, 'media', APP_ORIGIN, { isMainFrame: true, mediaType: 'video' })).toBe(true);
    expect(checkPermission(contents, contents.session, 'media', APP_ORIGIN, { isMainFrame: true, mediaType: 'audio' })).toBe(false);
    expect(checkPermission(null, contents.session, 'media', 'https://example.com', { isMainFrame: false, mediaType: 'video' })).toBe(false);
    contents.url = APP_ENTRY_URL;
    expect(checkPermission(contents, contents.session, 'media', APP_ORIGIN, { isMainFrame: true, mediaType: 'video' })).toBe(false);
  });

  it('cancels every network request the renderer session makes', () => {
    const contents = securedContents();
    const hook = contents.session.beforeRequest;
    expect(hook?.filter.urls).toEqual(REMOTE_URL_PATTERNS);
    expect(hook?.filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    const callback = vi.fn();
    hook?.listener({ url: 'https://example.com/tracker.js' }, callback);
    expect(callback).toHaveBeenCalledWith({ cancel: true });
  });

  it('configures a shared session once, but guards every web contents', () => {
    const app = new EventEmitter();
    installSecurity(app);
    const session = new FakeSession();
    const spy = vi.spyOn(session, 'setPermissionRequestHandler');
    const first = new FakeContents(session);
    const second = new FakeContents(session);
    app.emit('web-contents-created', {}, first);
    app.emit('web-contents-created', {}, second);
    expect(spy).toHaveBeenCalledOnce();
    const event = navigationEvent('https://example.com/');
    second.emit('will-navigate', event, event.url);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(second.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
});

// ---------------------------------------------------------------------------------------------

describe('IPC call handler', () => {
  const trusted: InvokeEventLike = { senderFrame: { url: `${APP_ORIGIN}/index.html#/home`, parent: null } };
  let call: ReturnType<typeof vi.fn<CallableCore['call']>>;
  let core: CallableCore;

  beforeEach(() => {
    call = vi.fn<CallableCore['call']>(() => Promise.resolve({ ok: true, value: { echoed: true } }));
    core = { call, onEvent: () => () => undefined };
  });

  function expectError(result: RpcResult<unknown>, code: string): void {
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  }

  it('passes a trusted call through to the core unchanged', async () => {
    const handler = createCallHandler(core);
    const input = { username: 'admin', password: 'secret123', nested: { list: [1, 2, 3] } };
    const result = await handler(trusted, { method: 'auth.login', input });
    expect(result).toEqual({ ok: true, value: { echoed: true } });
    expect(call).toHaveBeenCalledExactlyOnceWith('auth.login', input);
  });

  it('returns the core error as the result', async () => {
    call.mockResolvedValueOnce({ ok: false, error: { code: 'NOT_AUTHENTICATED', message: 'x' } });
    const result = await createCallHandler(core)(trusted, { method: 'staff.list', input: {} });
    expectError(result, 'NOT_AUTHENTICATED');
  });

  it.each<[string, InvokeEventLike]>([
    ['an external page', { senderFrame: { url: 'https://example.com/', parent: null } }],
    ['a file:// page', { senderFrame: { url: 'file:///tmp/evil.html', parent: null } }],
    ['another app host', { senderFrame: { url: 'app://evil/index.html', parent: null } }],
    ['a subframe of the app', { senderFrame: { url: APP_ENTRY_URL, parent: { url: APP_ENTRY_URL } } }],
    ['a destroyed frame', { senderFrame: null }],
  ])('refuses %s with UNTRUSTED_SENDER and never reaches the core', async (_label, event) => {
    const result = await createCallHandler(core)(event, { method: 'system.getStatus', input: {} });
    expectError(result, 'UNTRUSTED_SENDER');
    expect(call).not.toHaveBeenCalled();
  });

  it('refuses a sender whose frame throws when read', async () => {
    const event = {
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    };
    expectError(await createCallHandler(core)(event, { method: 'system.getStatus', input: {} }), 'UNTRUSTED_SENDER');
    expect(call).not.toHaveBeenCalled();
  });

  it('refuses a request larger than MAX_REQUEST_BYTES', async () => {
    const result = await createCallHandler(core)(trusted, { method: 'applications.save', input: { text: 'x'.repeat(MAX_REQUEST_BYTES) } });
    expectError(result, 'PAYLOAD_TOO_LARGE');
    expect(call).not.toHaveBeenCalled();
  });

  it('measures the limit in UTF-8 bytes, not characters', async () => {
    // About 11 M characters, but 3 bytes each in UTF-8: over the limit.
    const text = '汉'.repeat(Math.floor(MAX_REQUEST_BYTES / 3) + 1);
    expect(text.length).toBeLessThan(MAX_REQUEST_BYTES);
    expectError(await createCallHandler(core)(trusted, { method: 'x.y', input: { text } }), 'PAYLOAD_TOO_LARGE');
    expect(call).not.toHaveBeenCalled();
  });

  it('accepts a large request under the limit', async () => {
    const text = 'x'.repeat(MAX_REQUEST_BYTES - 1024);
    await createCallHandler(core)(trusted, { method: 'x.y', input: { text } });
    expect(call).toHaveBeenCalledOnce();
  });

  it('refuses input that cannot be JSON (cycles, BigInt) as invalid', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expectError(await createCallHandler(core)(trusted, { method: 'x.y', input: cyclic }), 'VALIDATION_FAILED');
    expectError(await createCallHandler(core)(trusted, { method: 'x.y', input: { n: 10n } }), 'VALIDATION_FAILED');
    expect(call).not.toHaveBeenCalled();
  });

  it('hands the core plain JSON, as the HTTP transport does', async () => {
    await createCallHandler(core)(trusted, { method: 'x.y', input: { when: new Date('2026-09-01T00:00:00Z'), skip: undefined } });
    expect(call).toHaveBeenCalledExactlyOnceWith('x.y', { when: '2026-09-01T00:00:00.000Z' });
  });

  it('lets the core reject a malformed request (no method)', async () => {
    await createCallHandler(core)(trusted, 'just a string');
    expect(call).toHaveBeenCalledExactlyOnceWith(undefined, undefined);
  });

  it('turns a throwing core into INTERNAL instead of a rejected invoke', async () => {
    call.mockRejectedValueOnce(new Error('boom'));
    expectError(await createCallHandler(core)(trusted, { method: 'x.y', input: {} }), 'INTERNAL');
  });
});

describe('registerIpc', () => {
  class FakeIpcMain implements IpcMainLike {
    readonly handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
    handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void {
      if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      this.handlers.set(channel, listener);
    }
    removeHandler(channel: string): void {
      this.handlers.delete(channel);
    }
  }

  function fakeCore(): CallableCore & { emit: EventListener; listeners: Set<EventListener>; callMock: ReturnType<typeof vi.fn<CallableCore['call']>> } {
    const listeners = new Set<EventListener>();
    const callMock = vi.fn<CallableCore['call']>(() => Promise.resolve({ ok: true, value: 'pong' }));
    return {
      listeners,
      callMock,
      call: callMock,
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      emit: (event, payload) => {
        for (const l of listeners) l(event, payload);
      },
    };
  }

  function fakeWindow(): { win: EventSink & { destroyed: boolean; url: string }; send: ReturnType<typeof vi.fn> } {
    const send = vi.fn();
    const win = {
      url: APP_ENTRY_URL,
      destroyed: false,
      send,
      isDestroyed: () => win.destroyed,
      getURL: () => win.url,
    };
    return { win, send };
  }

  it('serves IPC_CALL with the sender check in front of the core', async () => {
    const ipc = new FakeIpcMain();
    const core = fakeCore();
    registerIpc(ipc, core, () => null);
    const handler = ipc.handlers.get(IPC_CALL);
    expect(handler).toBeDefined();
    expect(await handler?.({ senderFrame: { url: APP_ENTRY_URL, parent: null } }, { method: 'system.getStatus', input: {} })).toEqual({
      ok: true,
      value: 'pong',
    });
    const refused = (await handler?.({ senderFrame: { url: 'https://example.com/', parent: null } }, { method: 'system.getStatus', input: {} })) as RpcResult<unknown>;
    expect(refused.ok).toBe(false);
    expect(core.callMock).toHaveBeenCalledOnce();
  });

  it('forwards core events to the window as {event, payload}', () => {
    const core = fakeCore();
    const { win, send } = fakeWindow();
    registerIpc(new FakeIpcMain(), core, () => win);
    core.emit('session.changed', { reason: 'login' });
    expect(send).toHaveBeenCalledExactlyOnceWith(IPC_EVENT, { event: 'session.changed', payload: { reason: 'login' } });
  });

  it('does not send events to a destroyed window or a page that is not the app', () => {
    const core = fakeCore();
    const { win, send } = fakeWindow();
    registerIpc(new FakeIpcMain(), core, () => win);
    win.url = 'https://example.com/';
    core.emit('session.changed', { reason: 'login' });
    win.url = APP_ENTRY_URL;
    win.destroyed = true;
    core.emit('session.changed', { reason: 'logout' });
    expect(send).not.toHaveBeenCalled();
  });

  it('undoes everything on dispose', () => {
    const ipc = new FakeIpcMain();
    const core = fakeCore();
    const dispose = registerIpc(ipc, core, () => null);
    expect(core.listeners.size).toBe(1);
    dispose();
    expect(ipc.handlers.has(IPC_CALL)).toBe(false);
    expect(core.listeners.size).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe('app:// protocol', () => {
  let base: string;
  let root: string;

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'enroll-desk-protocol-'));
    root = join(base, 'renderer');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>入学报名帮办台</title>');
    writeFileSync(join(root, 'assets', 'app-1a2b.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'app-1a2b.css'), 'body{}');
    writeFileSync(join(base, 'secret.txt'), 'TOP SECRET');
    writeFileSync(join(base, 'renderer-evil.txt'), 'SIBLING SECRET');
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  const get = (url: string, method = 'GET'): Promise<Response> => createAppHandler(root)(new Request(url, { method }));

  it('registers app as a standard, secure scheme and handles it', () => {
    registerAppScheme();
    expect(electronMock.protocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) as unknown },
    ]);
    const [[scheme]] = electronMock.protocol.registerSchemesAsPrivileged.mock.calls as [[Array<{ privileges: Record<string, unknown> }>]];
    expect(scheme[0]?.privileges.bypassCSP).toBeFalsy();
    serveApp(root);
    expect(electronMock.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('serves index.html with the CSP header and the right MIME type', async () => {
    const res = await get(APP_ENTRY_URL);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('入学报名帮办台');
    expect((await get(`${APP_ORIGIN}/`)).status).toBe(200);
  });

  it('serves assets with their MIME types', async () => {
    const js = await get(`${APP_ORIGIN}/assets/app-1a2b.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    expect((await get(`${APP_ORIGIN}/assets/app-1a2b.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(mimeTypeOf('a.woff2')).toBe('font/woff2');
    expect(mimeTypeOf('a.SVG')).toBe('image/svg+xml');
    expect(mimeTypeOf('a.unknown')).toBe('application/octet-stream');
  });

  it('falls back to index.html for SPA routes but not for missing assets', async () => {
    const route = await get(`${APP_ORIGIN}/applications/123`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>');
    const missing = await get(`${APP_ORIGIN}/assets/missing.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    `${APP_ORIGIN}/..%2fsecret.txt`,
    `${APP_ORIGIN}/%2e%2e%2fsecret.txt`,
    `${APP_ORIGIN}/assets/..%2f..%2fsecret.txt`,
    `${APP_ORIGIN}/%2e%2e%2frenderer-evil.txt`,
    `${APP_ORIGIN}/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd`,
  ])('does not serve files outside the renderer folder: %s', async (url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).not.toContain('SECRET');
    expect(body).not.toContain('root:');
  });

  it('keeps an absolute path in the URL inside the renderer folder', async () => {
    // "//etc/passwd" names <root>/etc/passwd, which does not exist: the SPA shell answers instead.
    const res = await get(`${APP_ORIGIN}/%2fetc%2fpasswd`);
    const body = await res.text();
    expect(body).not.toContain('root:');
    expect(body).toContain('<title>');
    expect(resolveAppPath(root, `${APP_ORIGIN}/%2f${encodeURIComponent(join(base, 'secret.txt'))}`)).toMatchObject({
      kind: 'file',
      path: join(root, base, 'secret.txt'),
    });
  });

  it('rejects other hosts, bad encodings and non-GET methods', async () => {
    expect((await get('app://evil/index.html')).status).toBe(404);
    expect((await get(`${APP_ORIGIN}/%E0%A4%A`)).status).toBe(400);
    expect((await get(`${APP_ORIGIN}/index.html%00.js`)).status).toBe(400);
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405);
    const head = await get(APP_ENTRY_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('resolves paths without touching the disk', () => {
    expect(resolveAppPath('/srv/r', `${APP_ORIGIN}/assets/a.js`)).toEqual({ kind: 'file', path: '/srv/r/assets/a.js', fallback: null });
    expect(resolveAppPath('/srv/r', `${APP_ORIGIN}/staff`)).toEqual({ kind: 'file', path: '/srv/r/staff', fallback: '/srv/r/index.html' });
    expect(resolveAppPath('/srv/r', `${APP_ORIGIN}/..%2fr2%2fx.js`)).toEqual({ kind: 'reject', status: 404 });
  });
});

// ---------------------------------------------------------------------------------------------

describe('SafeStorageSecretStore', () => {
  function fakeSafeStorage(available: boolean, backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']>): SafeStorageLike {
    // Reversible stand-in for OS encryption, prefixed like Chromium's output.
    return {
      isEncryptionAvailable: () => available,
      getSelectedStorageBackend: () => backend,
      encryptString: (text) => Buffer.concat([Buffer.from('v11'), Buffer.from(text, 'utf8').map((b) => b ^ 0x5a)]),
      decryptString: (data) => Buffer.from(data.subarray(3).map((b) => b ^ 0x5a)).toString('utf8'),
    };
  }

  it('names the backend in its kind', () => {
    expect(new SafeStorageSecretStore(fakeSafeStorage(true, 'gnome_libsecret'), 'linux').kind).toBe('safeStorage:gnome_libsecret');
    expect(new SafeStorageSecretStore(fakeSafeStorage(true, 'unknown'), 'win32').kind).toBe('safeStorage:dpapi');
  });

  it('is protected only with a real OS store', async () => {
    expect(await new SafeStorageSecretStore(fakeSafeStorage(true, 'gnome_libsecret'), 'linux').isProtected()).toBe(true);
    expect(await new SafeStorageSecretStore(fakeSafeStorage(true, 'kwallet5'), 'linux').isProtected()).toBe(true);
    expect(await new SafeStorageSecretStore(fakeSafeStorage(true, 'basic_text'), 'linux').isProtected()).toBe(false);
    expect(await new SafeStorageSecretStore(fakeSafeStorage(true, 'unknown'), 'linux').isProtected()).toBe(false);
    expect(await new SafeStorageSecretStore(fakeSafeStorage(false, 'gnome_libsecret'), 'linux').isProtected()).toBe(false);
    expect(await new SafeStorageSecretStore(fakeSafeStorage(true, 'unknown'), 'win32').isProtected()).toBe(true);
    expect(await new SafeStorageSecretStore(fakeSafeStorage(false, 'unknown'), 'win32').isProtected()).toBe(false);
  });

  it('round-trips a binary key through safeStorage, never storing it in the clear', async () => {
    const store = new SafeStorageSecretStore(fakeSafeStorage(true, 'gnome_libsecret'), 'linux');
    const key = Buffer.from([0, 1, 2, 250, 255, 128, ...Array.from({ length: 26 }, (_, i) => i * 7)]);
    const wrapped = await store.wrap(key);
    expect(wrapped.includes(key)).toBe(false);
    expect(wrapped.includes(Buffer.from(key.toString('base64')))).toBe(false);
    expect((await store.unwrap(wrapped)).equals(key)).toBe(true);
  });

  it('keeps the key unprotected, and marked as such, when no encryption exists at all', async () => {
    const store = new SafeStorageSecretStore(fakeSafeStorage(false, 'unknown'), 'linux');
    const key = Buffer.alloc(32, 7);
    const wrapped = await store.wrap(key);
    expect(wrapped.toString('utf8')).toMatch(/^enroll-desk:plain:v1:/);
    expect((await store.unwrap(wrapped)).equals(key)).toBe(true);
    // A later run with a keyring still reads it.
    expect((await new SafeStorageSecretStore(fakeSafeStorage(true, 'gnome_libsecret'), 'linux').unwrap(wrapped)).equals(key)).toBe(true);
  });
});
