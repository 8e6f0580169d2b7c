// Text for backup, restore and the recovery passphrase. Error codes here join zhCN.errors.
export const backupErrors = {
  BACKUP_NO_FOLDER: '尚未设置备份文件夹。请管理员在“数据备份”中选择备份文件夹（可以是 U 盘或移动硬盘）。',
  BACKUP_FOLDER_UNAVAILABLE: '备份文件夹“{folder}”无法写入（U 盘未插好或已拔出，或没有写入权限）。请插好 U 盘或重新选择备份文件夹后再试。',
  BACKUP_DISK_FULL: '备份文件夹所在的磁盘空间不足（还需要约 {needed}）。备份未完成，已有的备份不受影响。请清理空间或换用更大的 U 盘后再试。',
  BACKUP_BUSY: '正在备份或恢复，请等它完成后再试。',
  BACKUP_NO_DIALOG: '本机无法打开选择文件夹的窗口。请在帮办台程序窗口中操作。',
  BACKUP_FAILED: '备份未完成：{reason}。已有的备份不受影响。请检查备份文件夹后重试；如反复出现，请联系技术支持。',
  ARCHIVE_NOT_FOUND: '找不到所选的备份文件（U 盘可能已拔出）。请插好 U 盘后重新选择备份文件。',
  ARCHIVE_NOT_BACKUP: '所选文件不是帮办台的备份文件。请选择以 .edbak 结尾的备份文件。',
  ARCHIVE_INCOMPLETE: '该备份文件不完整（备份时被中断，或复制时没有复制完）。不能用它恢复，本机数据未做任何更改。请选择另一份备份。',
  ARCHIVE_DAMAGED: '该备份文件已损坏（{what}）。本机数据未做任何更改。请选择另一份备份。',
  ARCHIVE_FROM_NEWER_DESK: '该备份来自更新版本的帮办台（数据版本 {archive}，本机为 {mine}）。请先把本机帮办台升级到 {appVersion} 或更高版本再恢复。本机数据未做任何更改。',
  RESTORE_PASSPHRASE_REQUIRED: '这份备份是在另一台电脑（或另一个系统账号）上做的，需要输入主管设置的恢复口令才能恢复。',
  RESTORE_WRONG_PASSPHRASE: '恢复口令不正确，本机数据未做任何更改。请核对后重新输入（注意大小写；全角和半角字符视为相同）。',
  RESTORE_NO_RECOVERY: '这份备份做的时候还没有设置恢复口令，只能在原来那台电脑上恢复。请在原电脑上恢复，或选择设置恢复口令以后的备份。',
  RESTORE_FORBIDDEN: '本帮办台已有数据，只有管理员登录后才能从备份恢复（恢复会替换本机全部数据）。',
  RESTORE_CHOOSE_AGAIN: '请重新选择要恢复的备份文件。',
} as const;

export const backupText = {
  trigger: { manual: '手动备份', signOut: '退出登录时自动备份', daily: '每日自动备份' },
  phase: {
    database: '正在备份数据库',
    pages: '正在复制材料页面',
    finishing: '正在写入并校验',
    verifying: '正在校验备份文件',
    replacing: '正在替换本机数据',
    done: '已完成',
    failed: '未完成',
  },
  failure: {
    pagesMissing: '{n} 个材料页面文件在本机已缺失，未能备份',
    diskNeeded: '与数据目录相当的空间',
    closing: '帮办台正在关闭',
  },
  /** What ARCHIVE_DAMAGED says is wrong with the archive ({what}). */
  damaged: {
    header: '文件头无法识别',
    manifestPlace: '文件结尾的目录位置不符',
    manifestCheck: '目录校验失败',
    manifestUnreadable: '目录内容无法识别',
    headerMismatch: '文件头与目录不符',
    gap: '目录中的位置不连续',
    length: '目录与文件长度不符',
    noDatabase: '缺少数据库',
    databaseHash: '数据库部分校验不符',
    pageHash: '材料页面校验不符',
    entryUndecryptable: '文件 {name} 无法解密',
    integrity: '数据库完整性检查未通过',
    keysDiffer: '两份密钥不一致',
    pageUndecryptable: '材料页面无法解密',
    databaseKey: '数据库无法用备份中的密钥打开',
    version: '数据库版本与文件头不符',
  },
  dialog: {
    chooseArchive: '选择要恢复的备份文件',
    archiveFilter: '帮办台备份',
    chooseFolder: '选择备份文件夹（可选 U 盘或移动硬盘）',
    chooseOnce: '选择本次备份的文件夹（可选 U 盘）',
  },
  /** The plain export for county IT (npm run desk:export): its console lines, index.csv and README.txt. */
  export: {
    usage: '用法 / usage: npm run desk:export -- <备份文件.edbak> <空的输出文件夹>',
    passphrase: '恢复口令 / recovery passphrase: ',
    done: '已导出 {applications} 份申请、{pages} 个页面、{printouts} 份打印文书到 {outDir}',
    database: '数据库：{database}（用 sqlite3 打开）；说明见 README.txt。{missing}',
    missing: '有 {n} 个文件在备份中缺失，见 index.csv。',
    personalData: '这些文件含个人信息且未加密，核查完毕请删除。',
    notEmpty: '输出文件夹 {outDir} 不是空的。请指定一个新的或空的文件夹。',
    columns: ['回执编号', '申请编号', '儿童姓名', '类别', '材料项/文书', '页码/版本', '状态', '文件', 'SHA-256'],
    page: '材料页面',
    printout: '打印文书',
    removed: '已移除',
    current: '有效',
    notInArchive: '（备份中缺失）',
    readme: `帮办台备份导出（供县教育局信息技术人员核查）
===========================================

desk.sqlite   报名点的全部数据，普通 SQLite 3 数据库，未加密（全文检索索引 applications_fts 已去掉，它由 applications 表生成）。
              打开：sqlite3 desk.sqlite    例如：SELECT receipt_no, child_name, status FROM applications;
pages/        扫描的材料页面，按回执编号分文件夹：<材料项>-<页码>.jpg|png|pdf；removed/ 下是已被替换或删除的页面。
printouts/    打印过的回执和告知书（PDF），按回执编号分文件夹。
index.csv     每个文件对应的申请、材料项、页码和 SHA-256 校验值（UTF-8，Excel/WPS 可直接打开）。

注意：这些文件含有儿童和监护人的个人信息，且没有加密。核查完毕请立即删除，不要复制到其他电脑或网盘。

Desk backup export (for county IT). desk.sqlite is a plain SQLite 3 database; pages/ and printouts/ hold the
scanned pages and printed PDFs; index.csv maps every file to its application. Personal data, unencrypted:
delete after inspection.
`,
  },
  nav: '数据备份',
  page: {
    title: '数据备份与恢复',
    intro: '备份文件包含本机全部申请、扫描页面和打印文书，已加密；一份文件即一次完整备份。',
    lastTitle: '最近一次成功备份',
    never: '本机还没有成功的备份。请选择备份文件夹后立即备份一次。',
    lastValue: '{at}（{trigger}）',
    lastFile: '备份文件',
    lastDetail: '{file}，{size}，{applications} 份申请、{pages} 个页面',
    lastIn: '（在 {folder}）',
    stale: '最近一次成功备份已超过 {hours} 小时。请插好 U 盘并立即备份。',
    failed: '最近一次备份失败（{at}）：{message}',
    noRecoveryWarning: '尚未设置恢复口令：现有备份只能在本机恢复。电脑损坏时将无法在新电脑上恢复，请主管尽快设置恢复口令。',
    folder: '备份文件夹',
    noFolder: '未设置',
    chooseFolder: '选择备份文件夹',
    schedule: '每次退出登录时自动备份；帮办台开着时，每天至少自动备份一次。',
    runNow: '立即备份',
    runOther: '备份到其他文件夹（U 盘）',
    running: '{phase}：{done}/{total}，已写入 {mb} MB',
    done: '备份完成：{file}（{size}）',
    recoveryTitle: '恢复口令',
    recoverySet: '已由 {by} 于 {at} 设置。',
    recoveryNotSet: '尚未设置。',
    recoveryExplain:
      '恢复口令用于在另一台电脑上恢复备份（原电脑损坏或更换时）。请由主管设置一句只有自己知道、不会忘记的话（至少 12 个字符），写在纸上封存在安全的地方。',
    recoveryLost:
      '恢复口令一旦遗忘，任何人（包括县教育局和技术支持）都无法找回；用它做的备份将只能在原电脑上恢复。',
    recoveryChange: '更改口令只对以后的备份生效：以前的备份仍需用当时的口令恢复。',
    passphrase: '恢复口令',
    tooShort: '恢复口令至少 {n} 个字符。',
    confirm: '再次输入恢复口令',
    setRecovery: '设置恢复口令',
    changeRecovery: '更改恢复口令',
    recoverySaved: '恢复口令已设置。下一次备份起生效。',
    restoreTitle: '从备份恢复',
    restoreIntro: '恢复会用备份中的数据替换本机的全部数据（备份之后新录入的内容将不再保留）。恢复前会先完整校验备份文件，校验不通过不会做任何更改。',
    archivesEmpty: '备份文件夹中没有完整的备份文件。',
    chooseArchive: '选择其他备份文件…',
    restoreThis: '恢复此备份',
    archiveLine: '{at}　{counter}　{applications} 份申请、{pages} 个页面　{size}',
    otherPc: '来自另一台电脑',
    noRecovery: '无恢复口令',
    newer: '来自更新版本',
  },
  restore: {
    title: '从备份恢复',
    entry: '从备份恢复',
    entryHint: '电脑更换或数据损坏时，用 U 盘中的备份文件和恢复口令恢复全部数据。',
    summary: '备份时间：{at}；报名点：{counter}；{applications} 份申请、{pages} 个页面；文件 {file}（{size}）。',
    otherCounter: '注意：这份备份来自报名点 {code}，与本机（{mine}）不同。',
    needsPassphrase: '这份备份来自另一台电脑，请输入主管设置的恢复口令。',
    sameMachine: '这份备份来自本机，无需恢复口令。',
    newer: '这份备份来自更新版本的帮办台，本机无法恢复。请先升级帮办台。',
    confirm: '我明白：恢复将替换本机现有的全部数据。',
    start: '开始恢复',
    finish: '重新打开帮办台',
    cancelled: '未选择备份文件。',
    working: '{phase}：{done}/{total}',
    done: '恢复完成，帮办台将重新打开。请用备份中的账号登录。',
    reenroll: '本机是从另一台电脑的备份恢复的：请管理员在“同步”页用县教育局提供的新注册码重新注册本机，注册后会自动补传未上传的记录。',
    notOpened: '备份数据未能在本机打开，已恢复为原来的数据。请联系技术支持。',
    signInTitle: '本机数据已从备份恢复',
    signInBody: '现在是 {at} 那份备份中的数据，此后录入的内容不在本机，需要时请重新录入。请用备份中的账号登录。',
  },
  home: {
    reenroll: '本机由另一台电脑的备份恢复，需重新注册后才能同步。请管理员到“同步”页重新注册。',
  },
} as const;
