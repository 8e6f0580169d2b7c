// docs/adding-a-feature.md walks a newcomer through real files (issue 11). Every repository path it writes in
// backticks must exist, and a name written in parentheses right after a file path, as in
// `shared/contract/applications.ts` (`voidInput`), must occur in that file: a moved file or a renamed function
// fails here instead of leaving the page silently wrong.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const DOC = 'docs/adding-a-feature.md';

/** Paths the page names that a build or a run writes (git-ignored), not the repository. */
const GENERATED = new Set(['dist/renderer', 'bench/results.json']);

const FILE_LIKE = /\.(ts|tsx|mts|mjs|js|cjs|json|md)$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const QUOTED = /^'[\w.]+'$/;

/** A word of a backticked span that names a repository path (placeholders, globs, URLs and packages are not). */
function asPath(word: string): string | null {
  if (!word.includes('/') && !FILE_LIKE.test(word)) return null;
  if (/[<>*…'"(){}=,]/.test(word) || word.startsWith('/') || word.startsWith('@') || word.startsWith('-')) return null;
  return word;
}

/** What is wrong with the paths and names `markdown` gives, one sentence each; empty when all hold. */
export function docPathProblems(markdown: string, root: string): { problems: string[]; checked: number } {
  const text = markdown.replace(/^```[\s\S]*?^```/gm, '');
  const problems: string[] = [];
  let checked = 0;
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    for (const word of m[1]!.split(/\s+/)) {
      const path = asPath(word);
      if (!path || GENERATED.has(path)) continue;
      checked++;
      const full = join(root, path);
      if (!existsSync(full)) {
        problems.push(`${path} is named in ${DOC} but does not exist.`);
        continue;
      }
      // `path` (`name`, `other`…): each plain name must occur in the file.
      if (m[1] !== path || !statSync(full).isFile()) continue;
      const after = /^\s*\(([^)]*)\)/.exec(text.slice(m.index + m[0].length));
      if (!after) continue;
      const source = readFileSync(full, 'utf8');
      for (const [, name] of after[1]!.matchAll(/`([^`]+)`/g)) {
        if ((IDENTIFIER.test(name!) || QUOTED.test(name!)) && !source.includes(name!)) {
          problems.push(`${path} is said in ${DOC} to hold \`${name}\`, but it does not.`);
        }
      }
    }
  }
  return { problems, checked };
}

describe(DOC, () => {
  it('names only paths that exist, and names in files that hold them', () => {
    const { problems, checked } = docPathProblems(readFileSync(join(ROOT, DOC), 'utf8'), ROOT);
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(80);
  });

  it('would report a path that is gone and a name a file does not hold', () => {
    const doc = 'See `scripts/noSuchFile.ts`, `bench/lib.ts` (`figure`, `noSuchName`), `<domain>.ts`, `npx tsx bench/gone.ts`.';
    expect(docPathProblems(doc, ROOT).problems).toEqual([
      `scripts/noSuchFile.ts is named in ${DOC} but does not exist.`,
      `bench/lib.ts is said in ${DOC} to hold \`noSuchName\`, but it does not.`,
      `bench/gone.ts is named in ${DOC} but does not exist.`,
    ]);
  });
});
