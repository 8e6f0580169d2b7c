import { z } from 'zod';
import { assertNever } from '../assertNever';
import { zhCN, format } from '../i18n/zhCN';
import type { FieldIssue } from './result';
import { contractText as ct } from '../i18n/zhCN.contract';
import { MAX_INT32 } from './numberBounds';

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

/**
 * A whole number from `min` that a database `integer` holds: ids, cursors, revisions, offsets, counts. Every number
 * an input accepts is bounded (shared/contract/numberBounds.ts; the contract tests refuse an unbounded one).
 */
export function int32(min = 0) {
  return z.number({ error: zhCN.fields.wrongType }).int().min(min).max(MAX_INT32);
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

const HAS_CHINESE = /[\u4e00-\u9fff]/;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/**
 * zod issues as Chinese field issues at exact dotted paths. A schema's own Chinese message wins;
 * zod's English defaults are replaced. `input` tells a missing value ("必填") from a wrong one,
 * because zod 4 does not keep the input on its issues.
 */
export function fieldIssues(error: z.ZodError, input: unknown): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const missing = valueAt(input, issue.path) === undefined;
    if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && missing) return { path, message: zhCN.fields.required };
    if (issue.code === 'unrecognized_keys') return { path, message: format(zhCN.fields.unknownField, { field: issue.keys.join('、') }) };
    if (HAS_CHINESE.test(issue.message)) return { path, message: issue.message };
    switch (issue.code) {
      case 'invalid_value':
        return { path, message: format(ct.issues.oneOf, { values: issue.values.map((v) => String(v)).join('、') }) };
      case 'invalid_type':
        return { path, message: format(ct.issues.wrongType, { type: ct.issues.typeNames[issue.expected] ?? issue.expected }) };
      case 'too_small':
        if (issue.origin === 'array') return { path, message: format(ct.issues.arrayMin, { min: Number(issue.minimum) }) };
        if (issue.origin === 'number') return { path, message: format(ct.issues.numberMin, { min: Number(issue.minimum) }) };
        return { path, message: format(zhCN.fields.tooShort, { min: Number(issue.minimum) }) };
      case 'too_big':
        if (issue.origin === 'array') return { path, message: format(ct.issues.arrayMax, { max: Number(issue.maximum) }) };
        if (issue.origin === 'number') return { path, message: format(ct.issues.numberMax, { max: Number(issue.maximum) }) };
        return { path, message: format(zhCN.fields.tooLong, { max: Number(issue.maximum) }) };
      case 'invalid_format':
      case 'not_multiple_of':
      case 'invalid_union':
      case 'invalid_key':
      case 'invalid_element':
      case 'custom':
        return { path, message: zhCN.fields.wrongType };
      default:
        return assertNever(issue, 'zod issue');
    }
  });
}
