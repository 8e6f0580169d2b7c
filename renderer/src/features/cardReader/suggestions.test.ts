import { describe, expect, it } from 'vitest';
import type { ApplicationDraft, Suggestion, SuggestionField, Suggestions } from '../../../../shared/contract';
import { offerFor, suggestionRows as rowsOf, uncertainRuns } from './suggestions';

const TODAY = '2026-06-20';
const suggestionRows = (answers: Suggestions[], draft: ApplicationDraft, person: Parameters<typeof rowsOf>[2]) => rowsOf(answers, draft, person, TODAY).rows;

const page = { pageId: 'p1', pageNo: 1, confidence: 0.99 };
const hukou: Suggestions = {
  applicationId: 'a',
  materialKey: 'hukou-booklet',
  kind: 'hukou_booklet',
  pages: [],
  suggestions: [
    { field: 'moveInDate', value: '2020-04-01', ...page },
    { field: 'address', value: '示例县城关街道书香苑3号楼201室', ...page },
    { field: 'name', value: '吉田明', uncertain: [0], person: 0, ...page },
    { field: 'relation', value: '长子', person: 0, ...page },
  ],
};

describe('suggestion rows beside the form', () => {
  it('offers a suggestion only into an empty field; what the clerk typed is never replaced', () => {
    const rows = suggestionRows([hukou], { hukou: { address: '示例县城关街道书香苑3号楼202室' } }, null);
    const by = Object.fromEntries(rows.map((r) => [r.suggestion.field, r]));
    expect(by.moveInDate).toMatchObject({ path: 'hukou.moveInDate', state: 'offer' });
    expect(by.address).toMatchObject({ path: 'hukou.address', state: 'differs', current: '示例县城关街道书香苑3号楼202室' });
    expect(by.name).toMatchObject({ path: 'child.name', state: 'offer' });
    expect(by.relation).toMatchObject({ path: null, state: 'checkOnly' });
    expect(by.moveInDate?.suggestion.person).toBeUndefined(); // a page-wide value here: the household's
    expect(offerFor(rows, 'hukou.address')).toBeUndefined();
    expect(offerFor(rows, 'hukou.moveInDate')?.suggestion.value).toBe('2020-04-01');
  });

  it('says when the field already holds the value, and never offers an incomplete name', () => {
    const incomplete: Suggestions = { ...hukou, suggestions: [{ field: 'name', value: '小龙', incomplete: true, person: 0, ...page, pageId: 'p2' }, { field: 'relation', value: '长女', person: 0, ...page, pageId: 'p2' }] };
    const rows = suggestionRows([incomplete], { hukou: { moveInDate: '2020-04-01' } }, null);
    expect(rows.find((r) => r.suggestion.value === '小龙')).toMatchObject({ path: 'child.name', state: 'incomplete' });
    expect(offerFor(rows, 'child.name')).toBeUndefined();
    expect(suggestionRows([hukou], { hukou: { moveInDate: '2020-04-01' } }, null).find((r) => r.suggestion.field === 'moveInDate')?.state).toBe('same');
  });

  it('marks the uncertain characters of a value', () => {
    expect(uncertainRuns({ field: 'name', value: '𠮷田明', uncertain: [0], ...page })).toEqual([
      { text: '𠮷', uncertain: true },
      { text: '田明', uncertain: false },
    ]);
  });
});

/**
 * The people the core reads from its recorded two-card page (electron/core/services/ocr/fixtures/hukou-spread.json;
 * ocr.test.ts checks it reads exactly these): the householder left, his school-age son right.
 */
const head: Record<string, string> = { name: '付博涵', idNumber: '320106197703042523', birthDate: '1977-03-04', relation: '户主', moveInDate: '1977-04-12' };
const son: Record<string, string> = { name: '肖军子', idNumber: '371103201612106819', birthDate: '2016-12-10', relation: '次子', moveInDate: '2021-10-15' };
const spread = { persons: [head, son] };
const twoPeople: Suggestions = {
  applicationId: 'a',
  materialKey: 'hukou-booklet',
  kind: 'hukou_booklet',
  pages: [],
  suggestions: spread.persons.flatMap((p, person) => Object.entries(p).map(([field, value]): Suggestion => ({ field: field as SuggestionField, value, person, ...page }))),
};
/** Each row as "path field=value state" (a row no field takes: "-"), sorted. */
const offered = (draft: ApplicationDraft, focused: Parameters<typeof rowsOf>[2] = null) =>
  suggestionRows([twoPeople], draft, focused)
    .map((r) => `${r.path ?? '-'} ${r.suggestion.field}=${r.suggestion.value} ${r.state}`)
    .sort();
const sorted = (xs: string[]) => [...xs].sort();

describe('a 户口簿 page holding two people', () => {
  const sonRows = [
    `child.name name=${son.name} offer`,
    `child.idNumber idNumber=${son.idNumber} offer`,
    `child.birthDate birthDate=${son.birthDate} offer`,
    `hukou.moveInDate moveInDate=${son.moveInDate} offer`,
    `- relation=${son.relation} checkOnly`,
  ];

  it('matches a person by the ID number the form holds (read from a card), wherever the cursor is', () => {
    const father = { relation: 'father' as const, name: head.name, idNumber: head.idNumber };
    // The cursor in the child's name changes nothing: the father's values go to the father only.
    expect(offered({ guardians: [father] }, { kind: 'child' })).toEqual(
      sorted([
        `guardians.0.name name=${head.name} same`,
        `guardians.0.idNumber idNumber=${head.idNumber} same`,
        `- birthDate=${head.birthDate} checkOnly`,
        `- relation=${head.relation} checkOnly`,
        // The son (the only minor on the page, 次子) is the child: his 迁入 date is the application's, never the father's.
        ...sonRows,
      ]),
    );
  });

  it('with no number in the form, matches by name, else the child alone by relation and age', () => {
    // Nothing typed: only the child can be told (under 18, not 户主); the householder is nobody's until named.
    const empty = suggestionRows([twoPeople], { guardians: [{ relation: 'father' }] }, { kind: 'guardian', index: 0 });
    expect(empty.map((r) => `${r.path ?? '-'} ${r.suggestion.field}=${r.suggestion.value} ${r.state}`).sort()).toEqual(sorted(sonRows));
    expect(rowsOf([twoPeople], {}, null, TODAY).unmatched).toBe(1);
    // The father's name typed: he is matched by it and his number offered to him.
    expect(offered({ guardians: [{ relation: 'father', name: head.name }] })).toContain(`guardians.0.idNumber idNumber=${head.idNumber} offer`);
    // Two minors on a page: neither is taken for the child by age alone.
    const twoMinors: Suggestions = { ...twoPeople, suggestions: twoPeople.suggestions.map((s) => (s.person === 0 && s.field === 'relation' ? { ...s, value: '长子' } : s.person === 0 && s.field === 'idNumber' ? { ...s, value: son.idNumber as string } : s.person === 0 && s.field === 'birthDate' ? { ...s, value: son.birthDate as string } : s)) };
    expect(suggestionRows([twoMinors], {}, null)).toEqual([]);
  });

  it("never offers one person's values for another", () => {
    // The child's number in the form is neither card's: no card is the child's, whatever its relation or age.
    const otherChild = offered({ child: { name: son.name, idNumber: '379901202003150317' } });
    expect(otherChild.filter((r) => r.startsWith('child.') || r.startsWith('hukou.'))).toEqual([]);
    // The child's name typed differently: the son's values are not offered to the child.
    expect(offered({ child: { name: '张小明' } }).filter((r) => r.startsWith('child.') || r.startsWith('hukou.'))).toEqual([]);
    // Only the father's number in guardian 0 (his name not typed yet): matched by it, his name is offered to him and
    // nothing of his to the child, where the cursor is.
    const rows = offered({ guardians: [{ relation: 'father', idNumber: head.idNumber }] }, { kind: 'child' });
    expect(rows.filter((r) => r.startsWith('child.') && r.includes(head.idNumber as string))).toEqual([]);
    expect(rows).toContain(`guardians.0.name name=${head.name} offer`);
  });
});
