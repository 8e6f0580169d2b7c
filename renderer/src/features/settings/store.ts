import { create } from 'zustand';
import type { DeskSettings, RpcError } from '../../../../shared/contract';
import { deskClient } from '../../transport';
import { useSessionStore } from '../session/store';

interface SettingsStore {
  settings: DeskSettings | null;
  loadError: RpcError | null;
  saving: boolean;
  load: () => Promise<void>;
  save: (next: DeskSettings) => Promise<RpcError | null>;
}

export const useSettingsStore = create<SettingsStore>()((set) => ({
  settings: null,
  loadError: null,
  saving: false,
  async load() {
    const res = await deskClient().call('settings.get', {});
    set(res.ok ? { settings: res.value, loadError: null } : { loadError: res.error });
  },
  async save(next) {
    set({ saving: true });
    const res = await deskClient().call('settings.update', next);
    set({ saving: false });
    if (!res.ok) return res.error;
    set({ settings: res.value });
    // The idle lock reads its minutes from the status.
    await useSessionStore.getState().refreshStatus();
    return null;
  },
}));
