// What a card read or an accepted page suggestion changes in the application draft. Pure: the intake store runs
// these through its `update` (one change, autosaved, duplicates re-checked) and focuses nothing by itself.
import type { ApplicationDraft, IdCard, OcrDocumentKind, SuggestionField } from '../../../../shared/contract';

/** The person section a card is read into. */
export type PersonTarget = { kind: 'child' } | { kind: 'guardian'; index: number } | { kind: 'proxy' };

export interface Change {
  draft: ApplicationDraft;
  /** Dotted paths written, e.g. `guardians.0.name`. */
  paths: string[];
}

/** A person section's path prefix from a focused field's path (`guardians.1.mobile` → guardian 1). */
export function personOfPath(path: string): PersonTarget | null {
  if (/^child(\.|$)/.test(path)) return { kind: 'child' };
  if (/^proxy(\.|$)/.test(path)) return { kind: 'proxy' };
  const g = /^guardians\.(\d+)(\.|$)/.exec(path);
  return g ? { kind: 'guardian', index: Number(g[1]) } : null;
}

function prefix(t: PersonTarget): string {
  return t.kind === 'guardian' ? `guardians.${t.index}` : t.kind;
}

/**
 * The card's name and number (and, for the child, birth date and sex) into the person; the card's address into
 * the 户籍 address when that is still empty (a card's address is the holder's registered address).
 */
export function applyCard(draft: ApplicationDraft, target: PersonTarget, card: IdCard): Change {
  const person = { name: card.name, idType: card.kind, idNumber: card.idNumber };
  const paths = ['name', 'idType', 'idNumber'].map((f) => `${prefix(target)}.${f}`);
  let next: ApplicationDraft;
  if (target.kind === 'child') {
    next = { ...draft, child: { ...draft.child, ...person, birthDate: card.birthDate, ...(card.sex ? { sex: card.sex } : {}) } };
    paths.push('child.birthDate', ...(card.sex ? ['child.sex'] : []));
  } else if (target.kind === 'proxy') {
    next = { ...draft, proxy: { ...(draft.proxy ?? {}), ...person } };
  } else {
    const guardians = [...(draft.guardians ?? [])];
    while (guardians.length <= target.index) guardians.push({});
    guardians[target.index] = { ...guardians[target.index], ...person };
    next = { ...draft, guardians };
  }
  if (card.address && !draft.hukou?.address && target.kind !== 'proxy') {
    next = { ...next, hukou: { ...next.hukou, address: card.address } };
    paths.push('hukou.address');
  }
  return { draft: next, paths };
}

/**
 * Where an accepted suggestion goes. Person fields go to the person the clerk has open (a residence permit item
 * `residence-permit:1` belongs to guardian 1); null when there is no place for it (the validity of a 居住证
 * and a relation are shown for checking only).
 */
export function suggestionPath(kind: OcrDocumentKind, field: SuggestionField, materialKey: string, person: PersonTarget | null): string | null {
  const perGuardian = /:(\d)$/.exec(materialKey);
  const who = perGuardian ? `guardians.${perGuardian[1]}` : person ? prefix(person) : null;
  switch (field) {
    case 'name':
    case 'idNumber':
      return who ? `${who}.${field}` : null;
    case 'birthDate':
      return who === 'child' ? 'child.birthDate' : null;
    case 'moveInDate':
      return 'hukou.moveInDate';
    case 'address':
      return kind === 'property_certificate' ? 'housing.address' : 'hukou.address';
    case 'owner':
      return 'housing.ownerName';
    case 'registrationDate':
      return 'housing.registrationDate';
    case 'certificateNumber':
      return 'housing.certificateNumber';
    case 'relation':
    case 'validFrom':
    case 'validTo':
      return null;
  }
}
