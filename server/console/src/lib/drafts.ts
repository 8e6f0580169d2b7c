// What a reviewer typed and has not yet sent (decision notes, reasons, comments) is kept in the browser's
// localStorage until the server has taken it, so a failed request, an expired session or a reload loses nothing.
// Keys are per account and per application; nothing of the record itself is stored, only the reviewer's own text.

const PREFIX = 'console.draft.';
/** Drafts older than this are dropped on read (a forgotten draft must not surprise anyone weeks later). */
const MAX_AGE_MS = 14 * 24 * 3600_000;

interface Stored<T> {
  at: number;
  value: T;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function draftKey(...parts: string[]): string {
  return PREFIX + parts.join('.');
}

export function readDraft<T>(key: string): T | null {
  const raw = storage()?.getItem(key);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Stored<T>;
    if (typeof parsed.at !== 'number' || Date.now() - parsed.at > MAX_AGE_MS) {
      storage()?.removeItem(key);
      return null;
    }
    return parsed.value;
  } catch {
    storage()?.removeItem(key);
    return null;
  }
}

export function writeDraft<T>(key: string, value: T): void {
  try {
    storage()?.setItem(key, JSON.stringify({ at: Date.now(), value } satisfies Stored<T>));
  } catch {
    // Storage full or disabled: the form still holds the text; nothing else to do.
  }
}

export function clearDraft(key: string): void {
  storage()?.removeItem(key);
}
