import { type Kysely } from 'kysely';
import { type LotteryState } from '../../../shared/console/placement';
import { format } from '../../../shared/i18n/zhCN';
import { placementServerText as T } from '../../../shared/i18n/zhCN.placementConsole';
import { type Announcement, type LotteryBundle, LotteryInputError, announce, draw, rankedPools } from '../../../shared/lottery/bundle';
import { SECRET, canonicalSourceValue, commitmentOf } from '../../../shared/lottery/spec';
import { place } from '../../../shared/placement/place';
import { type Database } from '../../db/schema';
import { reposOf } from '../../db/repos';
import { type LotteryRow } from '../../db/repos/lotteryRepo';
import { type FrozenInput, currentPlacement } from './current';
import { PlacementError } from './errors';
import { placementData } from './input';

// The draw's lifecycle (COUNTY.md "The public lottery"): announce (freeze the pools placement needs, with the seed
// sources and the parties' commitments, published days before) → draw at the ceremony (values entered, each secret
// checked against its commitment, seed, ranked pools, bundle) → published with the placement results. The
// computation is shared/lottery's; this file keeps the steps in order and stores what was published.

export interface AnnounceInput {
  title: string;
  sources: { candidates: { id: string; description: string; format: string }[] }[];
  parties: { id: string; name: string; commitment: string }[];
}

export interface DrawRequest {
  sources: { used: number; skipped: string[]; value: string }[];
  secrets: { party: string; secret: string }[];
}

const stateName = (s: LotteryRow['status']) => T.states[s];

function fromLotteryError(e: unknown): never {
  if (e instanceof LotteryInputError) throw new PlacementError('validation_failed', e.reasons.map((r) => r.message).join('\n'), e.reasons.map((r) => ({ path: r.code, message: r.message })));
  throw e;
}

export function stateOf(row: LotteryRow | undefined): LotteryState {
  if (!row || row.status === 'cancelled') return { lottery: null };
  const a = JSON.parse(row.announcement) as Announcement;
  const bundle = row.bundle ? (JSON.parse(row.bundle) as LotteryBundle) : null;
  const ranked = bundle ? rankedPools(bundle) : null;
  return {
    lottery: {
      id: row.id,
      status: row.status,
      title: a.title,
      year: a.year,
      announcementDigest: a.digest,
      announcedAt: row.announced_at,
      announcedBy: row.announced_by,
      pools: a.pools.map((p) => ({ code: p.code, name: p.name, kind: p.kind, places: p.places, entries: Number(/\nentries (\d+)\n/.exec(p.list)?.[1] ?? 0), listDigest: p.listDigest })),
      sources: a.sources,
      parties: a.parties,
      draw:
        bundle && ranked
          ? {
              sources: bundle.draw.sources,
              secrets: bundle.draw.secrets,
              seed: bundle.draw.seed,
              resultDigest: bundle.resultDigest,
              drawnAt: row.drawn_at ?? row.announced_at,
              drawnBy: row.drawn_by ?? '',
              results: a.pools.map((p) => ({
                pool: p.code,
                name: p.name,
                kind: p.kind,
                places: p.places,
                rows: (ranked.get(p.code) ?? []).map((r) => ({ rank: r.rank, receipts: r.entry.receipts, name: r.entry.name, key: r.key, status: r.status })),
              })),
            }
          : null,
    },
  };
}

export async function lotteryState(db: Kysely<Database>): Promise<LotteryState> {
  const { plan } = await placementData(db);
  const row = await reposOf(db).lotteries.current();
  return stateOf(row && row.year === plan.year ? row : undefined);
}

/** Freezes the pools today's approved applications need and announces them with the sources and commitments. */
export async function announceLottery(db: Kysely<Database>, input: AnnounceInput, by: string, now: Date): Promise<LotteryState> {
  return db.transaction().execute(async (trx) => {
    const repos = reposOf(trx);
    const data = await placementData(trx);
    const open = await repos.lotteries.current();
    if (open && open.year === data.plan.year) {
      if (open.status === 'published') throw new PlacementError('state_conflict', format(T.notAnnounced, { state: stateName(open.status), action: T.actions.reannounce }));
      throw new PlacementError('state_conflict', format(T.lotteryOpen, { digest: open.announcement_digest }));
    }
    const out = place(data.plan, { applications: data.applications });
    if (!out.ok) throw new PlacementError('validation_failed', format(T.placementProblems, { problems: out.problems.slice(0, 3).map((p) => p.message).join('；') }), out.problems);
    if (out.result.pools.length === 0) throw new PlacementError('state_conflict', T.noPools);
    let announcement: Announcement;
    try {
      announcement = announce({ county: data.plan.county.code, year: data.plan.year, title: input.title, pools: out.result.pools, sources: input.sources, parties: input.parties });
    } catch (e: unknown) {
      fromLotteryError(e);
    }
    const frozen: FrozenInput = { applications: data.applications };
    const id = await repos.lotteries
      .insert({
      year: data.plan.year,
      status: 'announced',
      plan_version: data.planVersion,
      placement_input: JSON.stringify(frozen),
      announcement: JSON.stringify(announcement),
      announcement_digest: announcement.digest,
      announced_by: by,
      announced_at: now.toISOString(),
      bundle: null,
      result_digest: null,
      drawn_by: null,
      drawn_at: null,
      cancelled_by: null,
      cancelled_at: null,
      })
      .catch((e: unknown) => {
        // Another admin announced at the same moment (the one-open-draw index refused this one).
        throw new PlacementError('state_conflict', format(T.lotteryOpen, { digest: '' }), [{ path: 'lottery', message: String(e) }]);
      });
    return stateOf(await repos.lotteries.current().then((r) => (r?.id === id ? r : undefined)));
  });
}

async function announced(db: Kysely<Database>, action: keyof typeof T.actions): Promise<LotteryRow> {
  const { plan } = await placementData(db);
  const row = await reposOf(db).lotteries.current();
  if (!row || row.year !== plan.year) throw new PlacementError('state_conflict', T.noLottery);
  if (row.status !== 'announced') throw new PlacementError('state_conflict', format(T.notAnnounced, { state: stateName(row.status), action: T.actions[action] }));
  return row;
}

/** A value as typed in the hall, in its canonical form, or why it cannot be used. */
export function checkSourceValue(a: Announcement, slot: number, used: number, raw: string): { ok: true; value: string } | { ok: false; message: string } {
  const s = a.sources[slot - 1];
  if (!s) return { ok: false, message: format(T.sourceCount, { expected: a.sources.length, actual: slot }) };
  const c = s.candidates[used - 1];
  if (!c) return { ok: false, message: format(T.sourceCandidate, { slot, used }) };
  const value = canonicalSourceValue(raw, c.format);
  return value === null ? { ok: false, message: format(T.sourceValue, { slot, description: c.description, value: raw, format: c.format }) } : { ok: true, value };
}

export function checkSecret(a: Announcement, party: string, secret: string): { ok: boolean; commitment: string | null; actual: string | null; message: string | null } {
  const p = a.parties.find((x) => x.id === party);
  if (!p) return { ok: false, commitment: null, actual: null, message: format(T.secretUnknownParty, { party }) };
  if (!SECRET.test(secret)) return { ok: false, commitment: p.commitment, actual: null, message: format(T.secretFormat, { party: p.name }) };
  const actual = commitmentOf(secret);
  return actual === p.commitment ? { ok: true, commitment: p.commitment, actual, message: null } : { ok: false, commitment: p.commitment, actual, message: format(T.secretMismatch, { party: p.name }) };
}

export async function checkSource(db: Kysely<Database>, slot: number, used: number, raw: string) {
  const row = await announced(db, 'draw');
  const r = checkSourceValue(JSON.parse(row.announcement) as Announcement, slot, used, raw);
  return r.ok ? { ok: true, value: r.value, message: null } : { ok: false, value: null, message: r.message };
}

export async function checkPartySecret(db: Kysely<Database>, party: string, secret: string) {
  const row = await announced(db, 'draw');
  return checkSecret(JSON.parse(row.announcement) as Announcement, party, secret);
}

/** The ceremony: values and secrets → seed → ranked pools → bundle, stored once. */
export async function drawLottery(db: Kysely<Database>, input: DrawRequest, by: string, now: Date): Promise<LotteryState> {
  const row = await announced(db, 'draw');
  const a = JSON.parse(row.announcement) as Announcement;
  if (input.sources.length !== a.sources.length) throw new PlacementError('validation_failed', format(T.sourceCount, { expected: a.sources.length, actual: input.sources.length }));
  const problems: { path: string; message: string }[] = [];
  const sources = input.sources.map((s, i) => {
    const r = checkSourceValue(a, i + 1, s.used, s.value);
    if (!r.ok) problems.push({ path: `sources.${i}.value`, message: r.message });
    return { used: s.used, skipped: s.skipped, value: r.ok ? r.value : s.value };
  });
  input.secrets.forEach((s, i) => {
    const r = checkSecret(a, s.party, s.secret);
    if (!r.ok && r.message) problems.push({ path: `secrets.${i}.secret`, message: r.message });
  });
  if (problems.length > 0) throw new PlacementError('validation_failed', problems.map((p) => p.message).join('\n'), problems);
  let bundle: LotteryBundle;
  try {
    bundle = draw(a, { sources, secrets: input.secrets });
  } catch (e: unknown) {
    fromLotteryError(e);
  }
  const moved = await reposOf(db).lotteries.transition(row.id, 'announced', { status: 'drawn', bundle: JSON.stringify(bundle), result_digest: bundle.resultDigest, drawn_by: by, drawn_at: now.toISOString() });
  if (!moved) throw new PlacementError('state_conflict', format(T.notAnnounced, { state: stateName('drawn'), action: T.actions.draw }));
  // The placement with this draw must now be complete (it fails loudly here rather than at publication).
  await currentPlacement(db);
  return stateOf(await reposOf(db).lotteries.current());
}

export async function cancelLottery(db: Kysely<Database>, by: string, now: Date): Promise<LotteryState> {
  const row = await announced(db, 'cancel');
  if (!(await reposOf(db).lotteries.transition(row.id, 'announced', { status: 'cancelled', cancelled_by: by, cancelled_at: now.toISOString() }))) {
    throw new PlacementError('state_conflict', format(T.notAnnounced, { state: stateName('drawn'), action: T.actions.cancel }));
  }
  return { lottery: null };
}

/** What is published: the announcement before the draw, the bundle after it (exactly the stored JSON). */
export async function lotteryDownload(db: Kysely<Database>, what: 'announcement' | 'bundle'): Promise<{ fileName: string; text: string }> {
  const { plan } = await placementData(db);
  const row = await reposOf(db).lotteries.current();
  if (!row || row.year !== plan.year) throw new PlacementError('not_found', T.noLottery);
  const a = JSON.parse(row.announcement) as Announcement;
  if (what === 'announcement') return { fileName: `lottery-announcement-${a.county}-${a.year}-${a.digest.slice(0, 8)}.json`, text: `${JSON.stringify(a, null, 2)}\n` };
  if (!row.bundle) throw new PlacementError('state_conflict', format(T.notAnnounced, { state: stateName(row.status), action: T.actions.download }));
  const bundle = JSON.parse(row.bundle) as LotteryBundle;
  return { fileName: `lottery-bundle-${a.county}-${a.year}-${bundle.resultDigest.slice(0, 8)}.json`, text: `${JSON.stringify(bundle, null, 2)}\n` };
}
