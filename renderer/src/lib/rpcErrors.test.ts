import { describe, expect, it, vi } from 'vitest';
import type { FormInstance } from 'antd';
import { showFormError } from './rpcErrors';

function fakeForm() {
  const setFields = vi.fn();
  return { form: { setFields } as unknown as FormInstance, setFields };
}

describe('showFormError', () => {
  it('puts VALIDATION_FAILED issues at their fields and the rest in the form message', () => {
    const { form, setFields } = fakeForm();
    const message = showFormError(
      form,
      {
        code: 'VALIDATION_FAILED',
        message: '输入内容有误。',
        details: {
          issues: [
            { path: 'admin.password', message: '此项必填。' },
            { path: 'countyCode', message: '应为 6 位数字。' },
            { path: 'extra', message: '未定义的字段。' },
          ],
        },
      },
      { fields: ['countyCode', 'admin.password'] },
    );
    expect(setFields).toHaveBeenCalledWith([
      { name: ['admin', 'password'], errors: ['此项必填。'] },
      { name: ['countyCode'], errors: ['应为 6 位数字。'] },
    ]);
    expect(message).toBe('输入内容有误。 extra：未定义的字段。');
  });

  it('shows field-specific codes at the field and other codes as the form message', () => {
    const { form, setFields } = fakeForm();
    expect(
      showFormError(form, { code: 'WEAK_PASSWORD', message: '密码强度不足。' }, { fields: ['password'], codeFields: { WEAK_PASSWORD: 'password' } }),
    ).toBeNull();
    expect(setFields).toHaveBeenCalledWith([{ name: ['password'], errors: ['密码强度不足。'] }]);
    expect(showFormError(form, { code: 'LAST_ADMIN', message: '不能停用最后一位管理员。' }, { fields: ['password'] })).toBe(
      '不能停用最后一位管理员。',
    );
  });
});
