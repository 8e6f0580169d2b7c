import { create } from 'zustand';
import type { Report, RpcError, TodayCounts } from '../../../../shared/contract';
import { deskClient } from '../../transport';

interface ReportsStore {
  today: TodayCounts | null;
  report: Report | null;
  loading: boolean;
  exporting: 'pdf' | 'xlsx' | null;
  error: RpcError | null;
  loadToday: () => Promise<void>;
  /** Loads today's counts and keeps them current while the 工作台 is open (any application change). Returns the cleanup. */
  startToday: () => () => void;
  load: (from: string, to: string) => Promise<void>;
  exportReport: (from: string, to: string, format: 'pdf' | 'xlsx') => Promise<{ fileName: string; rows: number } | null>;
}

export const useReportsStore = create<ReportsStore>()((set, get) => ({
  today: null,
  report: null,
  loading: false,
  exporting: null,
  error: null,
  async loadToday() {
    const res = await deskClient().call('reports.today', {});
    if (res.ok) set({ today: res.value });
  },
  startToday() {
    void get().loadToday();
    return deskClient().on('applications.changed', () => void get().loadToday());
  },
  async load(from, to) {
    set({ loading: true, error: null });
    const res = await deskClient().call('reports.summary', { from, to });
    set({ loading: false, ...(res.ok ? { report: res.value } : { error: res.error }) });
  },
  async exportReport(from, to, format) {
    set({ exporting: format, error: null });
    const res = await deskClient().call('reports.export', { from, to, format });
    set({ exporting: null, ...(res.ok ? {} : { error: res.error }) });
    if (!res.ok) return null;
    downloadBase64(res.value.fileName, res.value.dataBase64, res.value.mime);
    return { fileName: res.value.fileName, rows: res.value.rows };
  },
}));

/** Save bytes the core produced as a file through the browser's download (Electron and Chromium alike). */
export function downloadBase64(fileName: string, base64: string, mime: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
