import { create } from 'zustand';
import type { ConsoleInput, ConsoleOutput } from '../../../../../shared/console';
import type { DeptSource } from '../../../../../shared/dept/sources';
import { consoleClient, type ConsoleError } from '../../transport/client';
import { useQueueStore } from '../queue/store';

export type SourceInfo = ConsoleOutput<'dept.sources'>['sources'][number];
export type ImportInfo = ConsoleOutput<'dept.imports'>['imports'][number];
export type Preview = ConsoleOutput<'dept.preview'>;
export type ImportResult = ConsoleOutput<'dept.import'>;
/** Enquiries per dept.enquiries call (keyset pages; 加载更多 reads the next). */
export const ENQUIRY_PAGE = 100;
export type Enquiry = ConsoleOutput<'dept.enquiries'>['enquiries'][number];
export type EnquiryState = 'open' | 'answered' | 'all';
export type Encoding = NonNullable<ConsoleInput<'dept.preview'>['encoding']>;

/** A file picked in the browser, read as base64 (the contract carries it in JSON). */
export interface PickedFile {
  name: string;
  bytes: number;
  base64: string;
}

interface DeptStore {
  sources: readonly SourceInfo[];
  defaultRetainUntil: string | null;
  imports: readonly ImportInfo[];
  loading: boolean;
  error: ConsoleError | null;

  load: () => Promise<void>;
  preview: (source: DeptSource, file: PickedFile, encoding: Encoding) => Promise<{ ok: true; value: Preview } | { ok: false; error: ConsoleError }>;
  importFile: (
    input: { source: DeptSource; file: PickedFile; encoding: Encoding; mapping: Record<string, string>; mode: 'replace' | 'add'; retainUntil: string },
  ) => Promise<{ ok: true; value: ImportResult } | { ok: false; error: ConsoleError }>;
  withdraw: (importId: number, reason: string) => Promise<{ ok: true; verified: number } | { ok: false; error: ConsoleError }>;

  enquirySource: DeptSource | undefined;
  enquiryState: EnquiryState;
  enquiries: readonly Enquiry[];
  /** Keyset: where the next page of enquiries starts (null: all read). */
  enquiryCursor: number | null;
  enquiryError: ConsoleError | null;
  /** Reads the next page and appends it. */
  loadMoreEnquiries: () => Promise<void>;
  loadEnquiries: (patch?: { source?: DeptSource | undefined; state?: EnquiryState }) => Promise<void>;
  collectEnquiries: () => Promise<{ ok: true; value: { added: number } } | { ok: false; error: ConsoleError }>;
  exportEnquiries: (source: DeptSource) => Promise<{ ok: true; value: ConsoleOutput<'dept.exportEnquiries'> } | { ok: false; error: ConsoleError }>;
  answerEnquiry: (enquiryId: number, answer: 'confirmed' | 'denied', note: string) => Promise<ConsoleError | null>;
}

export const useDeptStore = create<DeptStore>()((set, get) => ({
  sources: [],
  defaultRetainUntil: null,
  imports: [],
  loading: false,
  error: null,

  async load() {
    set({ loading: true, error: null });
    const [sources, imports] = await Promise.all([consoleClient().call('dept.sources', {}), consoleClient().call('dept.imports', {})]);
    if (!sources.ok) return set({ loading: false, error: sources.error });
    if (!imports.ok) return set({ loading: false, error: imports.error });
    set({ loading: false, sources: sources.value.sources, defaultRetainUntil: sources.value.defaultRetainUntil, imports: imports.value.imports });
  },

  async preview(source, file, encoding) {
    return consoleClient().call('dept.preview', { source, fileName: file.name, contentBase64: file.base64, encoding });
  },

  async importFile({ source, file, encoding, mapping, mode, retainUntil }) {
    const res = await consoleClient().call('dept.import', { source, fileName: file.name, contentBase64: file.base64, encoding, mapping, mode, retainUntil });
    if (res.ok && res.value.ok) {
      useQueueStore.getState().markStale();
      await get().load();
    }
    return res;
  },

  async withdraw(importId, reason) {
    const res = await consoleClient().call('dept.withdraw', { importId, reason });
    if (!res.ok) return res;
    useQueueStore.getState().markStale();
    await get().load();
    return { ok: true, verified: res.value.verified };
  },

  enquirySource: undefined,
  enquiryState: 'open',
  enquiries: [],
  enquiryCursor: null,
  enquiryError: null,

  async loadEnquiries(patch) {
    if (patch) set({ ...('source' in patch ? { enquirySource: patch.source } : {}), ...(patch.state ? { enquiryState: patch.state } : {}) });
    const { enquirySource: source, enquiryState: state } = get();
    const res = await consoleClient().call('dept.enquiries', { state, limit: ENQUIRY_PAGE, ...(source ? { source } : {}) });
    if (get().enquirySource !== source || get().enquiryState !== state) return;
    set(res.ok ? { enquiries: res.value.enquiries, enquiryCursor: res.value.nextCursor, enquiryError: null } : { enquiryError: res.error });
  },

  async loadMoreEnquiries() {
    const { enquirySource: source, enquiryState: state, enquiryCursor: after } = get();
    if (after === null) return;
    const res = await consoleClient().call('dept.enquiries', { state, after, limit: ENQUIRY_PAGE, ...(source ? { source } : {}) });
    if (get().enquirySource !== source || get().enquiryState !== state || get().enquiryCursor !== after) return;
    set(res.ok ? { enquiries: [...get().enquiries, ...res.value.enquiries], enquiryCursor: res.value.nextCursor, enquiryError: null } : { enquiryError: res.error });
  },

  async collectEnquiries() {
    const res = await consoleClient().call('dept.collectEnquiries', {});
    if (res.ok) await get().loadEnquiries();
    return res;
  },

  async exportEnquiries(source) {
    const res = await consoleClient().call('dept.exportEnquiries', { source });
    if (res.ok) await get().loadEnquiries();
    return res;
  },

  async answerEnquiry(enquiryId, answer, note) {
    const res = await consoleClient().call('dept.answerEnquiry', { enquiryId, answer, note });
    if (!res.ok) return res.error;
    await get().loadEnquiries();
    return null;
  },
}));

/** Reads a picked file as base64 (without the data-URL prefix). */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}
