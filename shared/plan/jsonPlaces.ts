import { consoleOpsText } from '../i18n/zhCN.consoleOps';

// Where each value of a JSON text is: dotted path (as zod and validatePlan report them, `zones.12.schoolIds.0`) →
// line and column, so a plan file's problems can be shown at their exact place. Also finds the place of a syntax
// error. Pure (shared by the console's server and anything else that checks a plan file).

export interface TextPlace {
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
}

export type JsonPlaces =
  | { ok: true; value: unknown; placeOf: (path: string) => TextPlace | null }
  | { ok: false; place: TextPlace; message: string };

class SyntaxProblem extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const jsonSyntaxText = consoleOpsText.planFile;

const MAX_DEPTH = 64;

const fill = (s: string, char: string) => s.replace('{char}', char);

/** Parses `text` (JSON) and records where every value starts: members by their key, array items by their value. */
export function jsonPlaces(text: string): JsonPlaces {
  const places = new Map<string, number>();
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (c: string) => {
    ws();
    if (text[i] !== c) throw i >= text.length ? new SyntaxProblem(i, jsonSyntaxText.unexpectedEnd) : new SyntaxProblem(i, fill(jsonSyntaxText.unexpected, text[i]!));
    i++;
  };
  const str = (): string => {
    const start = i;
    // eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings: matching them is the point
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(text.slice(i, i + 1_000_000));
    if (!m) throw new SyntaxProblem(start, jsonSyntaxText.badString);
    i += m[0].length;
    return JSON.parse(m[0]) as string;
  };
  const value = (path: string, at: number | null, depth = 0): unknown => {
    ws();
    if (depth > MAX_DEPTH) throw new SyntaxProblem(i, fill(jsonSyntaxText.tooDeep, String(MAX_DEPTH)));
    if (!places.has(path)) places.set(path, at ?? i);
    const c = text[i];
    if (c === undefined) throw new SyntaxProblem(i, jsonSyntaxText.unexpectedEnd);
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        const keyAt = i;
        if (text[i] !== '"') throw i >= text.length ? new SyntaxProblem(i, jsonSyntaxText.unexpectedEnd) : new SyntaxProblem(i, fill(jsonSyntaxText.unexpected, text[i]!));
        const key = str();
        expect(':');
        Object.defineProperty(obj, key, { value: value(path ? `${path}.${key}` : key, keyAt, depth + 1), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect('}');
        return obj;
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(path ? `${path}.${arr.length}` : String(arr.length), null, depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect(']');
        return arr;
      }
    }
    if (c === '"') return str();
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) throw new SyntaxProblem(i, fill(jsonSyntaxText.unexpected, c));
    i += m[0].length;
    return JSON.parse(m[0]) as unknown;
  };
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  i = start;
  try {
    const parsed = value('', null);
    ws();
    if (i < text.length) throw new SyntaxProblem(i, fill(jsonSyntaxText.trailing, text[i]!));
    const placeOf = (path: string): TextPlace | null => {
      // A missing key's place is its nearest present parent's.
      for (let p = path; ; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
        const at = places.get(p);
        if (at !== undefined) return toPlace(text, at);
        if (p === '') return null;
      }
    };
    return { ok: true, value: parsed, placeOf };
  } catch (e: unknown) {
    if (e instanceof SyntaxProblem) return { ok: false, place: toPlace(text, e.offset), message: e.message };
    throw e;
  }
}

function toPlace(text: string, offset: number): TextPlace {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: [...text.slice(lineStart, offset)].length + 1 };
}
