import { describe, it, expect } from 'vitest';
import { initialsWith, normaliseName, validatePersonName, type InitialsLookup } from './names';
import { pinyinInitials } from './pinyin';

const codePoints = (s: string) => [...s].map((c) => (c.codePointAt(0) ?? 0).toString(16));

describe('normaliseName', () => {
  it.each([
    ['trims and collapses whitespace', '  John   Smith ', 'John Smith'],
    ['ideographic space', '\u3000王小明\u3000', '王小明'],
    ['removes spaces between Han characters', '张 三', '张三'],
    ['bullet • (U+2022)', '阿依古丽•买买提', '阿依古丽·买买提'],
    ['katakana middle dot ・ (U+30FB)', '阿依古丽・买买提', '阿依古丽·买买提'],
    ['half-width katakana dot ･ (U+FF65)', '阿依古丽･买买提', '阿依古丽·买买提'],
    ['hyphenation point ‧ (U+2027)', '阿依古丽‧买买提', '阿依古丽·买买提'],
    ['bullet operator ∙ (U+2219)', '阿依古丽∙买买提', '阿依古丽·买买提'],
    ['dot operator ⋅ (U+22C5)', '阿依古丽⋅买买提', '阿依古丽·买买提'],
    ['black circle ● (U+25CF)', '阿依古丽●买买提', '阿依古丽·买买提'],
    ['Greek ano teleia (U+0387)', '阿依古丽\u0387买买提', '阿依古丽·买买提'],
    ['full stop between Han characters', '阿依古丽.买买提', '阿依古丽·买买提'],
    ['full-width full stop between Han characters', '阿依古丽．买买提', '阿依古丽·买买提'],
    ['spaces around the dot', '阿依古丽 · 买买提', '阿依古丽·买买提'],
    ['three-part name', '努尔•艾力•买买提', '努尔·艾力·买买提'],
    ['full-width Latin and typographic apostrophe', 'Ｏ’Ｂrien', "O'Brien"],
    ['en dash as hyphen', 'Anne–Marie', 'Anne-Marie'],
    ['leaves a Latin initial alone', 'J. Smith', 'J. Smith'],
  ])('%s', (_label, raw, expected) => {
    expect(normaliseName(raw)).toBe(expected);
  });

  it.each([
    ['𠮷田', 'Extension B 𠮷 (U+20BB7)'],
    ['𡈽', 'Extension B 𡈽 (U+2123D)'],
    ['王𬌗', 'Extension E character'],
    ['李﨑', 'CJK compatibility ideograph 﨑 (U+FA11), which NFC would change'],
    ['金剛', 'ordinary BMP characters'],
  ])('keeps %s exactly (%s)', (name) => {
    expect(codePoints(normaliseName(name))).toEqual(codePoints(name));
    expect(normaliseName(` ${name} `)).toBe(name);
  });
});

describe('validatePersonName', () => {
  it.each([
    ['张三'],
    ['𠮷田'],
    ['𡈽'],
    ['李﨑'],
    ['阿依古丽·买买提'],
    ['John Smith'],
    ["O'Brien"],
    ['Anne-Marie Dupont'],
    ['José Müller'],
    ['佐々木'],
    // 60 code points, several outside the BMP (120 UTF-16 units): the limit counts characters.
    ['𠮷'.repeat(30) + '买'.repeat(30)],
  ])('accepts %s', (name) => {
    expect(validatePersonName(name)).toBeNull();
  });

  it.each([
    ['empty', '', /请填写姓名/],
    ['61 characters', '买'.repeat(61), /最多 60 个字，当前 61 个/],
    ['leading dot', '·买买提', /不能在开头或结尾/],
    ['trailing dot', '阿依古丽·', /不能在开头或结尾/],
    ['double dot', '阿依古丽··买买提', /两个相连的间隔号/],
    ['digit', '张3', /不能含有“3”（U\+0033）/],
    ['un-normalised bullet', '阿依古丽•买买提', /不能含有“•”（U\+2022）/],
    ['Kangxi radical that looks like 人', '⼈民', /部首符号/],
    ['private-use character', '王\uE000', /私用区字符/],
    ['emoji', '张😀', /不能含有/],
    ['leading hyphen', '-Anne', /不能以空格、连字符或撇号开头或结尾/],
    ['double hyphen', 'Anne--Marie', /重复的空格、连字符或撇号/],
    ['only punctuation', "'", /不能以/],
  ])('rejects %s', (_label, name, message) => {
    expect(validatePersonName(name)).toMatch(message);
  });
});

describe('initialsWith (lookup injected)', () => {
  // A stub dictionary: knows three characters; anything else has no pinyin.
  const table: Record<string, string> = { 张: 'z', 三: 's', 田: 't' };
  const stub: InitialsLookup = (run) => [...run].map((c) => table[c] ?? c);

  it.each([
    ['张三', 'zs'],
    ['𠮷田', '𠮷t'],
    ['𡈽', '𡈽'],
    ['John Smith', 'js'],
    ['张•三', 'zs'],
  ])('%s → %s', (name, expected) => {
    expect(initialsWith(name, stub)).toBe(expected);
  });

  it('keeps characters when the lookup returns the wrong number of entries', () => {
    expect(initialsWith('张三', () => ['z'])).toBe('张三');
  });
});

describe('pinyinInitials (pinyin-pro)', () => {
  it.each([
    ['张三', 'zs'],
    ['阿依古丽·买买提', 'ayglmmt'],
    ['单田芳', 'stf'], // surname reading shàn
    ['曾小明', 'zxm'], // surname reading zēng
    ['𠮷田', '𠮷t'],
    ['𡈽', '𡈽'],
    ['John Smith', 'js'],
  ])('%s → %s', (name, expected) => {
    expect(pinyinInitials(name)).toBe(expected);
  });
});
