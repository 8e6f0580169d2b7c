import { describe, expect, it } from 'vitest';
import type { Suggestions } from '../../../../shared/contract';
import { offerFor, suggestionRows, uncertainRuns } from './suggestions';

const page = { pageId: 'p1', pageNo: 1, confidence: 0.99 };
const hukou: Suggestions = {
  applicationId: 'a',
  materialKey: 'hukou-booklet',
  kind: 'hukou_booklet',
  pages: [],
  suggestions: [
    { field: 'moveInDate', value: '2020-04-01', ...page },
    { field: 'address', value: '示例县城关街道书香苑3号楼201室', ...page },
    { field: 'name', value: '吉田明', uncertain: [0], ...page },
    { field: 'relation', value: '长子', ...page },
  ],
};

describe('suggestion rows beside the form', () => {
  it('offers a suggestion only into an empty field; what the clerk typed is never replaced', () => {
    const rows = suggestionRows([hukou], { hukou: { address: '示例县城关街道书香苑3号楼202室' } }, { kind: 'child' });
    const by = Object.fromEntries(rows.map((r) => [r.suggestion.field, r]));
    expect(by.moveInDate).toMatchObject({ path: 'hukou.moveInDate', state: 'offer' });
    expect(by.address).toMatchObject({ path: 'hukou.address', state: 'differs', current: '示例县城关街道书香苑3号楼202室' });
    expect(by.name).toMatchObject({ path: 'child.name', state: 'offer' });
    expect(by.relation).toMatchObject({ path: null, state: 'checkOnly' });
    expect(offerFor(rows, 'hukou.address')).toBeUndefined();
    expect(offerFor(rows, 'hukou.moveInDate')?.suggestion.value).toBe('2020-04-01');
  });

  it('says when the field already holds the value, and never offers an incomplete name', () => {
    const incomplete: Suggestions = { ...hukou, suggestions: [{ field: 'name', value: '小龙', incomplete: true, ...page }] };
    const rows = suggestionRows([hukou, incomplete], { hukou: { moveInDate: '2020-04-01' } }, { kind: 'guardian', index: 1 });
    expect(rows.find((r) => r.suggestion.field === 'moveInDate')?.state).toBe('same');
    expect(rows.find((r) => r.suggestion.value === '小龙')).toMatchObject({ path: 'guardians.1.name', state: 'incomplete' });
    expect(offerFor(rows, 'guardians.1.name')?.suggestion.value).toBe('吉田明');
  });

  it('marks the uncertain characters of a value', () => {
    expect(uncertainRuns({ field: 'name', value: '𠮷田明', uncertain: [0], ...page })).toEqual([
      { text: '𠮷', uncertain: true },
      { text: '田明', uncertain: false },
    ]);
  });
});
