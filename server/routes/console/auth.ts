import { countyName, reference } from '../../services/console/meta';
import { setSessionCookie } from './cookie';
import { type ConsoleContext, type ConsoleHandlers, signedIn } from './define';

/** auth.*: sign in and out, the session, the own password. */
export function authHandlers(cctx: ConsoleContext): ConsoleHandlers {
  return {
    'auth.signIn': async (input, call) => {
      const staff = await cctx.staff.checkSignIn(input.username, input.password, call.actor, call.now);
      const { token, session } = await cctx.sessions.open(staff, call.actor.ip, call.now);
      await cctx.audit.record({ ...call.actor, id: session.staffId, name: session.displayName, role: session.role, via: 'console' }, 'auth.signedIn', session.staffId, {}, call.now);
      setSessionCookie(call.reply, call.req, token);
      return cctx.sessions.view(session);
    },
    'auth.session': (_input, call) => Promise.resolve(cctx.sessions.view(signedIn(call))),
    'auth.signOut': async (_input, call) => {
      const session = signedIn(call);
      await cctx.sessions.close(session);
      await cctx.audit.record(call.actor, 'auth.signedOut', session.staffId, {}, call.now);
      setSessionCookie(call.reply, call.req, null);
      return { done: true as const };
    },
    'auth.changePassword': async (input, call) => {
      const session = signedIn(call);
      await cctx.staff.changePassword(session.staffId, input.currentPassword, input.newPassword, call.actor, call.now);
      await cctx.sessions.closeOthers(session);
      return cctx.sessions.view({ ...session, mustChangePassword: false });
    },
  };
}

/** staff.*: the admin's account actions. */
export function staffHandlers(cctx: ConsoleContext): ConsoleHandlers {
  return {
    'staff.list': async (_input, call) => cctx.staff.list(call.now),
    'staff.create': async (input, call) => cctx.staff.create(input, call.actor, call.now),
    'staff.update': async (input, call) => cctx.staff.update(input, call.actor, call.now),
    'staff.setDisabled': async (input, call) => cctx.staff.setDisabled(input.staffId, input.disabled, call.actor, call.now),
    'staff.resetPassword': async (input, call) => cctx.staff.resetPassword(input.staffId, call.actor, call.now),
    'staff.unlock': async (input, call) => cctx.staff.unlock(input.staffId, call.actor, call.now),
  };
}

/** meta.info: the county this server serves (public, for the sign-in page). */
export function metaHandlers(cctx: ConsoleContext): ConsoleHandlers {
  return {
    'meta.info': async (_input, call) => ({ countyCode: cctx.county.countyCode, countyName: await countyName(cctx.db), serverTime: call.now.toISOString() }),
    'meta.reference': async (_input, call) => reference(cctx.db, signedIn(call)),
  };
}
