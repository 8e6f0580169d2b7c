// Keyboard movement inside a wizard step. Every answer sits in a wrapper `[data-field="<path>"]`;
// Enter moves to the next wrapper's control, a jump from the review list focuses one by path.
// A wrapper marked `data-enter-skip` (a preset the clerk rarely changes: 居民身份证, the only school of a
// zone) is passed over by Enter but still reached by Tab; `data-answered` marks an answered field, so a
// step opens at its first unanswered one. Enter on the last field of a step goes on to the next step.
import { flushSync } from 'react-dom';
import { REVIEW_STEP, stepOfPath } from './model';
import { issuesOf } from './derived';
import { activePlan, useIntakeStore } from './store';

const CONTROL =
  'input:not([disabled]):not([type="hidden"]):not([readonly]), textarea:not([disabled]), [role="combobox"]:not([aria-disabled="true"]), button:not([disabled])';

/** The control a wrapper focuses: for a radio group the checked radio (or the first), as Tab would. */
export function controlOf(wrapper: Element): HTMLElement | null {
  const radios = Array.from(wrapper.querySelectorAll<HTMLInputElement>('input[type="radio"]:not([disabled])'));
  if (radios.length > 0) {
    const likely = Number(wrapper.querySelector<HTMLElement>('[data-likely]')?.dataset.likely ?? 0);
    return radios.find((r) => r.checked) ?? radios[likely] ?? radios[0] ?? null;
  }
  return wrapper.querySelector<HTMLElement>(CONTROL);
}

function wrappers(container: Element): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>('[data-field]')).filter((w) => controlOf(w) !== null);
}

const skipped = (w: HTMLElement) => w.dataset.enterSkip === 'true';

function focusControl(wrapper: Element): boolean {
  const control = controlOf(wrapper);
  if (!control) return false;
  control.focus();
  if (control instanceof HTMLInputElement && control.type === 'text' && control.value !== '') {
    // Ready to be retyped or kept, as when tabbing in.
    control.select();
  }
  return document.activeElement === control;
}

/** The step's first unanswered field (a preset grade is answered), else its first field. */
export function focusFirstField(container: Element): boolean {
  const list = wrappers(container);
  const first = list.find((w) => w.dataset.answered !== 'true' && !skipped(w)) ?? list[0];
  return first !== undefined && focusControl(first);
}

/** Focus the field after the one holding `from` (presets passed over); false when it was the last. */
export function focusNextField(container: Element, from: Element): boolean {
  const list = wrappers(container);
  const current = from.closest('[data-field]');
  const index = current ? list.indexOf(current as HTMLElement) : -1;
  for (const next of list.slice(index + 1)) if (!skipped(next) && focusControl(next)) return true;
  return false;
}

/**
 * What Enter does once a field is answered: the next field, or after the step's last field the next step
 * (on 核对提交, the submit button). Keys typed while the next step appears wait for it (type-ahead).
 */
export function advanceFrom(from: Element): void {
  const container = from.closest('[data-intake-step]');
  if (container && focusNextField(container, from)) return;
  const store = useIntakeStore.getState();
  if (store.step === REVIEW_STEP) {
    document.querySelector<HTMLElement>('[data-testid="intake-submit"]')?.focus();
    return;
  }
  if (from instanceof HTMLElement) from.blur();
  // A step with a problem still open (a wrong check digit, an age outside the rule) is not left by Enter:
  // the cursor waits on 下一步 beside the message, as the clerk decides (Alt+→ still goes on).
  const plan = activePlan();
  const after = useIntakeStore.getState();
  if (plan && issuesOf(after.data, plan).some((i) => stepOfPath(i.path) === after.step)) {
    document.querySelector<HTMLElement>('[data-testid="intake-next"]')?.focus();
    return;
  }
  store.next();
}

/**
 * An answer that shows or hides fields (是/否, the housing type) is rendered before the cursor moves on,
 * so Enter lands on the field the answer brought and not on one further down.
 */
export function answerThenAdvance(from: Element, answer: () => void): void {
  flushSync(answer);
  advanceFrom(from);
}

/** Focus the field for `path`, or the nearest one: its parent (`guardians.1`) or its first child (`materials.*`). */
export function focusFieldByPath(container: Element, path: string): boolean {
  const list = wrappers(container);
  const exact = list.find((w) => w.dataset.field === path);
  if (exact) return focusControl(exact);
  const child = list.find((w) => w.dataset.field?.startsWith(`${path}.`));
  if (child) return focusControl(child);
  const parts = path.split('.');
  while (parts.length > 1) {
    parts.pop();
    const prefix = parts.join('.');
    const near = list.find((w) => w.dataset.field === prefix || w.dataset.field?.startsWith(`${prefix}.`));
    if (near) return focusControl(near);
  }
  return false;
}
