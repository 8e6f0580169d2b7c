import { create } from 'zustand';
import type { DeskSession, DeskStatus, MethodName, RpcError, Role } from '../../../../shared/contract';
import { takeEarlyStatus } from './earlyStatus';
import { deskClient } from '../../transport';

const POLL_MS = 15_000;

interface SessionStore {
  status: DeskStatus | null;
  /** Set when the core could not be reached at all (no status yet, or it went away). */
  connectionError: RpcError | null;
  /** Locked by this renderer (idle, 锁屏, or a call answered SESSION_LOCKED) before the core's status says so. */
  lockedHere: boolean;
  /** A message for the sign-in screen, e.g. why the session ended while the screen was locked. */
  loginNotice: string | null;
  /** Bumped whenever this renderer changes the session, so an older status answer cannot undo it. */
  epoch: number;

  /** True while 重新启动 on the boot-error screen waits for the core to open again. */
  restarting: boolean;

  start: () => () => void;
  refreshStatus: () => Promise<void>;
  /** 重新启动 on the boot-error screen: the core starts again (main starts a new core process), then the status is read. */
  restart: () => Promise<RpcError | null>;
  login: (username: string, password: string) => Promise<RpcError | null>;
  logout: () => Promise<void>;
  lock: () => Promise<void>;
  unlock: (password: string) => Promise<RpcError | null>;
  /** currentPassword undefined: the sign-in just proved it (session.passwordProven). */
  changePassword: (currentPassword: string | undefined, newPassword: string) => Promise<RpcError | null>;
  touch: () => Promise<void>;
  /** Setup signs the first admin in; it hands the new session over here. */
  adoptSession: (session: DeskSession) => void;
  clearLoginNotice: () => void;
}

/** Calls whose errors are answers for the form that made them, not signs of a changed session. */
const answeredByForm: ReadonlySet<MethodName> = new Set<MethodName>(['auth.login', 'auth.unlockSession', 'auth.changePassword', 'setup.initialize']);

export const useSessionStore = create<SessionStore>()((set, get) => {
  const withSession = (session: DeskSession | null) => {
    const status = get().status;
    set({ epoch: get().epoch + 1, lockedHere: false, ...(status ? { status: { ...status, session } } : {}) });
  };

  return {
    status: null,
    connectionError: null,
    lockedHere: false,
    loginNotice: null,
    epoch: 0,
    restarting: false,

    start() {
      const client = deskClient();
      void get().refreshStatus();
      const offEvent = client.on('session.changed', () => void get().refreshStatus());
      const offError = client.onCallError((method, error) => {
        if (error.code === 'SESSION_LOCKED') {
          set({ lockedHere: true });
          void get().refreshStatus();
        } else if ((error.code === 'NOT_AUTHENTICATED' || error.code === 'PASSWORD_CHANGE_REQUIRED') && !answeredByForm.has(method)) {
          void get().refreshStatus();
        }
      });
      const timer = setInterval(() => void get().refreshStatus(), POLL_MS);
      return () => {
        offEvent();
        offError();
        clearInterval(timer);
      };
    },

    async refreshStatus() {
      const epoch = get().epoch;
      const res = await (takeEarlyStatus() ?? deskClient().call('system.getStatus', {}));
      if (get().epoch !== epoch) return;
      if (!res.ok) {
        set({ connectionError: res.error });
        return;
      }
      const status = res.value;
      set({ status, connectionError: null, ...(status.session ? {} : { lockedHere: false }) });
    },

    async restart() {
      if (get().restarting) return null;
      set({ restarting: true });
      try {
        const res = await deskClient().call('system.restart', {});
        await get().refreshStatus();
        return res.ok ? null : res.error;
      } finally {
        set({ restarting: false });
      }
    },

    async login(username, password) {
      const res = await deskClient().call('auth.login', { username, password });
      if (!res.ok) return res.error;
      withSession(res.value);
      set({ loginNotice: null });
      return null;
    },

    async logout() {
      await deskClient().call('auth.logout', {});
      withSession(null);
      await get().refreshStatus();
    },

    async lock() {
      if (!get().status?.session) return;
      set({ lockedHere: true, epoch: get().epoch + 1 });
      await deskClient().call('auth.lockSession', {});
      await get().refreshStatus();
    },

    async unlock(password) {
      const res = await deskClient().call('auth.unlockSession', { password });
      if (!res.ok) {
        // Too many wrong passwords end the session: say why on the sign-in screen.
        if (res.error.code === 'ACCOUNT_LOCKED' || res.error.code === 'NOT_AUTHENTICATED' || res.error.code === 'ACCOUNT_DISABLED') {
          set({ loginNotice: res.error.message });
          await get().refreshStatus();
        }
        return res.error;
      }
      withSession(res.value);
      return null;
    },

    async changePassword(currentPassword, newPassword) {
      const res = await deskClient().call('auth.changePassword', currentPassword === undefined ? { newPassword } : { currentPassword, newPassword });
      if (!res.ok) return res.error;
      withSession(res.value);
      return null;
    },

    async touch() {
      await deskClient().call('auth.touchSession', {});
    },

    adoptSession(session) {
      withSession(session);
      void get().refreshStatus();
    },

    clearLoginNotice() {
      set({ loginNotice: null });
    },
  };
});

export function isLocked(s: Pick<SessionStore, 'status' | 'lockedHere'>): boolean {
  const session = s.status?.session;
  return !!session && (s.lockedHere || session.locked);
}

/** Who may open which part of the desk. The core enforces the same; this only shapes the UI. */
export function hasRole(role: Role | undefined, allowed: readonly Role[] | 'all'): boolean {
  if (!role) return false;
  return allowed === 'all' || allowed.includes(role);
}
