import { describe, expect, it } from 'vitest';
import { zhCN } from '../i18n/zhCN';
import { ERROR_CODES } from './errorCodes';
import { errorOf, isErrorCode } from './result';

describe('error codes', () => {
  it('are defined by the contract, and the catalogue gives a message for exactly these', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(Object.keys(zhCN.errors).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) expect(zhCN.errors[code], code).toMatch(/\p{Script=Han}/u);
  });

  it('isErrorCode knows the contract codes and nothing else, not even an object prototype key', () => {
    expect(ERROR_CODES.every(isErrorCode)).toBe(true);
    expect(['toString', 'constructor', '__proto__', 'validation_failed', '', 42].some(isErrorCode)).toBe(false);
    expect(errorOf('FORBIDDEN').message).toBe(zhCN.errors.FORBIDDEN);
  });
});
