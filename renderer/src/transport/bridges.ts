import { backoffDelay } from '../../../shared/backoff';
import { BRIDGE_EVENTS_PATH, BRIDGE_RPC_PATH, type DeskBridge } from '../../../shared/bridge';
import type { RpcResult } from '../../../shared/contract';
import { transportError } from './client';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser harness. */
    desk?: DeskBridge;
  }
}

const TOKEN_KEY = 'enroll-desk.bridgeToken';

/** The Electron preload's bridge, when the renderer runs inside the desktop shell. */
export function ipcBridge(): DeskBridge | null {
  return window.desk ?? null;
}

/**
 * Reads the harness token from `#token=…`, keeps it for reloads in sessionStorage and removes it
 * from the visible URL so it does not end up in screenshots or bookmarks.
 */
export function takeBridgeToken(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match?.[1]) {
    const token = decodeURIComponent(match[1]);
    sessionStorage.setItem(TOKEN_KEY, token);
    history.replaceState(null, '', `${location.pathname}${location.search}#/`);
    return token;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

type Listener = (payload: unknown) => void;

const RECONNECT = { firstMs: 500, maxMs: 10_000 };

/** Test/dev harness bridge: POST /rpc and a WebSocket for events, same origin as the page. */
export function httpBridge(token: string, origin: string = location.origin): DeskBridge {
  const listeners = new Map<string, Set<Listener>>();
  let socket: WebSocket | null = null;
  /** Closed connections since the last open: the next reconnect waits backoffDelay(RECONNECT, closes). */
  let closes = 0;

  const connect = () => {
    const url = new URL(BRIDGE_EVENTS_PATH, origin);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      closes = 0;
    };
    ws.onmessage = (msg: MessageEvent<unknown>) => {
      if (typeof msg.data !== 'string') return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(msg.data);
      } catch {
        return;
      }
      const { event, payload } = (parsed ?? {}) as { event?: unknown; payload?: unknown };
      if (typeof event !== 'string') return;
      for (const l of listeners.get(event) ?? []) l(payload);
    };
    ws.onclose = () => {
      socket = null;
      // Reconnect with backoff: events are hints to refresh, a missed one is caught by polling.
      setTimeout(connect, backoffDelay(RECONNECT, ++closes));
    };
  };

  return {
    async call(method, input) {
      try {
        const res = await fetch(new URL(BRIDGE_RPC_PATH, origin), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ method, input }),
        });
        return (await res.json()) as RpcResult<unknown>;
      } catch (e: unknown) {
        console.error('[bridge] request failed', e);
        return { ok: false, error: transportError() };
      }
    },
    on(event, listener) {
      if (!socket) connect();
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}

/** A bridge that answers every call with TRANSPORT_UNAVAILABLE (page opened without a token). */
export function missingBridge(): DeskBridge {
  return {
    call: () => Promise.resolve({ ok: false, error: transportError() }),
    on: () => () => undefined,
  };
}

/** Chooses the transport; nothing else in the renderer knows which one it got. */
export function pickBridge(): DeskBridge {
  const ipc = ipcBridge();
  if (ipc) return ipc;
  const token = takeBridgeToken();
  return token ? httpBridge(token) : missingBridge();
}
