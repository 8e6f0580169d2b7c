import { toHalfWidthAlnum } from './idNumber';
import { format } from '../i18n/format';
import { phoneText as t } from '../i18n/zhCN.domain';

export type MobileCheck = { ok: true; value: string } | { ok: false; message: string };

/**
 * Mainland mobile number, `^1[3-9]\d{9}$`, after removing what people type around it:
 * spaces, hyphens, full-width digits and a +86 / 0086 country prefix.
 */
export function validateMobile(raw: string): MobileCheck {
  let value = toHalfWidthAlnum(raw).replace(/[\s\u3000\-\u2010-\u2015\uFF0D()（）]/gu, '');
  if (value.startsWith('+86')) value = value.slice(3);
  else if (value.startsWith('0086')) value = value.slice(4);
  if (value === '') return { ok: false, message: t.required };
  if (!/^\d+$/.test(value)) return { ok: false, message: format(t.digitsOnly, { raw: raw.trim() }) };
  if (value.length !== 11) {
    return { ok: false, message: format(t.length, { length: value.length }) };
  }
  if (!/^1[3-9]/.test(value)) return { ok: false, message: t.prefix };
  return { ok: true, value };
}
