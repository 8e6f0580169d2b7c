// Text of the county console's server side (server/console/, shared/console/): names of roles and statuses,
// reason templates, the `detail` of the console's problem documents, audit action names, SMS templates and the
// CLI's account commands. The console app's own screen text is in zhCN.console.ts. Placeholders `{name}` are
// filled with `format` (zhCN.ts).

export const consoleApiText = {
  roles: {
    admin: '局管理员',
    reviewer: '审核员',
    second_reviewer: '复核人',
    school: '学校用户',
    viewer: '只读',
  },
  /** Queue statuses as staff read them. */
  statuses: {
    pending: '待审核',
    needs_materials: '需补充材料',
    rejection_pending: '待复核',
    approved: '审核通过',
    rejected: '审核不通过',
    admitted: '已录取',
    awaiting_reassignment: '待调剂',
    reassigned: '已调剂',
    withdrawn: '已撤回',
    voided: '已作废',
  },
  /** The same, as the public lookup tells families. */
  publicStatuses: {
    pending: '审核中',
    needs_materials: '需补充材料，请按告知书要求补交',
    rejection_pending: '审核中',
    approved: '审核通过',
    rejected: '审核不通过，可按告知书申请复核',
    admitted: '已录取',
    awaiting_reassignment: '待调剂',
    reassigned: '已调剂',
    withdrawn: '因重复报名已撤回，以保留的另一份申请为准',
    voided: '已作废',
  },
  /** Templates a reviewer starts a rejection from (then adds text). */
  rejectionReasons: {
    age: '儿童年龄不符合本年度入学年龄要求。',
    zone: '户籍或房产不在所报学校的招生片区内。',
    mismatch: '登记信息与提交的证明材料不一致。',
    materialsInvalid: '提交的证明材料无效或已过期。',
    duplicate: '重复报名，以另一份申请为准。',
    overdue: '逾期未补交要求的材料。',
  } as Record<string, string>,
  /** Problem `title` of the console's own codes. */
  titles: {
    not_signed_in: '尚未登录',
    session_expired: '登录已过期',
    csrf_rejected: '请求来源无法确认',
    forbidden: '无权操作',
    invalid_credentials: '用户名或密码错误',
    account_locked: '账号已锁定',
    account_disabled: '账号已停用',
    password_change_required: '请先修改密码',
    weak_password: '密码强度不足',
    wrong_password: '当前密码错误',
    stale_revision: '申请已更新',
    state_conflict: '当前状态不能这样操作',
    four_eyes: '需由另一位复核人确认',
    last_admin: '至少保留一位局管理员',
    bulk_token_invalid: '批量确认已失效',
    plan_invalid: '方案文件有问题',
    rate_limited: '查询过于频繁',
  },
} as const;
