import { describe, expect, it } from 'vitest';
import { splitRuns } from './fonts';

describe('glyph-coverage runs', () => {
  it('split text by the first font that has each character, spaces following their neighbours', () => {
    const missing = new Set<string>();
    const runs = splitRuns('张 𠮷 𪚥·买买提\u{10FFFD}', missing);
    expect(runs.map((r) => [r.text, r.face])).toEqual([
      ['张 ', 0],
      ['𠮷 ', 1],
      ['𪚥', 2],
      ['·买买提\u{10FFFD}', 0],
    ]);
    expect([...missing]).toEqual(['\u{10FFFD}']);
    expect(runs.map((r) => r.text).join('')).toBe('张 𠮷 𪚥·买买提\u{10FFFD}');
  });
});
