import type { EnrollmentType, Grade } from '../contract/application';
import { levelOfGrade, validatePlan, type CountyPlan, type CountyPlanInput, type SchoolLevel } from '../plan/schema';
import { prng, sampleName, sampleReceipt } from '../lottery/sampleBundle';
import type { PlacementApplication } from './types';
import { calendarDayOf } from '../chinaTime';

// Approved applications for a plan, random but reproducible from one printed seed: the sample county's
// dry run, the property tests and the bench all use them. Shares follow COUNTY.md's batches: most
// children 房户一致, a fifth migrant, a few 优待 and disability placements, twins now and then, private
// schools asked for by about three times their places.

export interface SampleOptions {
  seed: number;
  /** Applications to public schools per level; by default 95 % of the level's public places. */
  perLevel?: Partial<Record<SchoolLevel, number>>;
  /** Applicants to each private school, as a multiple of its places (default 3). */
  privateDemand?: number;
  twinShare?: number;
  refusalShare?: number;
  /** Dates and points from a handful of values, so that many families tie (for the property tests). */
  coarse?: boolean;
}

const TYPE_SHARES: [EnrollmentType, number][] = [
  ['house_hukou', 0.45],
  ['house_only', 0.15],
  ['hukou_only', 0.1],
  ['migrant', 0.2],
  ['preferential', 0.02],
  ['other', 0.08],
];

function date(rand: () => number, from: number, to: number, coarse = false): string {
  if (coarse) return `${from + Math.floor(rand() * 3)}-01-01`;
  const day = new Date(Date.UTC(from, 0, 1) + Math.floor(rand() * (to - from) * 365) * 86_400_000);
  return calendarDayOf(day);
}

export function sampleApplications(plan: CountyPlan, options: SampleOptions): PlacementApplication[] {
  const rand = prng(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const out: PlacementApplication[] = [];
  let seq = 0;
  const receipt = () => {
    seq += 1;
    return sampleReceipt(plan.county.code, 1 + (seq % 9), seq % 20, seq);
  };
  const grades: Grade[] = plan.grades;
  for (const grade of grades) {
    const level = levelOfGrade(grade);
    const publicSchools = plan.schools.filter((s) => s.level === level && s.ownership === 'public');
    const privateSchools = plan.schools.filter((s) => s.level === level && s.ownership === 'private');
    const zones = plan.zones.filter((z) => z.level === level);
    const hukouSchools = publicSchools.map((s) => s.id);
    const total = options.perLevel?.[level] ?? Math.round(publicSchools.reduce((n, s) => n + s.plannedPlaces, 0) * 0.95);
    const privateCount = privateSchools.map((s) => Math.round(s.plannedPlaces * (options.privateDemand ?? 3)));
    const make = (schoolId: string, zoneEntryId: string): PlacementApplication[] => {
      let r = rand();
      let type: EnrollmentType = 'other';
      for (const [t, share] of TYPE_SHARES) {
        if (r < share) {
          type = t;
          break;
        }
        r -= share;
      }
      if (!plan.enrollmentTypes.some((t) => t.code === type)) type = 'other';
      const d = rand();
      const disability = d < 0.01 ? 'regular_class' : d < 0.013 ? 'special_school' : d < 0.015 ? 'home_teaching' : null;
      const base = {
        grade,
        schoolId,
        zoneEntryId,
        type,
        hukouMoveInDate: type === 'house_hukou' || type === 'hukou_only' ? date(rand, 2012, 2026, options.coarse) : null,
        propertyRegistrationDate: type === 'house_hukou' || type === 'house_only' ? date(rand, 2010, 2026, options.coarse) : null,
        points: type === 'migrant' ? (options.coarse ? 50 * Math.floor(rand() * 3) : Math.floor(rand() * 150)) : null,
        refusesReassignment: rand() < (options.refusalShare ?? 0.01),
        hukouSchoolId: rand() < 0.5 ? pick(hukouSchools) : null,
      };
      if (rand() < (options.twinShare ?? 0.01)) {
        const group = `twins-${seq + 1}`;
        const surname = sampleName(rand).slice(0, 1);
        return [
          { ...base, receiptNo: receipt(), name: surname + sampleName(rand).slice(1), disability: null, siblingGroup: group },
          { ...base, receiptNo: receipt(), name: surname + sampleName(rand).slice(1), disability: null, siblingGroup: group },
        ];
      }
      return [{ ...base, receiptNo: receipt(), name: sampleName(rand), disability, siblingGroup: null }];
    };
    privateSchools.forEach((s, i) => {
      for (let k = 0; k < (privateCount[i] ?? 0); k++) out.push(...make(s.id, pick(zones).id));
    });
    let made = 0;
    while (made < total) {
      const zone = pick(zones);
      const apps = make(pick(zone.schoolIds), zone.id);
      out.push(...apps);
      made += apps.length;
    }
  }
  return out;
}

/**
 * A synthetic county for the bench and the property tests: `schools` schools (about a tenth private,
 * a quarter junior), one zone per public school, reassignment to the next schools of the same level
 * ("nearest" by index). Built from the sample plan, so it is a valid plan.
 */
export function syntheticCounty(template: CountyPlan, schools: number, placesPerSchool: number): CountyPlan {
  const list: CountyPlanInput['schools'] = [];
  for (let i = 0; i < schools; i++) {
    const level: SchoolLevel = i % 4 === 3 ? 'junior' : 'primary';
    const ownership = i % 10 === 9 ? 'private' : 'public';
    const places = ownership === 'private' ? Math.max(1, Math.round(placesPerSchool / 4)) : placesPerSchool;
    list.push({
      id: `${level === 'primary' ? 'p' : 'j'}-${String(i).padStart(3, '0')}`,
      name: `示例县第 ${i + 1} ${level === 'primary' ? '小学' : '中学'}${ownership === 'private' ? '（民办）' : ''}`,
      level,
      ownership,
      plannedPlaces: places,
      plannedClasses: Math.max(1, Math.ceil(places / 45)),
      address: `示例县示例路 ${i + 1} 号`,
    });
  }
  const publicOf = (level: SchoolLevel) => list.filter((s) => s.level === level && s.ownership === 'public').map((s) => s.id);
  const zones = list
    .filter((s) => s.ownership === 'public')
    .map((s, i) => ({ id: `z${String(i).padStart(3, '0')}`, kind: 'community' as const, name: `第 ${i + 1} 社区`, street: '示例街道', schoolIds: [s.id], level: s.level }));
  const order = list
    .filter((s) => s.ownership === 'public')
    .map((s) => {
      const same = publicOf(s.level);
      const at = same.indexOf(s.id);
      const to = [1, -1, 2, -2, 3, -3].map((d) => same[at + d]).filter((x): x is string => x !== undefined);
      return { from: s.id, to };
    })
    .filter((o) => o.to.length > 0);
  const doc = JSON.parse(JSON.stringify(template)) as CountyPlanInput;
  doc.schools = list;
  doc.zones = zones;
  doc.placement = { ...doc.placement, reassignment: { ...doc.placement.reassignment, order } };
  const checked = validatePlan(doc);
  if (!checked.ok) throw new Error(`synthetic plan invalid: ${JSON.stringify(checked.problems.slice(0, 3))}`);
  return checked.plan;
}
