// Type-ahead: a clerk types ahead of the screen. While a step changes, a card is added or a submission
// runs, the field that will take the next keystrokes does not exist yet; without this, what is typed in
// that moment goes to the page body and is lost without a word. `holdKeys()` parks the focus in a hidden
// sink that records every keystroke (and text put in by an input method) in order; `releaseKeys()`, called
// once the next field has the focus, plays them back into it: characters as typed text, other keys as
// key events through the same handlers (so an Enter typed ahead still moves on, and may hold again).

type Held = { kind: 'text'; text: string } | { kind: 'key'; init: KeyboardEventInit };

/** Longest a hold may last by default: after this the keys go to whatever has the focus rather than wait for ever. */
const MAX_HOLD_MS = 1500;

let holding = false;
let queue: Held[] = [];
let sink: HTMLTextAreaElement | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let replaying = false;
/** Where the focus was when the hold began: it goes back there if nothing else took it. */
let before: Element | null = null;

function isTextKey(e: KeyboardEvent): boolean {
  return [...e.key].length === 1 && !e.ctrlKey && !e.altKey && !e.metaKey;
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'Process', 'Unidentified', 'Dead']);

function onKeyDown(e: KeyboardEvent): void {
  if (!holding || replaying || !e.isTrusted) return;
  if (MODIFIERS.has(e.key) || e.isComposing) return;
  e.preventDefault();
  e.stopImmediatePropagation();
  if (isTextKey(e)) queue.push({ kind: 'text', text: e.key });
  else
    queue.push({
      kind: 'key',
      init: { key: e.key, code: e.code, ctrlKey: e.ctrlKey, altKey: e.altKey, shiftKey: e.shiftKey, metaKey: e.metaKey, bubbles: true, cancelable: true },
    });
}

/** Text put in without a key (an input method, a paste) lands in the sink. */
function onSinkInput(): void {
  if (!sink) return;
  const text = sink.value;
  sink.value = '';
  if (text !== '') queue.push({ kind: 'text', text });
}

function ensureSink(): HTMLTextAreaElement {
  if (sink?.isConnected) return sink;
  sink = document.createElement('textarea');
  sink.setAttribute('aria-hidden', 'true');
  sink.tabIndex = -1;
  sink.dataset.testid = 'type-ahead-sink';
  Object.assign(sink.style, { position: 'fixed', left: '-1000px', top: '0', width: '10px', height: '10px', opacity: '0' });
  sink.addEventListener('input', onSinkInput);
  document.body.appendChild(sink);
  window.addEventListener('keydown', onKeyDown, true);
  return sink;
}

/**
 * Keystrokes from now on wait for `releaseKeys()`, or at most `maxMs` (a step appearing: MAX_HOLD_MS; a call to
 * the core that ends by releasing them either way, such as a submission: longer).
 */
export function holdKeys(maxMs = MAX_HOLD_MS): void {
  if (typeof document === 'undefined') return;
  const el = ensureSink();
  holding = true;
  if (timer !== undefined) clearTimeout(timer);
  timer = setTimeout(() => releaseKeys(), maxMs);
  // The field that had the focus is about to go (or to be left): text an input method puts in meanwhile
  // must not land there, so the sink takes the focus at once.
  if (document.activeElement !== el) {
    if (!replaying) before = document.activeElement;
    el.focus({ preventScroll: true });
  }
}

export function isHolding(): boolean {
  return holding;
}

const TEXT_INPUTS = new Set(['text', 'search', 'tel', 'number', 'email', 'url', 'password']);

function insertText(text: string): void {
  const el = document.activeElement;
  const typable = el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && TEXT_INPUTS.has(el.type));
  if (typable) {
    // Through the editing command, so React and the field's own handlers see an ordinary input.
    if (!document.execCommand('insertText', false, text)) {
      el.setRangeText(text, el.selectionStart ?? el.value.length, el.selectionEnd ?? el.value.length, 'end');
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }
    return;
  }
  // A radio, checkbox or button: its one-key answers (Y/N, 1/2/3) come as key presses.
  for (const ch of [...text]) {
    const event = new KeyboardEvent('keydown', { key: ch, bubbles: true, cancelable: true });
    el?.dispatchEvent(event);
    if (!event.defaultPrevented && ch === ' ' && el instanceof HTMLButtonElement) el.click();
  }
}

/** The next field has the focus: play back what was typed meanwhile, in order. */
export function releaseKeys(): void {
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  holding = false;
  if (sink && document.activeElement === sink) {
    sink.blur();
    if (before instanceof HTMLElement && before.isConnected) before.focus({ preventScroll: true });
  }
  before = null;
  replaying = true;
  try {
    while (queue.length > 0 && !holding) {
      const item = queue.shift()!;
      if (item.kind === 'text') insertText(item.text);
      else {
        const target = document.activeElement ?? document.body;
        const event = new KeyboardEvent('keydown', item.init);
        target.dispatchEvent(event);
        // A key no handler took that a browser would act on by itself (a played-back event has no default
        // action): Tab moves the focus on, Enter presses a button or follows a link.
        if (!event.defaultPrevented) defaultAction(target, item.init);
      }
    }
  } finally {
    replaying = false;
  }
  // A replayed key started a new hold (Enter on a last field): the rest waits for that one.
  if (holding && sink && document.activeElement !== sink && (document.activeElement === document.body || document.activeElement === null)) {
    sink.focus({ preventScroll: true });
  }
}

function defaultAction(target: Element, init: KeyboardEventInit): void {
  if (init.ctrlKey || init.altKey || init.metaKey) return;
  if (init.key === 'Tab') moveFocusByTab(init.shiftKey === true);
  else if (init.key === 'Enter' && (target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement)) target.click();
}

function moveFocusByTab(back: boolean): void {
  const all = Array.from(document.querySelectorAll<HTMLElement>('input, select, textarea, button, a[href], [tabindex]')).filter(
    (el) => el.tabIndex >= 0 && !el.hasAttribute('disabled') && el.offsetParent !== null,
  );
  const i = all.indexOf(document.activeElement as HTMLElement);
  all[back ? i - 1 : i + 1]?.focus();
}

/** For tests: drop everything (a page reset between cases). */
export function resetTypeAhead(): void {
  holding = false;
  queue = [];
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
}
