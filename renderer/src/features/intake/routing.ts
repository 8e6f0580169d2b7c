import { errorOf } from '../../../../shared/contract/result';
import { canEdit } from '../../../../shared/domain/applicationActions';
import { statusLabel } from '../../../../shared/i18n/zhCN.labels';
import { zhCN } from '../../../../shared/i18n/zhCN';
import type { CountyPlan } from '../../../../shared/plan/schema';
import { deskClient } from '../../transport';
import { holdKeys } from '../../lib/typeAhead';
import { usePlansStore } from '../plans/store';
import { isLocked, useSessionStore } from '../session/store';
import { useShellStore } from '../shell/store';
import { REVIEW_STEP, leafPaths, type Draft } from './model';
import { rememberedStep } from './stepMemory';
import { activePlan, freshForm, type IntakeActions, type IntakeKit } from './store';

// Which application is on screen: the start page with this desk's drafts, a new application, a draft
// or a submitted application opened by its address (/intake/<id>).

async function ensurePlan(): Promise<CountyPlan | null> {
  await usePlansStore.getState().loadActive();
  return activePlan();
}

/** Saving the form on screen and loading the plan before a new application: the wizard's focus releases the keys. */
const OPEN_HOLD_MS = 10_000;

export function routingActions({ set, get, autosave, focusAt }: IntakeKit): Pick<
  IntakeActions,
  'init' | 'route' | 'loadDrafts' | 'startNew' | 'open' | 'discardDraft'
> {
  let sessionWatch: (() => void) | undefined;

  return {
    async init() {
      // A save refused while the screen was locked goes through as soon as it is unlocked.
      sessionWatch ??= useSessionStore.subscribe((state, prev) => {
        if (isLocked(prev) && !isLocked(state) && get().saveState === 'error') void autosave.saveNow();
      });
      await ensurePlan();
    },

    async route(path) {
      await get().init();
      const match = /^\/intake\/([^/?#]+)/.exec(path);
      if (match?.[1]) {
        const id = decodeURIComponent(match[1]);
        // Already on screen (the first autosave put the id in the address): nothing to load.
        if (get().id === id && (get().view === 'form' || get().view === 'loading')) return;
        await get().open(id);
        return;
      }
      const s = get();
      if (s.view === 'form' && s.id === null) return;
      if (s.view !== 'start') {
        // Leaving a form: what was typed is saved first; if that fails, the form stays.
        if (!(await autosave.settle()) && get().view === 'form') return;
        autosave.stop();
        set({ view: 'start', id: null, editing: null, formKey: s.formKey + 1, ...freshForm(activePlan()) });
      }
      await get().loadDrafts();
    },

    async loadDrafts() {
      set({ draftsLoading: true });
      const res = await deskClient().call('applications.search', { query: '', status: ['draft'], includeDrafts: true, limit: 50 });
      set(res.ok ? { drafts: res.value.rows, draftsLoading: false, draftsError: null } : { draftsLoading: false, draftsError: res.error });
    },

    async startNew() {
      // Typed right after 新建申请 / 受理下一位: kept for the first field.
      holdKeys(OPEN_HOLD_MS);
      await autosave.settle();
      const plan = await ensurePlan();
      autosave.stop();
      set({ view: 'form', id: null, editing: null, formKey: get().formKey + 1, ...freshForm(plan), focus: focusAt('') });
      const shell = useShellStore.getState();
      if (shell.path !== '/intake') shell.navigate('/intake');
    },

    async open(id) {
      await autosave.settle();
      autosave.stop();
      set({ view: 'loading', id, formKey: get().formKey + 1, loadError: null });
      const formKey = get().formKey;
      const plan = await ensurePlan();
      const res = await deskClient().call('applications.get', { id });
      if (get().formKey !== formKey) return;
      if (!res.ok) {
        set({ view: 'loadError', loadError: res.error });
        return;
      }
      const rec = res.value;
      if (rec.status === 'void') {
        set({ view: 'loadError', loadError: zhCN.intake.open.voided });
        return;
      }
      // Decided by the county: the core would refuse every save, so the form is not opened at all.
      if (rec.status !== 'draft' && !canEdit(rec.status)) {
        set({ view: 'loadError', loadError: errorOf('APPLICATION_DECIDED', { status: statusLabel(rec.status) }) });
        return;
      }
      // An unfinished correction resumes where it was left.
      const data: Draft = { ...(rec.status !== 'draft' && rec.pendingEdit ? rec.pendingEdit : rec.data) };
      if (!data.guardians || data.guardians.length === 0) data.guardians = [{ idType: 'resident_id' }];
      if (!data.child?.idType) data.child = { ...data.child, idType: 'resident_id' };
      // A chosen type equal to the derived one was a confirmation, not an override: let it follow the rules.
      const decision = data.typeDecision;
      if (decision?.chosen !== undefined && decision.chosen === decision.derived) {
        data.typeDecision = { derived: decision.derived, ...(decision.overrideReason ? { overrideReason: decision.overrideReason } : {}) };
      }
      const touched: Record<string, true> = {};
      for (const p of leafPaths(rec.data)) touched[p] = true;
      const step = rememberedStep(id);
      const activeKey = usePlansStore.getState().active?.info.planKey;
      set({
        ...freshForm(plan),
        view: 'form',
        id,
        editing: rec.status === 'draft' ? null : { receiptNo: rec.receiptNo, status: rec.status, revision: rec.revision },
        recordPlanKey: activeKey !== undefined && rec.planKey !== activeKey ? rec.planKey : null,
        data,
        touched,
        step,
        showAll: step === REVIEW_STEP,
        saveState: 'saved',
        savedAt: rec.updatedAt,
        focus: focusAt(''),
      });
      // The same child registered here is told at once (at the ID field), not only at 核对提交.
      if (step === REVIEW_STEP || data.child?.idNumber) void get().checkDuplicates();
    },

    async discardDraft(id) {
      const res = await deskClient().call('applications.discardDraft', { id });
      await get().loadDrafts();
      return res.ok ? null : res.error;
    },
  };
}
