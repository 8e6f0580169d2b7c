import { create } from 'zustand';
import type { ConsoleOutput, CounterInfo } from '../../../../../shared/console';
import { consoleClient, type ConsoleError } from '../../transport/client';

// 柜台管理: the counters with their desks; a new counter, a one-time enrollment code (shown once), revocation.

export type EnrollmentCode = ConsoleOutput<'counters.create'>;
export type Revoked = ConsoleOutput<'counters.revoke'>;

interface CountersStore {
  /** null until the first list arrives. */
  counters: CounterInfo[] | null;
  error: ConsoleError | null;
  /** The enrollment code just handed out (shown once, then cleared). */
  code: EnrollmentCode | null;
  /** counters.create is on its way. */
  saving: boolean;
  createError: ConsoleError | null;

  /** The page opens: nothing from an earlier visit, then the list. */
  open: () => Promise<void>;
  load: () => Promise<void>;
  /** A new counter and its first code; false (with createError) when refused. */
  create: (input: { code: string; name: string }) => Promise<boolean>;
  issueCode: (counter: string) => Promise<void>;
  /** The counter and how many desks lost access, or null (the error is shown). */
  revoke: (counter: string) => Promise<Revoked | null>;
  closeCode: () => void;
}

const initial = { counters: null, error: null, code: null, saving: false, createError: null };

export const useCountersStore = create<CountersStore>()((set, get) => ({
  ...initial,

  async open() {
    set(initial);
    await get().load();
  },

  async load() {
    const res = await consoleClient().call('counters.list', {});
    set(res.ok ? { counters: res.value, error: null } : { error: res.error });
  },

  async create({ code, name }) {
    set({ saving: true, createError: null });
    const res = await consoleClient().call('counters.create', { code: code.trim().toUpperCase(), name: name.trim() });
    if (!res.ok) {
      set({ saving: false, createError: res.error });
      return false;
    }
    set({ saving: false, code: res.value });
    void get().load();
    return true;
  },

  async issueCode(counter) {
    const res = await consoleClient().call('counters.issueCode', { code: counter });
    if (!res.ok) return set({ error: res.error });
    set({ code: res.value });
    void get().load();
  },

  async revoke(counter) {
    const res = await consoleClient().call('counters.revoke', { code: counter });
    if (!res.ok) {
      set({ error: res.error });
      return null;
    }
    void get().load();
    return res.value;
  },

  closeCode() {
    set({ code: null });
  },
}));
