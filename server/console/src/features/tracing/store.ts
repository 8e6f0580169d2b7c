import { create } from 'zustand';
import type { ConsoleOutput, TracingOutcome } from '../../../../../shared/console';
import { consoleClient, type ConsoleError } from '../../transport/client';

export type TracingList = ConsoleOutput<'tracing.list'>;
export type TracingCaseRow = TracingList['cases'][number];
export type TracingCaseDetail = ConsoleOutput<'tracing.get'>;
export type MatchSummary = ConsoleOutput<'tracing.match'>;
export type TracingReport = ConsoleOutput<'tracing.report'>;
export type CaseStatusFilter = 'open' | 'closed' | 'all';
export type ReportInRow = ConsoleOutput<'tracing.reportIns'>['rows'][number];
export type ReportInState = 'pending' | 'reported' | 'all';

interface TracingStore {
  year: number;
  township: string | undefined;
  status: CaseStatusFilter;
  list: TracingList | null;
  loading: boolean;
  error: ConsoleError | null;
  detail: TracingCaseDetail | null;
  detailError: ConsoleError | null;

  /** The year alone (the report page: its readers may not list the cases). */
  setYear: (year: number) => void;
  load: (patch?: Partial<Pick<TracingStore, 'year' | 'township' | 'status'>>) => Promise<void>;
  match: () => Promise<{ ok: true; value: MatchSummary } | { ok: false; error: ConsoleError }>;
  openCase: (caseId: number) => Promise<void>;
  closeCase: () => void;
  visit: (input: { visitedOn: string; note: string; outcome?: TracingOutcome | undefined }) => Promise<ConsoleError | null>;
  report: (month: string) => Promise<{ ok: true; value: TracingReport } | { ok: false; error: ConsoleError }>;

  /** 新生报到 (学校用户): the school's admissions, filtered. */
  reportInState: ReportInState;
  reportIns: readonly ReportInRow[];
  reportInsLoading: boolean;
  reportInsError: ConsoleError | null;
  loadReportIns: (state?: ReportInState) => Promise<void>;
  /** Records 报到 for one child on `day`, then reloads the list. */
  recordReportIn: (receiptNo: string, day: string) => Promise<ConsoleError | null>;
}

export const useTracingStore = create<TracingStore>()((set, get) => ({
  year: new Date().getFullYear(),
  township: undefined,
  status: 'open',
  list: null,
  loading: false,
  error: null,
  detail: null,
  detailError: null,

  setYear(year) {
    set({ year });
  },

  async load(patch) {
    set({ ...patch, loading: true, error: null });
    const { year, township, status } = get();
    const res = await consoleClient().call('tracing.list', { year, status, ...(township ? { township } : {}) });
    const now = get();
    if (now.year !== year || now.township !== township || now.status !== status) return;
    set(res.ok ? { loading: false, list: res.value } : { loading: false, error: res.error });
  },

  async match() {
    const res = await consoleClient().call('tracing.match', { year: get().year });
    if (res.ok) await get().load();
    return res;
  },

  async openCase(caseId) {
    set({ detail: null, detailError: null });
    const res = await consoleClient().call('tracing.get', { caseId });
    set(res.ok ? { detail: res.value } : { detailError: res.error });
  },

  closeCase() {
    set({ detail: null, detailError: null });
  },

  async visit(input) {
    const detail = get().detail;
    if (!detail) return null;
    const res = await consoleClient().call('tracing.visit', { caseId: detail.case.id, visitedOn: input.visitedOn, note: input.note, ...(input.outcome ? { outcome: input.outcome } : {}) });
    if (!res.ok) return res.error;
    set({ detail: res.value });
    void get().load();
    return null;
  },

  async report(month) {
    return consoleClient().call('tracing.report', { year: get().year, month });
  },

  reportInState: 'pending',
  reportIns: [],
  reportInsLoading: false,
  reportInsError: null,

  async loadReportIns(state) {
    if (state) set({ reportInState: state });
    const which = get().reportInState;
    set({ reportInsLoading: true });
    const res = await consoleClient().call('tracing.reportIns', { state: which });
    if (get().reportInState !== which) return;
    set(res.ok ? { reportInsLoading: false, reportIns: res.value.rows, reportInsError: null } : { reportInsLoading: false, reportInsError: res.error });
  },

  async recordReportIn(receiptNo, day) {
    const res = await consoleClient().call('tracing.reportIn', { receiptNo, reportedOn: day });
    if (!res.ok) return res.error;
    await get().loadReportIns();
    return null;
  },
}));
