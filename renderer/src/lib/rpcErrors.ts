import type { FormInstance } from 'antd';
import type { ErrorCode, RpcError } from '../../../shared/contract';
import { format, zhCN } from '../../../shared/i18n/zhCN';

export interface FormErrorOptions {
  /** Dotted contract paths that are form fields here, e.g. `admin.password`. */
  fields: readonly string[];
  /** Errors that are about one field although they are not VALIDATION_FAILED (e.g. WEAK_PASSWORD). */
  codeFields?: Partial<Record<ErrorCode, string>>;
}

export interface SplitFormError {
  /** Messages per dotted field path. */
  fields: Record<string, string[]>;
  /** The rest, for a form-level alert; null when everything went to a field. */
  message: string | null;
}

/** Splits an RpcError into messages for known fields and one form-level message. */
export function splitFormError(error: RpcError, options: FormErrorOptions): SplitFormError {
  const known = new Set(options.fields);
  const codeField = options.codeFields?.[error.code];
  if (codeField !== undefined && known.has(codeField)) return { fields: { [codeField]: [error.message] }, message: null };
  if (error.code !== 'VALIDATION_FAILED') return { fields: {}, message: error.message };

  const fields: Record<string, string[]> = {};
  const rest: string[] = [];
  for (const issue of error.details?.issues ?? []) {
    if (known.has(issue.path)) fields[issue.path] = [...(fields[issue.path] ?? []), issue.message];
    else rest.push(issue.path ? format(zhCN.ui.common.issueAt, { path: issue.path, message: issue.message }) : issue.message);
  }
  return { fields, message: [error.message, ...rest].join(' ') };
}

/**
 * Shows an RpcError on an antd form: field issues at their fields, the rest as one message for a
 * form-level alert. Returns that message, or null when everything went to a field.
 */
export function showFormError(form: FormInstance, error: RpcError, options: FormErrorOptions): string | null {
  const { fields, message } = splitFormError(error, options);
  const entries = Object.entries(fields);
  if (entries.length) form.setFields(entries.map(([path, errors]) => ({ name: path.split('.'), errors })));
  return message;
}
