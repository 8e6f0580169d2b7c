import { describe, it, expect } from 'vitest';
import { validateMobile } from './phone';

describe('validateMobile', () => {
  it.each([
    ['13812341234', '13812341234'],
    ['138 1234 1234', '13812341234'],
    ['138-1234-1234', '13812341234'],
    ['１３８１２３４１２３４', '13812341234'],
    ['+86 138 1234 1234', '13812341234'],
    ['008613812341234', '13812341234'],
    ['19912341234', '19912341234'],
  ])('accepts %s as %s', (raw, value) => {
    expect(validateMobile(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['', /请填写手机号码/],
    ['1381234123', /应为 11 位数字，当前为 10 位/],
    ['138123412345', /当前为 12 位/],
    ['12812341234', /第二位为 3–9/],
    ['23812341234', /应以 1 开头/],
    ['138l2341234', /只能包含数字/],
  ])('rejects %j', (raw, message) => {
    const r = validateMobile(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});
