import { create } from 'zustand';
import type { CardRead, CardReaderConfig, CardReaderStatus, IdCard, MethodInput, RpcError, Suggestions } from '../../../../shared/contract';
import { deskClient } from '../../transport';

interface CardReaderStore {
  status: CardReaderStatus | null;
  loadError: RpcError | null;
  busy: boolean;
  /** The last card read (F2 or on the reader), for the clerk to see what was filled. */
  lastCard: IdCard | null;
  readError: RpcError | null;
  /** Status of the configured reader (opens it, so the answer says whether a reader is really there). */
  load: () => Promise<void>;
  configure: (config: CardReaderConfig) => Promise<RpcError | null>;
  /** F2: the card on the reader now; null and `readError` set when there is none or it failed. */
  read: () => Promise<IdCard | null>;
  /** While a person section is open: a card newly laid on the reader, once. */
  poll: () => Promise<IdCard | null>;
  suggest: (applicationId: string, materialKey: string) => Promise<Suggestions | RpcError>;
  /** The clerk took a suggestion into the form (F4 or 采用): the core audits which page and how sure the reading was. */
  accepted: (taken: MethodInput<'ocr.accepted'>) => Promise<void>;
}

function delivered(read: CardRead): IdCard | null {
  return read.state === 'card' ? read.card : null;
}

export const useCardReaderStore = create<CardReaderStore>()((set, get) => ({
  status: null,
  loadError: null,
  busy: false,
  lastCard: null,
  readError: null,
  async load() {
    set({ busy: true });
    const res = await deskClient().call('cardReader.status', {});
    set(res.ok ? { status: res.value, loadError: null, busy: false } : { loadError: res.error, busy: false });
  },
  async configure(config) {
    set({ busy: true });
    const res = await deskClient().call('cardReader.configure', config);
    set({ busy: false });
    if (!res.ok) return res.error;
    set({ status: res.value });
    return null;
  },
  async read() {
    const res = await deskClient().call('cardReader.read', {});
    if (!res.ok) {
      set({ readError: res.error });
      return null;
    }
    const card = delivered(res.value);
    set({ lastCard: card, readError: null });
    return card;
  },
  async poll() {
    // Polling only where a reader is set up and answered; errors show on F2, not every second.
    if (get().status?.state !== 'ready') return null;
    const res = await deskClient().call('cardReader.poll', {});
    if (!res.ok) {
      if (res.error.code !== 'SESSION_LOCKED') set({ readError: res.error });
      return null;
    }
    const card = delivered(res.value);
    if (card) set({ lastCard: card, readError: null });
    return card;
  },
  async suggest(applicationId, materialKey) {
    const res = await deskClient().call('ocr.suggest', { applicationId, materialKey });
    return res.ok ? res.value : res.error;
  },
  async accepted(taken) {
    await deskClient().call('ocr.accepted', taken);
  },
}));
