import { describe, it, expect } from 'vitest';
import { initialsWith, nameSearchForm, normaliseName, separatorSuggestion, validatePersonName, type InitialsLookup } from './names';
import { pinyinInitials, supplementReading } from './pinyin';

const codePoints = (s: string) => [...s].map((c) => (c.codePointAt(0) ?? 0).toString(16));

describe('normaliseName', () => {
  it.each([
    ['trims and collapses whitespace', '  John   Smith ', 'John Smith'],
    ['ideographic space', '\u3000王小明\u3000', '王小明'],
    ['keeps a space between Han characters for the clerk to confirm', '张 三', '张 三'],
    ['zero-width space becomes the space it stands for', '阿依古丽\u200B买买提', '阿依古丽 买买提'],
    ['invisible characters at the ends are trimmed', '\uFEFF王小明\u200D', '王小明'],
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

describe('separators where the dot belongs are offered, never dropped', () => {
  it.each([
    ['阿依古丽 买买提', '阿依古丽·买买提'],
    ['阿依古丽\u3000买买提', '阿依古丽·买买提'],
    ['阿依古丽\u200B买买提', '阿依古丽·买买提'],
    ['阿依古丽  买买提', '阿依古丽·买买提'],
    ['阿依古丽-买买提', '阿依古丽·买买提'],
    ['努尔 艾力·买买提', '努尔·艾力·买买提'],
    ['张 三', '张·三'],
  ])('%s → offers %s, and the rule refuses the name until the clerk decides', (typed, offered) => {
    expect(separatorSuggestion(typed)).toBe(offered);
    const problem = validatePersonName(normaliseName(typed));
    expect(problem).toMatch(/汉字之间有空格或连字符.*间隔号“·”/);
    expect(problem).toContain(offered);
    expect(validatePersonName(offered)).toBeNull();
  });

  it.each([['张三'], ['阿依古丽·买买提'], ['John Smith'], ['Anne-Marie'], ['王 Smith']])('%s has nothing to offer', (name) => {
    expect(separatorSuggestion(name)).toBeNull();
  });

  it('search still finds a name typed with a space', () => {
    expect(nameSearchForm(' 张 三 ')).toBe('张三');
  });
});

describe('every name the desk accepts prints', () => {
  it('accepts Extension G and H characters the printing fonts draw', () => {
    expect(validatePersonName('王\u{30000}')).toBeNull(); // Ext G
    expect(validatePersonName('李\u{31350}明')).toBeNull(); // Ext H
  });

  it.each([
    ['Extension G without a glyph', '王\u{30041}', 'U+30041'],
    ['Extension H without a glyph', '李\u{31353}', 'U+31353'],
    ['Extension I (no font has it)', '张\u{2EBF0}', 'U+2EBF0'],
  ])('refuses %s at input, saying why', (_label, name, code) => {
    expect(validatePersonName(name)).toMatch(new RegExp(`${code.replace('+', '\\+')}.*打印字体没有这个字.*空白方框.*联系主管`));
  });

  it('never quotes an invisible character', () => {
    for (const ch of ['\u2062', '\u200E', '\u202E', '\u0000', '\uFE0F', '\u0301']) {
      const message = validatePersonName(`张${ch}三`) ?? '';
      expect(message, JSON.stringify(ch)).toMatch(/不可见字符（U\+[0-9A-F]{4}）/);
      expect(message.includes(ch), JSON.stringify(ch)).toBe(false);
    }
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

describe('supplementReading (Unihan)', () => {
  it('reads characters pinyin-pro does not know, directly or through the variant they stand for', () => {
    expect(supplementReading('𠮷')).toBe('ji'); // only a variant of 吉 in Unihan
    expect(supplementReading('𪚥')).toBe('zhe');
    expect(supplementReading('张')).toBeUndefined(); // pinyin-pro knows it: not duplicated
  });
});

describe('pinyinInitials (pinyin-pro)', () => {
  it.each([
    ['张三', 'zs'],
    ['阿依古丽·买买提', 'ayglmmt'],
    ['单田芳', 'stf'], // surname reading shàn
    ['曾小明', 'zxm'], // surname reading zēng
    ['王𠮷祥', 'wjx'], // 𠮷 (U+20BB7) reads jí: through the Unihan supplement
    ['𠮷田', 'jt'],
    ['㑧', 'j'], // CJK Extension A, unknown to pinyin-pro
    ['𡈽', '𡈽'], // no source has a reading: kept as itself
    ['John Smith', 'js'],
  ])('%s → %s', (name, expected) => {
    expect(pinyinInitials(name)).toBe(expected);
  });
});
