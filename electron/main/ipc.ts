// The production transport (DESIGN §2): one invoke channel into the core, one event channel out.
// Only types come from 'electron'; index.ts passes the real ipcMain.
import { IPC_CALL, IPC_EVENT, MAX_REQUEST_BYTES } from '../../shared/bridge';
import { errorOf, type RpcResult } from '../../shared/contract';
import { isTrustedUrl } from './security';

export interface SenderFrameLike {
  readonly url: string;
  /** null for a top-level frame. */
  readonly parent: unknown;
}
export interface InvokeEventLike {
  readonly senderFrame: SenderFrameLike | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}
export interface EventSink {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}
/** The core as main reaches it: the utility process's supervisor (electron/core/portBridge.ts), or a core in tests. */
export interface CallableCore {
  call(method: unknown, input: unknown): Promise<RpcResult<unknown>>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
}

export interface EventMessage {
  event: string;
  payload: unknown;
}

function failure(error: ReturnType<typeof errorOf>): RpcResult<unknown> {
  return { ok: false, error };
}

function senderIsTrusted(event: InvokeEventLike): boolean {
  try {
    const frame = event.senderFrame;
    return frame !== null && frame.parent === null && isTrustedUrl(frame.url);
  } catch {
    // A frame that navigated away or was destroyed mid-call.
    return false;
  }
}

/** Handler for IPC_CALL: sender check, size limit, then the core (which validates method and input). */
export function createCallHandler(core: CallableCore): (event: InvokeEventLike, request: unknown) => Promise<RpcResult<unknown>> {
  return async (event, request) => {
    if (!senderIsTrusted(event)) return failure(errorOf('UNTRUSTED_SENDER'));

    let json: string | undefined;
    try {
      json = JSON.stringify(request);
    } catch {
      return failure(errorOf('VALIDATION_FAILED'));
    }
    if (json === undefined) return failure(errorOf('VALIDATION_FAILED'));
    if (Buffer.byteLength(json, 'utf8') > MAX_REQUEST_BYTES) return failure(errorOf('PAYLOAD_TOO_LARGE'));

    // Re-parse so the core sees plain JSON, exactly as over the HTTP test transport.
    const plain: unknown = JSON.parse(json);
    const { method, input } = isRecord(plain) ? plain : { method: undefined, input: undefined };
    try {
      return await core.call(method, input);
    } catch {
      return failure(errorOf('INTERNAL'));
    }
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Register the call handler and forward core events to the window. Events go only to a page still
 * showing the bundled renderer. Returns a function that undoes both.
 */
export function registerIpc(ipcMain: IpcMainLike, core: CallableCore, target: () => EventSink | null): () => void {
  const handleCall = createCallHandler(core);
  ipcMain.handle(IPC_CALL, (event, request) => handleCall(event, request));
  const unsubscribe = core.onEvent((event: string, payload: unknown) => {
    const contents = target();
    if (!contents || contents.isDestroyed() || !isTrustedUrl(contents.getURL())) return;
    const message: EventMessage = { event, payload };
    contents.send(IPC_EVENT, message);
  });
  return () => {
    ipcMain.removeHandler(IPC_CALL);
    unsubscribe();
  };
}
