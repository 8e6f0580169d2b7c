import { describe, it, expect } from 'vitest';
import { maskId, maskName, maskPhone } from './mask';

describe('maskId', () => {
  it.each([
    ['18-character resident ID', '370102202003150011', '3701**********0011'],
    ['ID ending in X', '37010220200315003X', '3701**********003X'],
    ['15-character permanent residence ID', 'USA111904050012', 'USA1*******0012'],
    ['9 characters: first 4 and last 4', 'E12345678', 'E123*5678'],
    ['8 characters: first and last only', 'E1234567', 'E******7'],
    ['3 characters', 'ABC', 'A*C'],
    ['2 characters are hidden completely', 'AB', '**'],
    ['surrounding blanks ignored', ' 370102202003150011 ', '3701**********0011'],
    ['empty', '', ''],
  ])('%s: %s → %s', (_label, value, expected) => {
    expect(maskId(value)).toBe(expected);
  });

  it('never shows more than 8 characters of a long value', () => {
    const masked = maskId('P'.repeat(20));
    expect(masked.replace(/\*/g, '').length).toBe(8);
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812341234', '138****1234'],
    ['138 1234 1234', '138****1234'],
    ['138-1234-1234', '138****1234'],
    ['0000-1234567', '000****4567'],
    ['12345', '1***5'],
  ])('%s → %s', (value, expected) => {
    expect(maskPhone(value)).toBe(expected);
  });
});

describe('maskName', () => {
  it.each([
    ['张小明', '张*明'],
    ['李娜', '李*'],
    ['欧阳小明', '欧**明'],
    ['阿依古丽·买买提', '阿******提'],
    ['𠮷祥', '𠮷*'],
    ['王', '*'],
    ['  ', ''],
  ])('%s → %s', (name, masked) => expect(maskName(name)).toBe(masked));
});
