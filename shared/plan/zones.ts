import { levelOfGrade, type CountyPlan, type SchoolLevel, type ZoneEntry } from './schema';
import type { Grade } from '../contract/application';
import {
  AFTER_ZHOU,
  ZHOU,
  DIVISION_ENDINGS,
  NAME_ANNOTATION,
  NOT_DIVISION_ENDINGS,
  NOT_DIVISION_NAMES,
  OWN_WORDS,
  PLACE_PART_CHARS,
  SIDE_PART,
  STREET_AFTER_NAME,
  WORDS_AFTER_ENDING,
  type DivisionLevel,
} from './divisionWords';

type PlanPlaces = Pick<CountyPlan, 'zones' | 'county'>;

/** Spaces of any width (the full-width U+3000 too) are not part of a name. */
const compact = (s: string): string => s.replace(/\s+/gu, '');

const HAN = /^\p{Script=Han}$/u;
/** The longest name read as one division not formed with 自治: 黑龙江省, or run together, 河北石家庄长安区. */
const MAX_PLAIN_NAME = 9;
/** Ethnic names make an autonomous division's name long: 双江拉祜族佤族布朗族傣族自治县. */
const MAX_AUTONOMOUS_NAME = 16;
/** At most this many divisions are read before the address's own part (province, city, county, and a spare). */
const MAX_DIVISIONS = 5;

/** A division an address names at some place: where its name ends and its level. */
interface DivisionRead {
  end: number;
  level: DivisionLevel;
  /** The name without its ending (本 of 本县). */
  stem: string;
}

/** The division named at `start` of `text`, if the text starts there with a division's name and ending. */
function divisionAt(text: string, start: number): DivisionRead | undefined {
  for (let j = start + 1; j < text.length; j++) {
    const ch = text[j]!;
    if (!HAN.test(ch)) return undefined;
    const found = DIVISION_ENDINGS.find((d) => text.startsWith(d.ending, j));
    if (found) {
      let end = j + found.ending.length;
      let level = found.level;
      if (found.ending === ZHOU && AFTER_ZHOU.includes(text[end] ?? '\n')) {
        level = DIVISION_ENDINGS.find((d) => d.ending === text[end])?.level ?? level;
        end += 1;
      }
      const name = text.slice(start, end);
      const max = found.autonomous ? MAX_AUTONOMOUS_NAME : MAX_PLAIN_NAME;
      if (j - start > max) return undefined;
      if (NOT_DIVISION_NAMES.includes(name) || NOT_DIVISION_ENDINGS.some((w) => name.endsWith(w)) || SIDE_PART.test(name)) return undefined;
      if (WORDS_AFTER_ENDING.some((w) => text.startsWith(w, end)) || STREET_AFTER_NAME.test(text.slice(end))) return undefined;
      return { end, level, stem: text.slice(start, j) };
    }
    if (PLACE_PART_CHARS.includes(ch)) return undefined;
  }
  return undefined;
}

/** A division's name as an address writes it, without the plan's annotation (示例县（示例） → 示例县). */
const bareName = (name: string): string => compact(name.replace(NAME_ANNOTATION, ''));

/** A name and its short form without the ending (山东省 → 山东, 日照市 → 日照), when two characters are left. */
function withShortForm(name: string): string[] {
  const ending = DIVISION_ENDINGS.find((d) => name.endsWith(d.ending) && name.length - d.ending.length >= 2);
  return ending ? [name, name.slice(0, -ending.ending.length)] : [name];
}

/**
 * The first division an address names that is not the plan's own county, city or province — when it shows the
 * address lies outside the county: 长安区 of 河北省石家庄市长安区建设路 12 号. Undefined when the address names no
 * division before its own part (建设路 12 号, 北京路 3 号: a street named after a place is a street), names the plan's
 * county (山东省日照市东港区…, 东港区…, 本县…), or only its city or province. A city or province is told apart from
 * the plan's own only when the plan names its own (county.city, county.province); a county-level division always.
 */
export function otherDivisionIn(plan: Pick<CountyPlan, 'zones' | 'county'>, address: string | undefined): string | undefined {
  if (!address) return undefined;
  const text = compact(address);
  const county = bareName(plan.county.name);
  const city = plan.county.city === undefined ? undefined : bareName(plan.county.city);
  const province = plan.county.province === undefined ? undefined : bareName(plan.county.province);
  const parents = [...(city ? withShortForm(city) : []), ...(province ? withShortForm(province) : [])].sort((a, b) => b.length - a.length);
  // The plan's own places (a compound 老县委宿舍, a street 城关街道) are the county's, whatever they end with.
  const ownPlaces = plan.zones.flatMap((z) => [z.name, ...(z.aliases ?? []), ...(z.street ? [z.street] : [])]).map(compact).filter((n) => n.length >= 2);
  let at = 0;
  for (let read = 0; read < MAX_DIVISIONS && at < text.length; read++) {
    if (text.startsWith(county, at)) return undefined;
    const parent = parents.find((n) => text.startsWith(n, at));
    if (parent !== undefined) {
      at += parent.length;
      continue;
    }
    const division = divisionAt(text, at);
    if (!division) return undefined;
    const name = text.slice(at, division.end);
    if (ownPlaces.some((n) => n.length >= name.length && text.startsWith(n, at))) return undefined;
    // 本县 / 我县; 山东日照东港区 (no ending between the names) ends with the county.
    if ((division.stem.length === 1 && OWN_WORDS.includes(division.stem)) || name.endsWith(county)) {
      if (division.level === 'county' || name.endsWith(county)) return undefined;
    } else if ((city !== undefined && name.endsWith(city)) || (province !== undefined && name.endsWith(province))) {
      // 山东日照市: the plan's own city, written after its province without an ending.
    } else if (division.level === 'county' || (division.level === 'city' && city !== undefined) || (division.level === 'province' && province !== undefined)) {
      return name;
    }
    at = division.end;
  }
  return undefined;
}

/**
 * The zone entries an address names, best first: entries whose name or alias appears in the address, compounds
 * (小区) before streets before communities, the longest name first. Every entry equal to the best one is returned
 * (an alias two entries share — 建设路 of 建设路（东段） and 建设路（西段） — names both), in plan order. None for an
 * address in another county (`otherDivisionIn`): its 建设路 is not the county's.
 */
export function zonesNamedIn(plan: PlanPlaces, level: SchoolLevel | undefined, address: string | undefined): ZoneEntry[] {
  if (!address) return [];
  if (otherDivisionIn(plan, address) !== undefined) return [];
  const text = compact(address);
  const kindRank: Record<ZoneEntry['kind'], number> = { compound: 0, street: 1, community: 2 };
  let best: { zones: ZoneEntry[]; rank: number; length: number } | undefined;
  for (const zone of plan.zones) {
    if (level !== undefined && zone.level !== level) continue;
    const names = [zone.name, ...(zone.aliases ?? [])].map(compact).filter((n) => n.length >= 2 && text.includes(n));
    if (names.length === 0) continue;
    const length = Math.max(...names.map((n) => n.length));
    const rank = kindRank[zone.kind];
    if (!best || rank < best.rank || (rank === best.rank && length > best.length)) best = { zones: [zone], rank, length };
    else if (rank === best.rank && length === best.length) best.zones.push(zone);
  }
  return best?.zones ?? [];
}

/**
 * The zone entry an address names, for the zone search's first suggestion (the first of `zonesNamedIn`).
 * Undefined when the address names none or lies in another county.
 */
export function zoneFromAddress(plan: PlanPlaces, grade: Grade | undefined, address: string | undefined): ZoneEntry | undefined {
  return zonesNamedIn(plan, grade === undefined ? undefined : levelOfGrade(grade), address)[0];
}
