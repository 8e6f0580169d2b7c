import { z } from 'zod';
import { password, text, username } from '../contract/fields';
import { enrollmentTypeSchema } from '../contract/application';
import { type ConsoleRole, consoleRoleSchema, done, endpoint, isoTime, none, planItemId } from './define';

/**
 * What an account may see. Reviewers and second reviewers: the listed schools and enrollment types (an empty list
 * means all). School users: exactly one school. Admins and viewers: ignored (empty).
 */
export const staffScopeSchema = z.strictObject({
  schoolIds: z.array(planItemId).max(200),
  types: z.array(enrollmentTypeSchema).max(10),
});
export type StaffScope = z.infer<typeof staffScopeSchema>;

/**
 * Whether the account sees only part of the county: a reviewer or second reviewer with listed schools or types, and
 * every school user. Acts on the whole county (department imports) are not theirs, and a duplicate group reaching
 * outside their scope is resolved by an unscoped reviewer. The server decides; the console hides what it refuses.
 */
export function limitedScope(account: { role: ConsoleRole; scope: StaffScope }): boolean {
  if (account.role === 'school') return true;
  if (account.role !== 'reviewer' && account.role !== 'second_reviewer') return false;
  return account.scope.schoolIds.length > 0 || account.scope.types.length > 0;
}

/** The signed-in account, as the console needs it. */
export const consoleSessionSchema = z.object({
  staffId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: consoleRoleSchema,
  scope: staffScopeSchema,
  /** Only auth.changePassword, auth.session and auth.signOut work until the initial password is changed. */
  mustChangePassword: z.boolean(),
  /** Send as the `x-console-csrf` header on every console API call. */
  csrfToken: z.string(),
  signedInAt: isoTime,
  /** The session ends after this many seconds without activity … */
  idleTimeoutSec: z.number().int().positive(),
  /** … and at this time regardless (sign in again). */
  expiresAt: isoTime,
});
export type ConsoleSession = z.infer<typeof consoleSessionSchema>;

export const authEndpoints = {
  /**
   * Sets the HttpOnly session cookie. Wrong name or password: 401 invalid_credentials (the same for both);
   * 5 failures in a row lock the account for 30 minutes: 423 account_locked with `lockedUntil`.
   */
  'auth.signIn': endpoint('auth.signIn', {
    summary: 'Sign in with username and password; sets the session cookie',
    input: z.strictObject({ username, password }),
    output: consoleSessionSchema,
    access: 'public',
    csrf: false,
  }),
  /** The current session (after a reload: it also returns the CSRF token). 401 when there is none. */
  'auth.session': endpoint('auth.session', {
    summary: 'The signed-in account and its CSRF token',
    input: none,
    output: consoleSessionSchema,
    access: 'signedIn',
    csrf: false,
    background: true,
  }),
  'auth.signOut': endpoint('auth.signOut', { summary: 'End the session and clear the cookie', input: none, output: done, access: 'signedIn' }),
  /** New password: at least 8 characters with letters and digits, not containing the username. Ends every other session of the account. */
  'auth.changePassword': endpoint('auth.changePassword', {
    summary: 'Change the own password (required after an initial or reset password)',
    input: z.strictObject({ currentPassword: password, newPassword: password }),
    output: consoleSessionSchema,
    access: 'signedIn',
  }),
} as const;

export const staffAccountSchema = z.object({
  staffId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: consoleRoleSchema,
  scope: staffScopeSchema,
  disabled: z.boolean(),
  /** Set while locked after failed sign-ins. */
  lockedUntil: isoTime.nullable(),
  mustChangePassword: z.boolean(),
  createdAt: isoTime,
  createdBy: z.string().nullable(),
  lastSignInAt: isoTime.nullable(),
});
export type StaffAccount = z.infer<typeof staffAccountSchema>;

const staffId = z.uuid();
/** A new or reset account gets a random one-time password, shown once; it must be changed at first sign-in. */
const withPassword = z.object({ account: staffAccountSchema, initialPassword: z.string() });

export const staffEndpoints = {
  'staff.list': endpoint('staff.list', { summary: 'Every console account', input: none, output: z.array(staffAccountSchema), access: ['admin'] }),
  'staff.create': endpoint('staff.create', {
    summary: 'Create an account; returns its one-time initial password',
    input: z.strictObject({ username, displayName: text(40), role: consoleRoleSchema, scope: staffScopeSchema }),
    output: withPassword,
    access: ['admin'],
  }),
  'staff.update': endpoint('staff.update', {
    summary: 'Change name, role or scope of an account (the last admin stays an admin)',
    input: z.strictObject({ staffId, displayName: text(40).optional(), role: consoleRoleSchema.optional(), scope: staffScopeSchema.optional() }),
    output: staffAccountSchema,
    access: ['admin'],
  }),
  /** Disabling ends the account's sessions at once. An admin cannot disable the last active admin or themselves. */
  'staff.setDisabled': endpoint('staff.setDisabled', {
    summary: 'Disable or re-enable an account',
    input: z.strictObject({ staffId, disabled: z.boolean() }),
    output: staffAccountSchema,
    access: ['admin'],
  }),
  'staff.resetPassword': endpoint('staff.resetPassword', {
    summary: 'New one-time password for an account; ends its sessions',
    input: z.strictObject({ staffId }),
    output: withPassword,
    access: ['admin'],
  }),
  'staff.unlock': endpoint('staff.unlock', { summary: 'Lift a sign-in lock', input: z.strictObject({ staffId }), output: staffAccountSchema, access: ['admin'] }),
} as const;
