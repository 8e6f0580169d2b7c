// Input checks written into the desk's contract (shared/contract/*.ts): what a refused field says, and what to do.
export const contractText = {
  ids: {
    application: '申请编号格式不正确。',
    page: '扫描页编号格式不正确。',
    materialKey: '材料项编号格式不正确。',
    fieldPath: '字段路径格式不正确。',
  },
  dates: {
    isoDate: '日期格式应为 YYYY-MM-DD，例如 2020-08-31。',
    isoDay: '日期格式应为 YYYY-MM-DD。',
    fromAfterTo: '开始日期不能晚于结束日期。',
    rangeTooLong: '一次最多统计 400 天。',
  },
  months: {
    required: '请填写月数（整数）。',
    integer: '月数应为整数。',
    negative: '月数不能为负数。',
    tooMany: '月数过大，请核对。',
  },
  guardians: {
    atLeastOne: '至少登记 1 位监护人。',
    atMostFour: '最多登记 4 位监护人。',
  },
  searchTooLong: '搜索内容过长，最多 60 个字符。',
  passphrase: {
    tooLong: '恢复口令过长（最多 256 个字符）。',
    tooShort: '恢复口令至少 {min} 个字符，建议用一句只有主管知道的话。',
    tooSimple: '恢复口令过于简单（重复的字符太多），请换一句话。',
    mismatch: '两次输入的恢复口令不一致，请重新输入。',
  },
  cardReader: {
    libraryRequired: '请填写驱动库文件的完整路径。',
    libraryTooLong: '路径过长（最多 1000 个字符）。',
    libraryHidden: '路径中含有不可见字符，请重新填写。',
    portInteger: '端口号应为整数。',
    portRange: '端口号为 1–16（串口）或 1001–1016（USB）。',
  },
  files: {
    tooLarge: '文件过大，单个文件不超过 20 MB。',
    badEncoding: '文件内容编码不正确。',
    planTooLarge: '方案文件过大（超过 4 MB），请核对文件。',
  },
  copies: {
    atLeastOne: '份数至少为 1。',
    atMost: '份数最多 20 份。',
  },
  sync: {
    serverRequired: '请填写县级服务器地址。',
    serverTooLong: '服务器地址过长，请核对。',
    serverFormat: '服务器地址格式不正确，应类似 https://zsb.example.gov.cn 。',
    caTooLong: '证书内容过长，请只粘贴 PEM 格式的 CA 证书。',
    caFormat: '证书应为 PEM 格式（以 -----BEGIN CERTIFICATE----- 开头）。',
    timeoutMin: '超时至少 1 秒。',
    timeoutMax: '超时最多 300 秒。',
    codeTooShort: '注册码至少 6 位，请核对县教育局提供的注册码。',
    codeTooLong: '注册码过长，请核对。',
    deviceNameRequired: '请填写本机名称。',
    deviceNameTooLong: '本机名称不超过 100 字。',
  },
  resolveNoteRequired: '请写明已采取的处理措施。',
  /** zod's own checks, said in Chinese (shared/contract/fields.ts fieldIssues). */
  issues: {
    oneOf: '应为以下之一：{values}。',
    wrongType: '数据类型不正确：应为{type}。',
    arrayMin: '至少需要 {min} 项。',
    numberMin: '不能小于 {min}。',
    arrayMax: '最多 {max} 项。',
    numberMax: '不能大于 {max}。',
    typeNames: { string: '文字', number: '数字', boolean: '是/否', array: '列表', object: '对象' } as Record<string, string>,
  },
} as const;
