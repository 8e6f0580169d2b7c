// Keyboard movement inside a wizard step. Every answer sits in a wrapper `[data-field="<path>"]`;
// Enter moves to the next wrapper's control, a jump from the review list focuses one by path.

const CONTROL =
  'input:not([disabled]):not([type="hidden"]):not([readonly]), textarea:not([disabled]), [role="combobox"]:not([aria-disabled="true"]), button:not([disabled])';

/** The control a wrapper focuses: for a radio group the checked radio (or the first), as Tab would. */
export function controlOf(wrapper: Element): HTMLElement | null {
  const radios = Array.from(wrapper.querySelectorAll<HTMLInputElement>('input[type="radio"]:not([disabled])'));
  if (radios.length > 0) return radios.find((r) => r.checked) ?? radios[0] ?? null;
  return wrapper.querySelector<HTMLElement>(CONTROL);
}

function wrappers(container: Element): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>('[data-field]')).filter((w) => controlOf(w) !== null);
}

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

export function focusFirstField(container: Element): boolean {
  const first = wrappers(container)[0];
  return first !== undefined && focusControl(first);
}

/** Focus the field after the one holding `from`; false when it was the last. */
export function focusNextField(container: Element, from: Element): boolean {
  const list = wrappers(container);
  const current = from.closest('[data-field]');
  const index = current ? list.indexOf(current as HTMLElement) : -1;
  for (const next of list.slice(index + 1)) if (focusControl(next)) return true;
  return false;
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
