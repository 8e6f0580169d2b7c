import { create } from 'zustand';
import type { MethodInput, RpcError } from '../../../../shared/contract';
import { deskClient } from '../../transport';
import { useSessionStore } from '../session/store';

interface SetupStore {
  submitting: boolean;
  /** Creates the counter and the first admin, who is then signed in. */
  initialize: (input: MethodInput<'setup.initialize'>) => Promise<RpcError | null>;
}

export const useSetupStore = create<SetupStore>()((set) => ({
  submitting: false,
  async initialize(input) {
    set({ submitting: true });
    const res = await deskClient().call('setup.initialize', input);
    set({ submitting: false });
    if (!res.ok) return res.error;
    useSessionStore.getState().adoptSession(res.value);
    return null;
  },
}));
