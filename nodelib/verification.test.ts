import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkVerificationCode, normaliseCode, verificationCode } from './verification';

const receipt = { receiptNo: '379901-A01-20260601-0007', childName: '𠮷田', childIdNumber: '370102202003150011', schoolId: 's1', submittedAt: '2026-06-01T01:30:00.000Z' };

describe('verification codes', () => {
  it('are ten unambiguous base-32 characters in two groups, fixed for the same key and fields', () => {
    const key = randomBytes(32);
    const code = verificationCode(key, 'receipt', receipt);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(verificationCode(key, 'receipt', { ...receipt })).toBe(code);
    expect(verificationCode(randomBytes(32), 'receipt', receipt)).not.toBe(code);
  });

  it('change with every covered field and with the document kind', () => {
    const key = randomBytes(32);
    const code = verificationCode(key, 'receipt', receipt);
    for (const field of Object.keys(receipt) as (keyof typeof receipt)[]) {
      expect(checkVerificationCode(key, 'receipt', { ...receipt, [field]: `${receipt[field]}x` }, code), field).toBe(false);
    }
    const notice = { receiptNo: receipt.receiptNo, childIdNumber: receipt.childIdNumber, resultVersion: 1, outcome: 'admitted', schoolCode: 'S1' };
    const noticeCode = verificationCode(key, 'notice', notice);
    expect(checkVerificationCode(key, 'notice', notice, noticeCode)).toBe(true);
    expect(checkVerificationCode(key, 'notice', { ...notice, resultVersion: 2 }, noticeCode)).toBe(false);
    expect(checkVerificationCode(key, 'notice', { ...notice, outcome: 'rejected' }, noticeCode)).toBe(false);
  });

  it('accept what people type: lower case, spaces, O for 0 and I or L for 1', () => {
    expect(normaliseCode(' k7m2q 9xh4t ')).toBe('K7M2Q-9XH4T');
    expect(normaliseCode('o1il0-00000')).toBe('0111000000'.replace(/^(.{5})/, '$1-'));
    const key = randomBytes(32);
    const code = verificationCode(key, 'receipt', receipt);
    expect(checkVerificationCode(key, 'receipt', receipt, code.toLowerCase().replace('-', ''))).toBe(true);
    expect(checkVerificationCode(key, 'receipt', receipt, '')).toBe(false);
  });
});
