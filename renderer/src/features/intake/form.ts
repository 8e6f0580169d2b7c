import { REVIEW_STEP, STEP_COUNT, setAt, stepOfPath, type Draft, type Path } from './model';
import { validateId } from '../../../../shared/domain/idNumber';
import { issuesOf, today, withIdFacts } from './derived';
import { rememberStep } from './stepMemory';
import { activePlan, initialSubmit, type IntakeActions, type IntakeKit } from './store';

// The answers and the step on screen. Every change bumps the version and schedules the autosave.

const DUPLICATE_RECHECK_MS = 400;

function childIdComplete(data: Draft): boolean {
  const child = data.child;
  return child?.idType !== undefined && child.idNumber !== undefined && validateId(child.idType, child.idNumber, today()).ok;
}

export function formActions({ set, get, autosave, focusAt }: IntakeKit): Pick<
  IntakeActions,
  'setField' | 'update' | 'touch' | 'goTo' | 'next' | 'prev' | 'jumpTo' | 'requestFocus' | 'saveNow' | 'setEditReason'
> {
  let dupTimer: ReturnType<typeof setTimeout> | undefined;

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
    autosave.changed();
    if (next.child?.idNumber !== s.data.child?.idNumber || next.child?.idType !== s.data.child?.idType) void get().checkDeptVerified();
    // The same child registered here is told at the ID field, as soon as the number is whole and right.
    const childId = paths.some((p) => p === 'child.idNumber' || p === 'child.idType' || p === 'child');
    if (identity && (s.step === REVIEW_STEP || (childId && childIdComplete(next)))) {
      if (dupTimer !== undefined) clearTimeout(dupTimer);
      dupTimer = setTimeout(() => void get().checkDuplicates(), DUPLICATE_RECHECK_MS);
    }
  };

  return {
    setField(path, value) {
      let next = setAt(get().data, path, value === null || value === '' ? undefined : value);
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
      const plan = activePlan();
      if (plan) for (const issue of issuesOf(s.data, plan)) if (stepOfPath(issue.path) === s.step) touched[issue.path] = true;
      set({ step, touched, focus: focusAt(''), ...(step === REVIEW_STEP ? { showAll: true } : {}) });
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
      set({ step, touched: { ...get().touched, [path]: true }, focus: focusAt(path) });
      rememberStep(get().id, step);
    },

    requestFocus(path) {
      set({ focus: focusAt(path) });
    },

    saveNow() {
      return autosave.saveNow();
    },

    setEditReason(reason) {
      set({ editReason: reason, serverIssues: get().serverIssues.filter((i) => i.path !== 'editReason') });
    },
  };
}
