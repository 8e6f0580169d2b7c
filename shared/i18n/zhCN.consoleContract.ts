// Input checks written into the console's contract (shared/console/*.ts): what a refused field says, and what to
// do. The desk's contract has its own (zhCN.contract.ts). The public lookup page's bundle carries this file (through
// shared/console/lookup.ts and define.ts), so it stays small and imports nothing.

export const consoleContractText = {
  isoDay: '日期格式应为 YYYY-MM-DD，例如 2026-07-15。',
  applicationId: '申请编号格式不正确。',
  counterCode: '报名点编码应为 2–8 位大写字母或数字，例如 A01。',
  /** The public lookup: what a family types from a receipt or notice. */
  lookupTyped: '回执号和校验码只能包含回执上印的字母、数字和符号，请对照回执重新输入。',
  planFile: {
    required: '请选择方案文件。',
    tooLarge: '方案文件过大（超过 4 MB），请核对文件。',
  },
  queueSearchTooLong: '搜索内容过长，最多 40 个字符。',
  decisions: {
    materialsRequired: '请至少选择一项需补充的材料。',
  },
  placement: {
    sourceId: '来源编号只能用小写字母、数字和连字符，例如 ssq-2026085。',
    sourceFormat: '格式应为 int-list:N（N 个整数）或 decimal:D（D 位小数）。',
    placesInteger: '学位数应为整数。',
    placesNegative: '学位数不能为负数。',
    placesTooMany: '学位数过大，请核对。',
    sourcesRequired: '请至少公布一项种子来源。',
    partyId: '参与方编号只能用小写字母、数字和连字符。',
    commitment: '承诺值应为 64 位十六进制（SHA-256）。',
    partiesRequired: '请至少登记一个参与方的承诺值。',
  },
  tracing: {
    month: '月份格式应为 YYYY-MM，例如 2026-09。',
    visitNote: '请写明走访情况。',
    receiptNo: '请填写回执编号。',
  },
} as const;
