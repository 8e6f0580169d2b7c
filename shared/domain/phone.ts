import { toHalfWidthAlnum } from './idNumber';

export type MobileCheck = { ok: true; value: string } | { ok: false; message: string };

/**
 * Mainland mobile number, `^1[3-9]\d{9}$`, after removing what people type around it:
 * spaces, hyphens, full-width digits and a +86 / 0086 country prefix.
 */
export function validateMobile(raw: string): MobileCheck {
  let value = toHalfWidthAlnum(raw).replace(/[\s\u3000\-\u2010-\u2015\uFF0D()（）]/gu, '');
  if (value.startsWith('+86')) value = value.slice(3);
  else if (value.startsWith('0086')) value = value.slice(4);
  if (value === '') return { ok: false, message: '请填写手机号码。' };
  if (!/^\d+$/.test(value)) return { ok: false, message: `手机号码只能包含数字，“${raw.trim()}”中有其他字符，请核对。` };
  if (value.length !== 11) {
    return { ok: false, message: `手机号码应为 11 位数字，当前为 ${value.length} 位，请核对。固定电话请记在备注中。` };
  }
  if (!/^1[3-9]/.test(value)) return { ok: false, message: '手机号码应以 1 开头，第二位为 3–9，请核对。' };
  return { ok: true, value };
}
