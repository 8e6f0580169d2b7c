import type { z } from 'zod';

// Every number a client sends ends up in a database column or a loop bound. PostgreSQL's `integer` holds
// −2^31 … 2^31−1; a larger id, cursor or count answered 500 (numeric_value_out_of_range) instead of a clear
// refusal. The contract therefore bounds every number it accepts, and `unboundedNumbers` (used by the contract
// tests of the console, the sync protocol and the desk) lists any input number that is not bounded.

/** Largest integer an input may carry (a PostgreSQL `integer`). */
export const MAX_INT32 = 2_147_483_647;
export const MIN_INT32 = -2_147_483_648;

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: readonly z.ZodType[];
  in?: z.ZodType;
  out?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  items?: readonly z.ZodType[];
  rest?: z.ZodType | null;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  catchall?: z.ZodType;
  getter?: () => z.ZodType;
}

const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The paths of every number in `schema` that accepts a value above MAX_INT32 or below MIN_INT32 (or a
 * non-integer where it is not explicitly bounded). A pipe counts on both sides: a string turned into a number
 * reaches the database as that number. Recursion stops at a schema that contains itself (lazy, recursive).
 */
export function unboundedNumbers(schema: z.ZodType, path = '', within = new Set<z.ZodType>()): string[] {
  if (within.has(schema)) return [];
  within.add(schema);
  try {
    return numbersOf(schema, path, within);
  } finally {
    within.delete(schema);
  }
}

function numbersOf(schema: z.ZodType, path: string, within: Set<z.ZodType>): string[] {
  const def = defOf(schema);
  const sub = (s: z.ZodType | null | undefined, p: string) => (s ? unboundedNumbers(s, p, within) : []);
  switch (def.type) {
    case 'number': {
      const n = schema as unknown as { minValue: number | null; maxValue: number | null };
      const max = n.maxValue ?? Infinity;
      const min = n.minValue ?? -Infinity;
      return max > MAX_INT32 || min < MIN_INT32 ? [`${path || '(root)'} [${min}, ${max}]`] : [];
    }
    case 'bigint':
      return [`${path || '(root)'} bigint`];
    case 'object':
      return [...Object.entries(def.shape ?? {}).flatMap(([k, v]) => sub(v, path ? `${path}.${k}` : k)), ...sub(def.catchall, `${path}.*`)];
    case 'array':
      return sub(def.element, `${path}[]`);
    case 'tuple':
      return [...(def.items ?? []).flatMap((s, i) => sub(s, `${path}[${i}]`)), ...sub(def.rest, `${path}[…]`)];
    case 'record':
    case 'map':
      return [...sub(def.keyType, `${path}{key}`), ...sub(def.valueType, `${path}{}`)];
    case 'set':
      return sub(def.valueType, `${path}{}`);
    case 'union':
      return (def.options ?? []).flatMap((s) => sub(s, path));
    case 'intersection':
      return [...sub(def.left, path), ...sub(def.right, path)];
    case 'pipe':
      return [...sub(def.in, path), ...sub(def.out, path)];
    case 'lazy':
      return def.getter ? sub(def.getter(), path) : [];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
    case 'success':
    case 'promise':
      return sub(def.innerType, path);
    default:
      return [];
  }
}
