import { create } from 'zustand';
import type { ChildRow, ChildStatus, ConsoleInput, ConsoleOutput, DryRun, LotteryState } from '../../../../../shared/console';
import { consoleClient, type ConsoleError } from '../../transport/client';

// Placement and the lottery ceremony: one store for both screens (they show the same computation at two moments).
// Every action returns its error as a value; the screens show it where it happened.

type WhatIf = ConsoleOutput<'placement.whatIf'>;

interface PlacementStore {
  dryRun: DryRun | null;
  loading: boolean;
  error: ConsoleError | null;
  children: { filter: { schoolId?: string; status?: ChildStatus; query?: string }; total: number; rows: ChildRow[]; loading: boolean };
  whatIf: WhatIf | null;
  lottery: LotteryState['lottery'];

  load: () => Promise<void>;
  loadChildren: (filter: PlacementStore['children']['filter'], offset?: number) => Promise<void>;
  runWhatIf: (places: Record<string, number>) => Promise<ConsoleError | null>;
  clearWhatIf: () => void;
  publish: (input: ConsoleInput<'placement.publish'>) => Promise<ConsoleOutput<'placement.publish'> | ConsoleError>;
  exportSchool: (schoolId: string) => Promise<ConsoleOutput<'placement.exportSchool'> | ConsoleError>;

  loadLottery: () => Promise<void>;
  announce: (input: ConsoleInput<'lottery.announce'>) => Promise<ConsoleError | null>;
  checkSource: (input: ConsoleInput<'lottery.checkSource'>) => Promise<ConsoleOutput<'lottery.checkSource'> | ConsoleError>;
  checkSecret: (input: ConsoleInput<'lottery.checkSecret'>) => Promise<ConsoleOutput<'lottery.checkSecret'> | ConsoleError>;
  draw: (input: ConsoleInput<'lottery.draw'>) => Promise<ConsoleError | null>;
  cancel: (reason: string) => Promise<ConsoleError | null>;
  download: (what: 'announcement' | 'bundle') => Promise<ConsoleOutput<'lottery.download'> | ConsoleError>;
}

const PAGE = 50;
/** Clicking one school after another: only the newest list request may fill the list. */
let childrenRequest = 0;

export const usePlacementStore = create<PlacementStore>()((set, get) => ({
  dryRun: null,
  loading: false,
  error: null,
  children: { filter: {}, total: 0, rows: [], loading: false },
  whatIf: null,
  lottery: null,

  async load() {
    set({ loading: true });
    const res = await consoleClient().call('placement.dryRun', {});
    set(res.ok ? { dryRun: res.value, loading: false, error: null } : { loading: false, error: res.error });
  },

  async loadChildren(filter, offset = 0) {
    const request = ++childrenRequest;
    set({ children: { ...get().children, filter, loading: true } });
    const res = await consoleClient().call('placement.children', { ...filter, offset, limit: PAGE });
    if (request !== childrenRequest) return;
    if (res.ok) set({ children: { filter, total: res.value.total, rows: res.value.rows, loading: false } });
    else set({ children: { ...get().children, loading: false }, error: res.error });
  },

  async runWhatIf(places) {
    const res = await consoleClient().call('placement.whatIf', { places });
    if (!res.ok) return res.error;
    set({ whatIf: res.value });
    return null;
  },

  clearWhatIf() {
    set({ whatIf: null });
  },

  async publish(input) {
    const res = await consoleClient().call('placement.publish', input);
    if (!res.ok) return res.error;
    await get().load();
    return res.value;
  },

  async exportSchool(schoolId) {
    const res = await consoleClient().call('placement.exportSchool', { schoolId });
    return res.ok ? res.value : res.error;
  },

  async loadLottery() {
    const res = await consoleClient().call('lottery.state', {});
    set(res.ok ? { lottery: res.value.lottery, error: null } : { error: res.error });
  },

  async announce(input) {
    const res = await consoleClient().call('lottery.announce', input);
    if (!res.ok) return res.error;
    set({ lottery: res.value.lottery });
    return null;
  },

  async checkSource(input) {
    const res = await consoleClient().call('lottery.checkSource', input);
    return res.ok ? res.value : res.error;
  },

  async checkSecret(input) {
    const res = await consoleClient().call('lottery.checkSecret', input);
    return res.ok ? res.value : res.error;
  },

  async draw(input) {
    const res = await consoleClient().call('lottery.draw', input);
    if (!res.ok) return res.error;
    set({ lottery: res.value.lottery });
    return null;
  },

  async cancel(reason) {
    const res = await consoleClient().call('lottery.cancel', { reason });
    if (!res.ok) return res.error;
    set({ lottery: res.value.lottery });
    return null;
  },

  async download(what) {
    const res = await consoleClient().call('lottery.download', { what });
    return res.ok ? res.value : res.error;
  },
}));

/** Offers a file to the browser (an export or the bundle). */
export { base64Blob, saveFile } from '../../lib/download';

export const isError = (v: unknown): v is ConsoleError => typeof v === 'object' && v !== null && 'code' in v && 'status' in v && 'message' in v;
