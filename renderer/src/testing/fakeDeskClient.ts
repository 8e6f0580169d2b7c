// A DeskClient for store unit tests: every call stays open until the test answers it (in any order), and events are
// emitted by the test. Set it with setDeskClient (renderer/src/transport) before the store acts.
import type { EventName, EventPayload, MethodName, MethodOutput, RpcError } from '../../../shared/contract';
import type { DeskClient } from '../transport';

export interface FakeCall {
  method: MethodName;
  input: Record<string, unknown>;
  settled: boolean;
  answer: (value: unknown) => void;
  fail: (error: RpcError) => void;
}

export function fakeDeskClient() {
  /** Every call made, oldest first; answered ones stay, marked settled. */
  const calls: FakeCall[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const client: DeskClient = {
    call: ((method: MethodName, input: Record<string, unknown>) =>
      new Promise((resolve) => {
        const call: FakeCall = {
          method,
          input,
          settled: false,
          answer: (value) => {
            call.settled = true;
            resolve({ ok: true, value });
          },
          fail: (error) => {
            call.settled = true;
            resolve({ ok: false, error });
          },
        };
        calls.push(call);
      })) as unknown as DeskClient['call'],
    on: ((event: EventName, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    }) as DeskClient['on'],
    onCallError: () => () => undefined,
  };
  const open = (method: MethodName): FakeCall => {
    const call = calls.find((c) => c.method === method && !c.settled);
    if (!call) throw new Error(`no open call to ${method}`);
    return call;
  };
  return {
    client,
    calls,
    /** The calls made to one method so far, oldest first. */
    callsTo: (method: MethodName) => calls.filter((c) => c.method === method),
    /** The oldest open call to `method`; throws when there is none. */
    open,
    /** Answers the oldest open call to `method`. */
    answer: <M extends MethodName>(method: M, value: MethodOutput<M>) => open(method).answer(value),
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const listener of listeners.get(event) ?? []) listener(payload);
    },
    listening: (event: EventName) => listeners.get(event)?.size ?? 0,
  };
}

export const flush = () => new Promise((r) => setTimeout(r, 0));
