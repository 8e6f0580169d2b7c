// The one catalogue of user-facing text. Every string staff or families see comes from here.
// Keys are grouped by area; error messages say what went wrong and what to do next.

import type { ErrorCode } from '../contract/errorCodes';
import { ui } from './zhCN.ui';
import { intake } from './zhCN.intake';
import { apps } from './zhCN.applications';
import { labels } from './zhCN.labels';
import { domainText } from './zhCN.domain';
import { documentsErrors, documentsText } from './zhCN.documents';
import { printingErrors, printingText } from './zhCN.printing';
import { syncErrors, syncText } from './zhCN.sync';
import { cardReaderErrors, cardReaderText } from './zhCN.cardReader';
import { lotteryReasons, lotteryText } from './zhCN.lottery';
import { auditText } from './zhCN.audit';
import { placementProblems, placementText } from './zhCN.placement';
import { backupErrors, backupText } from './zhCN.backup';
import { onceNoticeText } from './zhCN.onceNotice';
import { reportsErrors, reportsText } from './zhCN.reports';
import { followUpsErrors, followUpsText } from './zhCN.followUps';
import { planCheckText, planFieldText, planMigrationText, planPlacementText } from './zhCN.plan';
import { shellText } from './zhCN.shell';

export const zhCN = {
  ui,
  intake,
  apps,
  labels,
  domain: domainText,
  documents: documentsText,
  printing: printingText,
  sync: syncText,
  cardReader: cardReaderText,
  lottery: { ...lotteryText, reasons: lotteryReasons },
  audit: auditText,
  placement: { ...placementText, problems: placementProblems },
  backup: backupText,
  onceNotice: onceNoticeText,
  reports: reportsText,
  followUps: followUpsText,
  plan: { fields: planFieldText, checks: planCheckText, placement: planPlacementText, migration: planMigrationText },
  app: {
    productName: shellText.productName,
    sampleBadge: '示例',
  },
  errors: {
    VALIDATION_FAILED: '输入内容有误，请按提示修改后再提交。',
    PAYLOAD_TOO_LARGE: '提交的数据过大，已拒绝。请删减过长的内容后重试。',
    UNKNOWN_METHOD: '程序调用了不存在的功能，请联系技术支持并报告此问题。',
    NOT_AUTHENTICATED: '尚未登录或登录已失效，请重新登录。',
    FORBIDDEN: '您的角色无权使用此功能。如确需办理，请联系主管或管理员。',
    UNTRUSTED_SENDER: '请求来自程序之外的页面，已拒绝。请只在帮办台窗口内操作；如反复出现，请联系技术支持。',
    CORE_STOPPED: '帮办台的后台处理进程意外停止，刚才的操作可能没有完成。请在弹出的对话框中点“重新启动后台”，启动后核对刚才办理的内容；如反复出现，请联系技术支持。',
    SESSION_LOCKED: '屏幕已锁定，请输入密码解锁后继续。',
    INVALID_CREDENTIALS: '用户名或密码不正确，请检查后重试。连续输错 5 次账号将被锁定 30 分钟。',
    ACCOUNT_LOCKED: '该账号因多次密码错误已被锁定，请在 {until} 后重试，或请管理员解锁。',
    WRONG_CURRENT_PASSWORD: '当前密码不正确，请重新输入。',
    CURRENT_PASSWORD_REQUIRED: '距登录时输入密码已超过 10 分钟，请输入当前密码（临时密码）后再设置新密码。',
    ACCOUNT_DISABLED: '该账号已被停用，请联系管理员。',
    WEAK_PASSWORD: '密码强度不足：{rule}请按“至少 8 位，同时包含字母和数字，不能包含用户名”重新设置。',
    PASSWORD_CHANGE_REQUIRED: '管理员已重置您的密码，请先设置新密码。',
    COUNTER_ADDRESS_MISSING: '尚未填写本报名点的地址和办公时间，一次性告知单无法打印。请管理员在“系统设置”中填写后再打印。',
    ALREADY_SET_UP: '本帮办台已完成初始设置，不能重复设置。',
    NOT_SET_UP: '本帮办台尚未完成初始设置，请先创建柜台信息和管理员账号。',
    USERNAME_TAKEN: '用户名“{username}”已被使用，请换一个。',
    STAFF_NOT_FOUND: '找不到该工作人员，可能已被删除，请刷新列表。',
    LAST_ADMIN: '不能停用或降级最后一位启用的管理员，请先设置另一位管理员。',
    SELF_CHANGE_FORBIDDEN: '不能停用自己的账号或修改自己的角色，请由另一位管理员操作。',
    DB_UNREADABLE: '无法打开本机数据库：数据文件不是用本机密钥加密的，或文件头已损坏。请勿删除数据目录，联系技术支持从备份恢复。',
    DB_CORRUPT: '本机数据库已损坏，完整性检查未通过。请勿继续写入，联系技术支持从备份恢复。',
    DB_MIGRATION_CHANGED:
      '本机数据库的第 {version} 步结构升级（{name}）是由内容不同的另一版程序执行的，本程序无法确认数据结构正确，已停止打开。请勿删除或改动数据目录：换回先前使用的程序版本，并联系技术支持。',
    KEY_UNREADABLE: '无法解开数据库密钥：密钥文件已损坏或来自另一台电脑/另一个系统账号。请联系技术支持。',
    SECRET_STORE_UNAVAILABLE:
      '本机系统没有可用的安全密钥存储（如系统钥匙串），数据库密钥无法受保护地保存。请联系技术支持配置系统密钥存储；如确需继续，管理员可明确选择以不受保护的方式保存密钥（将被记录）。',
    AUDIT_TAMPERED:
      '本机审计日志校验未通过（{problem}），可能有人改动了本机数据。管理员登录并确认之前，其他人员不能登录。请立即联系本机管理员，不要删除或修改任何数据。',
    PLAN_INVALID: '招生方案文件有误，未导入。请按下列位置逐项修改后重新导入。',
    PLAN_NOT_FOUND: '该申请所依据的招生方案（{planKey}）已不存在。请按当前方案重新核对后提交。',
    PLAN_UNKNOWN: '找不到招生方案 {planKey}，可能从未导入本机。',
    PLAN_CHANGED: '招生方案已更新为 {active}，本申请按旧方案填写。请按新方案重新核对后再提交。',
    NO_ACTIVE_PLAN: '尚未载入招生方案，无法受理。请管理员在“系统设置”中导入县级招生方案。',
    APPLICATION_NOT_FOUND: '找不到该申请，可能已被删除或编号有误。请在申请列表中重新查找。',
    APPLICATION_NOT_DRAFT: '该申请已提交（回执号 {receiptNo}），不能再按草稿修改。如需更正，请在申请详情中“修改”并填写原因。',
    APPLICATION_NOT_EDITABLE: '该申请当前状态为“{status}”，不能按已提交的申请修改：草稿请在申请详情中按“继续填写”；已作废的申请如需重新受理，请新建申请。',
    APPLICATION_DECIDED:
      '县级已对该申请作出决定（{status}），本机不能再修改，以免与县级审核依据的信息不一致。如登记信息确有错误，请告知家长携带相关材料到县教育部门招生办申请更正。',
    DRAFT_NOT_VOIDABLE: '这是尚未提交的草稿，不能作废：请在申请详情中按“放弃草稿”。',
    APPLICATION_NOT_VOIDABLE: '该申请已是“{status}”，录取后不能在本机作废或撤回。如家长放弃入学，请告知其到录取学校或县教育部门办理。',
    DUPLICATE_APPLICATION: '该儿童在本窗口已有有效申请（回执号 {receiptNo}），不能重复受理。请打开已有申请核对。',
    NEAR_MATCH_WARNING: '发现疑似重复的申请（出生日期、姓名或监护人电话相近），请核对后确认是否继续提交。',
    SUPERVISOR_REQUIRED: '此操作需要主管或管理员批准：请主管输入其用户名和密码。',
    OUTSIDE_WINDOW_REFUSED:
      '今天（{today}）不在招生方案规定的报名时间（{start} 至 {end}）内，本县方案规定报名时间以外不予受理，申请未提交（已存为草稿）。请告知家长在报名时间内办理，或咨询县教育部门。',
    OUTSIDE_WINDOW_APPROVAL_REQUIRED:
      '今天（{today}）不在招生方案规定的报名时间（{start} 至 {end}）内，须经主管批准后才能提交：请按“报名时间外受理批准”，由主管写明原因后再提交。',
    OUTSIDE_WINDOW_NOT_NEEDED: '今天（{today}）在报名时间（{start} 至 {end}）内，不需要报名时间外受理批准，可直接提交。',
    INTERNAL: '程序内部错误，操作未完成，已录入的数据未丢失。请重试；如反复出现，请联系技术支持。',
    TRANSPORT_UNAVAILABLE: '与本机服务的连接中断，请稍候重试；如反复出现，请重新启动程序。',
    ...documentsErrors,
    ...printingErrors,
    ...syncErrors,
    ...cardReaderErrors,
    ...backupErrors,
    ...reportsErrors,
    ...followUpsErrors,
  } satisfies Record<ErrorCode, string>,
  fields: {
    required: '此项必填。',
    tooLong: '内容过长，最多 {max} 个字符。',
    tooShort: '内容过短，至少 {min} 个字符。',
    controlChars: '含有不可见的控制字符，请重新输入。',
    counterCode: '柜台编码应为 2–8 位大写字母或数字，例如 A01。',
    countyCode: '县级行政区划代码应为 6 位数字（GB/T 2260），例如 371102。',
    username: '用户名应为 3–32 位小写字母、数字、下划线或点，以字母开头。',
    unknownField: '包含未定义的字段“{field}”。',
    wrongType: '数据类型不正确。',
    idleMinutes: '自动锁屏时间应为 1–120 分钟之间的整数。',
  },
  roles: {
    clerk: '受理员',
    supervisor: '主管',
    admin: '管理员',
  },
} as const;

export type Catalogue = typeof zhCN;

// In its own module so small bundles (the console's public lookup page) need not carry this catalogue.
export { format } from './format';
