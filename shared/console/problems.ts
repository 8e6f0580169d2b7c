import { z } from 'zod';
import { problemCodeSchema, problemSchema } from '../sync/protocol';

// Errors of the console API: RFC 9457 problem documents like the sync API's (shared/sync/protocol.ts), with the
// codes below added. `detail` is Chinese and says what to do (shared/i18n/zhCN.consoleApi.ts); the console app
// may show it as it is or word the code its own way.

export const consoleOnlyProblemCodeSchema = z.enum([
  'not_signed_in', // 401: no session, or it ended (signed out elsewhere, password reset, account disabled)
  'session_expired', // 401: idle too long or past the absolute limit: sign in again
  'csrf_rejected', // 403: missing/wrong x-console-csrf token, or a cross-site Origin
  'forbidden', // 403: the role may not call this endpoint
  'invalid_credentials', // 401: wrong username or password (never says which)
  'account_locked', // 423: too many failures; `lockedUntil`
  'account_disabled', // 403
  'password_change_required', // 403: the account must change its initial password first (auth.changePassword)
  'weak_password', // 400
  'wrong_password', // 400: current password wrong when changing it
  'stale_revision', // 409: the application changed since it was opened; reload and decide again
  'state_conflict', // 409: the action does not fit the application's state (already decided, nothing to confirm…)
  'four_eyes', // 409: the person who proposed a rejection cannot confirm it
  'last_admin', // 409: the last active admin cannot be disabled or demoted
  'bulk_token_invalid', // 409: the bulk-approval confirmation expired or belongs to someone else
  'plan_invalid', // 422: the plan file has problems (`errors`)
  'rate_limited', // 429: too many lookups; `Retry-After`
]);
export type ConsoleOnlyProblemCode = z.infer<typeof consoleOnlyProblemCodeSchema>;

export const consoleProblemCodeSchema = z.union([problemCodeSchema, consoleOnlyProblemCodeSchema]);
export type ConsoleProblemCode = z.infer<typeof consoleProblemCodeSchema>;

export const consoleProblemSchema = problemSchema.extend({
  code: consoleProblemCodeSchema,
  /** With `account_locked`: when sign-in is possible again. */
  lockedUntil: z.iso.datetime({ offset: true }).optional(),
});
export type ConsoleProblem = z.infer<typeof consoleProblemSchema>;
