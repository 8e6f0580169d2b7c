// The column headers department extract files carry for each field of a source (shared/dept/sources.ts), as seen
// in practice; the first is the one we write. This is input-matching data, not staff text: the import matches a
// file's header row against these words (mapping.ts), so they stay exactly as the departments' systems write them.
// Field labels staff read are in the catalogue (deptFieldNames, shared/i18n/zhCN.dept.ts).

import type { DeptSource } from './sources';

const ID = ['公民身份号码', '身份证号', '身份证号码', '证件号码', '身份证件号码'];
const NAME = ['姓名', '名字'];

export const HEADER_ALIASES = {
  hukou: {
    idNumber: ID,
    name: NAME,
    sex: ['性别'],
    birthDate: ['出生日期', '出生年月日'],
    householdNo: ['户号', '户编号'],
    relation: ['与户主关系', '户主关系'],
    moveInDate: ['迁入日期', '落户日期', '入户日期', '户籍迁入日期'],
    areaCode: ['户籍地行政区划', '行政区划代码', '户籍地区划'],
    township: ['乡镇（街道）', '乡镇街道', '所属乡镇', '街道'],
    address: ['户籍地址', '住址', '户籍地详址'],
    fatherId: ['父亲公民身份号码', '父亲身份证号'],
    motherId: ['母亲公民身份号码', '母亲身份证号'],
  },
  residence_permit: {
    idNumber: ID,
    name: NAME,
    permitNo: ['居住证编号', '居住证号'],
    issueDate: ['签发日期', '发证日期', '办理日期'],
    validUntil: ['有效期至', '有效期截止日期'],
    address: ['居住地址', '居住地'],
  },
  property: {
    certificateNo: ['不动产权证号', '不动产权证书号', '产权证号', '证书号'],
    ownerId: ['权利人证件号', '权利人身份证号', '产权人身份证号', ...ID],
    ownerName: ['权利人', '权利人姓名', '产权人'],
    registrationDate: ['登记日期', '登簿日期', '登记时间'],
    address: ['坐落', '房屋坐落', '地址'],
    share: ['共有情况', '共有方式'],
  },
  purchase_contract: {
    contractNo: ['合同编号', '网签合同号', '备案号'],
    buyerId: ['买受人证件号', '买受人身份证号', ...ID],
    buyerName: ['买受人', '买受人姓名', '购房人'],
    signDate: ['网签日期', '签约日期', '备案日期'],
    address: ['房屋坐落', '坐落', '地址'],
  },
  rental: {
    recordNo: ['备案编号', '登记备案号', '备案号'],
    tenantId: ['承租人证件号', '承租人身份证号', ...ID],
    tenantName: ['承租人', '承租人姓名'],
    startDate: ['租赁起始日期', '起租日期', '开始日期'],
    endDate: ['租赁截止日期', '到期日期', '结束日期'],
    address: ['房屋坐落', '坐落', '地址'],
  },
  social_insurance: {
    idNumber: ID,
    name: NAME,
    month: ['缴费月份', '费款所属期', '所属期', '缴费年月'],
    employer: ['参保单位', '单位名称'],
  },
  business_licence: {
    creditCode: ['统一社会信用代码', '注册号'],
    operatorId: ['经营者身份证号', '法定代表人身份证号', '负责人身份证号', ...ID],
    operatorName: ['经营者', '经营者姓名', '法定代表人'],
    registrationDate: ['成立日期', '注册日期', '登记日期'],
    status: ['登记状态', '经营状态'],
    address: ['经营场所', '住所', '地址'],
  },
  birth_certificate: {
    certificateNo: ['出生医学证明编号', '证明编号'],
    childName: ['新生儿姓名', '婴儿姓名', '姓名'],
    childId: ['新生儿身份证号', '公民身份号码', '身份证号'],
    sex: ['性别'],
    birthDate: ['出生日期'],
    motherName: ['母亲姓名'],
    motherId: ['母亲身份证号', '母亲有效身份证件号码'],
    fatherName: ['父亲姓名'],
    fatherId: ['父亲身份证号', '父亲有效身份证件号码'],
  },
  marriage: {
    husbandId: ['男方身份证号', '男方证件号码'],
    husbandName: ['男方姓名'],
    wifeId: ['女方身份证号', '女方证件号码'],
    wifeName: ['女方姓名'],
    kind: ['登记类型', '业务类型'],
    registrationDate: ['登记日期'],
  },
  cohort: {
    idNumber: ID,
    name: NAME,
    sex: ['性别'],
    birthDate: ['出生日期'],
    township: ['乡镇（街道）', '乡镇街道', '所属乡镇', '街道'],
    address: ['户籍地址', '住址', '现住址'],
    guardianName: ['监护人姓名', '监护人'],
    guardianPhone: ['监护人电话', '联系电话'],
  },
} as const satisfies Record<DeptSource, Record<string, readonly string[]>>;
