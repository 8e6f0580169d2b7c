// Writes the lottery's golden vectors to docs/lottery-vectors/ (see shared/lottery/vectors.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { basicVector, refusalVectors } from '../shared/lottery/vectors';

const dir = join(import.meta.dirname, '..', 'docs', 'lottery-vectors');
mkdirSync(dir, { recursive: true });
const basic = basicVector();
writeFileSync(join(dir, 'v1-basic.json'), JSON.stringify(basic, null, 2) + '\n');
// The bundle alone, as a bureau publishes it: `node tools/lottery-verify/verify.mjs docs/lottery-vectors/v1-basic.bundle.json`.
writeFileSync(join(dir, 'v1-basic.bundle.json'), JSON.stringify(basic.bundle, null, 2) + '\n');
writeFileSync(join(dir, 'v1-refusals.json'), JSON.stringify(refusalVectors(), null, 2) + '\n');
console.log(`wrote ${dir}`);
