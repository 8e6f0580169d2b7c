// Test kit: released migration files pinned by checksum (the desk's and the county server's migration tests).
// The pins live beside the migration list in production code, which records them in each database it migrates
// and refuses a database whose recorded checksum differs; this kit proves that each pin is its file's checksum.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** sha256 of a migration file's text with its line endings as LF (a Windows checkout hashes the same). */
export function migrationFileChecksum(path: string): string {
  return createHash('sha256').update(readFileSync(path, 'utf8').replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * What is wrong between the migration files in `dir` (`NNNN-name.ts`, tests left out) and their pins
 * (file name → checksum), one sentence for the developer each; empty when every file matches its pin.
 */
export function migrationPinProblems(dir: string, pins: Readonly<Record<string, string>>, pinnedIn: string): string[] {
  const files = readdirSync(dir).filter((f) => /^\d{4}-.*\.ts$/.test(f) && !f.endsWith('.test.ts'));
  const problems: string[] = [];
  for (const file of files.sort()) {
    const sum = migrationFileChecksum(join(dir, file));
    const pin = pins[file];
    if (pin === undefined) problems.push(`${file} is not pinned: add its checksum '${sum}' to ${pinnedIn}.`);
    else if (pin !== sum)
      problems.push(
        `${file} was released and its text changed (pinned ${pin}, now ${sum}). Databases that ran it keep its old ` +
          `effect, and a desk or server that finds a different checksum refuses to open them: undo the edit and ` +
          `add a new migration with the next number instead.`,
      );
  }
  for (const file of Object.keys(pins).filter((f) => !files.includes(f))) {
    problems.push(`${file} is pinned in ${pinnedIn} but the file is gone: a released migration is never deleted or renamed.`);
  }
  return problems;
}
