// Text of the county console's operations on the server side (server/services/console/{lookup,counters,plans,
// duplicates,sms}.ts): problem details, SMS templates, audit wording and the CLI's operator identity. Placeholders
// `{name}` are filled with `format` (zhCN.ts). Role and status names are in zhCN.consoleApi.ts.

export const consoleOpsText = {
  /** A plan file that is not JSON: said at the place (shared/plan/jsonPlaces.ts). */
  planFile: {
    unexpectedEnd: '文件在此处意外结束（缺少 } 或 ]？）。',
    unexpected: '此处的字符“{char}”不符合 JSON 格式（缺少逗号、引号，或多了逗号？）。',
    trailing: 'JSON 内容结束后还有多余的字符“{char}”。',
    badString: '字符串格式错误（缺少右引号，或含有未转义的换行）。',
    tooDeep: '嵌套超过 {char} 层，不像招生方案文件。请核对文件。',
  },
  counters: {
    noSuchCounter: '没有编码为 {code} 的报名点。请在报名点列表中核对编码。',
  },
  plans: {
    invalid: '方案文件有 {count} 处问题，未发布。请按各处提示（行、列）修改后重新上传。',
    at: '第 {line} 行第 {column} 列：{message}',
    frozenDraw:
      '{year} 年的电脑派位已冻结（{state}，按第 {version} 版方案）。新方案发布后，报名台和以后的审核按新方案，但这次派位的名单、学位数和结果不变；如学位数或批次有误需要重新派位，请在开奖前到“录取与派位”撤销公告，发布新方案后重新冻结。',
    drawStates: { announced: '已公告待开奖', drawn: '已开奖', published: '已公布结果' },
  },
  /** How an operator is written beside the data (plans.published_by, decidedBy, resolved_by). */
  actor: { cli: '{name}（命令行）', osUser: '系统用户 {name}（命令行）', unknown: '—' },
  cli: {
    qrText: '二维码内容（可用任意二维码工具生成后供报名台扫描）：{qr}',
    resolveUsage: '用法：duplicates resolve <保留的申请编号|回执编号> --reason "原因（至少 2 个字）"',
    resolved: '已处理重复报名：保留 {kept}，已撤回 {withdrawn}。各相关报名点下次同步时收到。',
    noSuchStaff: '没有用户名为 {username} 的控制台账号（--as）。请核对用户名，或不写 --as（将以系统用户名记入审计）。',
    staffDisabled: '控制台账号 {username} 已停用，不能用它执行命令。',
    byReplaced: '--by 已改为 --as <控制台用户名>：操作人须是控制台账号，或不写（以系统用户名记入审计）。',
  },
  duplicates: {
    noGroup: '没有这组重复报名（可能已因作废或撤回而不再重复）。请刷新列表后重试。',
    notInGroup: '要保留的申请不属于这组重复报名。请刷新后从本组中选择。',
    keptInactive: '回执 {receiptNo} 的申请已撤回或已作废，不能保留。请选择本组中其他有效的申请。',
    outsideScope: '这名儿童在您负责范围以外的学校或类别另有报名，这组重复报名您不能处理。请交局里不限学校和类别的审核员处理。',
  },
  /** Text messages to guardians (server/services/console/sms.ts). Placeholders: {child} masked name, {receiptNo}, {school}, {deadline}, {place}, {outcome}, {lookup}. */
  sms: {
    templates: {
      accepted: '【{sign}】{child}的入学申请（回执 {receiptNo}）已审核通过。录取结果公布后另行通知，可凭回执在 {lookup} 查询。',
      needs_materials: '【{sign}】{child}的入学申请（回执 {receiptNo}）需补充材料，请于 {deadline} 前到 {place} 补交，详见报名点打印的补充材料告知书。',
      result: '【{sign}】{child}的入学申请（回执 {receiptNo}）结果：{outcome}{school}。请凭回执到报名点领取通知书，或在 {lookup} 查询。',
    },
    outcomes: {
      approved: '审核通过',
      rejected: '审核不通过（可按通知书申请复核）',
      admitted: '已录取',
      awaiting_reassignment: '待调剂',
      reassigned: '已调剂',
    },
    schoolSuffix: '，学校：{school}',
    noDeadline: '通知书所列期限',
    noPlace: '原报名点',
    defaultSign: '县教育局',
    lookupPath: '招生查询页面',
    noMobile: '申请中没有监护人手机号，未发送。',
    off: '未配置短信发送（SMS_DRIVER 未设置），未发送。',
    gatewayStatus: '短信网关返回 HTTP {status}：{body}',
    gatewayUnreachable: '无法连接短信网关：{reason}',
    gatewayMissing: 'SMS_DRIVER=gateway 需要同时设置 SMS_GATEWAY_URL（县短信网关地址）。',
    driverUnknown: 'SMS_DRIVER 应为 off、log 或 gateway，收到 “{driver}”。',
  },
  results: {
    notPlaceable: '回执 {receiptNo} 的申请当前为“{status}”，不能登记录取结果：只有审核通过的申请才能录取或调剂。请先在审核队列中完成审核。',
  },
  lookup: {
    rateLimited: '查询过于频繁，请 {seconds} 秒后再试。如需帮助，请携带回执到报名点或拨打县教育局咨询电话。',
  },
} as const;
