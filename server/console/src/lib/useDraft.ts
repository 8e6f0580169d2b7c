import { useCallback, useMemo } from 'react';
import { clearDraft, readDraft, writeDraft } from './drafts';

/**
 * A form's values kept as a draft under `key` (per account and application): `initial` is the draft when there is
 * one, else `defaults`; `save` is the form's onValuesChange; `clear` after the server has taken it.
 */
export function useDraft<T extends object>(key: string, defaults: T): { initial: T; restored: boolean; save: (all: T) => void; clear: () => void } {
  const draft = useMemo(() => readDraft<Partial<T>>(key), [key]);
  const initial = useMemo(() => ({ ...defaults, ...(draft ?? {}) }), [defaults, draft]);
  const save = useCallback((all: T) => writeDraft(key, all), [key]);
  const clear = useCallback(() => clearDraft(key), [key]);
  return { initial, restored: draft !== null, save, clear };
}
