import type { ApplicationSummary, RpcError } from '../../../../shared/contract';
import { zhCN } from '../../../../shared/i18n/zhCN';
import { deskClient } from '../../transport';
import { holdKeys, releaseKeys } from '../../lib/typeAhead';
import { usePlansStore } from '../plans/store';
import { derivationOf, issuesOf } from './derived';
import { draftForSave, effectiveDraft } from './model';
import { forgetStep } from './stepMemory';
import { initialSubmit, type IntakeActions, type IntakeKit, type NearMatch, type SubmitState } from './store';

// Submitting the form (or a correction), and the approvals a submission may need first.

function detailsOf<T>(error: RpcError, key: string): T | undefined {
  const value = error.details?.[key];
  return value === undefined || value === null ? undefined : (value as T);
}

/** A submission releases the keys typed meanwhile when it ends, whichever way; this is only the backstop. */
const SUBMIT_HOLD_MS = 20_000;

export function submitActions({
  set,
  get,
  autosave,
}: IntakeKit): Pick<IntakeActions, 'submitApplication' | 'approveAgeOverride' | 'approveOutsideWindow' | 'closeWindowApproval' | 'reloadPlan'> {
  /** The draft on disk with an id, for calls that name it. */
  const savedDraftId = async (): Promise<string | null> => {
    const saved = await autosave.settle();
    if (!saved || get().id === null) {
      const again = saved ? await autosave.create() : false;
      if (!again) return null;
    }
    return get().id;
  };

  return {
    async submitApplication(confirmNearMatches = false) {
      const s = get();
      const active = usePlansStore.getState().active;
      if (!active || s.submit.busy) return;
      const { plan, info } = active;
      const t = zhCN.intake.review;
      const local = issuesOf(s.data, plan);
      const reasonMissing = s.editing !== null && [...s.editReason.trim()].length < 2;
      if (local.length > 0 || reasonMissing) {
        set({ showAll: true, submit: { ...initialSubmit, error: t.fixFirst } });
        return;
      }
      set({ showAll: true, submit: { ...initialSubmit, busy: true, nearMatches: confirmNearMatches ? s.submit.nearMatches : null } });
      // Keys typed while the submission runs (Enter to print) wait for the screen that answers it.
      holdKeys(SUBMIT_HOLD_MS);
      try {
        const formKey = s.formKey;
        if (s.editing === null && (await savedDraftId()) === null) {
          set({ submit: { ...initialSubmit, error: get().saveError ?? t.saveFirst } });
          return;
        }
        const id = get().id;
        if (id === null) return;
        const data = get().data;
        const { payload } = draftForSave(effectiveDraft(data, plan, derivationOf(data, plan)));
        const res =
          s.editing !== null
            ? await deskClient().call('applications.update', { id, data: payload, planKey: info.planKey, reason: s.editReason.trim() })
            : await deskClient().call('applications.submit', { id, data: payload, planKey: info.planKey, confirmNearMatches });
        if (get().formKey !== formKey) return;
        if (!res.ok) {
          const error = res.error;
          const next: SubmitState = { ...initialSubmit, error };
          if (error.code === 'VALIDATION_FAILED') {
            set({ serverIssues: (error.details?.issues ?? []).map((i) => (i.path === 'reason' ? { ...i, path: 'editReason' } : i)) });
          } else if (error.code === 'DUPLICATE_APPLICATION') {
            next.blocking = detailsOf<ApplicationSummary>(error, 'existing') ?? null;
          } else if (error.code === 'NEAR_MATCH_WARNING') {
            next.nearMatches = detailsOf<NearMatch[]>(error, 'nearMatches') ?? [];
          } else if (error.code === 'PLAN_CHANGED' || error.code === 'PLAN_NOT_FOUND') {
            next.planChanged = true;
          } else if (error.code === 'OUTSIDE_WINDOW_APPROVAL_REQUIRED') {
            next.windowApproval = true;
          }
          set({ submit: next });
          return;
        }
        autosave.stop();
        forgetStep(id);
        set({
          view: 'success',
          formKey: get().formKey + 1,
          savedVersion: get().version,
          submit: initialSubmit,
          result: {
            ...res.value,
            edited: s.editing !== null,
            childName: payload.child?.name ?? '',
            schoolName: plan.schools.find((x) => x.id === payload.school?.schoolId)?.name ?? '',
            typeName: plan.enrollmentTypes.find((x) => x.code === payload.typeDecision?.chosen)?.name ?? '',
          },
        });
      } finally {
        // The success panel releases them once its print button has the focus; anything else, here.
        if (get().view !== 'success') releaseKeys();
      }
    },

    async approveAgeOverride(request) {
      if (get().editing !== null) return { code: 'APPLICATION_NOT_DRAFT', message: zhCN.intake.age.onlyDrafts };
      const id = await savedDraftId();
      if (id === null) return get().saveError ?? { code: 'INTERNAL', message: zhCN.intake.review.saveFirst };
      const res = await deskClient().call('applications.approveAgeOverride', {
        id,
        reason: request.reason,
        ...(request.supervisorUsername ? { supervisorUsername: request.supervisorUsername } : {}),
        ...(request.supervisorPassword ? { supervisorPassword: request.supervisorPassword } : {}),
      });
      if (!res.ok) return res.error;
      // Stored by the core already; the form shows it and validates with it.
      set({ data: { ...get().data, ageOverride: res.value } });
      return null;
    },

    async approveOutsideWindow(request) {
      if (get().editing !== null) return { code: 'APPLICATION_NOT_DRAFT', message: zhCN.intake.age.onlyDrafts };
      const id = await savedDraftId();
      if (id === null) return get().saveError ?? { code: 'INTERNAL', message: zhCN.intake.review.saveFirst };
      const res = await deskClient().call('applications.approveOutsideWindow', {
        id,
        reason: request.reason,
        ...(request.supervisorUsername ? { supervisorUsername: request.supervisorUsername } : {}),
        ...(request.supervisorPassword ? { supervisorPassword: request.supervisorPassword } : {}),
      });
      if (!res.ok) return res.error;
      const opened = get().submit.windowApproval;
      set({ data: { ...get().data, windowOverride: res.value }, submit: { ...get().submit, windowApproval: false, error: null } });
      // Approved after the submission asked for it: the clerk's submit goes on.
      if (opened) void get().submitApplication();
      return null;
    },

    closeWindowApproval() {
      set({ submit: { ...get().submit, windowApproval: false } });
    },

    async reloadPlan() {
      await usePlansStore.getState().loadActive(true);
      set({ submit: initialSubmit, recordPlanKey: null });
    },
  };
}
