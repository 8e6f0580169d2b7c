import { DeskError } from '../../../shared/contract/result';
import { actor, type Ctx, type Handlers } from '../context';
import { toStaff, type StaffRow } from '../db/repos/staffRepo';
import { assertStrong } from './auth';

/**
 * A staff member as people read them: the display name (王管理), never the sign-in name (admin). Records keep the
 * username (or, in older rows, the staff id); one that matches nobody here (an account from another desk) is shown
 * as stored.
 */
export function staffName(ctx: Ctx, stored: string): string {
  return (ctx.repos.staff.byUsername(stored) ?? ctx.repos.staff.byId(stored))?.display_name ?? stored;
}

function mustFind(ctx: Ctx, id: string): StaffRow {
  const row = ctx.repos.staff.byId(id);
  if (!row) throw new DeskError('STAFF_NOT_FOUND');
  return row;
}

function refuseSelf(ctx: Ctx, id: string): void {
  if (ctx.session?.staffId === id) throw new DeskError('SELF_CHANGE_FORBIDDEN');
}

export const staffHandlers: Pick<
  Handlers,
  'staff.list' | 'staff.create' | 'staff.setDisabled' | 'staff.resetPassword' | 'staff.setRole' | 'staff.unlock'
> = {
  'staff.list': (_input, ctx) => ctx.repos.staff.list().map(toStaff),

  'staff.create': async (input, ctx) => {
    if (ctx.repos.staff.byUsername(input.username)) throw new DeskError('USERNAME_TAKEN', { username: input.username });
    const hash = await assertStrong(input.password, input.username);
    const now = ctx.nowIso();
    const row: StaffRow = {
      id: ctx.ports.ids.uuid(),
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      password_hash: hash,
      disabled: 0,
      failed_attempts: 0,
      locked_until: null,
      // A password chosen by an admin is temporary: the new staff member sets their own at first sign-in.
      must_change_password: 1,
      created_at: now,
      updated_at: now,
      last_login_at: null,
    };
    ctx.db.transaction(() => {
      if (ctx.repos.staff.byUsername(input.username)) throw new DeskError('USERNAME_TAKEN', { username: input.username });
      ctx.repos.staff.insert(row);
      ctx.audit.append({ at: now, ...actor(ctx), action: 'staff.created', target: row.id, details: { username: row.username, displayName: row.display_name, role: row.role } });
    }).immediate();
    return toStaff(row);
  },

  'staff.setDisabled': (input, ctx) => {
    const row = mustFind(ctx, input.staffId);
    refuseSelf(ctx, row.id);
    const now = ctx.nowIso();
    ctx.db.transaction(() => {
      if (input.disabled && row.role === 'admin' && row.disabled === 0 && ctx.repos.staff.countActiveAdmins() <= 1) {
        throw new DeskError('LAST_ADMIN');
      }
      ctx.repos.staff.setDisabled(row.id, input.disabled, now);
      ctx.audit.append({ at: now, ...actor(ctx), action: input.disabled ? 'staff.disabled' : 'staff.enabled', target: row.id, details: { username: row.username } });
    }).immediate();
    return toStaff(mustFind(ctx, row.id));
  },

  'staff.resetPassword': async (input, ctx) => {
    const row = mustFind(ctx, input.staffId);
    const hash = await assertStrong(input.newPassword, row.username);
    const now = ctx.nowIso();
    const self = ctx.session?.staffId === row.id;
    ctx.db.transaction(() => {
      ctx.repos.staff.setPassword(row.id, hash, !self, now);
      ctx.audit.append({ at: now, ...actor(ctx), action: 'staff.passwordReset', target: row.id, details: { username: row.username } });
    })();
    return toStaff(mustFind(ctx, row.id));
  },

  'staff.setRole': (input, ctx) => {
    const row = mustFind(ctx, input.staffId);
    refuseSelf(ctx, row.id);
    const now = ctx.nowIso();
    ctx.db.transaction(() => {
      if (row.role === 'admin' && input.role !== 'admin' && row.disabled === 0 && ctx.repos.staff.countActiveAdmins() <= 1) {
        throw new DeskError('LAST_ADMIN');
      }
      ctx.repos.staff.setRole(row.id, input.role, now);
      ctx.audit.append({ at: now, ...actor(ctx), action: 'staff.roleChanged', target: row.id, details: { username: row.username, from: row.role, to: input.role } });
    }).immediate();
    return toStaff(mustFind(ctx, row.id));
  },

  'staff.unlock': (input, ctx) => {
    const row = mustFind(ctx, input.staffId);
    const now = ctx.nowIso();
    ctx.db.transaction(() => {
      ctx.repos.staff.clearLock(row.id, now);
      ctx.audit.append({ at: now, ...actor(ctx), action: 'staff.unlocked', target: row.id, details: { username: row.username } });
    })();
    return toStaff(mustFind(ctx, row.id));
  },
};
