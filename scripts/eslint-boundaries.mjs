// A local ESLint rule for the layer boundaries between the repo's top-level folders. `no-restricted-imports` matches
// the import string as written, so `../../harness/testPorts` slips past a pattern like `**/electron/harness/**`; this
// rule resolves every relative import against the importing file and matches the repo path it points at.
import { dirname, relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** `**` any folders, `*` within one path segment; matched against the repo path without its extension. */
function globToRegExp(glob) {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const body = escaped.replace(/\*\*\/|\*\*|\*/g, (m) => (m === '**/' ? '(?:.*/)?' : m === '**' ? '.*' : '[^/]*'));
  return new RegExp(`^${body}$`);
}

/** The repo path an import points at (no extension), or null for a package or a path outside the repo. */
export function importTarget(file, source) {
  if (typeof source !== 'string' || !(source.startsWith('./') || source.startsWith('../'))) return null;
  const target = relative(ROOT, resolve(dirname(file), source)).split(sep).join('/');
  if (target.startsWith('..')) return null;
  return target.replace(/\.(d\.ts|tsx?|mts|mjs|cjs|js|json)$/, '');
}

const forbiddenImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid relative imports that resolve into other layers (repo-path globs).' },
    schema: [
      {
        type: 'object',
        properties: {
          zones: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                from: { type: 'array', items: { type: 'string' } },
                /** Targets inside `from` that stay allowed (an allow-list: `from: ['**']`, `except: [what may be imported]`). */
                except: { type: 'array', items: { type: 'string' } },
                message: { type: 'string' },
              },
              required: ['from', 'message'],
              additionalProperties: false,
            },
          },
        },
        required: ['zones'],
        additionalProperties: false,
      },
    ],
    messages: { forbidden: '{{message}} (imports {{target}})' },
  },
  create(context) {
    const zones = context.options[0].zones.map((z) => ({ patterns: z.from.map(globToRegExp), except: (z.except ?? []).map(globToRegExp), message: z.message }));
    const check = (node, source) => {
      const target = importTarget(context.filename, source);
      if (target === null) return;
      for (const zone of zones) {
        if (zone.patterns.some((p) => p.test(target)) && !zone.except.some((p) => p.test(target))) {
          context.report({ node, messageId: 'forbidden', data: { message: zone.message, target } });
          return;
        }
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export const boundaries = { rules: { 'forbidden-imports': forbiddenImports } };
