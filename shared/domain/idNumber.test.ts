import { describe, it, expect } from 'vitest';
import type { IdType } from '../contract/application';
import { checkDigit, toHalfWidthAlnum, validateId } from './idNumber';

const TODAY = '2026-06-15';

/** A number with a correct check character, computed here rather than copied from a real person. */
const withCheck = (first17: string) => first17 + checkDigit(first17);

/** First sequence (odd = male) whose check character is `wanted`, to build numbers ending in X. */
function endingIn(wanted: string, area: string, birth: string): string {
  for (let seq = 1; seq < 1000; seq++) {
    const first17 = `${area}${birth}${String(seq).padStart(3, '0')}`;
    if (checkDigit(first17) === wanted) return first17 + wanted;
  }
  throw new Error('no sequence found');
}

const toFullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

const withX = endingIn('X', '370102', '20200315');
const male = withCheck('37010220200315001'); // 17th digit 1 → male
const female = withCheck('37010220200315002');
const wrongCheck = male.slice(0, 17) + (male.endsWith('0') ? '1' : '0');

describe('checkDigit', () => {
  it.each([
    // Worked examples printed in GB 11643-1999 itself.
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
  ])('%s → %s (the standard’s own examples)', (first17, expected) => {
    expect(checkDigit(first17)).toBe(expected);
  });

  it('rejects anything but 17 ASCII digits', () => {
    expect(() => checkDigit('1234')).toThrow(RangeError);
    expect(() => checkDigit('1101051949123100X')).toThrow(RangeError);
  });
});

describe('validateId: accepted numbers', () => {
  it.each<[string, IdType, string, { value: string; birthDate?: string; sex?: 'M' | 'F' }]>([
    ['resident ID ending in X', 'resident_id', withX, { value: withX, birthDate: '2020-03-15' }],
    ['lower-case x is upper-cased', 'resident_id', withX.toLowerCase(), { value: withX }],
    ['odd 17th digit → male', 'resident_id', male, { value: male, sex: 'M' }],
    ['even 17th digit → female', 'resident_id', female, { value: female, sex: 'F' }],
    ['full-width digits and Ｘ', 'resident_id', toFullWidth(withX), { value: withX }],
    ['spaces typed in groups, surrounding blanks', 'resident_id', `  ${male.slice(0, 6)} ${male.slice(6, 14)} ${male.slice(14)} `, { value: male }],
    ['area code 370102 (not checked against a list)', 'resident_id', withCheck('37010219880101003'), { value: withCheck('37010219880101003') }],
    ['revoked area code 110104 (former Xuanwu district)', 'resident_id', withCheck('11010419750620002'), { value: withCheck('11010419750620002'), birthDate: '1975-06-20', sex: 'F' }],
    ['revoked area code 110103 (former Chongwen district)', 'resident_id', withCheck('11010319800101001'), { value: withCheck('11010319800101001') }],
    ['born on 1900-01-01', 'resident_id', withCheck('11010219000101001'), { value: withCheck('11010219000101001'), birthDate: '1900-01-01' }],
    ['born today', 'resident_id', withCheck('37010220260615001'), { value: withCheck('37010220260615001'), birthDate: '2026-06-15' }],
    ['leap day 2020-02-29', 'resident_id', withCheck('37010220200229001'), { value: withCheck('37010220200229001'), birthDate: '2020-02-29' }],
    ['Hong Kong permit 810000', 'hmt_residence_permit', withCheck('81000020190405001'), { value: withCheck('81000020190405001'), birthDate: '2019-04-05', sex: 'M' }],
    ['Macao permit 820000', 'hmt_residence_permit', withCheck('82000020190405002'), { value: withCheck('82000020190405002'), sex: 'F' }],
    ['Taiwan permit 830000', 'hmt_residence_permit', withCheck('83000019850101001'), { value: withCheck('83000019850101001'), birthDate: '1985-01-01' }],
    ['2023 permanent residence ID (9-prefixed)', 'foreign_permanent_id', withCheck('91184020190405001'), { value: withCheck('91184020190405001'), birthDate: '2019-04-05' }],
    ['2017 permanent residence ID, child (20YY)', 'foreign_permanent_id', 'USA111904050012', { value: 'USA111904050012', birthDate: '2019-04-05' }],
    ['2017 permanent residence ID, adult (19YY)', 'foreign_permanent_id', 'can31880712003 1', { value: 'CAN318807120031', birthDate: '1988-07-12' }],
    ['passport', 'passport', 'E12345678', { value: 'E12345678' }],
    ['passport, lower case and full width', 'passport', 'ｅ1234５678', { value: 'E12345678' }],
    ['birth certificate number', 'birth_certificate', 'p370012345', { value: 'P370012345' }],
  ])('%s', (_label, type, raw, expected) => {
    const r = validateId(type, raw, TODAY);
    expect(r).toMatchObject({ ok: true, ...expected });
  });

  it('returns no sex for permanent residence IDs, whose sequence parity we do not rely on', () => {
    const r = validateId('foreign_permanent_id', withCheck('91184020190405001'), TODAY);
    expect(r.ok && r.sex).toBe(undefined);
  });
});

describe('validateId: rejected numbers, with a message that says what is expected', () => {
  it.each<[string, IdType, string, RegExp]>([
    ['wrong check digit', 'resident_id', wrongCheck, new RegExp(`校验位不正确：按号码前 17 位计算应为 ${male.charAt(17)}`)],
    ['X where a digit belongs', 'resident_id', male.slice(0, 17) + 'X', /校验位不正确/],
    ['17 characters', 'resident_id', male.slice(0, 17), /应为 18 位，当前为 17 位/],
    ['19 characters', 'resident_id', male + '1', /应为 18 位，当前为 19 位/],
    ['first-generation 15 digits', 'resident_id', '370102800101001', /第一代 15 位身份证/],
    ['letters inside', 'resident_id', 'A' + male.slice(1), /前 17 位应为数字/],
    ['province 20', 'resident_id', withCheck('20010220200315001'), /前两位“20”不是有效的省级行政区划代码/],
    ['9 and a province (a 2023 permanent residence ID)', 'resident_id', withCheck('91184020190405001'), /如持有的是该证件.*否则请核对号码前两位/],
    ['province 99 (no province after the 9 either)', 'resident_id', withCheck('99984020190405001'), /前两位“99”不是有效的省级行政区划代码/],
    ['2023 permanent residence ID with province 00', 'foreign_permanent_id', withCheck('90084020190405001'), /第 2–3 位是发证地的省级行政区划代码.*“00”不是有效代码/],
    ['2023 permanent residence ID with province 99', 'foreign_permanent_id', withCheck('99984020190405001'), /第 2–3 位.*“99”不是有效代码/],
    ['2023 permanent residence ID with province 20', 'foreign_permanent_id', withCheck('92084020190405001'), /“20”不是有效代码/],
    ['province 00', 'resident_id', withCheck('00010220200315001'), /前两位“00”/],
    ['30 February', 'resident_id', withCheck('37010220230230001'), /“20230230”不是有效日期/],
    ['month 13', 'resident_id', withCheck('37010220231301001'), /“20231301”不是有效日期/],
    ['29 February of a common year', 'resident_id', withCheck('37010220230229001'), /不是有效日期/],
    ['born tomorrow', 'resident_id', withCheck('37010220260616001'), /2026-06-16 晚于今天 2026-06-15/],
    ['born before 1900', 'resident_id', withCheck('11010218991231001'), /早于 1900 年/],
    ['HK permit entered as resident ID', 'resident_id', withCheck('81000020190405001'), /港澳台居民居住证/],
    ['2023 permanent residence ID entered as resident ID', 'resident_id', withCheck('91184020190405001'), /外国人永久居留身份证/],
    ['resident ID entered as HMT permit', 'hmt_residence_permit', male, /改为“居民身份证”/],
    ['HMT permit with another prefix', 'hmt_residence_permit', withCheck('84000020190405001'), /应以 810000（香港）、820000（澳门）或 830000（台湾）开头/],
    ['HMT permit with wrong check digit', 'hmt_residence_permit', '81000020190405001' + (checkDigit('81000020190405001') === '0' ? '1' : '0'), /校验位不正确/],
    ['2023 permanent residence ID with wrong check digit', 'foreign_permanent_id', '91184020190405001' + (checkDigit('91184020190405001') === '0' ? '1' : '0'), /校验位不正确/],
    ['2023 permanent residence ID with invalid date', 'foreign_permanent_id', withCheck('91184020190230001'), /不是有效日期/],
    ['2017 permanent residence ID with invalid date', 'foreign_permanent_id', 'USA111902300012', /“190230”不是有效日期（第 6–11 位）/],
    ['2017 form with digits in the nationality', 'foreign_permanent_id', 'US1111904050012', /3 位英文字母/],
    ['permanent residence ID of neither length', 'foreign_permanent_id', 'USA1119040500', /18 位（2023 版，以 9 开头）或 15 位.*当前为 13 位/],
    ['passport too short', 'passport', 'E123', /5–20 位，当前为 4 位/],
    ['passport with punctuation', 'passport', 'E1234#567', /只能包含英文字母和数字/],
    ['birth certificate without letter', 'birth_certificate', '3700123456', /1 位英文字母加 9 位数字/],
    ['empty', 'resident_id', '   ', /请填写证件号码/],
  ])('%s', (_label, type, raw, message) => {
    const r = validateId(type, raw, TODAY);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('validateId: separators and invisible characters', () => {
  // Every separator a clerk types or a paste brings, half and full width, visible or not.
  const separators = [' ', '\u3000', '\u00A0', '\t', '-', '\u2010', '\u2013', '\u2014', '\u2212', '\uFF0D', '.', '\uFF0E', '\u3002', '\u00B7', '/', '\uFF0F', '\\', '_'];
  const invisible = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u200E', '\u202E', '\u2066', '\uFE0F', '\u034F', '\u0000', '\u180E'];
  const numbers: [IdType, string][] = [
    ['resident_id', male],
    ['resident_id', withX],
    ['hmt_residence_permit', withCheck('81000020190405001')],
    ['foreign_permanent_id', withCheck('91184020190405001')],
    ['foreign_permanent_id', 'USA111904050012'],
    ['passport', 'E12345678'],
    ['birth_certificate', 'P370012345'],
  ];
  const split = (value: string, sep: string) => `${value.slice(0, 6)}${sep}${value.slice(6, 10)}${sep}${sep}${value.slice(10)}`;

  it.each(separators.concat(invisible).map((sep) => [JSON.stringify(sep), sep]))('%s between groups is removed for every type', (_label, sep) => {
    for (const [type, value] of numbers) {
      const r = validateId(type, `${sep}${split(value, sep)}${sep}`, TODAY);
      expect(r.ok ? r.value : r.message, `${type} ${value}`).toBe(value);
    }
  });

  it('a number with a separator is no longer reported as 19 or 20 characters', () => {
    expect(validateId('resident_id', split(male, '-'), TODAY)).toMatchObject({ ok: true, value: male });
    expect(validateId('resident_id', split(male, '\u200B'), TODAY)).toMatchObject({ ok: true, value: male });
  });

  it('no message quotes an invisible character, whatever was typed', () => {
    const unseen = /[\p{Cf}\p{Cc}\p{Z}\u034F\uFE00-\uFE0F]/u;
    const types: IdType[] = ['resident_id', 'hmt_residence_permit', 'foreign_permanent_id', 'passport', 'birth_certificate'];
    for (const type of types) {
      for (const sep of invisible) {
        for (const raw of [`${sep}`, `37${sep}01`, `P37${sep}001234`, `${male.slice(0, 10)}${sep}#${male.slice(10)}`, `ABC${sep}12345678901234567890`]) {
          const r = validateId(type, raw, TODAY);
          if (!r.ok) expect(unseen.test(r.message.replace(/ /g, '')), `${type} ${JSON.stringify(raw)}: ${r.message}`).toBe(false);
        }
      }
    }
  });
});

describe('toHalfWidthAlnum', () => {
  it('folds only full-width digits and Latin letters', () => {
    expect(toHalfWidthAlnum('１３８ａＢ－·')).toBe('138aB－·');
  });
});
