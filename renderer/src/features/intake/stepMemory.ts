import { STEP_COUNT } from './model';

// The step a draft was left at, per browser tab: a reload (or the idle lock) resumes there.
const STEP_KEY = 'enroll-desk.intake.step.';

export function rememberStep(id: string | null, step: number): void {
  if (id === null) return;
  try {
    sessionStorage.setItem(STEP_KEY + id, String(step));
  } catch {
    // Storage full or disabled: resuming at step 1 is fine.
  }
}

export function rememberedStep(id: string): number {
  try {
    const n = Number(sessionStorage.getItem(STEP_KEY + id));
    return Number.isInteger(n) && n >= 0 && n < STEP_COUNT ? n : 0;
  } catch {
    return 0;
  }
}

export function forgetStep(id: string): void {
  try {
    sessionStorage.removeItem(STEP_KEY + id);
  } catch {
    // Nothing to clean up.
  }
}
