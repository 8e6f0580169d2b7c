import { CSRF_HEADER, SESSION_COOKIE, consoleApi, type ConsoleEndpointName, type ConsoleInput, type ConsoleOutput } from '../../shared/console';

// A console API client for tests: a browser's cookie jar of one (the session cookie), the CSRF token from the
// session, and plain fetch. `call` returns status and body whatever the answer; `ok` expects a 200.

export interface ConsoleAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export class ConsoleTestClient {
  cookie: string | null = null;
  csrf: string | null = null;

  constructor(readonly baseUrl: string) {}

  async call(name: ConsoleEndpointName, input: unknown, opts: { csrf?: string | null; origin?: string; cookie?: string | null } = {}): Promise<ConsoleAnswer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const csrf = opts.csrf === undefined ? (this.csrf ?? '1') : opts.csrf;
    if (csrf !== null) headers[CSRF_HEADER] = csrf;
    const cookie = opts.cookie === undefined ? this.cookie : opts.cookie;
    if (cookie) headers.cookie = `${SESSION_COOKIE}=${cookie}`;
    if (opts.origin) headers.origin = opts.origin;
    const res = await fetch(this.baseUrl + consoleApi[name].path, { method: 'POST', headers, body: JSON.stringify(input) });
    const set = res.headers.get('set-cookie');
    const m = set?.match(new RegExp(`${SESSION_COOKIE}=([^;]*)`));
    if (m) this.cookie = m[1] || null;
    const text = await res.text();
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (res.status === 200 && typeof body.csrfToken === 'string') this.csrf = body.csrfToken;
    return { status: res.status, body, headers: res.headers };
  }

  async ok<N extends ConsoleEndpointName>(name: N, input: ConsoleInput<N>): Promise<ConsoleOutput<N>> {
    const r = await this.call(name, input);
    if (r.status !== 200) throw new Error(`${name} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body as ConsoleOutput<N>;
  }

  /** Signs in; when the account must change its password, changes it to `newPassword`. */
  async signIn(username: string, password: string, newPassword?: string): Promise<ConsoleOutput<'auth.signIn'>> {
    const s = await this.ok('auth.signIn', { username, password });
    if (s.mustChangePassword && newPassword) return this.ok('auth.changePassword', { currentPassword: password, newPassword });
    return s;
  }
}
