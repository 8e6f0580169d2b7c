import { levelOfGrade, type CountyPlan, type SchoolLevel, type ZoneEntry } from './schema';
import type { Grade } from '../contract/application';

/**
 * The zone entries an address names, best first: entries whose name or alias appears in the address, compounds
 * (小区) before streets before communities, the longest name first. Every entry equal to the best one is returned
 * (an alias two entries share — 建设路 of 建设路（东段） and 建设路（西段） — names both), in plan order.
 */
export function zonesNamedIn(plan: Pick<CountyPlan, 'zones'>, level: SchoolLevel | undefined, address: string | undefined): ZoneEntry[] {
  if (!address) return [];
  const text = address.replace(/\s+/g, '');
  const kindRank: Record<ZoneEntry['kind'], number> = { compound: 0, street: 1, community: 2 };
  let best: { zones: ZoneEntry[]; rank: number; length: number } | undefined;
  for (const zone of plan.zones) {
    if (level !== undefined && zone.level !== level) continue;
    const names = [zone.name, ...(zone.aliases ?? [])].map((n) => n.replace(/\s+/g, '')).filter((n) => n.length >= 2 && text.includes(n));
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
 * Undefined when the address names none.
 */
export function zoneFromAddress(plan: Pick<CountyPlan, 'zones'>, grade: Grade | undefined, address: string | undefined): ZoneEntry | undefined {
  return zonesNamedIn(plan, grade === undefined ? undefined : levelOfGrade(grade), address)[0];
}
