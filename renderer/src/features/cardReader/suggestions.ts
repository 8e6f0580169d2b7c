// The suggestions read from an application's scanned pages, as rows beside the form: where each would go and
// whether it may be taken. A field that already holds something (typed, or read from a card) is never replaced:
// a different value there is shown for checking only. Pure, so the rules are tested without a window.
import type { ApplicationDraft, Suggestion, Suggestions } from '../../../../shared/contract';
import { suggestionPath, type PersonTarget } from './apply';

export type RowState =
  /** The field is empty: one key (F4 in the field) or the button takes it. */
  | 'offer'
  /** The field already holds this value. */
  | 'same'
  /** The field holds something else: never replaced, shown so the clerk compares with the page. */
  | 'differs'
  /** A rare character was skipped: shown for checking, typed by hand. */
  | 'incomplete'
  /** No field takes it (a 居住证's validity, a relation): shown for checking. */
  | 'checkOnly';

export interface SuggestionRow {
  id: string;
  materialKey: string;
  suggestion: Suggestion;
  path: string | null;
  state: RowState;
  /** What the field holds now, for 'same' and 'differs'. */
  current?: string;
}

function valueAt(draft: ApplicationDraft, path: string): unknown {
  let at: unknown = draft;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** Every suggestion of the answers, one row per target field and value (the first page that gave it). */
export function suggestionRows(answers: readonly Suggestions[], draft: ApplicationDraft, person: PersonTarget | null): SuggestionRow[] {
  const rows: SuggestionRow[] = [];
  const seen = new Set<string>();
  for (const answer of answers) {
    if (!answer.kind) continue;
    for (const s of answer.suggestions) {
      const path = suggestionPath(answer.kind, s.field, answer.materialKey, person);
      const key = `${path ?? `${answer.materialKey}:${s.field}`}\u0000${s.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const id = `${answer.materialKey}.${s.field}.${rows.length}`;
      if (!path) {
        rows.push({ id, materialKey: answer.materialKey, suggestion: s, path, state: 'checkOnly' });
        continue;
      }
      const held = valueAt(draft, path);
      const current = typeof held === 'string' ? held.trim() : typeof held === 'number' || typeof held === 'boolean' ? String(held) : '';
      const state: RowState = current !== '' ? (current === s.value ? 'same' : 'differs') : s.incomplete ? 'incomplete' : 'offer';
      rows.push({ id, materialKey: answer.materialKey, suggestion: s, path, state, ...(current !== '' ? { current } : {}) });
    }
  }
  return rows;
}

/** The suggestion F4 takes in the field at `path`: the first one offered for it. */
export function offerFor(rows: readonly SuggestionRow[], path: string): SuggestionRow | undefined {
  return rows.find((r) => r.path === path && r.state === 'offer');
}

/** The value split into runs, the uncertain characters apart, for marking them on screen. */
export function uncertainRuns(s: Suggestion): Array<{ text: string; uncertain: boolean }> {
  const marked = new Set(s.uncertain ?? []);
  const runs: Array<{ text: string; uncertain: boolean }> = [];
  [...s.value].forEach((ch, i) => {
    const u = marked.has(i);
    const last = runs[runs.length - 1];
    if (last && last.uncertain === u) last.text += ch;
    else runs.push({ text: ch, uncertain: u });
  });
  return runs;
}
