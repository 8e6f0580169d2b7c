import { DeskError } from '../../../shared/contract/result';
import { PASSWORD_PROOF_MS, passwordProven, publicSession, actor, type Ctx, type Handlers, type SessionState } from '../context';
import type { StaffRow } from '../db/repos/staffRepo';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './passwords';
import { format, zhCN } from '../../../shared/i18n/zhCN';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 30;

export function startSession(ctx: Ctx, row: StaffRow): SessionState {
  const now = ctx.ports.clock.now();
  const session: SessionState = {
    staffId: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    mustChangePassword: row.must_change_password === 1,
    locked: false,
    startedAt: now.toISOString(),
    lastActivityMs: now.getTime(),
    // The password was just typed: a forced change need not ask for it again for a short while.
    passwordProofUntilMs: row.must_change_password === 1 ? now.getTime() + PASSWORD_PROOF_MS : null,
  };
  ctx.session = session;
  return session;
}

/** Refuses a weak password naming the rule it breaks (密码至少 8 位，现在只有 5 位 …). */
export async function assertStrong(password: string, username: string): Promise<string> {
  const problem = passwordProblem(password, username);
  if (problem) {
    const rules = zhCN.ui.common.passwordRules;
    const rule = problem.rule === 'length' ? format(rules.length, { length: problem.length }) : problem.rule === 'username' ? format(rules.username, { username }) : rules[problem.rule];
    throw new DeskError('WEAK_PASSWORD', { rule });
  }
  return hashPassword(password);
}

/** Check a password for a staff row, counting failures and locking after too many. */
async function checkPassword(ctx: Ctx, row: StaffRow, password: string, purpose: 'login' | 'unlock'): Promise<void> {
  const now = ctx.ports.clock.now();
  const nowIso = now.toISOString();
  if (row.disabled === 1) {
    ctx.audit.append({ at: nowIso, actorId: row.id, actorName: row.username, action: `auth.${purpose}Refused`, target: row.id, details: { reason: 'disabled' } });
    throw new DeskError('ACCOUNT_DISABLED');
  }
  if (row.locked_until && Date.parse(row.locked_until) > now.getTime()) {
    ctx.audit.append({ at: nowIso, actorId: row.id, actorName: row.username, action: `auth.${purpose}Refused`, target: row.id, details: { reason: 'locked', until: row.locked_until } });
    throw new DeskError('ACCOUNT_LOCKED', { until: formatLocal(row.locked_until) }, { until: row.locked_until });
  }
  if (await verifyPassword(password, row.password_hash)) return;

  // An expired lock starts a fresh count.
  const previous = row.locked_until ? 0 : row.failed_attempts;
  const attempts = previous + 1;
  const lockUntil = attempts >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
  ctx.db.transaction(() => {
    ctx.repos.staff.recordFailure(row.id, lockUntil ? 0 : attempts, lockUntil, nowIso);
    ctx.audit.append({ at: nowIso, actorId: row.id, actorName: row.username, action: `auth.${purpose}Failed`, target: row.id, details: { attempt: attempts } });
    if (lockUntil) {
      ctx.audit.append({ at: nowIso, actorId: row.id, actorName: row.username, action: 'auth.accountLocked', target: row.id, details: { until: lockUntil, minutes: LOCKOUT_MINUTES } });
    }
  })();
  if (lockUntil) {
    if (purpose === 'unlock') ctx.session = null;
    throw new DeskError('ACCOUNT_LOCKED', { until: formatLocal(lockUntil) }, { until: lockUntil });
  }
  throw new DeskError('INVALID_CREDENTIALS');
}

/** Locked-until times are shown to staff in local wall-clock time. */
function formatLocal(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const authHandlers: Pick<
  Handlers,
  'auth.login' | 'auth.logout' | 'auth.lockSession' | 'auth.unlockSession' | 'auth.changePassword' | 'auth.touchSession'
> = {
  // The dispatcher already recorded the activity; this exists so typing without saving keeps the session alive.
  'auth.touchSession': () => ({ done: true as const }),

  'auth.login': async (input, ctx) => {
    const row = ctx.repos.staff.byUsername(input.username);
    if (!row) {
      await verifyPassword(input.password, await dummyHash());
      ctx.audit.append({ at: ctx.nowIso(), actorId: null, actorName: null, action: 'auth.loginFailed', target: null, details: { username: input.username, reason: 'unknownUser' } });
      throw new DeskError('INVALID_CREDENTIALS');
    }
    await checkPassword(ctx, row, input.password, 'login');
    const nowIso = ctx.nowIso();
    const alert = ctx.audit.alert(nowIso);
    if (alert && row.role !== 'admin') {
      // A tampered log is not worked on silently: an admin signs in first and acknowledges it.
      ctx.audit.append({ at: nowIso, actorId: row.id, actorName: row.username, action: 'auth.loginRefused', target: row.id, details: { reason: 'auditTampered', incidentSeq: alert.seq } });
      throw new DeskError('AUDIT_TAMPERED', { problem: alert.problem }, { incidentSeq: alert.seq });
    }
    ctx.db.transaction(() => {
      ctx.repos.staff.recordLogin(row.id, nowIso);
      ctx.audit.append({ at: nowIso, actorId: row.id, actorName: row.username, action: 'auth.login', target: row.id });
    })();
    const session = startSession(ctx, row);
    ctx.emit('session.changed', { reason: 'login' });
    return publicSession(session, ctx.ports.clock.now().getTime());
  },

  'auth.logout': (_input, ctx) => {
    if (ctx.session) {
      ctx.audit.append({ at: ctx.nowIso(), ...actor(ctx), action: 'auth.logout', target: ctx.session.staffId });
      ctx.session = null;
      ctx.emit('session.changed', { reason: 'logout' });
    }
    return { done: true as const };
  },

  'auth.lockSession': (_input, ctx) => {
    const s = ctx.session;
    if (s && !s.locked) {
      s.locked = true;
      s.passwordProofUntilMs = null;
      ctx.audit.append({ at: ctx.nowIso(), ...actor(ctx), action: 'auth.sessionLocked', target: s.staffId, details: { by: 'staff' } });
      ctx.emit('session.changed', { reason: 'locked' });
    }
    return { done: true as const };
  },

  'auth.unlockSession': async (input, ctx) => {
    const s = ctx.session;
    if (!s) throw new DeskError('NOT_AUTHENTICATED');
    const row = ctx.repos.staff.byId(s.staffId);
    if (!row) {
      ctx.session = null;
      throw new DeskError('NOT_AUTHENTICATED');
    }
    await checkPassword(ctx, row, input.password, 'unlock');
    s.locked = false;
    s.lastActivityMs = ctx.ports.clock.now().getTime();
    // Unlocking typed the password again: a pending forced change may use it as it would the sign-in's.
    if (s.mustChangePassword) s.passwordProofUntilMs = s.lastActivityMs + PASSWORD_PROOF_MS;
    ctx.audit.append({ at: ctx.nowIso(), ...actor(ctx), action: 'auth.sessionUnlocked', target: s.staffId });
    ctx.emit('session.changed', { reason: 'unlocked' });
    return publicSession(s, ctx.ports.clock.now().getTime());
  },

  'auth.changePassword': async (input, ctx) => {
    const s = ctx.session;
    if (!s) throw new DeskError('NOT_AUTHENTICATED');
    const row = ctx.repos.staff.byId(s.staffId);
    if (!row) throw new DeskError('NOT_AUTHENTICATED');
    // Without the current password only while the proof from this session's sign-in (or unlock) holds: forced change, minutes old.
    const proof = input.currentPassword === undefined ? 'signIn' : 'currentPassword';
    if (proof === 'signIn') {
      if (!passwordProven(s, ctx.ports.clock.now().getTime())) throw new DeskError('CURRENT_PASSWORD_REQUIRED');
    } else if (!(await verifyPassword(input.currentPassword ?? '', row.password_hash))) {
      throw new DeskError('WRONG_CURRENT_PASSWORD');
    }
    const hash = await assertStrong(input.newPassword, row.username);
    const nowIso = ctx.nowIso();
    ctx.db.transaction(() => {
      ctx.repos.staff.setPassword(row.id, hash, false, nowIso);
      ctx.audit.append({ at: nowIso, ...actor(ctx), action: 'auth.passwordChanged', target: row.id, details: { proof } });
    })();
    s.mustChangePassword = false;
    s.passwordProofUntilMs = null;
    ctx.emit('session.changed', { reason: 'passwordChanged' });
    return publicSession(s, ctx.ports.clock.now().getTime());
  },
};
