import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Kysely } from 'kysely';
import { type ConsoleAccess, type ConsoleRole, type ConsoleSession, type StaffScope } from '../../../shared/console';
import { consoleAuthText } from '../../../shared/i18n/zhCN.consoleAuth';
import { problem } from '../../http/problems';
import { reposOf } from '../../db/repos';
import { type StaffRow } from '../../db/repos/staffRepo';
import { type Database } from '../../db/schema';
import { roleOf, scopeOf } from './auth';

// Console sessions, held by the server: the browser holds a random token in an HttpOnly cookie, the database only
// its SHA-256. A session ends after `idleTimeoutSec` without activity, at `expiresAt` regardless, on sign-out, and
// when the account's password is reset, its role changes or it is disabled. Its CSRF token is handed to the
// console app (auth.signIn / auth.session) and must come back as x-console-csrf.

const d = consoleAuthText.details;

export interface SessionPolicy {
  idleTimeoutSec: number;
  maxAgeSec: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleTimeoutSec: 30 * 60, maxAgeSec: 12 * 3600 };

/** Activity is written at most this often (each request would otherwise write). */
const TOUCH_EVERY_MS = 15_000;

/** The account behind a request, as the services see it. */
export interface SignedIn {
  staffId: string;
  username: string;
  displayName: string;
  role: ConsoleRole;
  scope: StaffScope;
  mustChangePassword: boolean;
  tokenHash: string;
  csrfToken: string;
  signedInAt: string;
  expiresAt: string;
}

export const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Whether `role` may call an endpoint with this access rule (nothing implied: an admin is not a reviewer). */
export function allows(access: ConsoleAccess, role: ConsoleRole | null): boolean {
  if (access === 'public') return true;
  if (role === null) return false;
  if (access === 'signedIn') return true;
  return access.includes(role);
}

export class Sessions {
  constructor(
    private readonly db: Kysely<Database>,
    readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  ) {}

  /** A new session for a checked account; returns the cookie's token and the session. */
  async open(staff: StaffRow, ip: string | null, now: Date): Promise<{ token: string; session: SignedIn }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const at = now.toISOString();
    const expiresAt = new Date(now.getTime() + this.policy.maxAgeSec * 1000).toISOString();
    const hash = tokenHash(token);
    const repos = reposOf(this.db);
    await repos.staff.deleteExpiredSessions(new Date(now.getTime() - this.policy.idleTimeoutSec * 1000).toISOString(), at);
    await repos.staff.insertSession({ token_hash: hash, staff_id: staff.id, csrf_token: csrfToken, created_at: at, last_seen_at: at, expires_at: expiresAt, ip });
    return {
      token,
      session: {
        staffId: staff.id,
        username: staff.username,
        displayName: staff.display_name,
        role: roleOf(staff),
        scope: scopeOf(staff),
        mustChangePassword: staff.must_change_password === 1,
        tokenHash: hash,
        csrfToken,
        signedInAt: at,
        expiresAt,
      },
    };
  }

  /**
   * The session of a cookie token: 401 not_signed_in when there is none (or the account is disabled), 401
   * session_expired when it timed out (it is removed). `activity` false: a background call (the session poll) does
   * not keep the session alive.
   */
  async resume(token: string | undefined, now: Date, activity: boolean): Promise<SignedIn> {
    if (!token) throw problem(401, 'not_signed_in', d.notSignedIn);
    const hash = tokenHash(token);
    const repos = reposOf(this.db);
    const row = await repos.staff.sessionWithStaff(hash);
    if (!row || row.disabled === 1) throw problem(401, 'not_signed_in', d.notSignedIn);
    const idleFor = now.getTime() - Date.parse(row.last_seen_at);
    if (idleFor > this.policy.idleTimeoutSec * 1000 || row.expires_at <= now.toISOString()) {
      await repos.staff.deleteSession(hash);
      throw problem(401, 'session_expired', d.sessionExpired);
    }
    if (activity && idleFor > TOUCH_EVERY_MS) await repos.staff.touchSession(hash, now.toISOString());
    return {
      staffId: row.id,
      username: row.username,
      displayName: row.display_name,
      role: roleOf(row),
      scope: scopeOf(row),
      mustChangePassword: row.must_change_password === 1,
      tokenHash: hash,
      csrfToken: row.csrf_token,
      signedInAt: row.session_created_at,
      expiresAt: row.expires_at,
    };
  }

  async close(session: SignedIn): Promise<void> {
    await reposOf(this.db).staff.deleteSession(session.tokenHash);
  }

  /** Every other session of the account (after a password change). */
  async closeOthers(session: SignedIn): Promise<void> {
    await reposOf(this.db).staff.deleteSessionsOf(session.staffId, session.tokenHash);
  }

  /** The session as the console app sees it. */
  view(s: SignedIn): ConsoleSession {
    return {
      staffId: s.staffId,
      username: s.username,
      displayName: s.displayName,
      role: s.role,
      scope: s.scope,
      mustChangePassword: s.mustChangePassword,
      csrfToken: s.csrfToken,
      signedInAt: s.signedInAt,
      idleTimeoutSec: this.policy.idleTimeoutSec,
      expiresAt: s.expiresAt,
    };
  }
}

/** The x-console-csrf header against the session's token (constant time). */
export function csrfMatches(header: string | undefined, session: SignedIn): boolean {
  if (!header) return false;
  const a = Buffer.from(header, 'utf8');
  const b = Buffer.from(session.csrfToken, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
