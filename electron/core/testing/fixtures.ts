// Application fixtures built from the active plan, so tests follow the sample plan as it evolves.
import type { ApplicationDraft, EnrollmentType } from '../../../shared/contract';
import type { CountyPlan } from '../../../shared/plan/schema';
import { checkDigit } from '../../../shared/domain/idNumber';
import { materialsFor } from '../../../shared/domain/applicationRules';

/** A structurally valid resident ID (correct check digit) for a made-up person. */
export function makeId(area: string, birth: string, seq: string): string {
  const first17 = `${area}${birth.replace(/-/g, '')}${seq}`;
  return first17 + checkDigit(first17);
}

let counter = 0;
/** A distinct 3-digit sequence per call, so generated children do not collide. Odd = male. */
function nextSeq(male: boolean): string {
  counter = (counter + 1) % 450;
  const n = counter * 2 + (male ? 1 : 0);
  return String(n).padStart(3, '0');
}

export function firstPrimaryZone(plan: CountyPlan) {
  const zone = plan.zones.find((z) => z.level === 'primary' && z.schoolIds.length === 1);
  if (!zone) throw new Error('sample plan has no single-school primary zone');
  return { zoneEntryId: zone.id, schoolId: zone.schoolIds[0] as string };
}

export interface FixtureOptions {
  name?: string;
  birthDate?: string;
  type?: EnrollmentType;
  idNumber?: string | null;
  fatherMobile?: string;
}

/** A complete 房户一致 application for a primary-1 child that passes validateForSubmit. */
export function houseHukouApplication(plan: CountyPlan, o: FixtureOptions = {}): ApplicationDraft {
  const birth = o.birthDate ?? '2020-03-15';
  const seq = nextSeq(true);
  const uniquePhone = (prefix: string) => `${prefix}${String(10_000_000 + ((counter * 7919) % 89_999_999)).padStart(8, '0')}`;
  const idNumber = o.idNumber === undefined ? makeId('370102', birth, seq) : o.idNumber;
  const cutoff = plan.dateCutoffs.hukouMoveIn;
  const before = (iso: string) => (iso < cutoff ? iso : cutoff);
  return {
    grade: 'primary1',
    child: {
      name: o.name ?? '张小明',
      idType: idNumber ? 'resident_id' : 'birth_certificate',
      idNumber: idNumber ?? 'M123456789',
      birthDate: birth,
      sex: 'M',
    },
    guardians: [
      { relation: 'father', name: '张大伟', idType: 'resident_id', idNumber: makeId('370102', '1988-01-01', nextSeq(true)), mobile: o.fatherMobile ?? uniquePhone('138'), onlyChild: false },
      { relation: 'mother', name: '李秀英', idType: 'resident_id', idNumber: makeId('370102', '1990-05-20', nextSeq(false)), mobile: uniquePhone('139'), onlyChild: true },
    ],
    proxy: null,
    hukou: { inCounty: true, address: '示例县城关街道幸福路 8 号', moveInDate: before('2021-01-10') },
    housing: {
      kind: 'property_certificate',
      certificateNumber: '鲁(2020)示例县不动产权第0001234号',
      owner: 'father',
      ownerName: '张大伟',
      address: '示例县城关街道幸福路 8 号 2 单元 301',
      registrationDate: before('2020-06-01'),
    },
    preferential: null,
    disability: null,
    school: firstPrimaryZone(plan),
    typeDecision: { derived: 'house_hukou', chosen: 'house_hukou' },
    ageOverride: null,
    materials: materialsFor(o.type ?? 'house_hukou', plan).map((m) => ({ itemId: m.id, state: 'original_seen' as const })),
  };
}
