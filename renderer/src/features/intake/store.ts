import { create, type StoreApi } from 'zustand';
import type { ApplicationStatus, ApplicationSummary, DuplicateReport, FieldIssue, RpcError } from '../../../../shared/contract';
import type { CountyPlan } from '../../../../shared/plan/schema';
import { deskClient } from '../../transport';
import { holdKeys } from '../../lib/typeAhead';
import { usePlansStore } from '../plans/store';
import { useShellStore } from '../shell/store';
import { createAutosave, type Autosave, type SaveSnapshot } from './autosave';
import { derivationOf } from './derived';
import { deptVerifiedActions } from './deptVerified';
import { duplicateActions } from './duplicates';
import { formActions } from './form';
import { draftForSave, type Draft, type Path } from './model';
import { routingActions } from './routing';
import { rememberStep } from './stepMemory';
import { submitActions } from './submit';

// The intake wizard's one store. The state is declared here; the actions live by job in routing.ts
// (start, open, drafts), form.ts (answers and steps), duplicates.ts, submit.ts, and the autosave in
// autosave.ts. The county plan comes from the plans store, the one place plans are loaded.

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
  /** Outside the registration window without an approval for today (OUTSIDE_WINDOW_APPROVAL_REQUIRED): the approval dialog opens. */
  windowApproval: boolean;
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

export interface IntakeState {
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
}

export interface IntakeActions {
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
  /** 零证明: ask the county which materials department data verifies for the child's ID number (deptVerified.ts). */
  checkDeptVerified: () => Promise<void>;
  submitApplication: (confirmNearMatches?: boolean) => Promise<void>;
  approveAgeOverride: (request: AgeOverrideRequest) => Promise<RpcError | null>;
  /** A supervisor's approval to take this draft outside the plan's registration window (issue 10). */
  approveOutsideWindow: (request: AgeOverrideRequest) => Promise<RpcError | null>;
  /** Closes the approval dialog a refused submission opened. */
  closeWindowApproval: () => void;
  reloadPlan: () => Promise<void>;
}

export type IntakeStore = IntakeState & IntakeActions;
export type SetIntake = StoreApi<IntakeStore>['setState'];
export type GetIntake = StoreApi<IntakeStore>['getState'];

/** What the action files share besides the store itself. */
export interface IntakeKit {
  set: SetIntake;
  get: GetIntake;
  autosave: Autosave;
  /** A new focus request (each one moves the cursor once). */
  focusAt: (path: Path) => IntakeState['focus'];
}

export const initialSubmit: SubmitState = { busy: false, error: null, blocking: null, nearMatches: null, planChanged: false, windowApproval: false };

/** The active county plan, as the plans store holds it. */
export function activePlan(): CountyPlan | null {
  return usePlansStore.getState().active?.plan ?? null;
}

export function initialData(plan: CountyPlan | null): Draft {
  const grade = plan?.grades[0];
  return { ...(grade ? { grade } : {}), child: { idType: 'resident_id' }, guardians: [{ idType: 'resident_id' }] };
}

/** The per-form part of the state, as a new or newly opened application starts. */
export function freshForm(plan: CountyPlan | null): Omit<IntakeState, 'view' | 'loadError' | 'drafts' | 'draftsLoading' | 'draftsError' | 'id' | 'editing' | 'formKey'> {
  return {
    data: initialData(plan),
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
    editReason: '',
    recordPlanKey: null,
    focus: null,
  };
}

/** The form as the autosave writes it: the derived type recorded, values the draft schema refuses left out. */
function snapshotOf(s: IntakeState): SaveSnapshot | null {
  const plan = activePlan();
  if (s.view !== 'form' || plan === null) return null;
  // `chosen` only when the clerk changed it, so a resumed draft follows the rules again.
  const { payload } = draftForSave({ ...s.data, typeDecision: { ...s.data.typeDecision, derived: derivationOf(s.data, plan).type } });
  return { formKey: s.formKey, version: s.version, savedVersion: s.savedVersion, id: s.id, editing: s.editing !== null, payload };
}

export const useIntakeStore = create<IntakeStore>()((set, get) => {
  let focusNonce = 0;
  const autosave = createAutosave({
    snapshot: () => snapshotOf(get()),
    write: (snap) =>
      snap.editing && snap.id !== null
        ? deskClient().call('applications.saveEdit', { id: snap.id, data: snap.payload })
        : deskClient().call('applications.saveDraft', snap.id === null ? { data: snap.payload } : { id: snap.id, data: snap.payload }),
    current: (formKey) => get().formKey === formKey,
    saving: () => set({ saveState: 'saving' }),
    failed: (_snap, error) => set({ saveState: 'error', saveError: error }),
    saved: (snap, value) => {
      const created = get().id === null;
      set({
        id: value.id,
        savedVersion: snap.version,
        savedAt: value.savedAt,
        saveError: null,
        saveState: get().version === snap.version ? 'saved' : 'pending',
      });
      if (created) {
        rememberStep(value.id, get().step);
        // The address follows the draft (reload resumes it); the page stays mounted.
        const shell = useShellStore.getState();
        if (shell.path === '/intake') shell.navigate(`/intake/${value.id}`);
      }
    },
  });
  const kit: IntakeKit = {
    set,
    get,
    autosave,
    focusAt: (path) => {
      // Until the Wizard has put the cursor there, what the clerk types waits (lib/typeAhead).
      holdKeys();
      focusNonce += 1;
      return { path, nonce: focusNonce };
    },
  };
  return {
    view: 'start',
    loadError: null,
    drafts: [],
    draftsLoading: false,
    draftsError: null,
    id: null,
    editing: null,
    formKey: 0,
    ...freshForm(null),
    ...routingActions(kit),
    ...formActions(kit),
    ...duplicateActions(kit),
    ...deptVerifiedActions(kit),
    ...submitActions(kit),
  };
});
