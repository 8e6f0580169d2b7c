import { z } from 'zod';
import { zhCN, format } from '../i18n/zhCN';
import type { FieldIssue } from './result';

// C0/C1 controls except tab, LF, CR; plus bidi overrides that can disguise text on screen and paper.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

/** Single-line text: trimmed, bounded, no control characters. Never Unicode-normalised (rare names stay exact). */
export function text(max: number, min = 1) {
  return z
    .string({ error: zhCN.fields.wrongType })
    .trim()
    .refine((s) => !CONTROL.test(s) && !/[\n\r\t]/.test(s), zhCN.fields.controlChars)
    .refine((s) => [...s].length >= min, min <= 1 ? zhCN.fields.required : format(zhCN.fields.tooShort, { min }))
    .refine((s) => [...s].length <= max, format(zhCN.fields.tooLong, { max }));
}

/** Multi-line text (remarks, reasons). */
export function longText(max: number, min = 0) {
  return z
    .string({ error: zhCN.fields.wrongType })
    .trim()
    .refine((s) => !CONTROL.test(s), zhCN.fields.controlChars)
    .refine((s) => [...s].length >= min, min <= 1 ? zhCN.fields.required : format(zhCN.fields.tooShort, { min }))
    .refine((s) => [...s].length <= max, format(zhCN.fields.tooLong, { max }));
}

/** Passwords are not trimmed: spaces are allowed characters. Strength is checked by the auth service. */
export const password = z
  .string({ error: zhCN.fields.wrongType })
  .min(1, zhCN.fields.required)
  .max(128, format(zhCN.fields.tooLong, { max: 128 }));

export const username = z
  .string({ error: zhCN.fields.wrongType })
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_.]{2,31}$/, zhCN.fields.username);

export const countyCode = z.string({ error: zhCN.fields.wrongType }).trim().regex(/^\d{6}$/, zhCN.fields.countyCode);
export const counterCode = z
  .string({ error: zhCN.fields.wrongType })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,8}$/, zhCN.fields.counterCode);

export const roleSchema = z.enum(['clerk', 'supervisor', 'admin']);
export type Role = z.infer<typeof roleSchema>;

/** Turn zod issues into Chinese field messages. Our own refinements already carry Chinese text. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    switch (issue.code) {
      case 'unrecognized_keys':
        return { path, message: format(zhCN.fields.unknownField, { field: issue.keys.join('、') }) };
      case 'invalid_type':
        return { path, message: issue.input === undefined ? zhCN.fields.required : zhCN.fields.wrongType };
      case 'too_big':
        return { path, message: format(zhCN.fields.tooLong, { max: Number(issue.maximum) }) };
      case 'too_small':
        return { path, message: format(zhCN.fields.tooShort, { min: Number(issue.minimum) }) };
      default:
        return { path, message: /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : zhCN.fields.wrongType };
    }
  });
}
