import { MAX_JSON_DEPTH, type FieldError } from '../../shared/sync/protocol';
import { format } from '../../shared/i18n/zhCN';
import { serverText } from '../../shared/i18n/zhCN.server';
import { type ProblemError, problem } from './problems';

// The one place a JSON request body becomes a value. Everything a JSON text can carry that the rest of the
// server must never see is refused here, before any schema, handler, canonicalJson or SQL: bytes that are not
// UTF-8, nesting past MAX_JSON_DEPTH (checked on the bytes, before JSON.parse spends time on it), numbers that
// are not finite (`1e400` parses to Infinity) and the key `__proto__` (an own property after JSON.parse, but
// dropped or turned into a prototype by any later copy, so the record would silently change).

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const t = serverText.http;

/** Parses a JSON request body, or says (as a 400 problem) why it is refused. */
export function parseJsonBody(bytes: Buffer): { ok: true; value: unknown } | { ok: false; problem: ProblemError } {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, problem: problem(400, 'bad_request', t.notUtf8) };
  }
  if (depthExceeds(bytes, MAX_JSON_DEPTH)) return { ok: false, problem: problem(400, 'bad_request', format(t.tooDeep, { max: MAX_JSON_DEPTH })) };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: problem(400, 'bad_request', t.notJson) };
  }
  const errors: FieldError[] = [];
  walk(value, [], errors);
  if (errors.length) return { ok: false, problem: problem(400, 'validation_failed', t.badJsonValues, errors.slice(0, 50)) };
  return { ok: true, value };
}

/** True when brackets outside strings nest deeper than `limit`. Linear in the bytes; never parses. */
export function depthExceeds(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Recursion is bounded: the depth was checked on the bytes. */
function walk(value: unknown, path: (string | number)[], errors: FieldError[]): void {
  if (errors.length >= 50) return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) errors.push({ path: path.join('.') || '(root)', message: t.notFinite });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, [...path, i], errors));
    return;
  }
  for (const key of Object.keys(value)) {
    if (key === '__proto__') errors.push({ path: [...path, key].join('.'), message: t.protoKey });
    else walk((value as Record<string, unknown>)[key], [...path, key], errors);
  }
}

// U+0000 (PostgreSQL refuses it in text: the request failed with a 500) and unpaired surrogates (UTF-8 has none:
// the driver would store U+FFFD instead, silently changing what was typed).
// eslint-disable-next-line no-control-regex -- matching U+0000 is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Every string (keys too) in a parsed body that no database can store as sent, as field errors. The sync batch
 * route checks record text itself, item by item (one bad application must not refuse the batch); routes whose
 * whole body is one request (the console) refuse it up front with these.
 */
export function unstorableText(value: unknown, path: (string | number)[] = [], errors: FieldError[] = []): FieldError[] {
  if (errors.length >= 50) return errors;
  const at = (p: (string | number)[]) => p.join('.') || '(root)';
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) errors.push({ path: at(path), message: t.unstorableChar });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unstorableText(v, [...path, i], errors));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (UNSTORABLE.test(key)) errors.push({ path: at([...path, key]), message: t.unstorableChar });
      else unstorableText(v, [...path, key], errors);
    }
  }
  return errors;
}
