import { CSRF_HEADER, consoleApi, type ConsoleEndpointName, type ConsoleInput, type ConsoleOutput } from '../../../../shared/console';
import { format } from '../../../../shared/i18n/format';
import { consoleText } from '../../../../shared/i18n/zhCN.console';

export interface ConsoleError {
  code: string;
  /** Chinese, says what to do; from the catalogue when the code is known to it. */
  message: string;
  status: number;
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ConsoleError };

export type CallErrorListener = (name: ConsoleEndpointName, error: ConsoleError) => void;

export interface ConsoleClient {
  call<N extends ConsoleEndpointName>(name: N, input: ConsoleInput<N>): Promise<Result<ConsoleOutput<N>>>;
  /** Sees every failed call; the session feature signs out on NOT_AUTHENTICATED. */
  onCallError(listener: CallErrorListener): () => void;
  /** The CSRF token the server handed out with the session; sent on every call that changes something. */
  setCsrfToken(token: string | null): void;
}

export interface ClientOptions {
  fetch?: typeof fetch;
  origin?: string;
}

const errorTexts = consoleText.errors as Readonly<Record<string, string>>;

/**
 * Refusals whose reason only the server knows (which role, which scope, why a viewer may not search): its own Chinese
 * detail is shown, the catalogue's general sentence only when it sent none. A reviewer limited to one school was told
 * 您的角色不能进行这项操作 when the server had said that a county-wide reviewer must resolve that group.
 */
const SERVER_REASON_FIRST = new Set(['forbidden']);
const isChinese = (s: string | undefined): s is string => s !== undefined && /[\u4e00-\u9fff]/.test(s);

/**
 * The catalogue's text for a code (with the server's details filled in; it adds what the page knows, e.g. that drafts
 * are kept), else the server's own Chinese detail. For SERVER_REASON_FIRST codes the server's detail comes first.
 */
export function messageFor(code: string, detail: string | undefined, details: Record<string, unknown> | undefined): string {
  if (SERVER_REASON_FIRST.has(code) && isChinese(detail)) return detail;
  const known = errorTexts[code];
  if (known) return format(known, stringValues(details));
  if (isChinese(detail)) return detail;
  return consoleText.errors.UNEXPECTED;
}

function stringValues(details: Record<string, unknown> | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(details ?? {})) {
    if (typeof v === 'number') out[k] = v;
    else if (typeof v === 'string') out[k] = ISO_INSTANT.test(v) ? localMinute(v) : v;
  }
  return out;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** An instant as staff read it: local date and minute, e.g. 2026-09-01 14:30. */
export function localMinute(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

interface ProblemBody {
  code?: unknown;
  detail?: unknown;
  [key: string]: unknown;
}

/**
 * The console's one way to the server. It never throws: a network failure, a non-JSON answer or an answer
 * that does not match the contract all become error values with a Chinese message that says what to do.
 */
export function createClient(opts: ClientOptions = {}): ConsoleClient {
  const doFetch = opts.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const origin = opts.origin ?? location.origin;
  const listeners = new Set<CallErrorListener>();
  let csrf: string | null = null;

  const fail = (name: ConsoleEndpointName, error: ConsoleError): Result<never> => {
    for (const l of listeners) l(name, error);
    return { ok: false, error };
  };

  return {
    async call(name, input) {
      const endpoint = consoleApi[name];
      let res: Response;
      try {
        res = await doFetch(new URL(endpoint.path, origin), {
          method: endpoint.method,
          // Sign-in and the session check carry the header before there is a token (any value passes there).
          headers: { accept: 'application/json', 'content-type': 'application/json', [CSRF_HEADER]: csrf ?? '1' },
          credentials: 'same-origin',
          body: JSON.stringify(input ?? {}),
        });
      } catch (e: unknown) {
        console.error(`[console] ${name} failed in transport`, e);
        return fail(name, { code: 'NETWORK', message: consoleText.errors.NETWORK, status: 0 });
      }
      let body: unknown = null;
      try {
        body = res.status === 204 ? null : await res.json();
      } catch {
        body = null;
      }
      if (!res.ok) {
        const p = (body ?? {}) as ProblemBody;
        const code = typeof p.code === 'string' ? p.code : `HTTP_${res.status}`;
        const detail = typeof p.detail === 'string' ? p.detail : undefined;
        return fail(name, { code, message: messageFor(code, detail, p), status: res.status, details: p });
      }
      const parsed = endpoint.output.safeParse(body);
      if (!parsed.success) {
        console.error(`[console] ${name} answered outside its contract`, parsed.error.issues.slice(0, 3));
        return fail(name, { code: 'BAD_ANSWER', message: consoleText.errors.BAD_ANSWER, status: res.status });
      }
      return { ok: true, value: parsed.data as never };
    },
    onCallError(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setCsrfToken(token) {
      csrf = token;
    },
  };
}

let client: ConsoleClient | null = null;

/** The app-wide client. Stores use this; components never call it. */
export function consoleClient(): ConsoleClient {
  client ??= createClient();
  return client;
}

/** Replace the client (store tests). */
export function setConsoleClient(next: ConsoleClient): void {
  client = next;
}

export function errorMessage(error: ConsoleError): string {
  return error.message || format(consoleText.errors.UNEXPECTED, {});
}
