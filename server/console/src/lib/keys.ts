/** Inputs, selects and pickers keep their own keys; page shortcuts must not steal them. */
export function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target.closest('.ant-select, .ant-picker, [role="combobox"], [role="listbox"]') !== null;
}

/** A dialog has the keyboard; the page's shortcuts wait. */
export function overlayOpen(): boolean {
  return [...document.querySelectorAll<HTMLElement>('.ant-modal-wrap')].some((el) => el.offsetParent !== null || getComputedStyle(el).display !== 'none');
}

/** A shortcut for the page: no modifier, no dialog, not typed into a field. */
export function pageShortcut(e: KeyboardEvent): boolean {
  return !e.defaultPrevented && !e.altKey && !e.ctrlKey && !e.metaKey && !overlayOpen() && !isEditable(e.target);
}
