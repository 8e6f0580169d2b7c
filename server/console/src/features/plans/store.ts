import { create } from 'zustand';
import type { ConsoleOutput } from '../../../../../shared/console';
import { consoleText } from '../../../../../shared/i18n/zhCN.console';
import { consoleClient, type ConsoleError } from '../../transport/client';
import { useReferenceStore } from '../reference/store';

// 招生方案: the published versions and which desk runs which; a plan file checked (problems at their exact place),
// then published to every desk.

export type Plans = ConsoleOutput<'plans.list'>;
export type Check = ConsoleOutput<'plans.check'>;

interface PlansStore {
  /** null until the first list arrives. */
  plans: Plans | null;
  /** A failed call, or the catalogue's text when the picked file could not be read. */
  error: ConsoleError | string | null;
  /** The picked file, as read. */
  file: { name: string; text: string } | null;
  check: Check | null;
  checking: boolean;

  /** The page opens: nothing from an earlier visit, then the list. */
  open: () => Promise<void>;
  load: () => Promise<void>;
  /** Reads the picked file and has the server check it (nothing picked: nothing happens). */
  pick: (file: { name: string; text: () => Promise<string> } | undefined) => Promise<void>;
  /** Publishes the checked file: the new version number, or null (the error is shown). */
  publish: () => Promise<number | null>;
}

const initial = { plans: null, error: null, file: null, check: null, checking: false };

export const usePlansStore = create<PlansStore>()((set, get) => ({
  ...initial,

  async open() {
    set(initial);
    await get().load();
  },

  async load() {
    const res = await consoleClient().call('plans.list', {});
    set(res.ok ? { plans: res.value } : { error: res.error });
  },

  async pick(picked) {
    if (!picked) return;
    set({ error: null, check: null });
    let text: string;
    try {
      text = await picked.text();
    } catch {
      return set({ error: consoleText.plans.readFailed });
    }
    set({ file: { name: picked.name, text }, checking: true });
    const res = await consoleClient().call('plans.check', { text });
    set(res.ok ? { checking: false, check: res.value } : { checking: false, error: res.error });
  },

  async publish() {
    const { file } = get();
    if (!file) return null;
    const res = await consoleClient().call('plans.publish', { text: file.text });
    if (!res.ok) {
      set({ error: res.error });
      return null;
    }
    set({ file: null, check: null });
    void get().load();
    // Forms and filters read the schools and types of the plan now in force.
    void useReferenceStore.getState().load(true);
    return res.value.serverVersion;
  },
}));
