import { create } from 'zustand';
import type { FieldIssue, PlanInfo, RpcError } from '../../../../shared/contract';
import type { CountyPlan } from '../../../../shared/plan/schema';
import { deskClient } from '../../transport';

export interface ActivePlan {
  info: PlanInfo;
  plan: CountyPlan;
}

interface PlansStore {
  active: ActivePlan | null;
  activeLoading: boolean;
  activeError: RpcError | null;
  versions: PlanInfo[];
  versionsError: RpcError | null;

  importing: boolean;
  /** The last import's outcome: the plan now active, or why the file was refused. */
  imported: PlanInfo | null;
  importError: RpcError | null;
  importProblems: FieldIssue[];

  /** Plans by key, for applications taken under an earlier plan version. */
  byKey: Record<string, ActivePlan>;
  loadByKey: (planKey: string) => Promise<void>;
  /** Loads the active plan once; `force` reloads it (after an import, or on the plans page). */
  loadActive: (force?: boolean) => Promise<void>;
  loadVersions: () => Promise<void>;
  importPlan: (json: string) => Promise<void>;
  /** A file the renderer could not read at all (shown like an import error). */
  failImport: (message: string) => void;
  clearImport: () => void;
}

export const usePlansStore = create<PlansStore>()((set, get) => {
  let activeRequest: Promise<void> | null = null;

  return {
    active: null,
    activeLoading: false,
    activeError: null,
    versions: [],
    versionsError: null,
    importing: false,
    imported: null,
    importError: null,
    importProblems: [],
    byKey: {},

    async loadByKey(planKey) {
      if (planByKey(get(), planKey)) return;
      const res = await deskClient().call('plans.get', { planKey });
      if (res.ok) set({ byKey: { ...get().byKey, [planKey]: res.value } });
    },

    loadActive(force = false) {
      if (!force && get().active) return Promise.resolve();
      // Several pages ask at once on first render: one call serves them all.
      if (activeRequest && !force) return activeRequest;
      set({ activeLoading: true });
      const request = (async () => {
        const res = await deskClient().call('plans.getActive', {});
        set(res.ok ? { active: res.value, activeLoading: false, activeError: null } : { activeLoading: false, activeError: res.error });
      })();
      activeRequest = request;
      void request.finally(() => {
        if (activeRequest === request) activeRequest = null;
      });
      return request;
    },

    async loadVersions() {
      const res = await deskClient().call('plans.list', {});
      set(res.ok ? { versions: res.value, versionsError: null } : { versionsError: res.error });
    },

    async importPlan(json) {
      set({ importing: true, imported: null, importError: null, importProblems: [] });
      const res = await deskClient().call('plans.import', { json });
      if (!res.ok) {
        set({ importing: false, importError: res.error, importProblems: res.error.details?.issues ?? [] });
        return;
      }
      set({ importing: false, imported: res.value });
      await Promise.all([get().loadActive(true), get().loadVersions()]);
    },

    failImport(message) {
      set({ importing: false, imported: null, importError: { code: 'VALIDATION_FAILED', message }, importProblems: [] });
    },

    clearImport() {
      set({ imported: null, importError: null, importProblems: [] });
    },
  };
});

/** The plan stored under `planKey` once loaded (`loadByKey`), whether or not it is the active one. */
export function planByKey(state: Pick<PlansStore, 'active' | 'byKey'>, planKey: string | undefined): ActivePlan | undefined {
  if (planKey === undefined) return undefined;
  return state.active?.info.planKey === planKey ? state.active : state.byKey[planKey];
}

/** A school's name in the active plan; the raw id when the plan does not list it (e.g. an older plan's school). */
export function schoolName(plan: CountyPlan | undefined, schoolId: string | null | undefined): string {
  if (!schoolId) return '';
  return plan?.schools.find((s) => s.id === schoolId)?.name ?? schoolId;
}
