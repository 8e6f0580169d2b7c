import { create } from 'zustand';
import type { MethodOutput, RpcError } from '../../../../shared/contract';
import { deskClient } from '../../transport';
import { fromBase64 } from '../printing/store';

export const questionKeys = ['hukouHere', 'ownHome', 'residencePermit', 'proxy'] as const;
export type QuestionKey = (typeof questionKeys)[number];
type Answers = Record<QuestionKey, boolean>;
type Needs = Omit<MethodOutput<'onceNotice.render'>, 'pdfBase64'>;

interface OnceNoticeStore {
  answers: Partial<Answers>;
  needs: Needs | null;
  pdf: Uint8Array | null;
  printers: { name: string; isDefault: boolean }[];
  busy: boolean;
  printing: boolean;
  printedOn: string | null;
  error: RpcError | null;
  reset: () => void;
  loadPrinters: () => Promise<void>;
  /** Records one answer; once all four are given, the likely type, its materials and the PDF are fetched. */
  answer: (key: QuestionKey, value: boolean) => Promise<void>;
  print: (printer: string | undefined) => Promise<void>;
}

function complete(a: Partial<Answers>): a is Answers {
  return questionKeys.every((k) => a[k] !== undefined);
}

export const useOnceNoticeStore = create<OnceNoticeStore>()((set, get) => ({
  answers: {},
  needs: null,
  pdf: null,
  printers: [],
  busy: false,
  printing: false,
  printedOn: null,
  error: null,
  reset() {
    set({ answers: {}, needs: null, pdf: null, printedOn: null, error: null });
  },
  async loadPrinters() {
    const res = await deskClient().call('printing.printers', {});
    if (res.ok) set({ printers: res.value.printers });
  },
  async answer(key, value) {
    const answers = { ...get().answers, [key]: value };
    set({ answers, printedOn: null, error: null });
    if (!complete(answers)) return;
    set({ busy: true });
    const res = await deskClient().call('onceNotice.render', answers);
    // A later answer may have been given meanwhile: keep only the result for the answers now shown.
    if (get().answers !== answers) return;
    if (!res.ok) {
      set({ busy: false, needs: null, pdf: null, error: res.error });
      return;
    }
    const { pdfBase64, ...needs } = res.value;
    set({ busy: false, needs, pdf: fromBase64(pdfBase64) });
  },
  async print(printer) {
    const answers = get().answers;
    if (!complete(answers) || get().printing) return;
    set({ printing: true, error: null, printedOn: null });
    const res = await deskClient().call('onceNotice.print', printer ? { ...answers, printer } : answers);
    set({ printing: false, ...(res.ok ? { printedOn: res.value.printer } : { error: res.error }) });
  },
}));
