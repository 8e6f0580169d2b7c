import { format } from '../i18n/zhCN';
import { lotteryListDetails, lotteryReasons, type LotteryReasonCode } from '../i18n/zhCN.lottery';
import {
  LOTTERY_FORMAT,
  NAME_ID,
  POOL_CODE,
  SECRET,
  SOURCE_FORMAT,
  announcementText,
  commitmentOf,
  isCanonicalSourceValue,
  isLineText,
  listText,
  parseListText,
  rankList,
  resultDigestOf,
  resultText,
  seedOf,
  textDigest,
  type PoolEntry,
  type PoolKind,
  type RankedEntry,
} from './spec';
import { LOTTERY_SPEC_SUMMARY } from './specSummary';

// The ceremony's three steps as data: announce (lists, sources, commitments — published days before),
// draw (source values and secrets entered in the hall → seed → ranked lists), and the bundle anyone can
// verify. verifyBundle is the shared implementation; tools/lottery-verify is the independent one.

export interface LotteryPoolInput {
  code: string;
  name: string;
  kind: PoolKind;
  places: number;
  entries: PoolEntry[];
}

export interface SourceCandidate {
  id: string;
  /** What the value is and where it is published, e.g. 中国福利彩票双色球第 2026085 期开奖号码（按开奖顺序）. */
  description: string;
  format: string;
}

export interface AnnouncementInput {
  county: string;
  year: number;
  title: string;
  pools: LotteryPoolInput[];
  /** Slots in order; each slot's candidates in fallback order. */
  sources: { candidates: SourceCandidate[] }[];
  parties: { id: string; name: string; commitment: string }[];
}

export interface Announcement {
  county: string;
  year: number;
  title: string;
  pools: { code: string; name: string; kind: PoolKind; places: number; list: string; listDigest: string }[];
  sources: { slot: number; candidates: SourceCandidate[] }[];
  parties: { id: string; name: string; commitment: string }[];
  digest: string;
}

export interface DrawInput {
  /** Per slot: which candidate was used (1 = the first), why each earlier one could not be, and its canonical value. */
  sources: { used: number; skipped: string[]; value: string }[];
  secrets: { party: string; secret: string }[];
}

export interface LotteryBundle {
  format: typeof LOTTERY_FORMAT;
  spec: string;
  announcement: Announcement;
  draw: DrawInput & { seed: string };
  results: { pool: string; text: string }[];
  resultDigest: string;
}

export interface LotteryReason {
  code: LotteryReasonCode;
  message: string;
}

export class LotteryInputError extends Error {
  constructor(readonly reasons: LotteryReason[]) {
    super(reasons.map((r) => r.message).join('\n'));
    this.name = 'LotteryInputError';
  }
}

const reason = (code: LotteryReasonCode, values: Record<string, string | number> = {}): LotteryReason => ({ code, message: format(lotteryReasons[code], values) });

/** Freezes the pools and fixes the sources and commitments. Throws on input that could not be verified later. */
export function announce(input: AnnouncementInput): Announcement {
  const bad = (field: string) => new LotteryInputError([reason('BUNDLE_MALFORMED', { field })]);
  if (!/^\d{6}$/.test(input.county)) throw bad('county');
  if (!Number.isInteger(input.year) || input.year < 1000 || input.year > 9999) throw bad('year');
  if (!isLineText(input.title)) throw bad('title');
  if (input.pools.length === 0) throw bad('pools');
  const codes = new Set<string>();
  const pools = input.pools.map((p, i) => {
    if (!POOL_CODE.test(p.code) || codes.has(p.code)) throw bad(`pools.${i}.code`);
    codes.add(p.code);
    if (p.entries.length === 0) throw bad(`pools.${i}.entries`);
    const list = listText({ county: input.county, year: input.year, code: p.code, name: p.name, kind: p.kind, places: p.places, entries: p.entries });
    const parsed = parseListText(list);
    if (!parsed.ok) throw new LotteryInputError([reason('LIST_MALFORMED', { pool: p.code, line: parsed.line, detail: parsed.detail })]);
    return { code: p.code, name: p.name, kind: p.kind, places: p.places, list, listDigest: textDigest(list) };
  });
  input.sources.forEach((slot, si) => {
    if (slot.candidates.length === 0) throw bad(`sources.${si}.candidates`);
    slot.candidates.forEach((c, ci) => {
      if (!NAME_ID.test(c.id) || !SOURCE_FORMAT.test(c.format) || !isLineText(c.description)) throw bad(`sources.${si}.candidates.${ci}`);
    });
  });
  const ids = new Set<string>();
  input.parties.forEach((p, i) => {
    if (!NAME_ID.test(p.id) || ids.has(p.id) || !isLineText(p.name) || !/^[0-9a-f]{64}$/.test(p.commitment)) throw bad(`parties.${i}`);
    ids.add(p.id);
  });
  if (input.sources.length === 0 && input.parties.length === 0) throw bad('sources');
  const fields = {
    county: input.county,
    year: input.year,
    title: input.title,
    pools: [...pools].sort((a, b) => (a.code < b.code ? -1 : 1)),
    sources: input.sources.map((s, i) => ({ slot: i + 1, candidates: s.candidates.map((c) => ({ ...c })) })),
    parties: input.parties.map((p) => ({ ...p })),
  };
  return { ...fields, digest: textDigest(announcementText(fields)) };
}

function drawProblems(a: Announcement, d: DrawInput): LotteryReason[] {
  const out: LotteryReason[] = [];
  if (d.sources.length !== a.sources.length) return [reason('BUNDLE_MALFORMED', { field: 'draw.sources' })];
  a.sources.forEach((slot, i) => {
    const s = d.sources[i]!;
    const cand = slot.candidates[s.used - 1];
    if (!Number.isInteger(s.used) || cand === undefined) out.push(reason('BUNDLE_MALFORMED', { field: `draw.sources.${i}.used` }));
    else if (s.skipped.length !== s.used - 1 || s.skipped.some((r) => !isLineText(r))) out.push(reason('SOURCE_FALLBACK_UNEXPLAINED', { slot: slot.slot, used: s.used }));
    else if (!isCanonicalSourceValue(s.value, cand.format)) out.push(reason('SOURCE_NOT_CANONICAL', { slot: slot.slot, value: s.value, format: cand.format }));
  });
  for (const p of a.parties) {
    const revealed = d.secrets.filter((s) => s.party === p.id);
    if (revealed.length !== 1 || !SECRET.test(revealed[0]!.secret)) out.push(reason('SECRET_MISSING', { party: p.name }));
    else if (commitmentOf(revealed[0]!.secret) !== p.commitment) out.push(reason('SECRET_MISMATCH', { party: p.name }));
  }
  if (d.secrets.length !== a.parties.length && out.length === 0) out.push(reason('BUNDLE_MALFORMED', { field: 'draw.secrets' }));
  return out;
}

function seedFor(a: Announcement, d: DrawInput): string {
  return seedOf({
    county: a.county,
    year: a.year,
    pools: a.pools.map((p) => ({ code: p.code, listDigest: p.listDigest })),
    sources: a.sources.map((slot, i) => ({ id: slot.candidates[(d.sources[i]?.used ?? 1) - 1]?.id ?? '', value: d.sources[i]?.value ?? '' })),
    secrets: a.parties.map((p) => ({ party: p.id, secret: d.secrets.find((s) => s.party === p.id)?.secret ?? '' })),
  });
}

function resultsFor(a: Announcement, seed: string): { pool: string; text: string; ranked: RankedEntry[] }[] {
  return a.pools.map((p) => {
    const parsed = parseListText(p.list);
    if (!parsed.ok) throw new Error(`pool ${p.code}: list unreadable after validation`);
    const ranked = rankList(seed, parsed.list);
    return { pool: p.code, text: resultText(p.code, seed, ranked), ranked };
  });
}

/** The ceremony: checks every revealed secret and source value, builds the seed, ranks every pool. */
export function draw(announcement: Announcement, input: DrawInput): LotteryBundle {
  const problems = drawProblems(announcement, input);
  if (problems.length > 0) throw new LotteryInputError(problems);
  const seed = seedFor(announcement, input);
  const results = resultsFor(announcement, seed).map(({ pool, text }) => ({ pool, text }));
  return {
    format: LOTTERY_FORMAT,
    spec: LOTTERY_SPEC_SUMMARY,
    announcement,
    draw: { sources: input.sources.map((s) => ({ ...s, skipped: [...s.skipped] })), secrets: input.secrets.map((s) => ({ ...s })), seed },
    results,
    resultDigest: resultDigestOf(results),
  };
}

/** The ranked entries of a verified or freshly drawn bundle, per pool (for placement and for the desk's lookup). */
export function rankedPools(bundle: LotteryBundle): Map<string, RankedEntry[]> {
  return new Map(resultsFor(bundle.announcement, bundle.draw.seed).map((r) => [r.pool, r.ranked]));
}

export type Verification =
  | { ok: true; seed: string; announcementDigest: string; resultDigest: string; results: { pool: string; text: string }[] }
  | { ok: false; reasons: LotteryReason[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Shape check of untrusted JSON; returns the first missing or mistyped field. */
function shapeProblem(b: Obj): string | null {
  const a = b.announcement;
  if (!isObj(a)) return 'announcement';
  if (!isStr(a.county) || !isInt(a.year) || !isStr(a.title) || !isStr(a.digest)) return 'announcement.county/year/title/digest';
  if (!Array.isArray(a.pools) || a.pools.length === 0) return 'announcement.pools';
  for (const [i, p] of a.pools.entries()) {
    if (!isObj(p) || !isStr(p.code) || !isStr(p.name) || !isStr(p.kind) || !isInt(p.places) || !isStr(p.list) || !isStr(p.listDigest)) return `announcement.pools.${i}`;
    // A pool code names one pool: a repeated one would leave open which list a result belongs to.
    if (a.pools.slice(0, i).some((q) => isObj(q) && q.code === p.code)) return `announcement.pools.${i}`;
  }
  if (!Array.isArray(a.sources)) return 'announcement.sources';
  for (const [i, s] of a.sources.entries()) {
    if (!isObj(s) || !isInt(s.slot) || s.slot !== i + 1 || !Array.isArray(s.candidates) || s.candidates.length === 0) return `announcement.sources.${i}`;
    for (const [k, c] of s.candidates.entries()) if (!isObj(c) || !isStr(c.id) || !isStr(c.description) || !isStr(c.format)) return `announcement.sources.${i}.candidates.${k}`;
  }
  if (!Array.isArray(a.parties)) return 'announcement.parties';
  for (const [i, p] of a.parties.entries()) if (!isObj(p) || !isStr(p.id) || !isStr(p.name) || !isStr(p.commitment)) return `announcement.parties.${i}`;
  const d = b.draw;
  if (!isObj(d) || !isStr(d.seed) || !/^[0-9a-f]{64}$/.test(d.seed)) return 'draw.seed';
  if (!Array.isArray(d.sources)) return 'draw.sources';
  for (const [i, s] of d.sources.entries()) if (!isObj(s) || !isInt(s.used) || !Array.isArray(s.skipped) || !s.skipped.every(isStr) || !isStr(s.value)) return `draw.sources.${i}`;
  if (!Array.isArray(d.secrets)) return 'draw.secrets';
  for (const [i, s] of d.secrets.entries()) if (!isObj(s) || !isStr(s.party) || !isStr(s.secret)) return `draw.secrets.${i}`;
  if (!Array.isArray(b.results)) return 'results';
  for (const [i, r] of b.results.entries()) if (!isObj(r) || !isStr(r.pool) || !isStr(r.text)) return `results.${i}`;
  if (!isStr(b.resultDigest)) return 'resultDigest';
  return null;
}

/**
 * Re-runs a published bundle from its own inputs. Stages stop at the first that fails (a changed list
 * would otherwise also be reported as a changed result): lists → announcement → sources and secrets →
 * seed → results. `expectedAnnouncementDigest` is the value published before the draw, if the reader has it.
 */
export function verifyBundle(input: unknown, options: { expectedAnnouncementDigest?: string } = {}): Verification {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (e: unknown) {
      return { ok: false, reasons: [reason('BUNDLE_UNREADABLE', { detail: e instanceof Error ? e.message : String(e) })] };
    }
  }
  if (!isObj(json)) return { ok: false, reasons: [reason('BUNDLE_UNREADABLE', { detail: lotteryListDetails.notObject })] };
  if (json.format !== LOTTERY_FORMAT) return { ok: false, reasons: [reason('FORMAT_UNKNOWN', { format: String(json.format) })] };
  const field = shapeProblem(json);
  if (field !== null) return { ok: false, reasons: [reason('BUNDLE_MALFORMED', { field })] };
  const b = json as unknown as LotteryBundle;
  const a = b.announcement;

  const listProblems: LotteryReason[] = [];
  for (const p of a.pools) {
    const parsed = parseListText(p.list);
    if (!parsed.ok) {
      listProblems.push(reason('LIST_MALFORMED', { pool: p.code, line: parsed.line, detail: parsed.detail }));
      continue;
    }
    const l = parsed.list;
    if (l.code !== p.code || l.name !== p.name || l.kind !== p.kind || l.places !== p.places || l.county !== a.county || l.year !== a.year) {
      listProblems.push(reason('LIST_MALFORMED', { pool: p.code, line: 2, detail: lotteryListDetails.headMismatch }));
    }
    const actual = textDigest(p.list);
    if (actual !== p.listDigest) listProblems.push(reason('LIST_CHANGED', { pool: p.code, expected: p.listDigest, actual }));
  }
  if (listProblems.length > 0) return { ok: false, reasons: listProblems };

  const announcementDigest = textDigest(announcementText(a));
  if (announcementDigest !== a.digest) return { ok: false, reasons: [reason('ANNOUNCEMENT_CHANGED', { expected: a.digest, actual: announcementDigest })] };
  const expected = options.expectedAnnouncementDigest?.trim().toLowerCase();
  if (expected && expected !== announcementDigest) return { ok: false, reasons: [reason('ANNOUNCEMENT_MISMATCH', { expected, actual: announcementDigest })] };

  const drawn = drawProblems(a, b.draw);
  if (drawn.length > 0) return { ok: false, reasons: drawn };

  const seed = seedFor(a, b.draw);
  if (seed !== b.draw.seed) return { ok: false, reasons: [reason('SEED_MISMATCH', { expected: b.draw.seed, actual: seed })] };

  const mine = resultsFor(a, seed);
  const resultProblems: LotteryReason[] = [];
  for (const r of mine) {
    const theirs = b.results.find((x) => x.pool === r.pool)?.text ?? '';
    if (theirs !== r.text) {
      const ours = r.text.split('\n');
      const line = theirs.split('\n').findIndex((l, i) => l !== ours[i]);
      resultProblems.push(reason('RESULT_MISMATCH', { pool: r.pool, line: (line < 0 ? Math.min(ours.length, theirs.split('\n').length) : line) + 1 }));
    }
  }
  if (b.results.length !== mine.length) resultProblems.push(reason('BUNDLE_MALFORMED', { field: 'results' }));
  if (resultProblems.length > 0) return { ok: false, reasons: resultProblems };
  const results = mine.map(({ pool, text }) => ({ pool, text }));
  const resultDigest = resultDigestOf(results);
  if (resultDigest !== b.resultDigest) return { ok: false, reasons: [reason('RESULT_DIGEST_MISMATCH', { expected: b.resultDigest, actual: resultDigest })] };
  return { ok: true, seed, announcementDigest, resultDigest, results };
}
