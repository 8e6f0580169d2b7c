import { create } from 'zustand';
import type { ConsoleInput, StaffAccount } from '../../../../../shared/console';
import { consoleClient, type ConsoleError } from '../../transport/client';

// 账号与角色: the console accounts; a new or changed account, a password reset (the initial password shown once),
// unlock, disable and enable. After each change the list is read again.

export type AccountInput = Pick<ConsoleInput<'staff.create'>, 'username' | 'displayName' | 'role' | 'scope'>;
/** An initial password to hand over, shown once. */
export interface InitialPassword {
  name: string;
  password: string;
}

interface StaffStore {
  /** null until the first list arrives. */
  accounts: StaffAccount[] | null;
  error: ConsoleError | null;
  password: InitialPassword | null;

  /** The page opens: nothing from an earlier visit, then the list. */
  open: () => Promise<void>;
  load: () => Promise<void>;
  /** Creates an account (its initial password then shown) or changes `editing`; the refusal, or null. */
  save: (editing: StaffAccount | null, input: AccountInput) => Promise<ConsoleError | null>;
  resetPassword: (account: StaffAccount) => Promise<void>;
  /** true when done (the list is read again); a refusal is shown on the page. */
  unlock: (account: StaffAccount) => Promise<boolean>;
  setDisabled: (account: StaffAccount, disabled: boolean) => Promise<boolean>;
  clearError: () => void;
  closePassword: () => void;
}

const initial = { accounts: null, error: null, password: null };

export const useStaffStore = create<StaffStore>()((set, get) => {
  /** A change to one account: the list again when done, the error on the page when refused. */
  const changed = (res: { ok: true } | { ok: false; error: ConsoleError }): boolean => {
    if (!res.ok) {
      set({ error: res.error });
      return false;
    }
    void get().load();
    return true;
  };

  return {
    ...initial,

    async open() {
      set(initial);
      await get().load();
    },

    async load() {
      const res = await consoleClient().call('staff.list', {});
      set(res.ok ? { accounts: res.value, error: null } : { error: res.error });
    },

    async save(editing, { username, displayName, role, scope }) {
      if (editing) {
        const res = await consoleClient().call('staff.update', { staffId: editing.staffId, displayName: displayName.trim(), role, scope });
        if (!res.ok) return res.error;
      } else {
        const res = await consoleClient().call('staff.create', { username: username.trim(), displayName: displayName.trim(), role, scope });
        if (!res.ok) return res.error;
        set({ password: { name: res.value.account.displayName, password: res.value.initialPassword } });
      }
      void get().load();
      return null;
    },

    async resetPassword(account) {
      const res = await consoleClient().call('staff.resetPassword', { staffId: account.staffId });
      if (res.ok) set({ password: { name: account.displayName, password: res.value.initialPassword } });
      changed(res);
    },

    async unlock(account) {
      return changed(await consoleClient().call('staff.unlock', { staffId: account.staffId }));
    },

    async setDisabled(account, disabled) {
      return changed(await consoleClient().call('staff.setDisabled', { staffId: account.staffId, disabled }));
    },

    clearError() {
      set({ error: null });
    },

    closePassword() {
      set({ password: null });
    },
  };
});
