import { zhCN, format } from '../i18n/zhCN';
import { ERROR_CODES, type ErrorCode } from './errorCodes';

export type { ErrorCode };

export interface FieldIssue {
  /** Dotted path into the input, e.g. `admin.password`; empty for the whole input. */
  path: string;
  message: string;
}

export interface RpcError {
  code: ErrorCode;
  message: string;
  details?: { issues?: FieldIssue[] } & Record<string, unknown>;
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcError };

export function ok<T>(value: T): RpcResult<T> {
  return { ok: true, value };
}

export function errorOf(
  code: ErrorCode,
  values: Record<string, string | number> = {},
  details?: RpcError['details'],
): RpcError {
  const err: RpcError = { code, message: format(zhCN.errors[code], values) };
  if (details !== undefined) err.details = details;
  return err;
}

/** An error a handler throws to end a call with a specific code. Crosses boundaries as a value. */
export class DeskError extends Error {
  readonly rpc: RpcError;
  constructor(code: ErrorCode, values: Record<string, string | number> = {}, details?: RpcError['details']) {
    const rpc = errorOf(code, values, details);
    super(rpc.message);
    this.name = 'DeskError';
    this.rpc = rpc;
  }
}

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && CODES.has(value);
}
