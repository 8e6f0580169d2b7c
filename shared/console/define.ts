import { z } from 'zod';
import { consoleContractText } from '../i18n/zhCN.consoleContract';

// The bureau's web console talks to the county server through this contract (DESIGN.md §9): one entry per
// endpoint, `domain.verbNoun` → HTTP method, path, zod input and output, and who may call it. The server registers
// its routes from these entries and checks `access` on every request (server/console/), the console app calls
// them by name with typed input and output. Same style as the desk's contract (shared/contract/define.ts) and
// the sync protocol (shared/sync/protocol.ts).

/** Every JSON endpoint of the console lives under this prefix (the console app itself is served under /console/). */
export const CONSOLE_API = '/console/api';
/** Public lookup (no sign-in) lives under this prefix; the page is /lookup. */
export const LOOKUP_API = '/lookup/api';

/**
 * County staff roles (COUNTY.md "Who works there"). Separate from the desk's clerk/supervisor/admin, and from
 * devices: a person signs in to the console, a desk signs its requests with a device key.
 */
export const consoleRoleSchema = z.enum([
  'admin', // 局管理员: counters, plans, staff accounts, results, audit
  'reviewer', // 审核员: reviews applications of assigned schools/types
  'second_reviewer', // 复核人: confirms every rejection (four eyes), reviews too
  'school', // 学校用户: its own school's applicants and results only
  'viewer', // 只读: statistics, masked data only
]);
export type ConsoleRole = z.infer<typeof consoleRoleSchema>;

/**
 * Who may call an endpoint:
 * - `public`: no sign-in (sign-in itself, the county's name, the public lookup);
 * - `signedIn`: any signed-in account (its own session, reference lists);
 * - a list of roles: only those. Nothing is implied (an admin is not a reviewer).
 * What a role may see inside an allowed endpoint (a reviewer's schools and types, a school user's school, a
 * viewer's masked names) is narrowed by the server as well.
 */
export type ConsoleAccess = 'public' | 'signedIn' | readonly ConsoleRole[];

export interface ConsoleEndpoint<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  method: 'POST';
  path: string;
  input: I;
  output: O;
  access: ConsoleAccess;
  /** One line for the OpenAPI document and the console's developers. */
  summary: string;
  /**
   * False only where a request cannot carry the CSRF token yet (sign-in, reading the session after a reload):
   * those still need the `x-console-csrf` header (any value) and a same-origin `Origin`. Default true.
   */
  csrf?: boolean;
  /** Polling calls (the session check) do not count as activity for the idle timeout. */
  background?: boolean;
  /** A larger request body than the server's default (endpoints that carry a file as base64). */
  bodyLimit?: number;
}

/** Binary GET endpoints (scanned pages): the browser loads them as `<img src>`, so no custom header is possible. */
export interface ConsoleBinaryEndpoint<P extends z.ZodType = z.ZodType> {
  method: 'GET';
  path: string;
  params: P;
  access: ConsoleAccess;
  summary: string;
}

export function endpoint<I extends z.ZodType, O extends z.ZodType>(name: string, def: Omit<ConsoleEndpoint<I, O>, 'method' | 'path'> & { path?: string }): ConsoleEndpoint<I, O> {
  return { method: 'POST', path: def.path ?? `${CONSOLE_API}/${name}`, ...def };
}

/**
 * CSRF defence (ADR 0013): the session cookie is HttpOnly + SameSite=Strict, and every console API request must
 * also carry this header with the session's CSRF token (from `auth.signIn` / `auth.session`), come with a
 * same-origin `Origin` (when the browser sends one) and a JSON body. A custom header cannot be sent cross-site
 * without a CORS preflight, which the server never grants.
 */
export const CSRF_HEADER = 'x-console-csrf';
/** The session cookie (HttpOnly, SameSite=Strict, Path=/console). The console app never reads it. */
export const SESSION_COOKIE = 'console_session';

/** Empty input. */
export const none = z.strictObject({});
export const done = z.object({ done: z.literal(true) });

export const isoTime = z.iso.datetime({ offset: true });
export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, consoleContractText.isoDay);
export const applicationId = z.uuid(consoleContractText.applicationId);
/** Plan ids of schools, materials, zones (as in shared/plan/schema). */
export const planItemId = z.string().min(1).max(64);
export const counterCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,8}$/, consoleContractText.counterCode);

/** A page of a list ordered by a key the client passes back (`nextCursor`); null when there is no more. */
export const cursorSchema = z.string().min(1).max(200);
