import { z } from 'zod';
import { HEADER_ALIASES } from './headerAliases';

// The department extracts a county imports (COUNTY.md "Department data", seed 001 §6, the Rizhao plan's seven
// data resources in seed 000): one entry per source with the fields a row carries. What each field must hold is
// checked by shared/dept/values.ts; which header of a file holds it is the column mapping (mapping.ts), saved per
// source by the county. Every rule here is about the data itself; which plan material a source verifies is the
// plan's (materials[].verifiedBy).

export const deptSourceSchema = z.enum([
  'hukou', // 公安 常住人口/户籍
  'residence_permit', // 公安 居住证
  'property', // 自然资源 不动产登记
  'purchase_contract', // 住建 商品房网签合同
  'rental', // 住建 房屋租赁备案
  'social_insurance', // 人社 社保缴纳 (one row per person and month paid)
  'business_licence', // 市场监管 营业执照（个体工商户、企业登记）
  'birth_certificate', // 卫健 出生医学证明
  'marriage', // 民政 婚姻登记
  'cohort', // 公安 适龄儿童名单 (tracing, 控辍保学)
]);
export type DeptSource = z.infer<typeof deptSourceSchema>;

export type FieldKind =
  | 'id' // an identity number (resident ID, HMT permit, foreign permanent ID), checked with shared/domain/idNumber
  | 'name' // a person's name, kept exactly (rare characters, the middle dot)
  | 'date' // a calendar day, written in any of the usual ways (2024-05-01, 2024/5/1, 20240501, 2024年5月1日)
  | 'month' // a month (2024-05, 202405, 2024年5月)
  | 'sex' // 男/女/1/2/M/F
  | 'area' // a 6-digit GB/T 2260 code
  | 'text'; // anything else, one line

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  required: boolean;
  /** Headers that mean this field in extracts seen in practice (the first is the one we write). */
  headers: readonly string[];
  /** The field that identifies the row's person (hashed for lookups by the desk and tracing). */
  person?: true;
  /** A second person of the row (the wife of a marriage record, the mother of a birth certificate). */
  other?: true;
  /** A date that may lie ahead (an end of validity); other dates after today are refused. */
  future?: true;
}

export interface SourceSpec {
  source: DeptSource;
  fields: readonly FieldSpec[];
}

/** A field of `source`; the headers extracts carry for it are data (headerAliases.ts). */
const f = <S extends DeptSource>(source: S, key: keyof (typeof HEADER_ALIASES)[S] & string, kind: FieldKind, required: boolean, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  kind,
  required,
  headers: (HEADER_ALIASES[source] as Record<string, readonly string[]>)[key]!,
  ...extra,
});

export const SOURCES: Record<DeptSource, SourceSpec> = {
  hukou: {
    source: 'hukou',
    fields: [
      f('hukou', 'idNumber', 'id', true, { person: true }),
      f('hukou', 'name', 'name', true),
      f('hukou', 'sex', 'sex', false),
      f('hukou', 'birthDate', 'date', false),
      f('hukou', 'householdNo', 'text', true),
      f('hukou', 'relation', 'text', false),
      f('hukou', 'moveInDate', 'date', true),
      f('hukou', 'areaCode', 'area', false),
      f('hukou', 'township', 'text', false),
      f('hukou', 'address', 'text', false),
      f('hukou', 'fatherId', 'id', false),
      f('hukou', 'motherId', 'id', false),
    ],
  },
  residence_permit: {
    source: 'residence_permit',
    fields: [
      f('residence_permit', 'idNumber', 'id', true, { person: true }),
      f('residence_permit', 'name', 'name', true),
      f('residence_permit', 'permitNo', 'text', false),
      f('residence_permit', 'issueDate', 'date', true),
      f('residence_permit', 'validUntil', 'date', false, { future: true }),
      f('residence_permit', 'address', 'text', false),
    ],
  },
  property: {
    source: 'property',
    fields: [
      f('property', 'certificateNo', 'text', true),
      f('property', 'ownerId', 'id', true, { person: true }),
      f('property', 'ownerName', 'name', true),
      f('property', 'registrationDate', 'date', true),
      f('property', 'address', 'text', false),
      f('property', 'share', 'text', false),
    ],
  },
  purchase_contract: {
    source: 'purchase_contract',
    fields: [
      f('purchase_contract', 'contractNo', 'text', true),
      f('purchase_contract', 'buyerId', 'id', true, { person: true }),
      f('purchase_contract', 'buyerName', 'name', true),
      f('purchase_contract', 'signDate', 'date', true),
      f('purchase_contract', 'address', 'text', false),
    ],
  },
  rental: {
    source: 'rental',
    fields: [
      f('rental', 'recordNo', 'text', true),
      f('rental', 'tenantId', 'id', true, { person: true }),
      f('rental', 'tenantName', 'name', true),
      f('rental', 'startDate', 'date', true),
      f('rental', 'endDate', 'date', false, { future: true }),
      f('rental', 'address', 'text', false),
    ],
  },
  social_insurance: {
    source: 'social_insurance',
    fields: [
      f('social_insurance', 'idNumber', 'id', true, { person: true }),
      f('social_insurance', 'name', 'name', true),
      f('social_insurance', 'month', 'month', true),
      f('social_insurance', 'employer', 'text', false),
    ],
  },
  business_licence: {
    source: 'business_licence',
    fields: [
      f('business_licence', 'creditCode', 'text', true),
      f('business_licence', 'operatorId', 'id', true, { person: true }),
      f('business_licence', 'operatorName', 'name', true),
      f('business_licence', 'registrationDate', 'date', true),
      f('business_licence', 'status', 'text', false),
      f('business_licence', 'address', 'text', false),
    ],
  },
  birth_certificate: {
    source: 'birth_certificate',
    fields: [
      f('birth_certificate', 'certificateNo', 'text', true),
      f('birth_certificate', 'childName', 'name', true),
      f('birth_certificate', 'childId', 'id', false, { person: true }),
      f('birth_certificate', 'sex', 'sex', false),
      f('birth_certificate', 'birthDate', 'date', true),
      f('birth_certificate', 'motherName', 'name', false),
      f('birth_certificate', 'motherId', 'id', false, { other: true }),
      f('birth_certificate', 'fatherName', 'name', false),
      f('birth_certificate', 'fatherId', 'id', false),
    ],
  },
  marriage: {
    source: 'marriage',
    fields: [
      f('marriage', 'husbandId', 'id', true, { person: true }),
      f('marriage', 'husbandName', 'name', true),
      f('marriage', 'wifeId', 'id', true, { other: true }),
      f('marriage', 'wifeName', 'name', true),
      f('marriage', 'kind', 'text', true),
      f('marriage', 'registrationDate', 'date', true),
    ],
  },
  cohort: {
    source: 'cohort',
    fields: [
      f('cohort', 'idNumber', 'id', true, { person: true }),
      f('cohort', 'name', 'name', true),
      f('cohort', 'sex', 'sex', false),
      f('cohort', 'birthDate', 'date', true),
      f('cohort', 'township', 'text', true),
      f('cohort', 'address', 'text', false),
      f('cohort', 'guardianName', 'name', false),
      f('cohort', 'guardianPhone', 'text', false),
    ],
  },
};

export const SOURCE_LIST: readonly DeptSource[] = deptSourceSchema.options;

/** The field of a source that names the row's person, or of the second person. */
export function personField(source: DeptSource): FieldSpec {
  const spec = SOURCES[source].fields.find((x) => x.person);
  if (!spec) throw new Error(`source ${source} has no person field`);
  return spec;
}
export function otherField(source: DeptSource): FieldSpec | undefined {
  return SOURCES[source].fields.find((x) => x.other);
}

/** A validated row: field key → value (ISO dates, `YYYY-MM` months, `M`/`F`, ID numbers upper-case, names exact). */
export type DeptRow = Record<string, string>;
