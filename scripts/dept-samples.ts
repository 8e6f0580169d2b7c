// Writes the sample county's department extracts (synthetic people, 示例) to resources/dept-samples/:
// `npx tsx scripts/dept-samples.ts`. The files are committed; this script is how they were made.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { writeSampleXlsx } from '../server/testing/deptXlsx';
import { sampleExtracts } from '../server/testing/deptData';

const dir = join(import.meta.dirname, '..', 'resources', 'dept-samples');
mkdirSync(dir, { recursive: true });
for (const f of sampleExtracts()) {
  const path = join(dir, f.name);
  if (f.xlsx) writeFileSync(path, await writeSampleXlsx(f.xlsx));
  else writeFileSync(path, f.gbk ? iconv.encode(f.csv ?? '', 'gb18030') : Buffer.from(f.csv ?? '', 'utf8'));
  console.log(path);
}
