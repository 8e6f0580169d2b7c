import { create } from 'zustand';
import type { RpcError, RpcResult } from '../../../../shared/contract';
import type { PrintJob, PrintoutInfo } from '../../../../shared/contract/printing';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import { papersFor, type DocumentKind, type PaperSize } from '../../../../shared/print/types';
import { deskClient } from '../../transport';

const t = zhCN.printing.screen;

export interface PrintOptions {
  printer?: string | undefined;
  copies: number;
  withDialog: boolean;
  reason?: string | undefined;
}

interface PrintingStore {
  applicationId: string | null;
  kind: DocumentKind;
  paper: PaperSize;
  doc: PrintoutInfo | null;
  pdf: Uint8Array | null;
  printers: { name: string; isDefault: boolean }[];
  remembered: Partial<Record<DocumentKind, string>>;
  papers: Partial<Record<DocumentKind, PaperSize>>;
  queue: PrintJob[];
  rendering: boolean;
  printing: boolean;
  error: RpcError | null;
  notice: string | null;
  open(applicationId: string, kind: DocumentKind): Promise<void>;
  setKind(kind: DocumentKind): Promise<void>;
  setPaper(paper: PaperSize): Promise<void>;
  render(): Promise<boolean>;
  /** Print the current document. Returns the job, or null when the core refused (e.g. reprint without reason). */
  print(options: PrintOptions): Promise<PrintJob | null>;
  loadQueue(): Promise<void>;
  retry(jobId: string): Promise<void>;
  cancel(jobId: string): Promise<void>;
  savePdf(): Promise<void>;
  clearMessages(): void;
  /**
   * The receipt offered right after submission, generated at once so one keystroke only has to send it. Apart from
   * the print page's state: the intake screen shows its own outcome.
   */
  renderReceipt(applicationId: string): Promise<RpcResult<{ printoutId: string; printCount: number }>>;
  /** Sends a rendered receipt to the printer remembered for receipts. */
  printReceipt(printoutId: string): Promise<RpcResult<PrintJob>>;
}

export function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function jobNotice(job: PrintJob): string {
  return job.status === 'printed' ? format(t.printed, { printer: job.printer, copies: job.copies }) : format(t.queued, { reason: job.error?.message ?? '' });
}

let renderTicket = 0;

export const usePrintingStore = create<PrintingStore>()((set, get) => ({
  applicationId: null,
  kind: 'receipt',
  paper: 'A4',
  doc: null,
  pdf: null,
  printers: [],
  remembered: {},
  papers: {},
  queue: [],
  rendering: false,
  printing: false,
  error: null,
  notice: null,

  async open(applicationId, kind) {
    set({ applicationId, kind, doc: null, pdf: null, error: null, notice: null });
    const p = await deskClient().call('printing.printers', {});
    if (p.ok) {
      const paper = p.value.papers[kind] ?? 'A4';
      set({ printers: p.value.printers, remembered: p.value.remembered, papers: p.value.papers, paper: papersFor(kind).includes(paper) ? paper : 'A4' });
    }
    await Promise.all([get().render(), get().loadQueue()]);
  },

  async setKind(kind) {
    const paper = get().papers[kind] ?? 'A4';
    set({ kind, paper: papersFor(kind).includes(paper) ? paper : 'A4', notice: null });
    await get().render();
  },

  async setPaper(paper) {
    set({ paper, notice: null });
    const kind = get().kind;
    const r = await deskClient().call('printing.remember', { kind, paper });
    if (r.ok) set({ papers: r.value.papers });
    await get().render();
  },

  async render() {
    const { applicationId, kind, paper } = get();
    if (!applicationId) return false;
    const ticket = ++renderTicket;
    set({ rendering: true, error: null });
    const r = await deskClient().call('printing.render', { applicationId, kind, paper });
    // The clerk switched document or paper meanwhile: a newer render owns the screen.
    if (ticket !== renderTicket) return false;
    if (!r.ok) {
      set({ rendering: false, error: r.error, doc: null, pdf: null });
      return false;
    }
    const { pdfBase64, reused: _reused, ...doc } = r.value;
    set({ rendering: false, doc, pdf: fromBase64(pdfBase64) });
    return true;
  },

  async print(options) {
    const doc = get().doc;
    if (!doc) return null;
    set({ printing: true, error: null, notice: null });
    const r = await deskClient().call('printing.print', {
      printoutId: doc.printoutId,
      copies: options.copies,
      withDialog: options.withDialog,
      remember: true,
      ...(options.printer ? { printer: options.printer } : {}),
      ...(options.reason ? { reason: options.reason } : {}),
    });
    if (!r.ok) {
      set({ printing: false, error: r.error });
      return null;
    }
    const job = r.value;
    set((s) => ({
      printing: false,
      notice: jobNotice(job),
      doc: s.doc ? { ...s.doc, printCount: s.doc.printCount + 1 } : s.doc,
      remembered: options.printer ? { ...s.remembered, [doc.kind]: options.printer } : s.remembered,
    }));
    if (job.status === 'queued') set({ error: job.error ? { code: job.error.code as RpcError['code'], message: job.error.message } : null, notice: null });
    await get().loadQueue();
    return job;
  },

  async loadQueue() {
    const r = await deskClient().call('printing.queue', {});
    if (r.ok) set({ queue: r.value });
  },

  async retry(jobId) {
    set({ printing: true, error: null, notice: null });
    const r = await deskClient().call('printing.retry', { jobId });
    set({ printing: false });
    if (!r.ok) set({ error: r.error });
    else if (r.value.status === 'queued') set({ error: r.value.error ? { code: r.value.error.code as RpcError['code'], message: r.value.error.message } : null });
    else set({ notice: jobNotice(r.value) });
    await get().loadQueue();
  },

  async cancel(jobId) {
    const r = await deskClient().call('printing.cancel', { jobId });
    if (!r.ok) set({ error: r.error });
    await get().loadQueue();
  },

  async savePdf() {
    const doc = get().doc;
    if (!doc) return;
    const r = await deskClient().call('printing.getPdf', { printoutId: doc.printoutId });
    if (!r.ok) return set({ error: r.error });
    const url = URL.createObjectURL(new Blob([fromBase64(r.value.pdfBase64) as BlobPart], { type: 'application/pdf' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.value.fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },

  clearMessages() {
    set({ error: null, notice: null });
  },

  async renderReceipt(applicationId) {
    const r = await deskClient().call('printing.render', { applicationId, kind: 'receipt' });
    return r.ok ? { ok: true, value: { printoutId: r.value.printoutId, printCount: r.value.printCount } } : r;
  },

  printReceipt(printoutId) {
    return deskClient().call('printing.print', { printoutId });
  },
}));
