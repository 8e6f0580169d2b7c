import { create } from 'zustand';
import type { LookupResult } from '../../../../../shared/console';
import { consoleText } from '../../../../../shared/i18n/zhCN.console';
import { consoleClient } from '../../transport/client';

// The public lookup (its own page, no sign-in: nobody listens for a lost session on this client). A refusal is
// told in the lookup's own words: the public is not told the server's reasons.

const t = consoleText.lookup;

export type Shown = { kind: 'result'; result: LookupResult } | { kind: 'error'; message: string } | null;

interface LookupStore {
  busy: boolean;
  /** 查询 without a receipt number. */
  missing: boolean;
  shown: Shown;
  ask: (receiptNo: string, code: string) => Promise<void>;
}

export const useLookupStore = create<LookupStore>()((set) => ({
  busy: false,
  missing: false,
  shown: null,

  async ask(receiptNo, code) {
    if (!receiptNo.trim()) return set({ missing: true });
    set({ missing: false, busy: true });
    const res = await consoleClient().call('lookup.check', { receiptNo: receiptNo.trim(), code: code.trim() });
    if (res.ok) return set({ busy: false, shown: { kind: 'result', result: res.value } });
    const message = res.error.status === 429 ? t.rateLimited : res.error.status === 0 ? consoleText.errors.NETWORK : t.failed;
    set({ busy: false, shown: { kind: 'error', message } });
  },
}));
