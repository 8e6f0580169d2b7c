// A ConsoleClient for store unit tests: every call stays open until the test answers it (in any order). A failure is
// built as the real client builds it (messageFor: the catalogue's Chinese text for a known code, else the server's
// Chinese detail). Set it with setConsoleClient (transport/client) before the store acts.
import type { ConsoleEndpointName } from '../../../../shared/console';
import { messageFor, type ConsoleClient, type ConsoleError } from '../transport/client';

export interface FakeConsoleCall {
  name: ConsoleEndpointName;
  input: Record<string, unknown>;
  settled: boolean;
  answer: (value: unknown) => void;
  /** Fails the call with `code` as the server would send it (`detail`: the server's own text). */
  fail: (code: string, status: number, detail?: string) => ConsoleError;
}

export function fakeConsoleClient() {
  /** Every call made, oldest first; answered ones stay, marked settled. */
  const calls: FakeConsoleCall[] = [];
  const client: ConsoleClient = {
    call: (name, input) =>
      new Promise((resolve) => {
        const call: FakeConsoleCall = {
          name,
          input,
          settled: false,
          answer: (value) => {
            call.settled = true;
            resolve({ ok: true, value } as never);
          },
          fail: (code, status, detail) => {
            call.settled = true;
            const error: ConsoleError = { code, status, message: messageFor(code, detail, undefined) };
            resolve({ ok: false, error } as never);
            return error;
          },
        };
        calls.push(call);
      }),
    onCallError: () => () => undefined,
    setCsrfToken: () => undefined,
  };
  /** The one open call to `name` (fails the test when there is none or more than one). */
  const open = (name: ConsoleEndpointName): FakeConsoleCall => {
    const found = calls.filter((c) => c.name === name && !c.settled);
    if (found.length !== 1) throw new Error(`expected one open ${name} call, found ${found.length} (calls: ${calls.map((c) => c.name).join(', ')})`);
    return found[0]!;
  };
  return { client, calls, open };
}
