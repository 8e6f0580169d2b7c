import { fieldIssues } from '../contract/fields';
import { format } from '../i18n/zhCN';
import { labels } from '../i18n/zhCN.labels';
import { placementProblems, placementText as T } from '../i18n/zhCN.placement';
import { maskName } from '../domain/mask';
import { entryKey, listText, rankList, textDigest } from '../lottery/spec';
import type { LotteryBundle } from '../lottery/bundle';
import { levelOfGrade, type CountyPlan, type SchoolLevel } from '../plan/schema';
import type { TieBreaker } from '../plan/placementRules';
import {
  placementInputSchema,
  type ChildPlacement,
  type PlacementApplication,
  type PlacementInput,
  type PlacementOutcome,
  type PlacementPool,
  type PlacementResult,
  type PressureLevel,
  type SchoolSummary,
  type SpecialKind,
} from './types';

// Placement as a pure function of the plan, the approved applications and (once drawn) the lottery:
//
// 1. Each school fills its places batch by batch (tier 0 = 优待 / 随班就读 ahead, then the plan's batches).
//    The first batch that does not fit is ranked by its tie-breakers; equal children at the cut-off line
//    go to the lottery; the first family that does not fit closes the school (siblings are never split,
//    and a smaller family behind them does not take their place). Private schools admit everyone or
//    draw lots among all applicants (seed 000 §2: no other criterion).
// 2. The pools that need a draw are returned; with the draw's seed, ties are broken by each family's
//    key in its level's tie-break pool and private schools by their own pool.
// 3. Children who did not fit are reassigned one family at a time — higher batch first, then the batch's
//    tie-breakers, then the key — each to the first school of its reassignment order with room.
//
// Same input, same bytes out: children sorted by receipt, schools in plan order, pools by code.

type Value = string | number | null;
type State = 'admitted' | 'tied' | 'out' | 'pending';

interface Member {
  app: PlacementApplication;
  level: SchoolLevel;
  tier: number;
  special: SpecialKind | null;
}

interface Unit {
  id: string;
  members: Member[];
  /** The member whose batch and dates rank the family: the highest batch, then the first receipt. */
  lead: Member;
  seats: number;
  school: string;
  level: SchoolLevel;
  tier: number;
  values: Value[];
  refused: boolean;
  hukouSchoolId: string | null;
  /** The hukou school the plan's refusal rule sends it to (a public school of its level), once known. */
  hukouSchool: string | null;
  zoneSchools: string[];
  private: boolean;
  specialSchool: boolean;
  state: State;
  rank: number | null;
  tie: { count: number; seats: number } | null;
  /** Families with the same tie-breaker values at its school (a rank shared by several is 并列). */
  groupSize: number;
  /** Position inside its tie group once drawn. */
  tieRank: number | null;
  lottery: { pool: string; rank: number; of: number; won: boolean } | null;
  /** The tier at which the school had closed before this unit's tier was reached. */
  closedAt: number | null;
  list: string[];
  placedAt: string | null;
  reassignedK: number | null;
}

interface SchoolInfo {
  id: string;
  name: string;
  kind: 'public' | 'private' | 'special';
  level: SchoolLevel | null;
  places: number;
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function valueOf(app: PlacementApplication, tb: TieBreaker): Value {
  switch (tb) {
    case 'hukou_move_in':
      return app.hukouMoveInDate ?? null;
    case 'property_registration':
      return app.propertyRegistrationDate ?? null;
    case 'points':
      return app.points ?? null;
    case 'lottery':
      return null;
  }
}

/** Better first: earlier dates, more points; a missing value after every present one. */
function cmpValues(tbs: readonly TieBreaker[], a: readonly Value[], b: readonly Value[]): number {
  for (let i = 0; i < tbs.length; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const c = tbs[i] === 'points' ? Number(y) - Number(x) : cmpStr(String(x), String(y));
    if (c !== 0) return c;
  }
  return 0;
}

export const tiebreakPoolCode = (level: SchoolLevel): string => `tiebreak.${level}`;

function problem(path: string, key: keyof typeof placementProblems, values: Record<string, string | number>) {
  return { path, message: format(placementProblems[key], values) };
}

/** Runs placement. Errors are values with Chinese messages and exact paths into the input. */
export function place(plan: CountyPlan, rawInput: PlacementInput): PlacementOutcome {
  const parsed = placementInputSchema.safeParse(rawInput);
  if (!parsed.success) return { ok: false, problems: fieldIssues(parsed.error, rawInput) };
  const input = parsed.data;
  const rules = plan.placement;
  const problems: { path: string; message: string }[] = [];

  // Schools: the plan's, the special school, places overridden for a what-if.
  const schools = new Map<string, SchoolInfo>();
  for (const s of plan.schools) schools.set(s.id, { id: s.id, name: s.name, kind: s.ownership, level: s.level, places: s.plannedPlaces });
  const special = rules.special.specialSchool;
  if (special) schools.set(special.id, { id: special.id, name: special.name, kind: 'special', level: null, places: special.places });
  for (const [id, n] of Object.entries(input.places ?? {})) {
    const s = schools.get(id);
    if (s) s.places = n;
    else problems.push(problem(`places.${id}`, 'unknownPlaces', { school: id }));
  }
  const zones = new Map(plan.zones.map((z) => [z.id, z]));
  const planSchools = new Map(plan.schools.map((s) => [s.id, s]));
  const types = new Set(plan.enrollmentTypes.map((t) => t.code));
  const batchOfType = new Map<string, number>();
  rules.batches.forEach((b, i) => b.types.forEach((t) => batchOfType.set(t, i + 1)));
  const tieBreakersOf = (tier: number): TieBreaker[] => (tier === 0 ? ['lottery'] : (rules.batches[tier - 1]?.tieBreakers ?? ['lottery']));
  const breakersByTier = new Map<number, Exclude<TieBreaker, 'lottery'>[]>();
  const valueBreakers = (tier: number): Exclude<TieBreaker, 'lottery'>[] => {
    let v = breakersByTier.get(tier);
    if (!v) {
      v = tieBreakersOf(tier).filter((t): t is Exclude<TieBreaker, 'lottery'> => t !== 'lottery');
      breakersByTier.set(tier, v);
    }
    return v;
  };
  const tierLabel = (tier: number, kind?: SpecialKind | null) =>
    tier === 0 ? format(T.ahead, { kind: T.special[kind === 'regular_class' ? 'regular_class' : 'preferential'] }) : format(T.batch, { batch: tier });

  // Validate the applications against the plan.
  const apps = [...input.applications].sort((a, b) => cmpStr(a.receiptNo, b.receiptNo));
  const indexOf = new Map(input.applications.map((a, i) => [a, i]));
  const seen = new Set<string>();
  const at = (app: PlacementApplication, f: string) => `applications.${indexOf.get(app) ?? 0}.${f}`;
  for (const app of apps) {
    if (seen.has(app.receiptNo)) problems.push(problem(at(app, 'receiptNo'), 'duplicateReceipt', { receipt: app.receiptNo }));
    seen.add(app.receiptNo);
    const school = planSchools.get(app.schoolId);
    if (!school) problems.push(problem(at(app, 'schoolId'), 'unknownSchool', { receipt: app.receiptNo, school: app.schoolId }));
    else if (school.level !== levelOfGrade(app.grade)) {
      problems.push(problem(at(app, 'schoolId'), 'wrongLevel', { receipt: app.receiptNo, grade: labels.grade[app.grade], school: school.name, level: labels.level[school.level] }));
    }
    if (!zones.has(app.zoneEntryId)) problems.push(problem(at(app, 'zoneEntryId'), 'unknownZone', { receipt: app.receiptNo, zone: app.zoneEntryId }));
    if (!types.has(app.type)) problems.push(problem(at(app, 'type'), 'unknownType', { receipt: app.receiptNo, type: app.type }));
    if (app.hukouSchoolId && !schools.has(app.hukouSchoolId)) problems.push(problem(at(app, 'hukouSchoolId'), 'unknownHukouSchool', { receipt: app.receiptNo, school: app.hukouSchoolId }));
  }
  const groups = new Map<string, PlacementApplication[]>();
  for (const app of apps) {
    const key = app.siblingGroup ? `g:${app.siblingGroup}` : `r:${app.receiptNo}`;
    const g = groups.get(key);
    if (g) g.push(app);
    else groups.set(key, [app]);
  }
  for (const members of groups.values()) {
    if (members.length > 1 && members.some((m) => m.schoolId !== members[0]!.schoolId)) {
      problems.push(problem(`applications.${indexOf.get(members[0]!) ?? 0}.siblingGroup`, 'siblingsApart', { receipts: members.map((m) => m.receiptNo).join('、') }));
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  // Members and units. Special-school and home-teaching children are placed on their own.
  const memberOf = (app: PlacementApplication): Member => {
    const level = levelOfGrade(app.grade);
    let special: SpecialKind | null = null;
    if (app.type === 'preferential') special = 'preferential';
    if (app.disability) special = app.disability;
    let tier = batchOfType.get(app.type) ?? rules.batches.length;
    if (app.type === 'preferential' && rules.special.preferential === 'ahead') tier = 0;
    else if (app.disability === 'regular_class' && rules.special.regularClass === 'ahead') tier = 0;
    return { app, level, tier, special };
  };
  const zoneSchoolCache = new Map<string, string[]>();
  const zoneSchoolsOf = (app: PlacementApplication, level: SchoolLevel): string[] => {
    const key = `${app.zoneEntryId}|${level}`;
    let list = zoneSchoolCache.get(key);
    if (!list) {
      list = (zones.get(app.zoneEntryId)?.schoolIds ?? []).filter((id) => {
        const s = schools.get(id);
        return s?.kind === 'public' && s.level === level;
      });
      zoneSchoolCache.set(key, list);
    }
    return list;
  };
  const newUnit = (members: Member[], schoolId: string, specialSchool: boolean): Unit => {
    const lead = members.length === 1 ? members[0]! : [...members].sort((a, b) => a.tier - b.tier || cmpStr(a.app.receiptNo, b.app.receiptNo))[0]!;
    const tier = specialSchool ? 0 : lead.tier;
    return {
      id: members[0]!.app.receiptNo,
      members,
      lead,
      seats: members.length,
      school: schoolId,
      level: lead.level,
      tier,
      values: specialSchool ? [] : valueBreakers(tier).map((tb) => valueOf(lead.app, tb)),
      refused: members.some((m) => m.app.refusesReassignment === true),
      hukouSchoolId: lead.app.hukouSchoolId ?? null,
      hukouSchool: null,
      zoneSchools: zoneSchoolsOf(lead.app, lead.level),
      private: schools.get(schoolId)?.kind === 'private',
      specialSchool,
      state: 'pending',
      rank: null,
      tie: null,
      groupSize: 1,
      tieRank: null,
      lottery: null,
      closedAt: null,
      list: [],
      placedAt: null,
      reassignedK: null,
    };
  };
  const units: Unit[] = [];
  const homeTeaching: Member[] = [];
  const specialSchoolChildren: Member[] = [];
  for (const apps of groups.values()) {
    const regular: Member[] = [];
    for (const app of apps) {
      const m = memberOf(app);
      if (app.disability === 'home_teaching') homeTeaching.push(m);
      else if (app.disability === 'special_school') specialSchoolChildren.push(m);
      else regular.push(m);
    }
    if (regular.length > 0) units.push(newUnit(regular, regular[0]!.app.schoolId, false));
  }
  const specialUnits = special ? specialSchoolChildren.map((m) => newUnit([m], special.id, true)) : [];
  units.push(...specialUnits);
  units.sort((a, b) => cmpStr(a.id, b.id));

  const bySchool = new Map<string, Unit[]>();
  for (const u of units) {
    const list = bySchool.get(u.school);
    if (list) list.push(u);
    else bySchool.set(u.school, [u]);
  }

  // Phase 1: every school, before any draw.
  const tieGroups: Unit[][] = [];
  const cutoffTier = new Map<string, number>();
  /** Places still free when a school closed at a family that did not fit (siblings are not split). */
  const leftAtClose = new Map<string, number>();
  const privatePools: { school: SchoolInfo; units: Unit[] }[] = [];
  for (const [schoolId, list] of bySchool) {
    const school = schools.get(schoolId)!;
    if (school.kind === 'private') {
      const demand = list.reduce((n, u) => n + u.seats, 0);
      if (demand <= school.places) for (const u of list) u.state = 'admitted';
      else privatePools.push({ school, units: list });
      continue;
    }
    let left = school.places;
    let closed: number | null = null;
    const tiers = [...new Set(list.map((u) => u.tier))].sort((a, b) => a - b);
    let ahead = 0;
    let previous: number | null = null;
    for (const tier of tiers) {
      const tbs = valueBreakers(tier);
      const inTier = list.filter((u) => u.tier === tier).sort((a, b) => cmpValues(tbs, a.values, b.values) || cmpStr(a.id, b.id));
      if (closed === null && left === 0 && previous !== null) {
        // Exactly full after the previous batch: that batch is the cut-off, this one starts closed.
        closed = previous;
        cutoffTier.set(schoolId, previous);
      }
      previous = tier;
      if (closed !== null) {
        for (const u of inTier) {
          u.state = 'out';
          u.closedAt = closed;
        }
        continue;
      }
      // Groups of equal tie-breaker values, best first.
      const groupsInTier: Unit[][] = [];
      for (const u of inTier) {
        const last = groupsInTier.at(-1);
        if (last && cmpValues(tbs, last[0]!.values, u.values) === 0) last.push(u);
        else groupsInTier.push([u]);
      }
      for (const g of groupsInTier) {
        const demand = g.reduce((n, u) => n + u.seats, 0);
        for (const u of g) {
          u.rank = ahead + 1;
          u.groupSize = g.length;
        }
        if (closed !== null) {
          for (const u of g) u.state = 'out';
        } else if (demand <= left) {
          for (const u of g) u.state = 'admitted';
          left -= demand;
        } else {
          closed = tier;
          cutoffTier.set(schoolId, tier);
          leftAtClose.set(schoolId, left);
          const fits = g.some((u) => u.seats <= left);
          if (g.length > 1 && fits) {
            for (const u of g) {
              u.state = 'tied';
              u.tie = { count: g.length, seats: left };
            }
            tieGroups.push(g);
          } else for (const u of g) u.state = 'out';
        }
        ahead += demand;
      }
    }
  }

  // Reassignment lists (known before the draw: they depend on the plan and the application only).
  const orderOf = new Map(rules.reassignment.order.map((o) => [o.from, o.to]));
  for (const u of units) {
    if (u.specialSchool) continue;
    if (u.refused) {
      const h = u.hukouSchoolId ? schools.get(u.hukouSchoolId) : undefined;
      // Its hukou school, when the plan sends refusing families there; the school it applied to is no place to go
      // (it stays on that school's list: nothing further to place), so only another school is listed.
      u.hukouSchool = rules.reassignment.onRefusal === 'hukou_school' && h && h.kind === 'public' && h.level === u.level ? h.id : null;
      u.list = u.hukouSchool !== null && u.hukouSchool !== u.school ? [u.hukouSchool] : [];
    } else if (u.private) {
      const first = u.zoneSchools[0];
      u.list = [...new Set([...u.zoneSchools, ...(first ? (orderOf.get(first) ?? []) : [])])];
    } else u.list = orderOf.get(u.school) ?? [];
  }

  // The pools to draw: private schools, and per level every family whose place may hinge on a tie.
  const countyYear = { county: plan.county.code, year: plan.year };
  const pools: PlacementPool[] = [];
  const entryOf = (u: Unit) => ({ receipts: u.members.map((m) => m.app.receiptNo), name: u.members.map((m) => maskName(m.app.name)).join('、') });
  const addPool = (code: string, name: string, kind: 'places' | 'order', places: number, members: Unit[]) => {
    const entries = members.map(entryOf);
    const digest = textDigest(listText({ ...countyYear, code, name, kind, places, entries }));
    pools.push({ code, name, kind, places, entries: [...entries].sort((a, b) => cmpStr(a.receipts[0]!, b.receipts[0]!)), listDigest: digest });
  };
  for (const p of privatePools) addPool(p.school.id, p.school.name, 'places', p.school.places, p.units);
  const inTieGroup = new Set(tieGroups.flat());
  const inPrivatePool = new Set(privatePools.flatMap((p) => p.units));
  const tiebreakUnits = new Map<SchoolLevel, Unit[]>();
  for (const u of units) {
    const mayNeedReassignment = (u.state === 'out' || u.state === 'tied' || inPrivatePool.has(u)) && u.list.length > 0;
    if (inTieGroup.has(u) || mayNeedReassignment) {
      const list = tiebreakUnits.get(u.level);
      if (list) list.push(u);
      else tiebreakUnits.set(u.level, [u]);
    }
  }
  const tiebreakPools = new Set<SchoolLevel>();
  for (const level of ['primary', 'junior'] as const) {
    const list = tiebreakUnits.get(level) ?? [];
    if (list.length < 2) continue;
    tiebreakPools.add(level);
    addPool(tiebreakPoolCode(level), T.pool.tiebreak[level], 'order', 0, list);
  }
  pools.sort((a, b) => cmpStr(a.code, b.code));

  // The draw, if given, must be of exactly these lists.
  let seed: string | null = null;
  if (input.draw) {
    for (const p of pools) {
      const d = input.draw.listDigests[p.code];
      if (d === undefined) problems.push(problem(`draw.listDigests.${p.code}`, 'drawMissing', { pool: p.code }));
      else if (d !== p.listDigest) problems.push(problem(`draw.listDigests.${p.code}`, 'drawMismatch', { pool: p.code }));
    }
    for (const code of Object.keys(input.draw.listDigests)) {
      if (!pools.some((p) => p.code === code)) problems.push(problem(`draw.listDigests.${code}`, 'drawExtra', { pool: code }));
    }
    if (problems.length > 0) return { ok: false, problems };
    seed = input.draw.seed;
  }
  const complete = pools.length === 0 || seed !== null;
  const keys = new Map<Unit, string>();
  const keyOf = (u: Unit): string => {
    let k = keys.get(u);
    if (k === undefined) {
      k = seed !== null && tiebreakPools.has(u.level) ? entryKey(seed, tiebreakPoolCode(u.level), u.id) : u.id;
      keys.set(u, k);
    }
    return k;
  };

  if (seed !== null) {
    // Private schools: their own pool, exactly as the published ranking.
    for (const p of privatePools) {
      const ranked = rankList(seed, { ...countyYear, code: p.school.id, name: p.school.name, kind: 'places', places: p.school.places, entries: p.units.map(entryOf) });
      const byId = new Map(p.units.map((u) => [u.id, u]));
      for (const r of ranked) {
        const u = byId.get(r.entry.receipts[0]!)!;
        u.state = r.status === 'admitted' ? 'admitted' : 'out';
        u.lottery = { pool: p.school.id, rank: r.rank, of: ranked.length, won: r.status === 'admitted' };
      }
    }
    // Ties at a cut-off line: ascending key, admitted while the family fits, closed at the first that does not.
    for (const g of tieGroups) {
      let left = g[0]!.tie!.seats;
      let open = true;
      const start = g[0]!.rank ?? 1;
      let ahead = 0;
      for (const [i, u] of [...g].sort((a, b) => cmpStr(keyOf(a), keyOf(b))).entries()) {
        u.tieRank = i + 1;
        u.rank = start + ahead;
        ahead += u.seats;
        if (open && u.seats <= left) {
          u.state = 'admitted';
          left -= u.seats;
        } else {
          open = false;
          u.state = 'out';
        }
      }
    }
  } else {
    for (const p of privatePools) for (const u of p.units) u.state = 'tied';
  }

  // Phase 3: reassignment, once nothing is pending.
  const spare = new Map<string, number>();
  for (const s of schools.values()) {
    const taken = (bySchool.get(s.id) ?? []).filter((u) => u.state === 'admitted').reduce((n, u) => n + u.seats, 0);
    spare.set(s.id, s.places - taken);
  }
  const reassignedIn = new Map<string, number>();
  if (complete) {
    const candidates = units
      .filter((u) => u.state === 'out' && !u.specialSchool && u.list.length > 0)
      .sort((a, b) => a.tier - b.tier || cmpValues(valueBreakers(a.tier), a.values, b.values) || cmpStr(keyOf(a), keyOf(b)) || cmpStr(a.id, b.id));
    for (const u of candidates) {
      const k = u.list.findIndex((id) => (spare.get(id) ?? 0) >= u.seats);
      if (k < 0) continue;
      const to = u.list[k]!;
      spare.set(to, (spare.get(to) ?? 0) - u.seats);
      reassignedIn.set(to, (reassignedIn.get(to) ?? 0) + u.seats);
      u.placedAt = to;
      u.reassignedK = k + 1;
    }
  }

  // Explanations and the per-child result.
  const schoolName = (id: string) => schools.get(id)?.name ?? id;
  const children: ChildPlacement[] = [];
  const push = (m: Member, u: Unit | null, c: Omit<ChildPlacement, 'receiptNo' | 'appliedSchoolId' | 'special' | 'choice' | 'refusedReassignment' | 'siblings'>) => {
    const siblings = m.app.siblingGroup ? (groups.get(`g:${m.app.siblingGroup}`) ?? []).map((a) => a.receiptNo).filter((r) => r !== m.app.receiptNo) : [];
    const parts = c.explanation;
    const withSiblings = u && u.seats > 1 ? `${parts}${T.sep}${format(T.siblings, { count: u.seats })}` : parts;
    children.push({
      receiptNo: m.app.receiptNo,
      status: c.status,
      appliedSchoolId: m.app.schoolId,
      schoolId: c.schoolId,
      batch: c.batch,
      rank: c.rank,
      places: c.places,
      lottery: c.lottery,
      special: m.special,
      choice: c.status === 'reassigned' ? (u?.reassignedK ?? null) : null,
      refusedReassignment: m.app.refusesReassignment === true,
      siblings,
      explanation: withSiblings,
    });
  };
  const join = (parts: string[]) => parts.join(T.sep);

  const outcomeOfOut = (u: Unit): { parts: string[]; status: ChildPlacement['status']; schoolId: string | null } => {
    if (u.placedAt !== null) {
      const part = u.refused
        ? [T.refused, format(T.refusedHukouAdmitted, { school: schoolName(u.placedAt) })]
        : [format(T.reassignedTo, { school: schoolName(u.placedAt), k: u.reassignedK ?? 1 })];
      return { parts: part, status: 'reassigned', schoolId: u.placedAt };
    }
    if (u.refused) {
      if (rules.reassignment.onRefusal === 'bureau') return { parts: [T.refused, T.refusedBureau], status: 'awaiting_reassignment', schoolId: null };
      const h = u.hukouSchool;
      return { parts: [T.refused, h !== null ? format(T.refusedHukouWaiting, { school: schoolName(h) }) : T.refusedNoHukouSchool], status: 'awaiting_reassignment', schoolId: null };
    }
    if (!complete) return { parts: [T.awaitingReassignment, T.awaitingDrawThenReassign], status: 'awaiting_reassignment', schoolId: null };
    if (u.list.length === 0) return { parts: [T.awaitingReassignment, T.noReassignmentOrder], status: 'awaiting_reassignment', schoolId: null };
    return { parts: [T.awaitingReassignment, T.reassignedFull], status: 'awaiting_reassignment', schoolId: null };
  };

  const asked = new Map<string, number>();
  const seatsAsked = (id: string): number => {
    let n = asked.get(id);
    if (n === undefined) {
      n = (bySchool.get(id) ?? []).reduce((sum, x) => sum + x.seats, 0);
      asked.set(id, n);
    }
    return n;
  };
  for (const u of units) {
    const school = schools.get(u.school)!;
    const places = school.places;
    const lead = u.lead;
    if (u.private) {
      const count = seatsAsked(u.school);
      for (const m of u.members) {
        if (u.lottery === null && u.state === 'admitted') {
          push(m, u, { status: 'admitted', schoolId: u.school, batch: u.tier, rank: null, places, lottery: null, explanation: join([T.privateSchool, format(T.privateCount, { count, places }), T.privateAll]) });
        } else if (u.lottery === null) {
          push(m, u, { status: 'awaiting_lottery', schoolId: null, batch: u.tier, rank: null, places, lottery: null, explanation: join([T.privateSchool, format(T.privateCount, { count, places }), T.awaitingLottery]) });
        } else {
          const head = [T.privateDraw, format(T.drawRank, { rank: u.lottery.rank, of: u.lottery.of })];
          if (u.lottery.won) push(m, u, { status: 'admitted', schoolId: u.school, batch: u.tier, rank: null, places, lottery: u.lottery, explanation: join([...head, T.won]) });
          else {
            const o = outcomeOfOut(u);
            push(m, u, { status: o.status, schoolId: o.schoolId, batch: u.tier, rank: null, places, lottery: u.lottery, explanation: join([...head, T.lost, ...o.parts]) });
          }
        }
      }
      continue;
    }
    const head = u.specialSchool ? T.special.special_school : tierLabel(u.tier, lead.special);
    const tbs = valueBreakers(u.tier);
    const values = tbs.map((tb, i) => {
      const v = u.values[i] ?? null;
      return v === null ? T.missing[tb] : format(T.value[tb], { value: v });
    });
    const batch = u.specialSchool ? null : u.tier;
    const rankPart = u.rank !== null ? [format(u.groupSize > 1 && u.tieRank === null ? T.rankShared : T.rank, { rank: u.rank, places })] : [];
    const drawnPart = u.tieRank !== null ? [format(T.tieDrawn, { rank: u.tieRank })] : [];
    let explanation: string;
    let status: ChildPlacement['status'];
    let schoolId: string | null = null;
    if (u.state === 'admitted') {
      status = 'admitted';
      schoolId = u.school;
      explanation = join([head, ...values, ...drawnPart, ...rankPart]);
    } else if (u.state === 'tied') {
      status = 'awaiting_lottery';
      explanation = join([head, ...values, format(T.tied, { count: u.tie?.count ?? 0, seats: u.tie?.seats ?? 0 }), T.awaitingLottery]);
    } else if (u.specialSchool) {
      status = 'awaiting_reassignment';
      explanation = join([head, ...rankPart, T.awaitingReassignment, T.specialSchoolFull]);
    } else {
      const o = outcomeOfOut(u);
      status = o.status;
      schoolId = o.schoolId;
      const left = leftAtClose.get(u.school) ?? 0;
      const where =
        u.closedAt === null
          ? [...values, ...drawnPart, ...rankPart]
          : [format(left > 0 ? T.closedWithSpare : T.fullEarlier, { places, left, where: tierLabel(u.closedAt) })];
      explanation = join([head, ...where, ...o.parts]);
    }
    for (const m of u.members) {
      push(m, u, { status, schoolId, batch, rank: u.rank, places, lottery: null, explanation });
    }
  }
  for (const m of specialSchoolChildren) {
    if (!special) push(m, null, { status: 'awaiting_reassignment', schoolId: null, batch: null, rank: null, places: 0, lottery: null, explanation: join([T.special.special_school, T.specialSchoolNone]) });
  }
  for (const m of homeTeaching) {
    const school =
      rules.special.homeTeaching === 'special_school' && special
        ? special.id
        : schools.get(m.app.schoolId)?.kind === 'public'
          ? m.app.schoolId
          : (zoneSchoolsOf(m.app, m.level)[0] ?? m.app.schoolId);
    push(m, null, { status: 'admitted', schoolId: school, batch: null, rank: null, places: 0, lottery: null, explanation: join([T.special.home_teaching, format(T.homeTeaching, { school: schoolName(school) })]) });
  }
  children.sort((a, b) => cmpStr(a.receiptNo, b.receiptNo));

  // Per-school table.
  const summaries: SchoolSummary[] = [];
  for (const s of schools.values()) {
    const list = bySchool.get(s.id) ?? [];
    const applicants = list.reduce((n, u) => n + u.seats, 0);
    const admitted = list.filter((u) => u.state === 'admitted').reduce((n, u) => n + u.seats, 0);
    const tiers = [...new Set(list.map((u) => (s.kind === 'public' ? u.tier : 0)))].sort((a, b) => a - b);
    const byBatch =
      s.kind === 'public'
        ? tiers.map((tier) => {
            const inTier = list.filter((u) => u.tier === tier);
            return {
              batch: tier,
              label: tier === 0 ? format(T.ahead, { kind: `${T.special.preferential}、${T.special.regular_class}` }) : `${format(T.batch, { batch: tier })} ${rules.batches[tier - 1]?.name ?? ''}`.trim(),
              applicants: inTier.reduce((n, u) => n + u.seats, 0),
              admitted: inTier.filter((u) => u.state === 'admitted').reduce((n, u) => n + u.seats, 0),
            };
          })
        : [];
    let cutoff: SchoolSummary['cutoff'] = null;
    if (s.kind === 'private' && applicants > s.places) cutoff = { batch: null, line: T.privateDraw };
    const ct = cutoffTier.get(s.id);
    if (s.kind !== 'private' && ct !== undefined) {
      const label = s.kind === 'special' ? T.special.special_school : tierLabel(ct);
      const valuesOf = (u: Unit) => valueBreakers(ct).map((tb, i) => (u.values[i] === null || u.values[i] === undefined ? T.missing[tb] : format(T.value[tb], { value: u.values[i] ?? '' })));
      const pending = list.find((u) => u.state === 'tied');
      const lastIn = list
        .filter((u) => u.tier === ct && u.state === 'admitted')
        .sort((a, b) => (b.rank ?? 0) - (a.rank ?? 0) || cmpStr(b.id, a.id))[0];
      let line: string;
      if (pending) line = join([label, ...valuesOf(pending), format(T.tied, { count: pending.tie?.count ?? 0, seats: pending.tie?.seats ?? 0 }), T.awaitingLottery]);
      else if (lastIn) line = join([label, ...valuesOf(lastIn), format(T.rank, { rank: lastIn.rank ?? 0, places: s.places })]);
      else line = format(T.fullEarlier, { places: s.places, where: label });
      cutoff = { batch: s.kind === 'special' ? null : ct, line };
    }
    const pressure = s.places === 0 ? (applicants > 0 ? 100 : 0) : Math.floor((applicants * 100) / s.places);
    const level: PressureLevel = pressure >= 100 ? 'red' : pressure >= 90 ? 'yellow' : 'green';
    summaries.push({
      schoolId: s.id,
      name: s.name,
      kind: s.kind,
      places: s.places,
      applicants,
      byBatch,
      admitted,
      reassignedIn: reassignedIn.get(s.id) ?? 0,
      awaitingLottery: list.filter((u) => u.state === 'tied').reduce((n, u) => n + u.seats, 0),
      cutoff,
      spare: spare.get(s.id) ?? s.places,
      pressure,
      pressureLevel: level,
    });
  }

  const result: PlacementResult = { complete, children, schools: summaries, pools };
  return { ok: true, result };
}

/** The draw placement needs, from a published (and verified) lottery bundle. */
export function drawOf(bundle: Pick<LotteryBundle, 'announcement' | 'draw'>): { seed: string; listDigests: Record<string, string> } {
  return { seed: bundle.draw.seed, listDigests: Object.fromEntries(bundle.announcement.pools.map((p) => [p.code, p.listDigest])) };
}
