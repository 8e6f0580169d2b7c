import { create } from 'zustand';
import dayjs from 'dayjs';
import type {
  ApplicationStatus,
  ApplicationSummary,
  DuplicateReport,
  FieldIssue,
  PlanInfo,
  RpcError,
} from '../../../../shared/contract';
import { deriveEnrollmentType, type TypeDerivation } from '../../../../shared/domain/enrollmentType';
import { validateId } from '../../../../shared/domain/idNumber';
import type { CountyPlan } from '../../../../shared/plan/schema';
import { zhCN } from '../../../../shared/i18n/zhCN';
import { deskClient } from '../../transport';
import { isLocked, useSessionStore } from '../session/store';
import { useShellStore } from '../shell/store';
import {
  REVIEW_STEP,
  STEP_COUNT,
  draftForSave,
  effectiveDraft,
  formIssues,
  leafPaths,
  setAt,
  stepOfPath,
  type Draft,
  type Path,
} from './model';

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error';
export type View = 'start' | 'loading' | 'loadError' | 'form' | 'success';
export type NearMatch = DuplicateReport['nearMatches'][number];

export interface SubmitState {
  busy: boolean;
  error: RpcError | string | null;
  /** An active application of the same child (DUPLICATE_APPLICATION). */
  blocking: ApplicationSummary | null;
  /** Similar applications the clerk must look at before confirming (NEAR_MATCH_WARNING). */
  nearMatches: NearMatch[] | null;
  planChanged: boolean;
}

export interface SubmitOutcome {
  id: string;
  receiptNo: string;
  status: ApplicationStatus;
  revision: number;
  edited: boolean;
  childName: string;
  schoolName: string;
  typeName: string;
}

export interface AgeOverrideRequest {
  reason: string;
  supervisorUsername?: string;
  supervisorPassword?: string;
}

interface IntakeStore {
  plan: CountyPlan | null;
  planInfo: PlanInfo | null;
  planError: RpcError | null;

  view: View;
  loadError: RpcError | string | null;
  drafts: ApplicationSummary[];
  draftsLoading: boolean;
  draftsError: RpcError | null;

  /** The application on screen; null until the first autosave creates the draft. */
  id: string | null;
  /** Set when a submitted application is open for correction (applications.update). */
  editing: { receiptNo: string | null; status: ApplicationStatus; revision: number } | null;
  editReason: string;
  /** The plan the opened record was saved under, when it is not the active plan. */
  recordPlanKey: string | null;
  /** Bumped whenever another application replaces the form (focus, in-flight saves). */
  formKey: number;

  data: Draft;
  step: number;
  touched: Record<string, true>;
  /** After a submit attempt or a visit to the review step every problem is shown at its field. */
  showAll: boolean;
  serverIssues: FieldIssue[];

  version: number;
  savedVersion: number;
  saveState: SaveState;
  savedAt: string | null;
  saveError: RpcError | null;

  duplicates: DuplicateReport | null;
  duplicatesChecking: boolean;
  submit: SubmitState;
  result: SubmitOutcome | null;
  focus: { path: Path; nonce: number } | null;

  init: () => Promise<void>;
  route: (path: string) => Promise<void>;
  loadDrafts: () => Promise<void>;
  startNew: () => Promise<void>;
  open: (id: string) => Promise<void>;
  discardDraft: (id: string) => Promise<RpcError | null>;
  setField: (path: Path, value: unknown) => void;
  /** A change of several fields at once (adding a guardian); `paths` clear the core's issues there. */
  update: (change: (data: Draft) => Draft, paths?: readonly Path[]) => void;
  touch: (path: Path) => void;
  goTo: (step: number) => void;
  next: () => void;
  prev: () => void;
  jumpTo: (path: Path) => void;
  /** Put the cursor in a field on the current step (after adding a guardian, say). */
  requestFocus: (path: Path) => void;
  saveNow: () => Promise<boolean>;
  setEditReason: (reason: string) => void;
  checkDuplicates: () => Promise<void>;
  submitApplication: (confirmNearMatches?: boolean) => Promise<void>;
  approveAgeOverride: (request: AgeOverrideRequest) => Promise<RpcError | null>;
  reloadPlan: () => Promise<void>;
}

const SAVE_DEBOUNCE_MS = 400;
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 30_000;
const STEP_KEY = 'enroll-desk.intake.step.';

/** The counter's calendar day, as the core's clock port gives it on the same PC. */
export function today(): string {
  return dayjs().format('YYYY-MM-DD');
}

const initialSubmit: SubmitState = { busy: false, error: null, blocking: null, nearMatches: null, planChanged: false };

function initialData(plan: CountyPlan | null): Draft {
  const grade = plan?.grades[0];
  return { ...(grade ? { grade } : {}), child: { idType: 'resident_id' }, guardians: [{ idType: 'resident_id' }] };
}

// Derived values are recomputed only when the form (immutable) or the plan changes.
const derivations = new WeakMap<Draft, { plan: CountyPlan; value: TypeDerivation }>();
const issueCache = new WeakMap<Draft, { plan: CountyPlan; day: string; value: FieldIssue[] }>();

export function derivationOf(data: Draft, plan: CountyPlan): TypeDerivation {
  const hit = derivations.get(data);
  if (hit?.plan === plan) return hit.value;
  const value = deriveEnrollmentType(data, plan);
  derivations.set(data, { plan, value });
  return value;
}

export function issuesOf(data: Draft, plan: CountyPlan): FieldIssue[] {
  const day = today();
  const hit = issueCache.get(data);
  if (hit?.plan === plan && hit.day === day) return hit.value;
  const value = formIssues(data, plan, day, derivationOf(data, plan));
  issueCache.set(data, { plan, day, value });
  return value;
}

/** ID types whose number carries the birth date (and, for the first two, the sex). */
export function idGivesBirthDate(idType: string | undefined): boolean {
  return idType === 'resident_id' || idType === 'hmt_residence_permit' || idType === 'foreign_permanent_id';
}
export function idGivesSex(idType: string | undefined): boolean {
  return idType === 'resident_id' || idType === 'hmt_residence_permit';
}

/** Birth date and sex follow the child's ID number whenever the number carries them. */
function withIdFacts(data: Draft): Draft {
  const child = data.child ?? {};
  if (!idGivesBirthDate(child.idType)) return data;
  const check = child.idType && child.idNumber ? validateId(child.idType, child.idNumber, today()) : null;
  const next = { ...child };
  if (check?.ok && check.birthDate !== undefined) next.birthDate = check.birthDate;
  else delete next.birthDate;
  if (idGivesSex(child.idType)) {
    if (check?.ok && check.sex !== undefined) next.sex = check.sex;
    else delete next.sex;
  }
  return { ...data, child: next };
}

function rememberStep(id: string | null, step: number): void {
  if (id === null) return;
  try {
    sessionStorage.setItem(STEP_KEY + id, String(step));
  } catch {
    // Storage full or disabled: resuming at step 1 is fine.
  }
}

function rememberedStep(id: string): number {
  try {
    const n = Number(sessionStorage.getItem(STEP_KEY + id));
    return Number.isInteger(n) && n >= 0 && n < STEP_COUNT ? n : 0;
  } catch {
    return 0;
  }
}

function detailsOf<T>(error: RpcError, key: string): T | undefined {
  const value = error.details?.[key];
  return value === undefined || value === null ? undefined : (value as T);
}

export const useIntakeStore = create<IntakeStore>()((set, get) => {
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let dupTimer: ReturnType<typeof setTimeout> | undefined;
  let retryMs = RETRY_FIRST_MS;
  // Saves run one after another, so the first save (which creates the draft) finishes before the next.
  let chain: Promise<unknown> = Promise.resolve();
  let sessionWatch: (() => void) | undefined;
  let focusNonce = 0;

  const clearTimers = () => {
    if (saveTimer !== undefined) clearTimeout(saveTimer);
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    saveTimer = undefined;
    retryTimer = undefined;
  };

  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };

  const scheduleSave = (ms = SAVE_DEBOUNCE_MS) => {
    if (saveTimer !== undefined) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      void performSave();
    }, ms);
  };

  const scheduleRetry = () => {
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void performSave();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
  };

  /** Saves the draft if it changed. Never throws; true when what is on screen is on disk. */
  const performSave = (force = false): Promise<boolean> =>
    serial(async () => {
      const s = get();
      if (s.view !== 'form' || s.plan === null) return true;
      if (s.version === s.savedVersion && !(force && s.id === null)) return true;
      const formKey = s.formKey;
      const version = s.version;
      // The derived type is recorded with the draft; `chosen` only when the clerk changed it, so a
      // resumed draft follows the rules again instead of keeping a stale type.
      const { payload } = draftForSave({ ...s.data, typeDecision: { ...s.data.typeDecision, derived: derivationOf(s.data, s.plan).type } });
      set({ saveState: 'saving' });
      // A correction to a submitted application is saved as typed too, beside the submitted record.
      const res =
        s.editing !== null && s.id !== null
          ? await deskClient().call('applications.saveEdit', { id: s.id, data: payload })
          : await deskClient().call('applications.saveDraft', s.id === null ? { data: payload } : { id: s.id, data: payload });
      if (get().formKey !== formKey) return res.ok;
      if (!res.ok) {
        set({ saveState: 'error', saveError: res.error });
        if (res.error.code !== 'APPLICATION_NOT_DRAFT') scheduleRetry();
        return false;
      }
      retryMs = RETRY_FIRST_MS;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      retryTimer = undefined;
      const created = get().id === null;
      const current = get().version;
      set({
        id: res.value.id,
        savedVersion: version,
        savedAt: res.value.savedAt,
        saveError: null,
        saveState: current === version ? 'saved' : 'pending',
      });
      if (created) {
        rememberStep(res.value.id, get().step);
        // The address follows the draft (reload resumes it); the page stays mounted.
        const shell = useShellStore.getState();
        if (shell.path === '/intake') shell.navigate(`/intake/${res.value.id}`);
      }
      return true;
    });

  /** Waits for saving to finish before the form is replaced. */
  const settle = async (): Promise<boolean> => {
    if (saveTimer !== undefined) clearTimeout(saveTimer);
    saveTimer = undefined;
    return performSave();
  };

  const ensurePlan = async (): Promise<CountyPlan | null> => {
    const existing = get().plan;
    if (existing) return existing;
    const res = await deskClient().call('plans.getActive', {});
    if (!res.ok) {
      set({ planError: res.error });
      return null;
    }
    set({ plan: res.value.plan, planInfo: res.value.info, planError: null });
    return res.value.plan;
  };

  const fresh = (plan: CountyPlan | null) => ({
    data: initialData(plan),
    step: 0,
    touched: {},
    showAll: false,
    serverIssues: [],
    version: 0,
    savedVersion: 0,
    saveState: 'idle' as SaveState,
    savedAt: null,
    saveError: null,
    duplicates: null,
    duplicatesChecking: false,
    submit: initialSubmit,
    result: null,
    editReason: '',
    recordPlanKey: null,
    focus: null,
  });

  const applyChange = (next: Draft, paths: readonly Path[]) => {
    const s = get();
    const serverIssues = s.serverIssues.filter((i) => !paths.some((p) => i.path === p || i.path.startsWith(`${p}.`)));
    // Only who the child and family are matters to the duplicate check, not remarks or materials.
    const identity = paths.length === 0 || paths.some((p) => /^(child|guardians|proxy)(\.|$)/.test(p));
    set({
      data: next,
      version: s.version + 1,
      serverIssues,
      saveState: s.saveState === 'error' ? 'error' : 'pending',
      submit: s.submit.error !== null || s.submit.nearMatches !== null || s.submit.blocking !== null ? initialSubmit : s.submit,
      duplicates: identity ? null : s.duplicates,
    });
    scheduleSave();
    if (identity && s.step === REVIEW_STEP) {
      if (dupTimer !== undefined) clearTimeout(dupTimer);
      dupTimer = setTimeout(() => void get().checkDuplicates(), SAVE_DEBOUNCE_MS);
    }
  };

  return {
    plan: null,
    planInfo: null,
    planError: null,
    view: 'start',
    loadError: null,
    drafts: [],
    draftsLoading: false,
    draftsError: null,
    id: null,
    editing: null,
    editReason: '',
    recordPlanKey: null,
    formKey: 0,
    data: initialData(null),
    step: 0,
    touched: {},
    showAll: false,
    serverIssues: [],
    version: 0,
    savedVersion: 0,
    saveState: 'idle',
    savedAt: null,
    saveError: null,
    duplicates: null,
    duplicatesChecking: false,
    submit: initialSubmit,
    result: null,
    focus: null,

    async init() {
      // A save refused while the screen was locked goes through as soon as it is unlocked.
      sessionWatch ??= useSessionStore.subscribe((state, prev) => {
        if (isLocked(prev) && !isLocked(state) && get().saveState === 'error') void performSave();
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
        if (!(await settle()) && get().view === 'form') return;
        set({ view: 'start', id: null, editing: null, formKey: s.formKey + 1, ...fresh(get().plan) });
      }
      await get().loadDrafts();
    },

    async loadDrafts() {
      set({ draftsLoading: true });
      const res = await deskClient().call('applications.search', { query: '', status: ['draft'], includeDrafts: true, limit: 50 });
      set(res.ok ? { drafts: res.value.rows, draftsLoading: false, draftsError: null } : { draftsLoading: false, draftsError: res.error });
    },

    async startNew() {
      await settle();
      const plan = await ensurePlan();
      focusNonce += 1;
      set({ view: 'form', id: null, editing: null, formKey: get().formKey + 1, ...fresh(plan), focus: { path: '', nonce: focusNonce } });
      clearTimers();
      const shell = useShellStore.getState();
      if (shell.path !== '/intake') shell.navigate('/intake');
    },

    async open(id) {
      await settle();
      clearTimers();
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
      focusNonce += 1;
      const step = rememberedStep(id);
      set({
        ...fresh(plan),
        view: 'form',
        id,
        editing: rec.status === 'draft' ? null : { receiptNo: rec.receiptNo, status: rec.status, revision: rec.revision },
        recordPlanKey: get().planInfo && rec.planKey !== get().planInfo?.planKey ? rec.planKey : null,
        data,
        touched,
        step,
        showAll: step === REVIEW_STEP,
        saveState: 'saved',
        savedAt: rec.updatedAt,
        focus: { path: '', nonce: focusNonce },
      });
      if (step === REVIEW_STEP) void get().checkDuplicates();
    },

    async discardDraft(id) {
      const res = await deskClient().call('applications.discardDraft', { id });
      await get().loadDrafts();
      return res.ok ? null : res.error;
    },

    setField(path, value) {
      const s = get();
      let next = setAt(s.data, path, value === null || value === '' ? undefined : value);
      if (path === 'child.idNumber' || path === 'child.idType') next = withIdFacts(next);
      applyChange(next, [path]);
    },

    update(change, paths = []) {
      applyChange(withIdFacts(change(get().data)), paths);
    },

    touch(path) {
      if (get().touched[path]) return;
      set({ touched: { ...get().touched, [path]: true } });
    },

    goTo(step) {
      const s = get();
      if (step < 0 || step >= STEP_COUNT || step === s.step) return;
      // Leaving a step shows what is still wrong on it, at the fields.
      const touched = { ...s.touched };
      if (s.plan) for (const issue of issuesOf(s.data, s.plan)) if (stepOfPath(issue.path) === s.step) touched[issue.path] = true;
      focusNonce += 1;
      set({ step, touched, focus: { path: '', nonce: focusNonce }, ...(step === REVIEW_STEP ? { showAll: true } : {}) });
      rememberStep(s.id, step);
      if (step === REVIEW_STEP) void get().checkDuplicates();
    },

    next() {
      get().goTo(Math.min(get().step + 1, STEP_COUNT - 1));
    },

    prev() {
      get().goTo(Math.max(get().step - 1, 0));
    },

    jumpTo(path) {
      const step = stepOfPath(path);
      focusNonce += 1;
      set({ step, touched: { ...get().touched, [path]: true }, focus: { path, nonce: focusNonce } });
      rememberStep(get().id, step);
    },

    requestFocus(path) {
      focusNonce += 1;
      set({ focus: { path, nonce: focusNonce } });
    },

    async saveNow() {
      if (saveTimer !== undefined) clearTimeout(saveTimer);
      saveTimer = undefined;
      retryMs = RETRY_FIRST_MS;
      return performSave();
    },

    setEditReason(reason) {
      set({ editReason: reason, serverIssues: get().serverIssues.filter((i) => i.path !== 'editReason') });
    },

    async checkDuplicates() {
      const s = get();
      if (!s.plan) return;
      const formKey = s.formKey;
      set({ duplicatesChecking: true });
      const { payload } = draftForSave(effectiveDraft(s.data, s.plan, derivationOf(s.data, s.plan)));
      const res = await deskClient().call('applications.checkDuplicates', s.id === null ? { data: payload } : { id: s.id, data: payload });
      if (get().formKey !== formKey) return;
      set({ duplicatesChecking: false, duplicates: res.ok ? res.value : null });
    },

    async submitApplication(confirmNearMatches = false) {
      const s = get();
      const plan = s.plan;
      const info = s.planInfo;
      if (!plan || !info || s.submit.busy) return;
      const t = zhCN.intake.review;
      const local = issuesOf(s.data, plan);
      const reasonMissing = s.editing !== null && [...s.editReason.trim()].length < 2;
      if (local.length > 0 || reasonMissing) {
        set({ showAll: true, submit: { ...initialSubmit, error: t.fixFirst } });
        return;
      }
      set({ showAll: true, submit: { ...initialSubmit, busy: true, nearMatches: confirmNearMatches ? s.submit.nearMatches : null } });
      const formKey = s.formKey;
      if (s.editing === null) {
        const saved = await settle();
        if (!saved || get().id === null) {
          const again = saved ? await performSave(true) : false;
          if (!again || get().id === null) {
            set({ submit: { ...initialSubmit, error: get().saveError ?? t.saveFirst } });
            return;
          }
        }
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
        }
        set({ submit: next });
        return;
      }
      clearTimers();
      try {
        sessionStorage.removeItem(STEP_KEY + id);
      } catch {
        // Nothing to clean up.
      }
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
    },

    async approveAgeOverride(request) {
      if (get().editing !== null) return { code: 'APPLICATION_NOT_DRAFT', message: zhCN.intake.age.onlyDrafts };
      const saved = await settle();
      if (!saved || get().id === null) await performSave(true);
      const id = get().id;
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

    async reloadPlan() {
      set({ plan: null, planInfo: null });
      await ensurePlan();
      set({ submit: initialSubmit, recordPlanKey: null });
    },
  };
});
