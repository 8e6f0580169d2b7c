import type { FormInstance } from 'antd';
import type { ErrorCode, RpcError } from '../../../shared/contract';
import { format, zhCN } from '../../../shared/i18n/zhCN';

export interface FormErrorOptions {
  /** Dotted contract paths that are form fields here, e.g. `admin.password`. */
  fields: readonly string[];
  /** Errors that are about one field although they are not VALIDATION_FAILED (e.g. WEAK_PASSWORD). */
  codeFields?: Partial<Record<ErrorCode, string>>;
}

/**
 * Shows an RpcError on an antd form: field issues at their fields, the rest as one message for a
 * form-level alert. Returns that message, or null when everything went to a field.
 */
export function showFormError(form: FormInstance, error: RpcError, options: FormErrorOptions): string | null {
  const known = new Set(options.fields);
  const toName = (path: string) => path.split('.');

  const codeField = options.codeFields?.[error.code];
  if (codeField !== undefined && known.has(codeField)) {
    form.setFields([{ name: toName(codeField), errors: [error.message] }]);
    return null;
  }
  if (error.code !== 'VALIDATION_FAILED') return error.message;

  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const issue of error.details?.issues ?? []) {
    if (known.has(issue.path)) byField.set(issue.path, [...(byField.get(issue.path) ?? []), issue.message]);
    else rest.push(issue.path ? format(zhCN.ui.common.issueAt, { path: issue.path, message: issue.message }) : issue.message);
  }
  form.setFields([...byField].map(([path, errors]) => ({ name: toName(path), errors })));
  return [error.message, ...rest].join(' ');
}
