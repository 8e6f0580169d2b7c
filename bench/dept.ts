// Department data (issue 14): importing a 1,000,000-row 户籍 extract with every row checked, as a throughput ratio
// to PostgreSQL's own COPY of the same file in the same run (≥ 0.3); on SQLite beside a plain multi-row insert of
// the same rows (no checks); and verifying 100,000 applications against the 1,000,000 rows (≤ 30 s).
import { randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import Sqlite from 'better-sqlite3-multiple-ciphers';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type ServerConfig } from '../server/config';
import { type Store, dropPgSchema, openStore } from '../server/db/open';
import { loadCounty } from '../server/services/counters';
import { importExtract } from '../server/services/deptImport';
import { refreshVerifications } from '../server/services/deptVerify';
import { loadPlan } from '../server/services/plans';
import { HUKOU_HEADER, hukouLines } from '../server/testing/deptData';
import { type Figure, figure } from './lib';

const ROWS = Number(process.env.BENCH_DEPT_ROWS ?? 1_000_000);
const APPLICATIONS = Number(process.env.BENCH_DEPT_APPS ?? 100_000);
const NOW = new Date('2026-09-15T02:00:00Z');
const PLAN = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json'), 'utf8')) as unknown;

function config(dir: string, pgUrl?: string): ServerConfig {
  return { host: '127.0.0.1', port: 0, dataDir: dir, databaseUrl: pgUrl, pgSchema: pgUrl ? `bench_dept_${randomBytes(4).toString('hex')}` : undefined, countyCode: '379901' };
}

async function timedImport(store: Store, bytes: Buffer): Promise<number> {
  const county = await loadCounty(store.db, '379901');
  const t0 = performance.now();
  const r = await importExtract(store, county, { source: 'hukou', fileName: 'hukou.csv', bytes, by: 'bench', retainUntil: '2027-08-31' }, NOW);
  const s = (performance.now() - t0) / 1000;
  if (!r.ok) throw new Error(`bench import refused: ${JSON.stringify(r.problems.slice(0, 3))}`);
  return s;
}

/** PostgreSQL's COPY of the file as it is into a table of text columns: the floor no importer can beat. */
async function copySeconds(pgUrl: string, schema: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: pgUrl, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query(`create table raw_hukou (${HUKOU_HEADER.map((_, i) => `c${i} text`).join(', ')})`);
    const t0 = performance.now();
    await pipeline(createReadStream(file), client.query(copyFrom(`copy raw_hukou from stdin with (format csv, header true)`)));
    return (performance.now() - t0) / 1000;
  } finally {
    await client.end();
  }
}

/** SQLite baseline: the same rows split naively and inserted in one transaction with multi-row statements, nothing checked. */
function plainSqliteSeconds(dir: string, text: string): number {
  const db = new Sqlite(join(dir, 'plain.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`create table raw_hukou (${HUKOU_HEADER.map((_, i) => `c${i} text`).join(', ')})`);
  const per = 70;
  const stmt = db.prepare(`insert into raw_hukou values ${Array.from({ length: per }, () => `(${HUKOU_HEADER.map(() => '?').join(',')})`).join(',')}`);
  const one = db.prepare(`insert into raw_hukou values (${HUKOU_HEADER.map(() => '?').join(',')})`);
  const t0 = performance.now();
  const lines = text.split('\r\n').slice(1).filter((l) => l !== '');
  db.transaction(() => {
    let i = 0;
    for (; i + per <= lines.length; i += per) stmt.run(lines.slice(i, i + per).flatMap((l) => l.split(',')));
    for (; i < lines.length; i++) one.run(lines[i]!.split(','));
  })();
  const s = (performance.now() - t0) / 1000;
  db.close();
  return s;
}

/** Applications of children in the extract (with their parents as guardians), every fifth with a property claim. */
async function seedApplications(store: Store, text: string, n: number): Promise<void> {
  const lines = text.split('\r\n');
  const rows: Record<string, unknown>[] = [];
  for (let i = 3; i < lines.length && rows.length < n; i += 3) {
    const cells = lines[i]!.split(',');
    const [id, name, sex, birth, , , moveIn, , , , fatherId, motherId] = cells;
    if (!id || !fatherId) continue;
    const father = lines[i - 2]!.split(',');
    const mother = lines[i - 1]!.split(',');
    const form = {
      grade: 'primary1',
      child: { name, idType: 'resident_id', idNumber: id, birthDate: birth, sex: sex === '男' ? 'M' : 'F' },
      guardians: [
        { relation: 'father', name: father[1], idType: 'resident_id', idNumber: fatherId, mobile: '13906330001' },
        { relation: 'mother', name: mother[1], idType: 'resident_id', idNumber: motherId, mobile: '13906330002' },
      ],
      hukou: { inCounty: true, moveInDate: moveIn },
      housing: rows.length % 5 === 0 ? { kind: 'property_certificate', owner: 'father', registrationDate: '2018-01-01' } : { kind: 'none' },
      typeDecision: { derived: rows.length % 5 === 0 ? 'house_hukou' : 'hukou_only', chosen: rows.length % 5 === 0 ? 'house_hukou' : 'hukou_only' },
      proxy: null,
      disability: null,
      materials: [],
    };
    const at = NOW.toISOString();
    rows.push({ id: randomUUID(), counter_code: 'A01', device_id: null, source: 'counter', receipt_no: `R${rows.length}`, child_id_hash: null, revision: 1, content_hash: 'x', record: JSON.stringify({ form }), created_at: at, updated_at: at });
  }
  for (let i = 0; i < rows.length; i += 500) await store.db.insertInto('applications').values(rows.slice(i, i + 500) as never).execute();
}

export async function benchDept(): Promise<Figure[]> {
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dir = mkdtempSync(join(tmpdir(), 'bench-dept-'));
  const file = join(dir, 'hukou.csv');
  const text = [...hukouLines(ROWS, 14)].join('\r\n') + '\r\n';
  writeFileSync(file, text);
  const bytes = Buffer.from(text);
  const figures: Figure[] = [];
  try {
    // PostgreSQL: COPY of the raw file, then the checked import, in one schema each.
    const pgCfg = config(dir, pgUrl);
    const pgStore = await openStore(pgCfg);
    try {
      const copyS = await copySeconds(pgUrl, pgCfg.pgSchema!, file);
      const importS = await timedImport(pgStore, bytes);
      const ratio = copyS / importS;
      console.error(`dept: PostgreSQL COPY ${Math.round(ROWS / copyS)} rows/s, checked import ${Math.round(ROWS / importS)} rows/s (ratio ${ratio.toFixed(2)})`);
      figures.push(figure('dept.import_ratio', ratio, '× COPY', 1, `PostgreSQL COPY of the same ${ROWS.toLocaleString('en')}-row file: ${Math.round(ROWS / copyS)} rows/s; checked import ${Math.round(ROWS / importS)} rows/s`, { min: 0.3 }));

      const published = await loadPlan(pgStore.db, { countyCode: '379901', idHashKey: Buffer.alloc(32) }, PLAN, NOW);
      if ('problems' in published) throw new Error(published.problems.join('\n'));
      await seedApplications(pgStore, text, APPLICATIONS);
      // The floor of any verifier: reading every application once.
      const r0 = performance.now();
      for (const a of await pgStore.db.selectFrom('applications').select(['id', 'record']).execute()) JSON.parse(a.record);
      const readS = (performance.now() - r0) / 1000;
      const t0 = performance.now();
      const n = await refreshVerifications(pgStore, NOW);
      const matchS = (performance.now() - t0) / 1000;
      if (n < APPLICATIONS) throw new Error(`verified ${n} of ${APPLICATIONS}`);
      console.error(`dept: verified ${n} applications against ${ROWS} rows in ${matchS.toFixed(1)} s`);
      figures.push(figure('dept.match_s', matchS, 's', readS, `reading the same ${n.toLocaleString('en')} applications once (PostgreSQL; ${ROWS.toLocaleString('en')} 户籍 rows)`, { max: 30 }));
    } finally {
      await pgStore.close();
      await dropPgSchema(pgUrl, pgCfg.pgSchema!);
    }

    // SQLite: the checked import beside a plain multi-row insert of the same rows.
    const sqliteStore = await openStore(config(join(dir, 'sqlite')));
    try {
      const importS = await timedImport(sqliteStore, bytes);
      const plainS = plainSqliteSeconds(dir, text);
      console.error(`dept: SQLite checked import ${Math.round(ROWS / importS)} rows/s, plain insert ${Math.round(ROWS / plainS)} rows/s`);
      figures.push(figure('dept.import_sqlite_rows_s', ROWS / importS, 'rows/s', ROWS / plainS, 'plain multi-row insert of the same rows, nothing checked', {}));
    } finally {
      await sqliteStore.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
