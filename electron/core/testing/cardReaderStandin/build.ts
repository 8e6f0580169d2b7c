// Builds the stand-in reader library (idcard_standin.c) with the system C compiler, once per source version, into
// the temp folder. Tests, the browser harness and the bench load it through the real koffi driver.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOURCE = join(import.meta.dirname, 'idcard_standin.c');

export type StandinVariant = 'both' | 'termb' | 'termb-old' | 'sdtapi' | 'neither';

const FLAGS: Record<StandinVariant, string[]> = {
  both: [],
  termb: ['-DTERMB_ONLY'],
  'termb-old': ['-DTERMB_ONLY', '-DNO_READ_CONTENT_PATH'],
  sdtapi: ['-DSDTAPI_ONLY'],
  /** A library that is not a reader's: exports neither interface. */
  neither: ['-DSDTAPI_ONLY', '-DTERMB_ONLY', '-Wno-unused-function'],
};

/** Path of the compiled stand-in library (`.so`; Linux and other systems with gcc/cc). */
export function buildStandin(variant: StandinVariant = 'both'): string {
  const source = readFileSync(SOURCE);
  const hash = createHash('sha256').update(source).update(variant).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'desk-idcard-standin');
  const out = join(dir, `libidcard-standin-${variant}-${hash}.so`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const compiler = process.env.CC ?? 'gcc';
  try {
    execFileSync(compiler, ['-shared', '-fPIC', '-O1', '-Wall', '-Werror', ...FLAGS[variant], '-o', tmp, SOURCE], { stdio: 'pipe' });
  } catch (e: unknown) {
    throw new Error(`building the ID-card reader stand-in with ${compiler} failed (install gcc): ${e instanceof Error ? e.message : String(e)}`);
  }
  renameSync(tmp, out);
  return out;
}

/** A card as the stand-in's control file describes it (UTF-8 values; the library encodes them as the card does). */
export interface StandinCard {
  name: string;
  sex: '1' | '2';
  nation: string;
  birth: string;
  address: string;
  id: string;
  authority: string;
  start: string;
  end: string;
  /** Byte 248: 'J' HMT residence permit, 'I' foreigner's card. */
  kind?: string;
}

export interface StandinState {
  reader?: 'present' | 'absent';
  port?: number;
  card?: StandinCard | null;
  fail?: 'none' | 'read_error' | 'removed';
}

/** Lay a card on (or take it off) the stand-in reader by rewriting its control file. */
export function setStandin(controlFile: string, state: StandinState): void {
  const lines = [`reader=${state.reader ?? 'present'}`, `port=${state.port ?? 1001}`, `card=${state.card ? 'present' : 'none'}`, `fail=${state.fail ?? 'none'}`];
  if (state.card) for (const [k, v] of Object.entries(state.card)) lines.push(`${k}=${v}`);
  writeFileSync(controlFile, lines.join('\n') + '\n');
}

/** Fixture cards: real layouts, invented people with valid check digits. */
export const CARDS = {
  /** 𠮷 (U+20BB7, outside the BMP) arrives as a surrogate pair. */
  rare: { name: '𠮷永康', sex: '1', nation: '01', birth: '19880512', address: '山东省日照市东港区秦楼街道海曲东路88号锦绣小区3号楼2单元501室', id: '371102198805120018', authority: '日照市公安局东港分局', start: '20180601', end: '20380601' },
  dotted: { name: '阿依古丽·买买提', sex: '2', nation: '05', birth: '19900303', address: '新疆维吾尔自治区乌鲁木齐市天山区解放南路12号', id: '650102199003031225', authority: '乌鲁木齐市公安局天山区分局', start: '20150210', end: '长期' },
  expired: { name: '王秀英', sex: '2', nation: '01', birth: '19850720', address: '山东省日照市东港区日照北路21号', id: '371102198507200028', authority: '日照市公安局东港分局', start: '20050101', end: '20250101' },
  hmt: { name: '陈家明', sex: '1', nation: '', birth: '19870909', address: '', id: '810000198709090013', authority: '公安部出入境管理局', start: '20200101', end: '20250101', kind: 'J' },
  foreigner: { name: 'SMITH JOHN', sex: '1', nation: 'USA', birth: '19800101', address: '', id: 'USA370000800101', authority: '公安部', start: '20200101', end: '20300101', kind: 'I' },
} satisfies Record<string, StandinCard>;
