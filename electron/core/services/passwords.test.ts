import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../shared/contract/result';
import { assertStrong } from './auth';
import { isStrongEnough, passwordProblem } from './passwords';

describe('passwordProblem', () => {
  it('names the first rule a password breaks', () => {
    expect(passwordProblem('ab12', 'admin')).toEqual({ rule: 'length', length: 4 });
    expect(passwordProblem('12345678', 'admin')).toEqual({ rule: 'noLetter' });
    expect(passwordProblem('abcdefgh', 'admin')).toEqual({ rule: 'noDigit' });
    expect(passwordProblem('Admin2026x', 'admin')).toEqual({ rule: 'username' });
    expect(passwordProblem('Desk2026ok', 'admin')).toBeNull();
    expect(isStrongEnough('Desk2026ok', 'admin')).toBe(true);
  });

  it('the refusal says which rule failed, in Chinese', async () => {
    const messageOf = async (password: string) => {
      try {
        await assertStrong(password, 'liyun');
        return '';
      } catch (e) {
        expect(e).toBeInstanceOf(DeskError);
        return (e as DeskError).rpc.message;
      }
    };
    expect(await messageOf('short1')).toContain('密码只有 6 位，至少需要 8 位');
    expect(await messageOf('12345678')).toContain('没有字母');
    expect(await messageOf('abcdefgh')).toContain('没有数字');
    expect(await messageOf('liyun2026')).toContain('包含了用户名“liyun”');
  });
});
