#!/usr/bin/env node
// Copies the verifier's core from verify.mjs into index.html, so the offline page and the CLI run the same
// code. `node tools/lottery-verify/build-html.mjs` after changing the core; a test fails while they differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BEGIN = '// ===== BEGIN CORE';
export const END = '// ===== END CORE =====';

/** The core block of a file: from the BEGIN line to the END marker, inclusive. */
export function coreOf(text) {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error('core markers not found');
  return text.slice(start, end + END.length);
}

const dir = import.meta.dirname;
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const core = coreOf(readFileSync(join(dir, 'verify.mjs'), 'utf8'));
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const next = html.replace(coreOf(html), () => core);
  writeFileSync(join(dir, 'index.html'), next);
  console.log(next === html ? 'index.html already up to date' : 'index.html updated');
}
