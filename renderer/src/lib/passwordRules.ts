import type { FormRule } from 'antd';
import { zhCN } from '../../../shared/i18n/zhCN';

export const requiredRule: FormRule = { required: true, message: zhCN.fields.required };

/** Confirmation field rule: must equal the field named `other`. Strength is the core's to judge. */
export function sameAs(other: string | string[]): FormRule {
  return ({ getFieldValue }) => ({
    validator: (_rule, value: unknown) =>
      !value || getFieldValue(other) === value ? Promise.resolve() : Promise.reject(new Error(zhCN.ui.common.passwordMismatch)),
  });
}
