import { createHash, randomUUID } from 'node:crypto';
import { type Kysely } from 'kysely';
import { type ApplicationDraft } from '../../shared/contract/application';
import { type CountyPlan } from '../../shared/plan/schema';
import { sampleReceipt } from '../../shared/lottery/sampleBundle';
import { sampleApplications } from '../../shared/placement/sampleCounty';
import { levelOfGrade } from '../../shared/plan/schema';
import { type PlacementApplication } from '../../shared/placement/types';
import { canonicalJson } from '../../shared/sync/protocol';
import { reposOf } from '../db/repos';
import { type Database } from '../db/schema';

// A county's approved applications in one transaction, for tests and screenshots that need a whole county (the
// sample county's generated 3,150 families) rather than the handful a desk client sends: each is stored as a
// counter's application with the form placement reads, and approved as a review result, as the console's review
// would leave it.

/** Guardians whose months give the generated points under the sample plan (1/month residence permit, both parents). */
function guardians(a: PlacementApplication): ApplicationDraft['guardians'] {
  const p = a.points ?? 0;
  const father = Math.min(72, p);
  const mother = Math.min(72, p - father);
  const parent = (relation: 'father' | 'mother', residencePermitMonths: number, socialInsuranceMonths = 0) => ({
    relation,
    name: `${a.name.slice(0, 1)}${relation === 'father' ? '父' : '母'}`,
    idType: 'resident_id' as const,
    idNumber: relation === 'father' ? '379901198001011234' : '379901198201021246',
    mobile: '13906330001',
    ...(a.type === 'migrant' ? { migrant: { residencePermitMonths, socialInsuranceMonths, businessLicenceMonths: 0 } } : {}),
  });
  return [parent('father', father, 2 * (p - father - mother)), parent('mother', mother)];
}

function formOf(a: PlacementApplication, i: number): ApplicationDraft {
  return {
    grade: a.grade,
    child: { name: a.name, idType: 'resident_id', idNumber: `379901201${String(900000000 + i).slice(1)}`.slice(0, 17) + 'X', birthDate: '2019-09-01', sex: i % 2 ? 'M' : 'F' },
    guardians: guardians(a),
    proxy: null,
    preferential: null,
    disability: a.disability ? { placement: a.disability } : null,
    materials: [],
    hukou: { inCounty: true, ...(a.hukouMoveInDate ? { moveInDate: a.hukouMoveInDate } : {}) },
    housing: { kind: 'property_certificate', ...(a.propertyRegistrationDate ? { registrationDate: a.propertyRegistrationDate } : {}) },
    school: { schoolId: a.schoolId, zoneEntryId: a.zoneEntryId },
    typeDecision: { derived: a.type, chosen: a.type },
    acceptsReassignment: a.refusesReassignment !== true,
  };
}

export interface SeedOptions {
  seed: number;
  counterCode: string;
  privateDemand?: number;
  /**
   * A school that a pair of twins applies to together, added after the generated county (whose figures stay as they
   * were): each twin's form names the other's ID number, so the server groups them as it groups any siblings.
   */
  twinsAt?: string;
}

/** The twins' names (masked on staff screens as 林*曦 and 林*阳). */
const twinNames = ['林晨曦', '林晨阳'] as const;

/** The receipt numbers of the twins `twinsAt` adds. */
export const TWIN_RECEIPTS = (county: string) => [sampleReceipt(county, 9, 19, 99_001), sampleReceipt(county, 9, 19, 99_002)] as const;

function twins(plan: CountyPlan, schoolId: string): PlacementApplication[] {
  const school = plan.schools.find((x) => x.id === schoolId);
  const zone = plan.zones.find((z) => z.level === school?.level);
  if (!school || !zone) throw new Error(`twinsAt: no school or zone for ${schoolId}`);
  const base = { grade: plan.grades.find((g) => levelOfGrade(g) === school.level)!, schoolId, zoneEntryId: zone.id, type: 'house_hukou' as const, hukouMoveInDate: '2019-03-01', propertyRegistrationDate: '2018-06-01', points: null, disability: null, refusesReassignment: false, hukouSchoolId: null };
  const [a, b] = TWIN_RECEIPTS(plan.county.code);
  // As the server groups them: the group id is the smaller receipt number.
  const group = a < b ? a : b;
  return [
    { ...base, receiptNo: a, name: twinNames[0], siblingGroup: group },
    { ...base, receiptNo: b, name: twinNames[1], siblingGroup: group },
  ];
}

/** Stores and approves the sample county's applications (seeded); returns them as placement reads them. */
export async function seedApprovedCounty(db: Kysely<Database>, plan: CountyPlan, opts: SeedOptions, now: Date): Promise<PlacementApplication[]> {
  // One family in 40 refuses reassignment on its form (不服从调剂), so the dry run shows the plan's refusal rule;
  // chosen by position after generation, so the generated county (and the figures tests read off it) is unchanged.
  // No siblings applying together in the generated county: pairing children would move the seeded schools' cut-off
  // lines. `twinsAt` adds one pair after it.
  const apps: PlacementApplication[] = sampleApplications(plan, { seed: opts.seed, twinShare: 0, refusalShare: 0, ...(opts.privateDemand ? { privateDemand: opts.privateDemand } : {}) }).map((a, i) => ({
    ...a,
    siblingGroup: null,
    refusesReassignment: i % 40 === 7,
    hukouSchoolId: null,
  }));
  const generated = apps.length;
  if (opts.twinsAt) apps.push(...twins(plan, opts.twinsAt));
  // Twins name each other (by the ID number formOf gives them) as applying together.
  const idOf = (i: number) => formOf(apps[i]!, i).child!.idNumber!;
  const siblingsOf = (i: number) => (i < generated ? [] : [{ idType: 'resident_id' as const, idNumber: idOf(i === generated ? generated + 1 : generated) }]);
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const repos = reposOf(trx);
    const rows = apps.map((a, i) => {
      const siblings = siblingsOf(i);
      const record = canonicalJson({ form: { ...formOf(a, i), ...(siblings.length ? { siblings } : {}) }, receiptNo: a.receiptNo });
      return {
        id: randomUUID(),
        counter_code: opts.counterCode,
        device_id: null,
        source: 'counter' as const,
        receipt_no: a.receiptNo,
        child_id_hash: null,
        revision: 1,
        content_hash: createHash('sha256').update(record).digest('hex'),
        record,
        created_at: at,
        updated_at: at,
      };
    });
    await repos.applications.insertMany(rows);
    for (const r of rows) {
      await repos.reviewResults.insert({
        applicationId: r.id,
        resultVersion: 1,
        outcome: 'approved',
        reasons: [],
        missingMaterials: [],
        schoolCode: null,
        schoolName: null,
        reportDate: null,
        reportPlace: null,
        decidedAt: at,
        decidedBy: '审核员',
      });
    }
  });
  return apps;
}
