import { create } from 'zustand';
import type { ApplicationRecord, MethodOutput, RpcError, RpcResult } from '../../../../shared/contract';
import type { PageView } from '../../../../shared/contract/documents';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import { deskClient } from '../../transport';
import { usePlansStore } from '../plans/store';

const MAX_FILE_BYTES = 20 * 1024 * 1024;

export type ScanMode = 'color' | 'gray' | 'bw';
/** A crop in the page's pixels. */
export interface CropBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

interface DocumentsStore {
  applicationId: string | null;
  /** Live pages per material key, in page order. */
  items: Record<string, PageView[]>;
  loading: boolean;
  busy: boolean;
  error: RpcError | null;
  notice: string | null;
  /** Material names of the open application's plan, for messages. */
  names: Record<string, string>;
  /** A page the next capture or file replaces (重新拍摄替换); audited by the core as a replacement. */
  replaceTarget: PageView | null;
  /** Milliseconds from asking for the list to having its thumbnails (the bench reads this). */
  lastListMs: number | null;
  /** The application open on the scan desk (its title and material items), and why it could not be read. */
  record: ApplicationRecord | null;
  recordError: RpcError | null;
  /** Opens the scan desk on an application: its pages, its record, and the plan it was taken under. */
  openApplication(applicationId: string): Promise<void>;
  load(applicationId: string): Promise<void>;
  importBytes(materialKey: string, name: string, bytes: ArrayBuffer, source: 'camera' | 'file', mode?: ScanMode): Promise<boolean>;
  importFiles(materialKey: string, files: readonly File[], mode?: ScanMode): Promise<void>;
  importPath(materialKey: string, path: string, mode?: ScanMode): Promise<boolean>;
  trim(pageId: string): Promise<boolean>;
  scan(materialKey: string, req: { deviceId: string; resolution: number; mode: ScanMode; source: 'flatbed' | 'adf'; maxPages: number }): Promise<boolean>;
  move(materialKey: string, pageId: string, delta: -1 | 1): Promise<void>;
  rotate(pageId: string): Promise<string | null>;
  remove(pageId: string): Promise<boolean>;
  /** Crops a page in place and reloads its application's pages; the error, for the viewer to show, or null. */
  crop(pageId: string, box: CropBox): Promise<RpcError | null>;
  /** One page's image, to show full size. */
  pageImage(pageId: string): Promise<RpcResult<Blob>>;
  listScanners(): Promise<RpcResult<MethodOutput<'documents.listScanners'>>>;
  /** Files a network scanner dropped into the scan-to-folder inboxes, newest first. */
  listInbox(): Promise<RpcResult<MethodOutput<'documents.listInbox'>>>;
  clearMessages(): void;
}

/** Base64 without blowing the stack on large files. */
export function toBase64(bytes: ArrayBuffer): string {
  const u8 = new Uint8Array(bytes);
  let s = '';
  for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000));
  return btoa(s);
}

function base64ToBlob(b64: string, mime: string): Blob {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: mime });
}

/** Bumped for each application opened on the scan desk: an answer for an earlier one is dropped. */
let openTicket = 0;

export const useDocumentsStore = create<DocumentsStore>()((set, get) => {
  const refresh = async (): Promise<void> => {
    const id = get().applicationId;
    if (!id) return;
    const started = performance.now();
    const r = await deskClient().call('documents.list', { applicationId: id });
    if (!r.ok) return set({ error: r.error, loading: false });
    set({ items: Object.fromEntries(r.value.items.map((i) => [i.materialKey, i.pages])), loading: false, lastListMs: performance.now() - started });
  };
  /** A call that changes pages: busy while it runs, its error shown, the pages reloaded after. Null on error. */
  const change = async <T,>(call: Promise<RpcResult<T>>): Promise<T | null> => {
    set({ busy: true, error: null, notice: null });
    const r = await call;
    set({ busy: false });
    if (!r.ok) {
      set({ error: r.error });
      return null;
    }
    await refresh();
    return r.value;
  };
  const added = (materialKey: string, count: number) =>
    set({ notice: format(zhCN.documents.added, { item: get().names[materialKey] ?? materialKey, count }) });

  return {
    applicationId: null,
    items: {},
    loading: false,
    busy: false,
    error: null,
    notice: null,
    names: {},
    replaceTarget: null,
    lastListMs: null,
    record: null,
    recordError: null,
    async openApplication(applicationId) {
      const ticket = ++openTicket;
      if (get().record?.id !== applicationId) set({ record: null });
      set({ recordError: null });
      const pages = get().load(applicationId);
      const r = await deskClient().call('applications.get', { id: applicationId });
      if (ticket === openTicket) {
        if (!r.ok) set({ recordError: r.error });
        else {
          set({ record: r.value });
          await usePlansStore.getState().loadByKey(r.value.planKey);
        }
      }
      await pages;
    },
    async load(applicationId) {
      if (get().applicationId !== applicationId) set({ applicationId, items: {}, error: null, notice: null, replaceTarget: null });
      set({ loading: true });
      await refresh();
    },
    async importBytes(materialKey, name, bytes, source, mode) {
      const id = get().applicationId;
      if (!id) return false;
      if (bytes.byteLength > MAX_FILE_BYTES) {
        // Refused before sending: a 200 MB file would otherwise travel to the core only to be refused there.
        set({
          error: {
            code: 'DOC_TOO_LARGE',
            message: format(zhCN.errors.DOC_TOO_LARGE, { name, mb: (bytes.byteLength / 1024 / 1024).toFixed(1), maxMb: 20 }),
          },
        });
        return false;
      }
      const target = get().replaceTarget;
      if (target && target.materialKey === materialKey) {
        const rep = await change(deskClient().call('documents.replacePage', { pageId: target.id, name: name.slice(0, 200), source, dataBase64: toBase64(bytes) }));
        if (!rep) return false;
        set({ replaceTarget: null, notice: format(zhCN.documents.replaced, { pageNo: target.pageNo }) });
        return true;
      }
      const r = await change(deskClient().call('documents.importFile', {
        applicationId: id,
        materialKey,
        name: name.slice(0, 200),
        source,
        dataBase64: toBase64(bytes),
        ...(mode ? { transform: { mode } } : {}),
      }));
      if (!r) return false;
      added(materialKey, r.pages.length);
      return true;
    },
    async importFiles(materialKey, files, mode) {
      for (const file of files) {
        if (file.size > MAX_FILE_BYTES) {
          set({
            error: { code: 'DOC_TOO_LARGE', message: format(zhCN.errors.DOC_TOO_LARGE, { name: file.name, mb: (file.size / 1024 / 1024).toFixed(1), maxMb: 20 }) },
          });
          continue;
        }
        if (!(await get().importBytes(materialKey, file.name, await file.arrayBuffer(), 'file', mode))) break;
      }
    },
    async importPath(materialKey, path, mode) {
      const id = get().applicationId;
      if (!id) return false;
      const r = await change(deskClient().call('documents.importPath', { applicationId: id, materialKey, path, ...(mode ? { transform: { mode } } : {}) }));
      if (!r) return false;
      added(materialKey, r.pages.length);
      return true;
    },
    async trim(pageId) {
      return (await change(deskClient().call('documents.transformPage', { pageId, transform: { trim: true } }))) !== null;
    },
    async scan(materialKey, req) {
      const id = get().applicationId;
      if (!id) return false;
      const r = await change(deskClient().call('documents.scan', { applicationId: id, materialKey, ...req }));
      if (!r) return false;
      added(materialKey, r.pages.length);
      return true;
    },
    async move(materialKey, pageId, delta) {
      const id = get().applicationId;
      const pages = get().items[materialKey] ?? [];
      const at = pages.findIndex((p) => p.id === pageId);
      const to = at + delta;
      if (!id || at < 0 || to < 0 || to >= pages.length) return;
      const order = pages.map((p) => p.id);
      order.splice(at, 1);
      order.splice(to, 0, pageId);
      // Shown at once; the core's answer replaces it (or the error restores the stored order).
      const byId = new Map(pages.map((p) => [p.id, p]));
      set({ items: { ...get().items, [materialKey]: order.map((x, i) => ({ ...(byId.get(x) as PageView), pageNo: i + 1 })) } });
      const r = await deskClient().call('documents.reorder', { applicationId: id, materialKey, pageIds: order });
      if (!r.ok) set({ error: r.error });
      await refresh();
    },
    async rotate(pageId) {
      return (await change(deskClient().call('documents.transformPage', { pageId, transform: { rotate: 90 } })))?.page.id ?? null;
    },
    async remove(pageId) {
      const r = await deskClient().call('documents.removePage', { pageId });
      if (!r.ok) {
        set({ error: r.error });
        return false;
      }
      set({ notice: zhCN.documents.removed });
      await refresh();
      return true;
    },
    async crop(pageId, box) {
      const r = await deskClient().call('documents.transformPage', { pageId, transform: { crop: box } });
      if (!r.ok) return r.error;
      await get().load(r.value.page.applicationId);
      return null;
    },
    async pageImage(pageId) {
      const r = await deskClient().call('documents.getPage', { pageId });
      return r.ok ? { ok: true, value: base64ToBlob(r.value.dataBase64, r.value.mime) } : r;
    },
    listScanners() {
      return deskClient().call('documents.listScanners', {});
    },
    listInbox() {
      return deskClient().call('documents.listInbox', {});
    },
    clearMessages() {
      set({ error: null, notice: null });
    },
  };
});
