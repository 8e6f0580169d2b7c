// The domain rules' messages (shared/domain): why a form is refused, how the enrollment type and the migrant
// points were reached, what is wrong with an ID, phone or receipt number, a name or a birth date. Part of the one
// catalogue exported from ./zhCN; the rules import this file directly, and it imports nothing (no cycle through the domain).
// Placeholders like {name} are filled with `format` from ./format.

/** How the enrollment type was derived (enrollmentType.ts): the reasons staff read and the record keeps. */
export const enrollmentTypeText = {
  /** Housing kinds as the type's reasons name them (shorter than labels.housingKind on the form). */
  housingKind: {
    property_certificate: '不动产权证书',
    purchase_contract: '购房合同',
    small_property: '小产权房',
    rental_registration: '租赁备案',
    resettlement: '拆迁安置',
    none: '无自有住房',
  },
  grandparent: {
    ownsNothing: '按本县规则，父母名下无住房时认可祖辈住房（父母名下是否有房由县教育部门审核时核实）',
    never: '本县方案不认可祖辈名下的住房',
    onlyChild: '{parent}为独生子女，按本县规则认可{owner}的住房',
    onlyIfOnlyChild: '本县仅在{parent}为独生子女时认可{owner}的住房，{why}',
    notOnlyChild: '{parent}不是独生子女',
    onlyChildUnknown: '未登记{parent}是否为独生子女',
  },
  property: {
    unknown: '未登记住房情况，房产条件不成立',
    none: '无自有住房，房产条件不成立',
    rental: '租赁住房不是自有住房，房产条件不成立',
    kindRefused: '住房为{kind}，本县方案不认可该类住房（认可：{accepted}），房产条件不成立',
    ownerUnknown: '住房为{kind}，但未登记产权人，房产条件无法判定',
    grandparentRefused: '住房为{owner}名下的{kind}；{note}，房产条件不成立',
    grandparentOwned: '{owner}名下的{kind}（{note}）',
    otherOwner: '住房产权人为其他人，不是儿童的父母或祖辈，房产条件不成立',
    ownerRefused: '住房产权人为{owner}，本县方案不认可该产权人，房产条件不成立',
    parentsOwned: '父母共有的{kind}',
    owned: '{owner}名下的{kind}',
    noDate: '住房为{housing}，但未填写有效的登记（网签）日期，无法判断是否早于截止日 {cutoff}',
    late: '住房为{housing}，但登记日期 {date} 晚于截止日 {cutoff}，房产条件不成立',
    counts: '住房为{housing}，登记日期 {date} 不晚于截止日 {cutoff}，房产条件成立',
  },
  hukou: {
    unknown: '未登记户籍情况，户籍条件不成立',
    outside: '户籍不在本县，户籍条件不成立',
    noDate: '户籍在本县，但未填写有效的迁入日期，无法判断是否早于截止日 {cutoff}',
    late: '户籍在本县，但迁入日期 {date} 晚于截止日 {cutoff}，户籍条件不成立',
    counts: '户籍在本县且迁入日期 {date} 不晚于截止日 {cutoff}，户籍条件成立',
  },
  migrant: {
    socialInsurance: '社保 {months} 个月',
    businessLicence: '营业执照 {months} 个月',
    guardian: '监护人',
    qualifies: '{name}持居住证 {permit} 个月、{work}，符合随迁子女条件',
    none: '未登记父母持有居住证并有社保或营业执照，不符合随迁子女条件',
  },
  /** Why each type qualifies. */
  why: {
    preferential: '登记为优待对象“{name}”',
    house_hukou: '房产和户籍条件都成立',
    house_only: '房产条件成立、户籍条件不成立',
    hukou_only: '户籍条件成立、房产条件不成立',
    other: '不符合本县其他招生类型的条件，由教育部门统筹安排',
  },
  unknownCategory: '登记的优待类别“{id}”不在本县方案中，不计为优待对象',
  noType: '{facts}。本县方案中没有符合的招生类型，按“其他”统筹安排。',
  rank: '符合的类型按本县顺序为：{types}，取第一位',
  decided: '{facts}。{why}，判定为“{name}”{rank}。',
  rankNote: '（{rank}）',
} as const;

/** Cross-field rules of a submitted application (applicationRules.ts). */
export const applicationRulesText = {
  /** Document types as the rules' messages name them (birth_certificate shorter than labels.idType). */
  idType: {
    resident_id: '居民身份证',
    hmt_residence_permit: '港澳台居民居住证',
    foreign_permanent_id: '外国人永久居留身份证',
    passport: '护照',
    birth_certificate: '出生医学证明',
  },
  dateInvalid: '{what}“{value}”不是有效日期，应为 YYYY-MM-DD 格式的真实日期，例如 2020-08-31。',
  dateFuture: '{what} {value} 晚于今天 {today}，请核对。如电脑日期不正确，请联系管理员校正系统时间。',
  dateOf: { birthDate: '出生日期', moveIn: '户口迁入日期', registration: '房产登记日期' },
  gradeNotOffered: '本县 {year} 年招生方案不招收{grade}，请核对年级。',
  birthDateMismatch: '出生日期 {birthDate} 与{idType}号码中的出生日期 {idBirthDate} 不一致，请核对证件。',
  sexMismatch: '性别“{sex}”与身份证号码第 17 位所示的性别“{idSex}”不一致，请核对。',
  parentRepeated: '第 {n} 位监护人已登记为{relation}，不能重复登记，请核对关系。',
  relationNoteRequired: '关系为“其他监护人”时，请注明与儿童的关系，例如：姑母、法定监护人。',
  guardianIdIsChild: '监护人的证件号码与儿童的证件号码相同，请核对：是否把儿童的号码填到了监护人一栏？',
  guardianIdRepeated: '该证件号码与第 {n} 位监护人相同，同一人不能登记两次，请核对。',
  mobileRequired: '请至少登记一位监护人的手机号码：审核和录取结果将通过电话告知（见招生方案）。',
  proxyIdIsChild: '受托人的证件号码与儿童的证件号码相同，请核对。',
  moveInDateRequired: '户籍在本县时请填写迁入日期（户口簿“何时由何地迁来本址”一栏；出生即落户的填落户日期）。',
  ownerRequired: '请选择产权人（父亲、母亲、父母共有、祖辈等），它决定住房是否计入招生类型。',
  registrationDateRequired: '请填写房产登记（网签）日期：须不晚于 {cutoff} 才计入招生类型。',
  unknownCategory: '优待类别“{id}”不在本县招生方案中，请从列表中重新选择。',
  unknownZone: '片区“{zone}”不在本县招生方案（{version} 版）中，可能方案已更新，请重新选择居住片区。',
  zoneLevel: '“{zone}”是{level}片区，与报名的{grade}不符，请重新选择。',
  unknownSchool: '学校“{school}”不在本县招生方案（{version} 版）中，可能方案已更新，请重新选择学校。',
  schoolLevel: '“{school}”是{level}，与报名的{grade}不符，请重新选择。',
  schoolNotInZone: '“{school}”不是“{zone}”的对口学校（对口：{names}），请重新选择。',
  unknownType: '本县招生方案没有“{type}”这一招生类型，请重新选择。',
  typeChanged: '登记信息已修改，按现在的信息系统判定的招生类型为“{name}”（{reason}），请重新确认招生类型。',
  overrideReasonRequired: '所选招生类型与系统判定不同，请填写调整理由（将记入审计记录，供县教育部门审核）。',
  materialUnknown: '材料“{item}”不在本县公布的材料清单中，不能收取（鲁教基函〔2021〕9号第 4 条）。',
  materialRepeated: '材料“{item}”已在第 {n} 项登记，请勿重复登记。',
  materialNotForType: '材料“{item}”不在“{type}”类型的材料清单中，不应收取，请删除该项。',
  /** Joins alternatives of one requirement: “A”或“B”. */
  materialOr: '或',
  materialNotMarked: '必需材料{names}尚未登记接收情况：请标记为“{originalSeen}”“{copyKept}”或“{missing}”（缺的材料将列入补充材料告知书）。',
} as const;

/** Identity document numbers (idNumber.ts). */
export const idNumberText = {
  required: '请填写证件号码。',
  /** What the number of each document type is called in the messages. */
  number: {
    resident_id: '居民身份证号码',
    hmt_residence_permit: '港澳台居民居住证号码',
    foreign_permanent_id: '外国人永久居留身份证号码',
    passport: '护照号码',
  },
  /** Where the birth date sits in the number. */
  birthDateAt: { id18: '第 7–14 位', foreign2017: '第 6–11 位' },
  birthDateInvalid: '号码中的出生日期“{shown}”不是有效日期（{where}），请核对证件。',
  birthDateBefore1900: '号码中的出生日期 {date} 早于 1900 年（{where}），请核对证件。',
  birthDateFuture: '号码中的出生日期 {date} 晚于今天 {today}（{where}），请核对证件。',
  checkCharacter: '{label}校验位不正确：按号码前 17 位计算应为 {expected}，实际为 {actual}。请逐位核对证件，常见错误是相邻两位颠倒或看错一位。',
  length: '{label}应为 {expected}，当前为 {length} 位，请核对。',
  lengths: { id18: '18 位', passport: '5–20 位' },
  shape18: '{label}前 17 位应为数字，最后一位为数字或 X，请核对。',
  hintHmt: '该号码以 810000/820000/830000 开头，是港澳台居民居住证号码，请把证件类型改为“港澳台居民居住证”。',
  hintForeign:
    '以 9 开头的 18 位号码是 2023 版外国人永久居留身份证号码：如持有的是该证件，请把证件类型改为“外国人永久居留身份证”；否则请核对号码前两位。',
  hintResident: '该号码是居民身份证号码格式，请把证件类型改为“居民身份证”。',
  firstGeneration: '这是第一代 15 位身份证号码，已停止使用。请填写第二代居民身份证或户口簿上的 18 位公民身份号码。',
  badProvince: '号码前两位“{province}”不是有效的省级行政区划代码，请核对证件。',
  hmtPrefix: '港澳台居民居住证号码应以 810000（香港）、820000（澳门）或 830000（台湾）开头，请核对证件。',
  foreignOld: '旧版外国人永久居留身份证号码应为 3 位英文字母（国籍）加 12 位数字，请核对。',
  foreignLength:
    '外国人永久居留身份证号码应为 18 位（2023 版，以 9 开头）或 15 位（旧版，3 位英文字母加 12 位数字），当前为 {length} 位，请核对。',
  foreignStart: '2023 版外国人永久居留身份证号码应以 9 开头，请核对证件。',
  foreignProvince:
    '2023 版外国人永久居留身份证号码第 2–3 位是发证地的省级行政区划代码（如 11 北京、31 上海、44 广东），“{province}”不是有效代码，请核对证件。',
  passportCharacters: '护照号码只能包含英文字母和数字，请核对。',
  birthCertificate: '出生医学证明编号应为 1 位英文字母加 9 位数字（共 10 位，例如 P370012345），当前为“{value}”，请核对证件右上角的编号。',
} as const;

/** Person names (names.ts). {code} is the code point, e.g. U+4E00. */
export const namesText = {
  invisibleCharacter: '不可见字符（{code}）',
  character: '“{ch}”（{code}）',
  required: '请填写姓名。',
  tooLong: '姓名最多 {max} 个字，当前 {length} 个。少数民族长姓名请按户口簿完整录入；如确实超长，请联系主管。',
  radical: '姓名中的“{ch}”（{code}）是部首符号，不是汉字，常见于从 PDF 复制的文字。请删除后用输入法重新输入该字。',
  privateUse:
    '姓名中含有私用区字符（{code}），在其他电脑、打印件和招生平台上无法正确显示。请改用标准汉字输入（生僻字可用输入法的“生僻字”或 U 模式输入）；确无对应字时，请联系主管处理。',
  unprintableHan:
    '姓名中的“{ch}”（{code}）是极少用的生僻字，本机的打印字体没有这个字，打印件上会是空白方框，因此暂不能录入。请核对户口簿上的写法；确为该字的，请联系主管报县招生办处理。',
  unprintableLatin: '姓名中的字母“{ch}”（{code}）本机的打印字体无法打印，请按护照上的拉丁字母写法录入（可不带变音符号），或联系主管处理。',
  notAllowed: '姓名中不能含有{ch}。可用汉字（含生僻字）和间隔号“·”；外国人姓名可用拉丁字母、空格、连字符和撇号。',
  separator: '姓名的汉字之间有空格或连字符。少数民族姓名各部分之间应使用间隔号“·”，如“{dotted}”；如是误输入，请删除。',
  dotAtEnd: '间隔号“·”只能用在姓名的两部分之间，不能在开头或结尾。',
  doubleDot: '姓名中有两个相连的间隔号“··”，请删除多余的一个。',
  separatorAtEnd: '姓名不能以空格、连字符或撇号开头或结尾。',
  separatorRepeated: '姓名中有重复的空格、连字符或撇号，请删除多余的。',
  noLetter: '姓名中至少应有一个汉字或字母。',
} as const;

/** Migrant points (points.ts): the rule and the sum as the clerk and the record read them. */
export const pointsText = {
  guardian: '监护人',
  item: '{name} {points} 分/月',
  /** Joins the items of an exclusive group. */
  or: '或',
  exclusive: '{names}只计分数较高的一项',
  exclusiveNote: '（{groups}）',
  summed: '{who}的积分相加',
  best: '取{who}中积分最高的一人',
  rule: '计分规则：{items}{groups}；{combine}；只计截至 {from} 往前连续的月数，每人每项最多计 {cap} 个月。',
  line: '{guardian}{item} {months} 个月',
  capped: '（按 {counted} 个月计）',
  linePoints: ' = {points} 分',
  notCounted: '（不计分）',
  noMonths: '未登记可计分的月数',
  explanation: '{rule}{lines}。合计 {total} 分。',
} as const;

/** The age rule (age.ts). */
export const ageText = {
  invalid: '出生日期“{birthDate}”不是有效日期，应为 YYYY-MM-DD 格式的真实日期。',
  afterCutoff: '出生日期 {birthDate} 晚于年龄计算截止日 {cutoff}，请核对出生日期。',
  primaryTooYoung:
    '出生日期 {birthDate}，到 {cutoff} 未满 {min} 周岁（须在 {latest} 或之前出生），不符合小学一年级入学年龄。如确需提前入学或另有特殊情况，须由主管审批并记录理由。',
  primaryOlder: '出生日期 {birthDate}，到 {cutoff} 已满 {age} 周岁，超过一般入学年龄。可以报名；如属延缓入学或其他原因推迟入学，请在备注中说明。',
  primaryEligible: '出生日期 {birthDate}，到 {cutoff} 已满 {min} 周岁，符合小学一年级入学年龄。',
  juniorTooYoung: '出生日期 {birthDate}，到 {cutoff} 仅 {age} 周岁，不可能已读完小学，请核对出生日期。如确属特殊情况，须由主管审批并记录理由。',
  junior: '出生日期 {birthDate}，到 {cutoff} 为 {age} 周岁。初中一年级按小学毕业升学，年龄仅供参考。',
} as const;

/** Receipt numbers typed back (receiptNumber.ts). */
export const receiptNumberText = {
  format: '回执编号格式应为“县代码-柜台编码-日期-序号-校验位”，例如 379901-A01-260615-0042-K，请核对。',
  sequenceDigits: '回执编号的序号位数不对（超过 4 位时不以 0 开头），可能多输入了一位，请核对。',
  checkCharacter: '回执编号校验位不符：可能有一位输错或相邻两位颠倒，请对照回执逐位核对。',
  date: '回执编号中的日期“{date}”不是有效日期，请核对。',
  zeroSequence: '回执编号的序号不能为 0000，请核对。',
} as const;

/** Mobile numbers (phone.ts). */
export const phoneText = {
  required: '请填写手机号码。',
  digitsOnly: '手机号码只能包含数字，“{raw}”中有其他字符，请核对。',
  length: '手机号码应为 11 位数字，当前为 {length} 位，请核对。固定电话请记在备注中。',
  prefix: '手机号码应以 1 开头，第二位为 3–9，请核对。',
} as const;

export const domainText = {
  enrollmentType: enrollmentTypeText,
  applicationRules: applicationRulesText,
  idNumber: idNumberText,
  names: namesText,
  points: pointsText,
  age: ageText,
  receiptNumber: receiptNumberText,
  phone: phoneText,
} as const;
