import { create } from 'zustand';
import type { ConsoleSession } from '../../../../../shared/console';
import { consoleClient, type ConsoleError } from '../../transport/client';
import { consoleText } from '../../../../../shared/i18n/zhCN.console';

type Phase = 'checking' | 'signedOut' | 'signedIn' | 'unreachable';

/** The session check is a background call (it does not keep an idle session alive). */
const CHECK_MS = 60_000;

interface SessionStore {
  phase: Phase;
  me: ConsoleSession | null;
  /** Why the sign-in screen shows (signed out, session expired); null on a plain first visit. */
  notice: string | null;
  error: ConsoleError | null;

  start: () => () => void;
  check: () => Promise<void>;
  signIn: (username: string, password: string) => Promise<ConsoleError | null>;
  changePassword: (currentPassword: string, newPassword: string) => Promise<ConsoleError | null>;
  signOut: () => Promise<void>;
}

const adopt = (me: ConsoleSession) => {
  consoleClient().setCsrfToken(me.csrfToken);
  return { phase: 'signedIn' as const, me, notice: null, error: null };
};

export const useSessionStore = create<SessionStore>()((set, get) => ({
  phase: 'checking',
  me: null,
  notice: null,
  error: null,

  start() {
    void get().check();
    const timer = setInterval(() => {
      if (get().phase === 'signedIn') void get().check();
    }, CHECK_MS);
    // Any call that finds the session gone (idle timeout, signed out elsewhere, password reset) brings back the
    // sign-in screen. Forms keep their drafts in the browser (lib/drafts.ts), so nothing typed is lost.
    const off = consoleClient().onCallError((name, error) => {
      if (name === 'auth.signIn' || name === 'auth.changePassword') return;
      if (error.status === 401 && get().phase === 'signedIn') {
        consoleClient().setCsrfToken(null);
        set({ phase: 'signedOut', me: null, notice: error.code === 'session_expired' ? consoleText.errors.session_expired : consoleText.signIn.expired });
      } else if (error.code === 'password_change_required') void get().check();
    });
    return () => {
      clearInterval(timer);
      off();
    };
  },

  async check() {
    const res = await consoleClient().call('auth.session', {});
    if (res.ok) set(adopt(res.value));
    else if (res.error.status === 401) {
      if (get().phase !== 'signedOut') set({ phase: 'signedOut', me: null, error: null });
    } else if (get().phase !== 'signedIn') set({ phase: 'unreachable', error: res.error });
  },

  async signIn(username, password) {
    const res = await consoleClient().call('auth.signIn', { username, password });
    if (!res.ok) return res.error;
    set(adopt(res.value));
    return null;
  },

  async changePassword(currentPassword, newPassword) {
    const res = await consoleClient().call('auth.changePassword', { currentPassword, newPassword });
    if (!res.ok) return res.error;
    set(adopt(res.value));
    return null;
  },

  async signOut() {
    await consoleClient().call('auth.signOut', {});
    consoleClient().setCsrfToken(null);
    set({ phase: 'signedOut', me: null, notice: consoleText.signIn.signedOut });
  },
}));
