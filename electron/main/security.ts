// Security policy of the Electron shell (DESIGN §6). Pure: only types come from 'electron', so the
// policy is unit tested under plain Node with small fakes standing in for app/webContents/session.
import type { BrowserWindowConstructorOptions } from 'electron';
import { shellText } from '../../shared/i18n/zhCN.shell';

export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
export const APP_TITLE = shellText.productName;

/** Hash route of the scanning view: the only place allowed to use the camera. */
export const SCAN_ROUTE = '#/scan';

/** antd injects styles at runtime, hence 'unsafe-inline' for styles only; scripts stay 'self'. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export interface WindowPolicyOptions {
  /** Only for unpackaged (development) runs. */
  devTools?: boolean;
  /** The screen's work area in DIPs: the first size never exceeds it. */
  workArea?: { width: number; height: number };
}

/**
 * The smallest window the desk's layouts work in: a 1366×768 screen at 150 % scaling is 910×512 DIPs, less the
 * taskbar and the title bar. The old 1024×700 did not fit there at all.
 */
export const MIN_WINDOW = { width: 880, height: 440 } as const;

export function windowOptions(preloadPath: string, options: WindowPolicyOptions = {}): BrowserWindowConstructorOptions {
  return {
    title: APP_TITLE,
    width: Math.max(MIN_WINDOW.width, Math.min(1280, options.workArea?.width ?? 1280)),
    height: Math.max(MIN_WINDOW.height, Math.min(800, options.workArea?.height ?? 800)),
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    show: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: options.devTools === true,
    },
  };
}

/** True only for URLs of the bundled renderer (app://desk/...). */
export function isTrustedUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

export interface PermissionDetails {
  isMainFrame?: boolean;
  /** For 'media': the kinds requested; only 'video' (the document camera) is ever granted. */
  mediaTypes?: readonly string[];
}

/** Deny everything, except camera access for the scanning view of the bundled renderer. */
export function permissionDecision(permission: string, requestingUrl: string | undefined, details: PermissionDetails = {}): boolean {
  if (permission !== 'media') return false;
  if (requestingUrl === undefined || !isTrustedUrl(requestingUrl)) return false;
  if (details.isMainFrame === false) return false;
  if (details.mediaTypes?.some((t) => t !== 'video')) return false;
  const hash = new URL(requestingUrl).hash;
  return hash === SCAN_ROUTE || hash.startsWith(`${SCAN_ROUTE}/`) || hash.startsWith(`${SCAN_ROUTE}?`);
}

// Structural slices of the Electron objects installSecurity touches; the real App/WebContents/Session
// satisfy them, and tests pass EventEmitter-based fakes.
export interface PreventableEvent {
  preventDefault(): void;
}
export interface NavigationEvent extends PreventableEvent {
  /** Electron ≥ 25 puts the target on the event; older listeners got it as the second argument. */
  url?: string;
}
export interface PermissionContents {
  getURL(): string;
}
export interface PermissionRequestDetails {
  requestingUrl?: string;
  isMainFrame?: boolean;
  mediaTypes?: readonly string[];
}
export interface PermissionCheckDetails {
  requestingUrl?: string;
  isMainFrame?: boolean;
  mediaType?: string;
}
export interface RequestFilter {
  urls: string[];
}
export interface SessionLike {
  setPermissionRequestHandler(
    handler: (contents: PermissionContents, permission: string, callback: (granted: boolean) => void, details: PermissionRequestDetails) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (contents: PermissionContents | null, permission: string, requestingOrigin: string, details: PermissionCheckDetails) => boolean,
  ): void;
  readonly webRequest: {
    onBeforeRequest(filter: RequestFilter, listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void;
  };
}
export interface GuardedContents extends PermissionContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent, url?: string) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  readonly session: SessionLike;
}
export interface AppLike {
  on(event: 'web-contents-created', listener: (event: unknown, contents: GuardedContents) => void): unknown;
}

/** The renderer never talks to the network itself (sync runs in the core), so web requests are cancelled. */
export const REMOTE_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];

/** Apply the policy to every web contents the app creates (windows, devtools, anything else). */
export function installSecurity(app: AppLike): void {
  const guardedSessions = new WeakSet<SessionLike>();

  app.on('web-contents-created', (_event, contents) => {
    const denyUntrusted = (event: NavigationEvent, url?: string): void => {
      const target = event.url ?? url ?? '';
      if (!isTrustedUrl(target)) event.preventDefault();
    };
    contents.on('will-navigate', denyUntrusted);
    contents.on('will-frame-navigate', (event) => denyUntrusted(event));
    contents.on('will-redirect', denyUntrusted);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // Never open windows, never hand URLs to the OS (no shell.openExternal anywhere).
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));

    const session = contents.session;
    if (guardedSessions.has(session)) return;
    guardedSessions.add(session);
    session.setPermissionRequestHandler((requester, permission, callback, details) => {
      const url = urlForDecision(requester, details.isMainFrame, details.requestingUrl);
      callback(permissionDecision(permission, url, { isMainFrame: details.isMainFrame, mediaTypes: details.mediaTypes }));
    });
    session.setPermissionCheckHandler((requester, permission, requestingOrigin, details) => {
      const url = urlForDecision(requester, details.isMainFrame, details.requestingUrl ?? requestingOrigin);
      const mediaTypes = details.mediaType === undefined ? undefined : [details.mediaType];
      return permissionDecision(permission, url, { isMainFrame: details.isMainFrame, mediaTypes });
    });
    session.webRequest.onBeforeRequest({ urls: REMOTE_URL_PATTERNS }, (_details, callback) => callback({ cancel: true }));
  });
}

// A main-frame request is judged by the frame's full current URL, which carries the hash route.
function urlForDecision(contents: PermissionContents | null, isMainFrame: boolean | undefined, requestingUrl: string | undefined): string | undefined {
  if (isMainFrame === true && contents) return contents.getURL();
  return requestingUrl;
}
