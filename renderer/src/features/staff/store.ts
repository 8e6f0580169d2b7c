import { create } from 'zustand';
import type { MethodInput, RpcError, RpcResult, Role, Staff } from '../../../../shared/contract';
import { deskClient } from '../../transport';

interface StaffStore {
  list: Staff[];
  loading: boolean;
  /** Why the list could not be loaded (e.g. FORBIDDEN). */
  loadError: RpcError | null;
  load: () => Promise<void>;
  create: (input: MethodInput<'staff.create'>) => Promise<RpcResult<Staff>>;
  setDisabled: (staffId: string, disabled: boolean) => Promise<RpcResult<Staff>>;
  resetPassword: (staffId: string, newPassword: string) => Promise<RpcResult<Staff>>;
  setRole: (staffId: string, role: Role) => Promise<RpcResult<Staff>>;
  unlock: (staffId: string) => Promise<RpcResult<Staff>>;
}

export const useStaffStore = create<StaffStore>()((set, get) => {
  /** Puts a changed row in place so the table updates without a reload. */
  const merge = (res: RpcResult<Staff>): RpcResult<Staff> => {
    if (res.ok) {
      const rows = get().list;
      const i = rows.findIndex((r) => r.id === res.value.id);
      set({ list: i < 0 ? [...rows, res.value] : rows.map((r) => (r.id === res.value.id ? res.value : r)) });
    }
    return res;
  };

  return {
    list: [],
    loading: false,
    loadError: null,
    async load() {
      set({ loading: true });
      const res = await deskClient().call('staff.list', {});
      set(res.ok ? { list: res.value, loading: false, loadError: null } : { loading: false, loadError: res.error });
    },
    async create(input) {
      return merge(await deskClient().call('staff.create', input));
    },
    async setDisabled(staffId, disabled) {
      return merge(await deskClient().call('staff.setDisabled', { staffId, disabled }));
    },
    async resetPassword(staffId, newPassword) {
      return merge(await deskClient().call('staff.resetPassword', { staffId, newPassword }));
    },
    async setRole(staffId, role) {
      return merge(await deskClient().call('staff.setRole', { staffId, role }));
    },
    async unlock(staffId) {
      return merge(await deskClient().call('staff.unlock', { staffId }));
    },
  };
});
