import type { RpcResult } from './contract/result';

/**
 * The only object the renderer gets from its host. In Electron the preload exposes it as
 * `window.desk`; in the browser harness the renderer builds one over loopback HTTP + WebSocket.
 * It carries no business logic: method names, inputs and results pass through unchanged.
 */
export interface DeskBridge {
  call(method: string, input: unknown): Promise<RpcResult<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** IPC channel names used between preload and main. */
export const IPC_CALL = 'desk:call';
export const IPC_EVENT = 'desk:event';

/** Largest request the transports accept, in bytes of JSON. Fields have their own, smaller limits. */
export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;

/** Test/dev bridge protocol (electron/harness): POST /rpc {method,input} with `Authorization: Bearer <token>`;
 * events over WebSocket at /events?token=<token> as {event,payload}. The token reaches the page as `#token=`. */
export const BRIDGE_RPC_PATH = '/rpc';
export const BRIDGE_EVENTS_PATH = '/events';
