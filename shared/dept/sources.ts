import { z } from 'zod';

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

const f = (key: string, kind: FieldKind, required: boolean, headers: readonly string[], extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  kind,
  required,
  headers,
  ...extra,
});

const ID_HEADERS = ['公民身份号码', '身份证号', '身份证号码', '证件号码', '身份证件号码'];
const NAME_HEADERS = ['姓名', '名字'];

export const SOURCES: Record<DeptSource, SourceSpec> = {
  hukou: {
    source: 'hukou',
    fields: [
      f('idNumber', 'id', true, ID_HEADERS, { person: true }),
      f('name', 'name', true, NAME_HEADERS),
      f('sex', 'sex', false, ['性别']),
      f('birthDate', 'date', false, ['出生日期', '出生年月日']),
      f('householdNo', 'text', true, ['户号', '户编号']),
      f('relation', 'text', false, ['与户主关系', '户主关系']),
      f('moveInDate', 'date', true, ['迁入日期', '落户日期', '入户日期', '户籍迁入日期']),
      f('areaCode', 'area', false, ['户籍地行政区划', '行政区划代码', '户籍地区划']),
      f('township', 'text', false, ['乡镇（街道）', '乡镇街道', '所属乡镇', '街道']),
      f('address', 'text', false, ['户籍地址', '住址', '户籍地详址']),
      f('fatherId', 'id', false, ['父亲公民身份号码', '父亲身份证号']),
      f('motherId', 'id', false, ['母亲公民身份号码', '母亲身份证号']),
    ],
  },
  residence_permit: {
    source: 'residence_permit',
    fields: [
      f('idNumber', 'id', true, ID_HEADERS, { person: true }),
      f('name', 'name', true, NAME_HEADERS),
      f('permitNo', 'text', false, ['居住证编号', '居住证号']),
      f('issueDate', 'date', true, ['签发日期', '发证日期', '办理日期']),
      f('validUntil', 'date', false, ['有效期至', '有效期截止日期'], { future: true }),
      f('address', 'text', false, ['居住地址', '居住地']),
    ],
  },
  property: {
    source: 'property',
    fields: [
      f('certificateNo', 'text', true, ['不动产权证号', '不动产权证书号', '产权证号', '证书号']),
      f('ownerId', 'id', true, ['权利人证件号', '权利人身份证号', '产权人身份证号', ...ID_HEADERS], { person: true }),
      f('ownerName', 'name', true, ['权利人', '权利人姓名', '产权人']),
      f('registrationDate', 'date', true, ['登记日期', '登簿日期', '登记时间']),
      f('address', 'text', false, ['坐落', '房屋坐落', '地址']),
      f('share', 'text', false, ['共有情况', '共有方式']),
    ],
  },
  purchase_contract: {
    source: 'purchase_contract',
    fields: [
      f('contractNo', 'text', true, ['合同编号', '网签合同号', '备案号']),
      f('buyerId', 'id', true, ['买受人证件号', '买受人身份证号', ...ID_HEADERS], { person: true }),
      f('buyerName', 'name', true, ['买受人', '买受人姓名', '购房人']),
      f('signDate', 'date', true, ['网签日期', '签约日期', '备案日期']),
      f('address', 'text', false, ['房屋坐落', '坐落', '地址']),
    ],
  },
  rental: {
    source: 'rental',
    fields: [
      f('recordNo', 'text', true, ['备案编号', '登记备案号', '备案号']),
      f('tenantId', 'id', true, ['承租人证件号', '承租人身份证号', ...ID_HEADERS], { person: true }),
      f('tenantName', 'name', true, ['承租人', '承租人姓名']),
      f('startDate', 'date', true, ['租赁起始日期', '起租日期', '开始日期']),
      f('endDate', 'date', false, ['租赁截止日期', '到期日期', '结束日期'], { future: true }),
      f('address', 'text', false, ['房屋坐落', '坐落', '地址']),
    ],
  },
  social_insurance: {
    source: 'social_insurance',
    fields: [
      f('idNumber', 'id', true, ID_HEADERS, { person: true }),
      f('name', 'name', true, NAME_HEADERS),
      f('month', 'month', true, ['缴费月份', '费款所属期', '所属期', '缴费年月']),
      f('employer', 'text', false, ['参保单位', '单位名称']),
    ],
  },
  business_licence: {
    source: 'business_licence',
    fields: [
      f('creditCode', 'text', true, ['统一社会信用代码', '注册号']),
      f('operatorId', 'id', true, ['经营者身份证号', '法定代表人身份证号', '负责人身份证号', ...ID_HEADERS], { person: true }),
      f('operatorName', 'name', true, ['经营者', '经营者姓名', '法定代表人']),
      f('registrationDate', 'date', true, ['成立日期', '注册日期', '登记日期']),
      f('status', 'text', false, ['登记状态', '经营状态']),
      f('address', 'text', false, ['经营场所', '住所', '地址']),
    ],
  },
  birth_certificate: {
    source: 'birth_certificate',
    fields: [
      f('certificateNo', 'text', true, ['出生医学证明编号', '证明编号']),
      f('childName', 'name', true, ['新生儿姓名', '婴儿姓名', '姓名']),
      f('childId', 'id', false, ['新生儿身份证号', '公民身份号码', '身份证号'], { person: true }),
      f('sex', 'sex', false, ['性别']),
      f('birthDate', 'date', true, ['出生日期']),
      f('motherName', 'name', false, ['母亲姓名']),
      f('motherId', 'id', false, ['母亲身份证号', '母亲有效身份证件号码'], { other: true }),
      f('fatherName', 'name', false, ['父亲姓名']),
      f('fatherId', 'id', false, ['父亲身份证号', '父亲有效身份证件号码']),
    ],
  },
  marriage: {
    source: 'marriage',
    fields: [
      f('husbandId', 'id', true, ['男方身份证号', '男方证件号码'], { person: true }),
      f('husbandName', 'name', true, ['男方姓名']),
      f('wifeId', 'id', true, ['女方身份证号', '女方证件号码'], { other: true }),
      f('wifeName', 'name', true, ['女方姓名']),
      f('kind', 'text', true, ['登记类型', '业务类型']),
      f('registrationDate', 'date', true, ['登记日期']),
    ],
  },
  cohort: {
    source: 'cohort',
    fields: [
      f('idNumber', 'id', true, ID_HEADERS, { person: true }),
      f('name', 'name', true, NAME_HEADERS),
      f('sex', 'sex', false, ['性别']),
      f('birthDate', 'date', true, ['出生日期']),
      f('township', 'text', true, ['乡镇（街道）', '乡镇街道', '所属乡镇', '街道']),
      f('address', 'text', false, ['户籍地址', '住址', '现住址']),
      f('guardianName', 'name', false, ['监护人姓名', '监护人']),
      f('guardianPhone', 'text', false, ['监护人电话', '联系电话']),
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
