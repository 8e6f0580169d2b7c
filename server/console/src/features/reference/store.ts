import { create } from 'zustand';
import type { ConsoleOutput } from '../../../../../shared/console';
import { consoleClient, type ConsoleError } from '../../transport/client';

export type Reference = ConsoleOutput<'meta.reference'>;

interface ReferenceStore {
  reference: Reference | null;
  error: ConsoleError | null;
  loading: boolean;
  /** Loads once per session (filters and forms read it); `force` after publishing a plan. */
  load: (force?: boolean) => Promise<void>;
}

export const useReferenceStore = create<ReferenceStore>()((set, get) => ({
  reference: null,
  error: null,
  loading: false,
  async load(force) {
    if (get().loading || (get().reference && !force)) return;
    set({ loading: true });
    const res = await consoleClient().call('meta.reference', {});
    set(res.ok ? { reference: res.value, error: null, loading: false } : { error: res.error, loading: false });
  },
}));

/** Names for ids, for table cells. */
export function nameOf(list: readonly { id: string; name: string }[] | undefined, id: string | null): string | null {
  if (id === null) return null;
  return list?.find((x) => x.id === id)?.name ?? id;
}
