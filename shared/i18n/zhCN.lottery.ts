// The public lottery (电脑随机派位, issue 13): why a bundle is refused. The standalone verifier in
// tools/lottery-verify carries the same sentences (it may depend on nothing here); a test keeps them equal.
export const lotteryReasons = {
  BUNDLE_UNREADABLE: '文件不是派位结果包：无法按 JSON 读取（{detail}）。请确认下载的是教育局公布的派位结果包（.json）。',
  FORMAT_UNKNOWN: '结果包格式为“{format}”，本验证程序只认 ENROLL-LOTTERY-v1。请使用与结果包同时公布的验证程序。',
  BUNDLE_MALFORMED: '结果包缺少或写错了“{field}”，无法验证。请向教育局索取完整的结果包。',
  LIST_MALFORMED: '名单“{pool}”第 {line} 行不符合规范：{detail}。名单必须与派位前公布的原文逐字节一致。',
  LIST_CHANGED: '名单“{pool}”与派位前公布的摘要不符（应为 {expected}，实为 {actual}）：名单在公布后被改动过。验证不通过。',
  ANNOUNCEMENT_CHANGED: '派位公告的摘要不符（包中记为 {expected}，按包内公告重算为 {actual}）：公告内容（名单摘要、种子来源或承诺值）被改动过。验证不通过。',
  ANNOUNCEMENT_MISMATCH: '派位公告的摘要为 {actual}，与您输入的事先公布值 {expected} 不符：这不是当时公布的那次派位。验证不通过。',
  SOURCE_FALLBACK_UNEXPLAINED: '种子来源第 {slot} 项使用了第 {used} 个备选，但没有写明前面备选不能使用的原因。验证不通过。',
  SOURCE_NOT_CANONICAL: '种子来源第 {slot} 项的值“{value}”不符合公告规定的格式（{format}）。验证不通过。',
  SECRET_MISSING: '参与方“{party}”没有公开密语，无法重算种子。验证不通过。',
  SECRET_MISMATCH: '参与方“{party}”公开的密语与派位前公布的承诺值不符（密语错误或被改动）。验证不通过。',
  SEED_MISMATCH: '按包内的名单摘要、种子来源值和密语重算的种子为 {actual}，与包中记录的 {expected} 不符：种子来源值或其他输入在开奖后被改动。验证不通过。',
  RESULT_MISMATCH: '学校/名单“{pool}”的派位结果与重算结果不一致（第 {line} 行起不同）：公布的结果不是按规则算出的。验证不通过。',
  RESULT_DIGEST_MISMATCH: '结果摘要应为 {actual}，包中记为 {expected}：结果摘要被改动。验证不通过。',
} as const;
export type LotteryReasonCode = keyof typeof lotteryReasons;

export const lotteryText = {
  verified: '验证通过：派位结果与按公开规则重算的结果逐字节一致。',
  poolKind: { places: '按计划人数录取', order: '仅排序（同分派位与调剂顺序）' },
  status: { admitted: '中签（录取）', waiting: '未中签（候补）', ranked: '已排序' },
} as const;

/**
 * What is wrong with a published list (the `{detail}` of LIST_MALFORMED) or with a bundle that is not an object
 * (of BUNDLE_UNREADABLE). tools/lottery-verify carries the same sentences.
 */
export const lotteryListDetails = {
  notObject: '顶层不是对象',
  noFinalLf: '最后一行没有以换行符（LF）结束',
  carriageReturn: '含有回车符（CR），只允许换行符（LF）',
  firstLine: '第一行应为“{expected}”',
  headLine: '应为“{key} …”',
  county: '县代码应为 6 位数字',
  year: '年度应为 4 位数字',
  pool: '名单编号不合规范',
  name: '名称为空或含控制字符',
  kind: 'kind 应为 places 或 order',
  orderPlaces: '仅排序的名单 places 应为 0',
  places: '计划人数应为不带前导零的整数',
  entries: '条目数应为正整数',
  entryCount: '条目数为 {actual}，与 entries {expected} 不符',
  entryLine: '每行应为“回执号<TAB>姓名”',
  receipt: '回执号“{receipt}”不合规范',
  receiptRepeated: '回执号“{receipt}”重复',
  siblingsOrder: '同胞的回执号应按升序排列',
  childName: '姓名为空或含控制字符',
  entriesOrder: '条目应按回执号升序排列',
  headMismatch: '名单抬头（县、年度、编号、名称、类型或计划人数）与公告不一致',
} as const;
