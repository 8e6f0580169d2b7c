import type { ApplicationDraft, EnrollmentType, Grade } from '../contract/application';
import { levelOfGrade, type CountyPlan } from '../plan/schema';
import { otherDivisionIn, zonesNamedIn } from '../plan/zones';

// The school of a child's hukou address (户籍学校), for the plan's `onRefusal: 'hukou_school'` rule (COUNTY.md:
// "a family that refuses reassignment goes back to its hukou school's list or to the bureau"). The plan knows
// schools by zone, so the hukou school is the public school of the zone the hukou address lies in:
// - no hukou in the county: none (the bureau places the child); so too when the hukou address names another county,
//   city or province (河北省石家庄市长安区建设路 12 号): its 建设路 is not the county's, whatever the form says;
// - the zone entry the hukou address names (as the desk's zone search reads an address);
// - else, for 房户一致 and 有户无房, the zone the application was taken in: for those types the desk's zone is the
//   hukou's (房户一致: the same address; 有户无房: the hukou is what gives the zone);
// - of that zone's public schools of the child's level: the school applied to when it is one of them, else the
//   only one. An overlap zone (交叉学区) the family did not apply in leaves it open: a reviewer records it in the
//   console (placement.recordReassignment), which wins over this derivation.

const HUKOU_ZONE_TYPES: readonly EnrollmentType[] = ['house_hukou', 'hukou_only'];

export interface HukouFacts {
  grade: Grade;
  schoolId: string;
  zoneEntryId: string;
  type: EnrollmentType;
  hukou: ApplicationDraft['hukou'];
}

export function hukouSchoolOf(plan: Pick<CountyPlan, 'zones' | 'schools' | 'county'>, app: HukouFacts): string | null {
  if (!app.hukou || app.hukou.inCounty === false) return null;
  if (otherDivisionIn(plan, app.hukou.address) !== undefined) return null;
  const level = levelOfGrade(app.grade);
  let zones = zonesNamedIn(plan, level, app.hukou.address);
  if (zones.length === 0 && HUKOU_ZONE_TYPES.includes(app.type)) zones = plan.zones.filter((z) => z.id === app.zoneEntryId && z.level === level);
  const publicIds = new Set(plan.schools.filter((s) => s.ownership === 'public' && s.level === level).map((s) => s.id));
  const candidates = [...new Set(zones.flatMap((z) => z.schoolIds))].filter((id) => publicIds.has(id));
  if (candidates.includes(app.schoolId)) return app.schoolId;
  return candidates.length === 1 ? candidates[0]! : null;
}
