// The suggestions read from an application's scanned pages, as rows beside the form: whose each is, where it
// would go and whether it may be taken. A field that already holds something (typed, or read from a card) is never replaced:
// a different value there is shown for checking only. Pure, so the rules are tested without a window.
import type { ApplicationDraft, Suggestion, SuggestionField, Suggestions } from '../../../../shared/contract';
import { fullYearsOn } from '../../../../shared/domain/age';
import { suggestionPath, type PersonTarget } from './apply';
import { ADULT_RELATIONS, CHILD_RELATIONS } from '../../lib/inputWords';

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

/** A person's own values on a page: one 登记卡 of a 户口簿 page, or the holder of a 居住证. */
export interface PagePerson {
  answer: Suggestions;
  pageId: string;
  person: number;
  values: Suggestion[];
}

const PERSON_FIELDS: ReadonlySet<SuggestionField> = new Set(['name', 'idNumber', 'birthDate', 'relation', 'moveInDate', 'validFrom', 'validTo']);
const isPersonField = (answer: Suggestions, s: Suggestion) => answer.kind !== 'property_certificate' && PERSON_FIELDS.has(s.field);

/** The people on the answers' pages, each with its own values (a page's person index keeps them apart). */
export function pagePeople(answers: readonly Suggestions[]): PagePerson[] {
  const people = new Map<string, PagePerson>();
  for (const answer of answers) {
    if (!answer.kind) continue;
    for (const s of answer.suggestions) {
      if (!isPersonField(answer, s)) continue;
      const key = `${answer.materialKey}\u0000${s.pageId}\u0000${s.person ?? 0}`;
      const p = people.get(key) ?? { answer, pageId: s.pageId, person: s.person ?? 0, values: [] };
      p.values.push(s);
      people.set(key, p);
    }
  }
  return [...people.values()];
}

interface FormPerson {
  target: PersonTarget;
  name: string;
  idNumber: string;
}

function formPeople(draft: ApplicationDraft): FormPerson[] {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const people: FormPerson[] = [{ target: { kind: 'child' }, name: text(draft.child?.name), idNumber: text(draft.child?.idNumber) }];
  (draft.guardians ?? []).forEach((g, index) => people.push({ target: { kind: 'guardian', index }, name: text(g.name), idNumber: text(g.idNumber) }));
  if (draft.proxy) people.push({ target: { kind: 'proxy' }, name: text(draft.proxy.name), idNumber: text(draft.proxy.idNumber) });
  return people;
}

const valueOf = (p: PagePerson, field: SuggestionField) => p.values.find((s) => s.field === field);

/** The page's name is the form's: the same characters, those read uncertainly (a rare one's look-alike) aside. */
function sameName(s: Suggestion, name: string): boolean {
  const a = [...s.value];
  const b = [...name];
  const unsure = new Set(s.uncertain ?? []);
  return a.length === b.length && a.every((ch, i) => ch === b[i] || unsure.has(i));
}

/**
 * Whether a form person is the page's person: by ID number when both have one, else by name (a name cut short by
 * a skipped rare character decides nothing); a birth date on the page unlike the form's ID number says no.
 */
function verdict(f: FormPerson, p: PagePerson): 'same' | 'other' | 'unknown' {
  const id = valueOf(p, 'idNumber');
  if (f.idNumber && id) return f.idNumber === id.value ? 'same' : 'other';
  const born = valueOf(p, 'birthDate');
  if (f.idNumber.length === 18 && born && born.value !== birthOfId(f.idNumber)) return 'other';
  const name = valueOf(p, 'name');
  if (f.name && name && !name.incomplete) return sameName(name, f.name) ? 'same' : 'other';
  return 'unknown';
}

const birthOfId = (id: string) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;


/**
 * With neither ID number nor name to go by: whether the page's person could be the application's child — under 18
 * (by the birth date or ID number read; else a child's or grandchild's relation) and not 户主 or of the
 * householder's generation. Adults are told apart only by number or name: a 户主 may be the father or a
 * grandfather, and the father may be the householder's 长子.
 */
function couldBeChild(f: FormPerson, p: PagePerson, today: string): boolean {
  if (f.target.kind !== 'child') return false;
  const id = valueOf(p, 'idNumber')?.value;
  const born = valueOf(p, 'birthDate')?.value ?? (id ? birthOfId(id) : undefined);
  const relation = valueOf(p, 'relation')?.value;
  if (relation && ADULT_RELATIONS.has(relation)) return false;
  return born ? fullYearsOn(born, today) < 18 : relation !== undefined && CHILD_RELATIONS.test(relation);
}

/**
 * Which form person each page person is; null when it cannot be told. A 户口簿 page's people are matched by ID
 * number when the form has the person's number (from the card reader, say), else by name, else — the child only —
 * by relation and age when exactly one page person fits. A 居住证 belongs to the guardian its item
 * names (`residence-permit:1`) or the person the cursor is in, unless its number or name says otherwise.
 */
export function ownersOf(people: readonly PagePerson[], draft: ApplicationDraft, focused: PersonTarget | null, today: string): Map<PagePerson, PersonTarget | null> {
  const form = formPeople(draft);
  const owners = new Map<PagePerson, PersonTarget | null>();
  const hukou = people.filter((p) => p.answer.kind === 'hukou_booklet');
  for (const p of people) {
    if (p.answer.kind !== 'residence_permit') continue;
    const index = /:(\d)$/.exec(p.answer.materialKey)?.[1];
    const target: PersonTarget | null = index !== undefined ? { kind: 'guardian', index: Number(index) } : focused;
    const f = target ? form.find((x) => JSON.stringify(x.target) === JSON.stringify(target)) : undefined;
    owners.set(p, target && (!f || verdict(f, p) !== 'other') ? target : null);
  }
  const claimed = new Set<FormPerson>();
  for (const p of hukou) {
    const same = form.filter((f) => verdict(f, p) === 'same');
    owners.set(p, same.length === 1 ? (same[0] as FormPerson).target : null);
    if (same.length === 1) claimed.add(same[0] as FormPerson);
  }
  const open = hukou.filter((p) => owners.get(p) === null && !form.some((f) => verdict(f, p) === 'same'));
  const fits = new Map(open.map((p) => [p, form.filter((f) => !claimed.has(f) && verdict(f, p) === 'unknown' && couldBeChild(f, p, today))]));
  for (const p of open) {
    const [f, ...more] = fits.get(p) ?? [];
    if (f && more.length === 0 && open.every((q) => q === p || !(fits.get(q) ?? []).includes(f))) owners.set(p, f.target);
  }
  return owners;
}

/**
 * Every suggestion of the answers, one row per target field and value (the first page that gave it). A person's
 * values go to the form person that page person is (ownersOf); people matched to no one give no rows (counted in
 * `unmatched`), and a 户口簿 迁入 date is the child's own.
 */
export function suggestionRows(answers: readonly Suggestions[], draft: ApplicationDraft, person: PersonTarget | null, today: string): { rows: SuggestionRow[]; unmatched: number } {
  const rows: SuggestionRow[] = [];
  const seen = new Set<string>();
  const people = pagePeople(answers);
  const owners = ownersOf(people, draft, person, today);
  const ownerOf = new Map<Suggestion, PersonTarget | null>(people.flatMap((p) => p.values.map((s) => [s, owners.get(p) ?? null] as const)));
  for (const answer of answers) {
    if (!answer.kind) continue;
    for (const s of answer.suggestions) {
      const personal = isPersonField(answer, s);
      const owner = personal ? (ownerOf.get(s) ?? null) : null;
      if (personal && (owner === null || (s.field === 'moveInDate' && owner.kind !== 'child'))) continue;
      const path = suggestionPath(answer.kind, s.field, answer.materialKey, owner);
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
  return { rows, unmatched: people.filter((p) => owners.get(p) === null).length };
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
