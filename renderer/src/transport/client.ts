import type {
  EventName,
  EventPayload,
  MethodInput,
  MethodName,
  MethodOutput,
  RpcError,
  RpcResult,
} from '../../../shared/contract';
import type { DeskBridge } from '../../../shared/bridge';
import { zhCN } from '../../../shared/i18n/zhCN';

/** Sees every failed call; the session feature uses it to react to SESSION_LOCKED and friends. */
export type CallErrorListener = (method: MethodName, error: RpcError) => void;

export interface DeskClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<RpcResult<MethodOutput<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  onCallError(listener: CallErrorListener): () => void;
}

export function transportError(): RpcError {
  return { code: 'TRANSPORT_UNAVAILABLE', message: zhCN.errors.TRANSPORT_UNAVAILABLE };
}

function isRpcResult(value: unknown): value is RpcResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: unknown };
  if (v.ok === true) return 'value' in value;
  return v.ok === false && typeof v.error === 'object' && v.error !== null;
}

/**
 * The renderer's one typed way into the core. It never throws: a broken transport becomes
 * TRANSPORT_UNAVAILABLE like any other error value. The core validates inputs and outputs, so
 * results are trusted as their contract types here.
 */
export function createClient(bridge: DeskBridge): DeskClient {
  const errorListeners = new Set<CallErrorListener>();
  return {
    async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<RpcResult<MethodOutput<M>>> {
      let result: RpcResult<unknown>;
      try {
        const raw: unknown = await bridge.call(method, input);
        result = isRpcResult(raw) ? raw : { ok: false, error: transportError() };
      } catch (e: unknown) {
        console.error(`[client] ${method} failed in transport`, e);
        result = { ok: false, error: transportError() };
      }
      if (!result.ok) for (const l of errorListeners) l(method, result.error);
      return result as RpcResult<MethodOutput<M>>;
    },
    on(event, listener) {
      return bridge.on(event, (payload) => listener(payload as EventPayload<typeof event>));
    },
    onCallError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
  };
}
