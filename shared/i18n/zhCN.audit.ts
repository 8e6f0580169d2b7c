// What the desk says about its audit log's integrity (core messages, shown in the audit page and at sign-in).

export const auditText = {
  problems: {
    missing: '第 {expected} 条记录缺失（已被删除）',
    relinked: '第 {seq} 条记录与上一条的链接不符（前面的记录被删除或替换）',
    altered: '第 {seq} 条记录内容被修改',
    startBroken: '上次校验通过的第 {seq} 条记录已被删除或修改',
    truncated: '日志末尾缺少记录（应有 {headSeq} 条，实有 {lastSeq} 条）',
    headMismatch: '日志头与最后的记录不符（第 {seq} 条起的记录被替换）',
    headInvalid: '日志头缺失或校验失败（日志头被删除或改写）',
    emptyButSetUp: '本机已完成设置，但审计日志是空的（全部记录被删除）',
    keyReplaced: '审计密钥已丢失或被替换，此前的记录无法再确认',
  },
  /** Appended when a check found more than one problem. */
  more: '（另有 {count} 处问题）',
} as const;
