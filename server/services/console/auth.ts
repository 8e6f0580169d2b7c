import { randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { type Kysely } from 'kysely';
import { type ConsoleRole, type StaffAccount, type StaffScope, consoleRoleSchema, staffScopeSchema } from '../../../shared/console';
import { format } from '../../../shared/i18n/zhCN';
import { consoleAuthText } from '../../../shared/i18n/zhCN.consoleAuth';
import { problem } from '../../http/problems';
import { reposOf } from '../../db/repos';
import { type StaffRow } from '../../db/repos/staffRepo';
import { type Database } from '../../db/schema';
import { type Actor, type ConsoleAudit } from './audit';
import { chinaMinute } from '../../../shared/chinaTime';

// County staff accounts: scrypt passwords, 5 failures → 30 minutes locked, one-time initial passwords that must be
// changed at first sign-in, and the admin's account actions (staff.*). Every action is audited.

const d = consoleAuthText.details;

export const MAX_FAILURES = 5;
export const LOCK_MS = 30 * 60 * 1000;

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, keylen, { N, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))));
}

/** `scrypt$N$r$p$salt$key` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keylen);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !n || !r || !p || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, 'base64');
  const got = await scryptAsync(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p), expected.length);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** A hash nobody's password matches, checked for unknown usernames so they take as long as known ones. */
let dummyHash: Promise<string> | null = null;

/** At least 8 characters with letters and digits, not containing the username. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < 8 || !/\p{L}/u.test(password) || !/\d/.test(password) || password.toLowerCase().includes(username.toLowerCase())) return d.weakPassword;
  return null;
}

/** A one-time password that passes the rule: 12 characters, letters and digits, no look-alikes. */
export function oneTimePassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => all[b % all.length]!);
  chars[0] = letters[bytes[0]! % letters.length]!;
  chars[11] = digits[bytes[11]! % digits.length]!;
  return chars.join('');
}

export function scopeOf(row: Pick<StaffRow, 'scope'>): StaffScope {
  const parsed = staffScopeSchema.safeParse(JSON.parse(row.scope));
  return parsed.success ? parsed.data : { schoolIds: [], types: [] };
}

export function roleOf(row: Pick<StaffRow, 'role'>): ConsoleRole {
  return consoleRoleSchema.parse(row.role);
}

export function accountOf(row: StaffRow, now: Date): StaffAccount {
  return {
    staffId: row.id,
    username: row.username,
    displayName: row.display_name,
    role: roleOf(row),
    scope: scopeOf(row),
    disabled: row.disabled === 1,
    lockedUntil: row.locked_until && row.locked_until > now.toISOString() ? row.locked_until : null,
    mustChangePassword: row.must_change_password === 1,
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastSignInAt: row.last_sign_in_at,
  };
}

/** The scope an account of this role keeps: admins and viewers none, school users exactly one school. */
function normaliseScope(role: ConsoleRole, scope: StaffScope): StaffScope {
  switch (role) {
    case 'admin':
    case 'viewer':
      return { schoolIds: [], types: [] };
    case 'school':
      if (scope.schoolIds.length !== 1) throw problem(400, 'validation_failed', d.schoolScope, [{ path: 'scope.schoolIds', message: d.schoolScope }]);
      return { schoolIds: scope.schoolIds, types: [] };
    case 'reviewer':
    case 'second_reviewer':
      return { schoolIds: [...new Set(scope.schoolIds)], types: [...new Set(scope.types)] };
  }
}

export class StaffAccounts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: ConsoleAudit,
  ) {}

  /**
   * Checks a sign-in. Unknown name and wrong password answer alike (and take as long); the fifth failure in a row
   * locks the account for 30 minutes, and a locked account is refused even with the right password.
   */
  async checkSignIn(username: string, password: string, actor: Actor, now: Date): Promise<StaffRow> {
    const row = await reposOf(this.db).staff.byUsername(username);
    if (!row) {
      dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
      await passwordMatches(password, await dummyHash);
      await this.audit.record(actor, 'auth.signInFailed', null, { username, reason: 'unknown' }, now);
      throw problem(401, 'invalid_credentials', d.invalidCredentials);
    }
    const who: Actor = { ...actor, id: row.id, name: row.display_name, role: roleOf(row) };
    if (row.locked_until && row.locked_until > now.toISOString()) {
      await this.audit.record(who, 'auth.signInFailed', row.id, { reason: 'locked' }, now);
      throw problem(423, 'account_locked', format(d.accountLocked, { until: chinaMinute(row.locked_until) }), undefined, { lockedUntil: row.locked_until });
    }
    const ok = await passwordMatches(password, row.password_hash);
    if (!ok) {
      const failures = row.failed_attempts + 1;
      const locks = failures >= MAX_FAILURES;
      const lockedUntil = locks ? new Date(now.getTime() + LOCK_MS).toISOString() : null;
      await this.db.transaction().execute(async (trx) => {
        await reposOf(trx).staff.update(row.id, locks ? { failed_attempts: 0, locked_until: lockedUntil } : { failed_attempts: failures });
        await this.audit.record(who, locks ? 'auth.locked' : 'auth.signInFailed', row.id, { reason: 'password', failures }, now, trx);
      });
      if (locks && lockedUntil) throw problem(423, 'account_locked', format(d.accountLocked, { until: chinaMinute(lockedUntil) }), undefined, { lockedUntil });
      throw problem(401, 'invalid_credentials', d.invalidCredentials);
    }
    if (row.disabled === 1) {
      await this.audit.record(who, 'auth.signInFailed', row.id, { reason: 'disabled' }, now);
      throw problem(403, 'account_disabled', d.accountDisabled);
    }
    await reposOf(this.db).staff.update(row.id, { failed_attempts: 0, locked_until: null, last_sign_in_at: now.toISOString() });
    return { ...row, failed_attempts: 0, locked_until: null, last_sign_in_at: now.toISOString() };
  }

  /** Changes the own password; the caller ends the account's other sessions. */
  async changePassword(staffId: string, current: string, next: string, actor: Actor, now: Date): Promise<void> {
    const row = await reposOf(this.db).staff.byId(staffId);
    if (!row) throw problem(401, 'not_signed_in', d.notSignedIn);
    if (!(await passwordMatches(current, row.password_hash))) throw problem(400, 'wrong_password', d.wrongPassword, [{ path: 'currentPassword', message: d.wrongPassword }]);
    const weak = passwordProblem(next, row.username);
    if (weak) throw problem(400, 'weak_password', weak, [{ path: 'newPassword', message: weak }]);
    if (current === next) throw problem(400, 'weak_password', d.samePassword, [{ path: 'newPassword', message: d.samePassword }]);
    const hash = await hashPassword(next);
    await this.db.transaction().execute(async (trx) => {
      await reposOf(trx).staff.update(staffId, { password_hash: hash, must_change_password: 0 });
      await this.audit.record(actor, 'auth.passwordChanged', staffId, {}, now, trx);
    });
  }

  /** A new account with a one-time password (staff.create, and `staff create-admin` on the CLI). */
  async create(input: { username: string; displayName: string; role: ConsoleRole; scope: StaffScope }, actor: Actor, now: Date): Promise<{ account: StaffAccount; initialPassword: string }> {
    const scope = normaliseScope(input.role, input.scope);
    const initialPassword = oneTimePassword();
    const row: StaffRow = {
      id: randomUUID(),
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      scope: JSON.stringify(scope),
      password_hash: await hashPassword(initialPassword),
      must_change_password: 1,
      disabled: 0,
      failed_attempts: 0,
      locked_until: null,
      created_at: now.toISOString(),
      created_by: actor.name,
      last_sign_in_at: null,
    };
    await this.db.transaction().execute(async (trx) => {
      const repos = reposOf(trx);
      if (await repos.staff.byUsername(input.username)) {
        const message = format(d.usernameTaken, { username: input.username });
        throw problem(409, 'state_conflict', message, [{ path: 'username', message }]);
      }
      await repos.staff.insert(row);
      await this.audit.record(actor, 'staff.created', row.id, { username: row.username, role: row.role, scope }, now, trx);
    });
    return { account: accountOf(row, now), initialPassword };
  }

  async list(now: Date): Promise<StaffAccount[]> {
    return (await reposOf(this.db).staff.all()).map((r) => accountOf(r, now));
  }

  async update(input: { staffId: string; displayName?: string | undefined; role?: ConsoleRole | undefined; scope?: StaffScope | undefined }, actor: Actor, now: Date): Promise<StaffAccount> {
    return this.db.transaction().execute(async (trx) => {
      const repos = reposOf(trx);
      const row = await this.existing(trx, input.staffId);
      const role = input.role ?? roleOf(row);
      if (row.role === 'admin' && role !== 'admin' && row.disabled === 0 && (await repos.staff.activeWithRole('admin')) <= 1) throw problem(409, 'last_admin', d.lastAdmin);
      const scope = normaliseScope(role, input.scope ?? scopeOf(row));
      const set = { display_name: input.displayName ?? row.display_name, role, scope: JSON.stringify(scope) };
      await repos.staff.update(row.id, set);
      // A changed role or scope applies from the next sign-in: the account's sessions end.
      if (role !== row.role || set.scope !== row.scope) await repos.staff.deleteSessionsOf(row.id);
      await this.audit.record(actor, 'staff.updated', row.id, { displayName: set.display_name, role, scope }, now, trx);
      return accountOf({ ...row, ...set }, now);
    });
  }

  async setDisabled(staffId: string, disabled: boolean, actor: Actor, now: Date): Promise<StaffAccount> {
    return this.db.transaction().execute(async (trx) => {
      const repos = reposOf(trx);
      const row = await this.existing(trx, staffId);
      if (disabled && row.id === actor.id) throw problem(409, 'state_conflict', d.notSelf);
      if (disabled && row.role === 'admin' && row.disabled === 0 && (await repos.staff.activeWithRole('admin')) <= 1) throw problem(409, 'last_admin', d.lastAdmin);
      await repos.staff.update(row.id, { disabled: disabled ? 1 : 0 });
      if (disabled) await repos.staff.deleteSessionsOf(row.id);
      await this.audit.record(actor, disabled ? 'staff.disabled' : 'staff.enabled', row.id, {}, now, trx);
      return accountOf({ ...row, disabled: disabled ? 1 : 0 }, now);
    });
  }

  async resetPassword(staffId: string, actor: Actor, now: Date): Promise<{ account: StaffAccount; initialPassword: string }> {
    const initialPassword = oneTimePassword();
    const hash = await hashPassword(initialPassword);
    return this.db.transaction().execute(async (trx) => {
      const repos = reposOf(trx);
      const row = await this.existing(trx, staffId);
      const set = { password_hash: hash, must_change_password: 1, failed_attempts: 0, locked_until: null };
      await repos.staff.update(row.id, set);
      await repos.staff.deleteSessionsOf(row.id);
      await this.audit.record(actor, 'staff.passwordReset', row.id, {}, now, trx);
      return { account: accountOf({ ...row, ...set }, now), initialPassword };
    });
  }

  async unlock(staffId: string, actor: Actor, now: Date): Promise<StaffAccount> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.existing(trx, staffId);
      await reposOf(trx).staff.update(row.id, { failed_attempts: 0, locked_until: null });
      await this.audit.record(actor, 'staff.unlocked', row.id, {}, now, trx);
      return accountOf({ ...row, failed_attempts: 0, locked_until: null }, now);
    });
  }

  private async existing(trx: Parameters<typeof reposOf>[0], staffId: string): Promise<StaffRow> {
    const row = await reposOf(trx).staff.byId(staffId);
    if (!row) throw problem(404, 'not_found', d.noSuchStaff);
    return row;
  }
}

/** An instant as staff in China read it: 2026-09-01 14:30. */
export { chinaMinute };
