// Text of the county server (server/): the `detail` and `title` of its problem documents, which desks show to
// staff as they are, per-item reasons in batch answers, the protocol schemas' messages, and the admin
// commands' output. Each says what went wrong and what to do. Placeholders `{name}` are filled with `format`
// (zhCN.ts). Problem codes are defined by the protocol (shared/sync/protocol.ts); server/http/problems.ts checks
// that every one has a title here.

/** `title` of each problem code (RFC 9457: the same for every occurrence of the code). */
const titles = {
  bad_request: '请求格式错误',
  validation_failed: '请求内容不符合协议',
  unauthenticated: '设备身份验证失败',
  clock_skew: '设备时钟偏差过大',
  replayed_request: '重复的请求',
  device_revoked: '设备已被停用',
  enrollment_code_invalid: '注册码无效',
  batch_id_reused: '批次编号重复使用',
  upload_offset_mismatch: '上传位置不一致',
  upload_length_mismatch: '文件长度不一致',
  blob_too_large: '文件过大',
  blob_hash_mismatch: '文件校验失败',
  bundle_invalid: '页面包与清单不符',
  payload_too_large: '请求过大',
  not_found: '地址不存在',
  method_not_allowed: '不支持的请求方法',
  unsupported_media_type: '不支持的内容类型',
  shutting_down: '服务器正在停止',
  request_timeout: '请求超时',
  headers_too_large: '请求头过大',
  internal_error: '服务器内部错误',
  unhealthy: '服务不可用',
  audit_anchor_mismatch: '审计日志与县级服务器记录不符',
} as const;

export const serverText = {
  titles,
  /** The HTTP boundary: what arrives before any route sees it. */
  http: {
    notUtf8: '请求体不是有效的 UTF-8 文本。请升级报名台软件；如反复出现，请联系技术支持。',
    notJson: '请求体不是有效的 JSON。请重试；如反复出现，请联系技术支持。',
    tooDeep: '请求体嵌套超过 {max} 层，已拒收。请检查申请内容；如反复出现，请联系技术支持。',
    badJsonValues: '请求体中有协议不允许的值（见 errors）。请升级报名台软件或联系技术支持。',
    notFinite: '数值超出范围（不是有限的数）。',
    unstorable: '请求中有无法保存的字符（见 errors）：空字符（U+0000）或不完整的 Unicode 字符，多为从其他系统复制粘贴带入。请删除该处内容后重新输入。',
    unstorableChar: '含有空字符（U+0000）或不完整的 Unicode 字符',
    protoKey: '键名 __proto__ 不允许使用（程序会把它当作对象原型而丢失内容）。请改用其他键名。',
    emptyBody: '请求体为空。请重试。',
    tooLarge: '请求过大。请减少每批的申请数量后重试。',
    contentType: '这个地址的请求体应为 {expected}，收到的是 {got}。请升级报名台软件。',
    contentTypeNone: '这个地址不接受请求体（收到 {got}）。请升级报名台软件。',
    contentTypeMissing: '（未注明）',
    charset: '请求体的字符集应为 UTF-8（收到 {charset}）。请升级报名台软件。',
    duplicateHeader: '请求头 {header} 出现了多次。每个协议请求头只能发送一次；请升级报名台软件。',
    notFound: '服务器没有这个地址。请检查报名台设置中的县级服务器地址。',
    methodNotAllowed: '这个地址不支持 {method} 请求（支持：{allow}）。请升级报名台软件。',
    malformed: '请求在 HTTP 层面格式错误（{reason}），服务器无法读取。请重试；如反复出现，请检查网络代理设置或联系技术支持。',
    timeout: '请求没有在规定时间内完整送达。请检查网络后重试。',
    headersTooLarge: '请求头过大，服务器无法读取。请检查网络代理设置；如反复出现，请联系技术支持。',
    badUrl: '请求地址格式错误（{url}）。请检查报名台设置中的县级服务器地址。',
    shuttingDown: '服务器正在停止或暂时不可用，请稍后自动重试。',
    badRequest: '请求格式错误：{reason}。请重试；如反复出现，请联系技术支持。',
    internal: '服务器内部错误，已记录日志。请稍后重试；如反复出现，请联系县教育局技术支持。',
    unhealthy: '服务器运行不正常：{failed}。详情见服务器日志；请检查后重启服务，或联系县教育局技术支持。',
    healthParts: { database: '数据库无法访问或不可写入', blobs: '材料页面存储无法写入或读取' },
    validation: '{part}不符合同步协议（见 errors）。请升级报名台软件或联系技术支持。',
    parts: { body: '请求体', querystring: '查询参数', params: '路径参数', headers: '请求头' } as Record<string, string>,
    request: '请求',
  },
  blobs: {
    tooLarge: '单页文件不能超过 {mb} MB。请降低扫描分辨率后重新扫描。',
    lengthChanged: '这一页此前按 {was} 字节开始上传，本次声明 {now} 字节。请从服务器返回的位置继续上传同一文件，或从 0 开始重新上传。',
    offsetMismatch: '服务器已收到 {offset} 字节，请从该位置继续上传。',
    pastLength: '上传的字节数超过了声明的文件长度。请从服务器返回的位置重新上传。',
    hashMismatch: '页面文件在传输中损坏（校验值不符），服务器已丢弃。请从头重新上传这一页。',
    chunkType: '上传页面时内容类型应为 {type}。请升级报名台软件。',
    bundleType: '上传页面包时内容类型应为 {type}。请升级报名台软件。',
    bundleInvalid: '页面包的清单（{pages} 页，共 {total} 字节）与收到的 {received} 字节不符或有重复页。请重新同步；如反复出现，请升级报名台软件。',
    bundleTooLarge: '页面包不能超过 {mb} MB。请升级报名台软件。',
  },
  /** Signed requests. Each `unauthenticated` reason is followed by `unauthenticatedAdvice`. */
  auth: {
    unauthenticatedAdvice: '请在报名台“县级服务器”设置中测试连接；如仍失败，请重新注册本设备。',
    missing: '请求缺少设备签名。',
    badDeviceId: '设备编号格式不对。',
    unknownDevice: '服务器不认识这台设备。',
    badNonce: '请求随机数格式不对。',
    badSignatureFormat: '请求签名格式不对（应为 64 位小写十六进制）。',
    badSignature: '请求签名不正确（内容可能在传输中被改动）。',
    clockSkew: '本机时间与服务器相差超过 5 分钟。请校准电脑时间后重试。',
    revoked: '本设备（或所属报名点）已被县教育局停用，不能再同步。请联系县教育局管理员，获取新的注册码后重新注册。',
    replayed: '这个请求已经处理过（重复发送）。如需再次执行，请重新发起请求。',
  },
  enroll: {
    codeInvalid: '注册码无效、已使用或已过期。请向县教育局管理员索取新的一次性注册码后重试。',
    codeSpent: '注册码已被使用。请向县教育局管理员索取新的一次性注册码。',
  },
  /** Per-item reasons in a batch answer (`errors[].message`), and the batch-level refusal. */
  batches: {
    idReused: '这个批次编号已用于另一批内容。请为新的一批申请生成新的批次编号后重新上传。',
    otherCounter: '这个申请编号已由另一个报名点上传。请联系县教育局核对。',
    unsafeText: '申请内容中有控制字符或不完整的 Unicode 字符（多为复制粘贴带入），县级服务器无法原样保存。请在报名台打开这条申请，重新输入该项后保存。',
    recordTooLarge: '申请内容过大（{chars} 字符，上限 {max}）。请检查是否误填了大段文字。',
    contentHash: '内容校验值与申请内容不符（可能在传输中损坏）。请重新计算校验值后重新上传。',
    duplicatePageIds: '同一申请中有重复的页面编号。',
    sameRevisionDiffers: '服务器已有第 {revision} 版且内容不同。请由主管核对两个版本。',
    staleBase: '服务器上的最新版本是第 {current} 版，而本次修改基于第 {base} 版。请由主管核对后再上传。',
    unknownBase: '服务器上没有这条申请，而本次修改基于第 {base} 版。请以完整申请重新上传（不带基准版本）。',
    revisionNotNewer: '版本号应大于服务器上的第 {current} 版。',
    receiptTaken: '回执编号 {receiptNo} 已属于另一条申请。请核对回执编号。',
    pageMissing: '服务器还没有这一页的完整文件，请先上传材料页面。',
    pageSize: '页面大小 {declared} 字节与服务器上的文件（{stored} 字节）不符。',
    receiptCanonical: '回执编号应按规范写法上传：{canonical}。',
    receiptCounty: '回执编号的县代码 {county} 不是本县（{ours}）。请检查报名点设置中的县代码。',
    receiptCounter: '回执编号的柜台编码 {counter} 与本设备注册的报名点 {ours} 不符。请检查报名点设置。',
  },
  /** POST /v1/audit/anchor. */
  anchors: {
    behind: '本机审计日志只到第 {seq} 条，而县级服务器在 {at} 已记下第 {anchored} 条：之后的审计记录被删除。县级服务器已记录此事；请立即联系县教育局，不要继续修改本机数据。',
    rewritten: '本机审计日志第 {seq} 条与县级服务器 {at} 记下的不一致：审计记录被改写或删除。县级服务器已记录此事；请立即联系县教育局，不要继续修改本机数据。',
  },
  /** The county's own work: counters, plans, results, the online channel, receipt checks (admin commands). */
  admin: {
    countyCode: 'COUNTY_CODE 应为 6 位数字的县级行政区划代码（GB/T 2260），例如 371102；收到 “{code}”。',
    blobStore: 'BLOB_STORE 只能是 disk（页面文件存在本机 SERVER_DATA_DIR）或 postgres（存在 PostgreSQL，多副本共用），现在是“{value}”。',
    blobStoreNeedsPg: 'BLOB_STORE=postgres 需要 PostgreSQL：请同时设置 DATABASE_URL（多副本部署见 server/README.md “多副本”）。',
    countyCodeMissing: '请设置环境变量 COUNTY_CODE：本县的 6 位县级行政区划代码（GB/T 2260），例如 COUNTY_CODE=371102。首次启动时写入数据库，此后不能更改。',
    migrationChanged:
      '数据库中的结构升级 {name} 是由内容不同的另一版服务器程序执行的，本程序无法确认数据结构正确，已停止启动。请勿改动数据库：换回先前使用的服务器版本，并联系技术支持。',
    countyCodeChanged: '本服务器的数据库属于县代码 {stored}，而 COUNTY_CODE 是 {given}。县代码在首次启动时确定，不能更改：请把 COUNTY_CODE 改回 {stored}，或为 {given} 另建一个数据库（SERVER_DATA_DIR / DATABASE_URL / DATABASE_SCHEMA）。',
    counterCode: '柜台编码应为 2–8 位大写字母或数字（与回执编号中的一致），例如 A01；收到 “{code}”。',
    counterName: '请用 --name 填写报名点名称。',
    noSuchCounter: '没有编码为 {code} 的报名点，请用 applications list 或 counter create 核对编码。',
    planOtherCounty: 'county.code: 方案属于县代码 {plan}，本服务器是 {ours}。请核对方案文件或服务器的 COUNTY_CODE。',
    noSuchApplication: '找不到申请 {ref}（可用申请编号或回执编号）。请用 applications list 核对。',
    resultFormat: '审核结果不符合格式：{issues}',
    voidedNoReason: '未注明原因',
    onlineChildName: '网上报名儿童',
    verifyUnknown: '服务器上没有回执编号为 {receiptNo} 的申请（可能尚未同步）。请核对编号，或请报名点先同步。',
    verifyNoKey: '上传这条申请的报名台没有提供回执密钥，无法核验。请联系该报名点。',
    verifyMismatch: '核验码与服务器上的申请内容不符：这份回执或通知书可能被改动或伪造。请核对原件并联系报名点。',
  },
  /** Output of `npm run server -- <command>`. */
  cli: {
    usage: `县级服务器管理命令 (county server admin)
  COUNTY_CODE=371102 npm run server               启动服务器 start the server（COUNTY_CODE 首次启动后不能更改）
  npm run server -- counter create --code A01 --name "城关街道报名点"   新建报名点并打印一次性注册码
  npm run server -- counter revoke A01            停用报名点及其全部设备
  npm run server -- plan load <file.json>         发布新版招生方案
  npm run server -- result record <申请编号|回执编号> --status admitted --school-code S01 --school "第一小学"
                    --report-date 2026-08-28 [--report-place …] [--reason …]… [--missing <材料键>]…
                    status: {statuses}
  npm run server -- applications list
  npm run server -- duplicates list
  npm run server -- duplicates resolve <保留的申请编号|回执编号> --reason "家长确认保留此份"   保留一份，撤回同一儿童的其他报名
  npm run server -- online apply --id <儿童身份证号> [--name 张小明]   模拟网上报名（用于检测重复报名）
  npm run server -- receipt verify <回执编号> <核验码>   核验回执或通知书上的核验码
  npm run server -- backup <目标文件夹>            备份：先数据库快照，再页面文件（服务器可继续运行）
  npm run server -- restore <备份文件夹>           恢复到空的数据目录或空的数据库（先停止服务器）
以上命令都记入控制台审计日志：加 --as <控制台用户名> 以该账号名义执行，否则记为运行命令的系统用户。
环境变量: HOST PORT SERVER_DATA_DIR DATABASE_URL DATABASE_SCHEMA COUNTY_CODE PUBLIC_URL SMS_DRIVER`,
    unknownCommand: '未知命令 “{command}”。',
    counterCreated: '报名点 {code}（{name}）的一次性注册码 / one-time enrollment code:\n\n    {enrollmentCode}\n\n有效期至 {expiresAt}。在报名台“县级服务器”设置中输入此码完成注册；每个码只能用一次。',
    counterRevoked: '已停用报名点 {code} 及其 {devices} 台设备；它们的同步请求将被拒绝。重新启用：counter create --code {code} --name …（会发新的注册码）。',
    planFileMissing: '请给出招生方案文件：plan load <file.json>',
    planUnreadable: '读不了招生方案文件 {file}：{reason}',
    planProblems: '招生方案有 {count} 处问题，未发布：',
    planPublished: '已发布招生方案第 {version} 版；各报名台下次同步时收到。',
    resultUsage: '用法：result record <申请编号|回执编号> --status <结果> …',
    resultRecorded: '已记录申请 {applicationId} 的审核结果（第 {version} 次）：{outcome}。报名台下次同步时收到。',
    applicationsCount: '共 {count} 条申请 / applications',
    applicationLine: '{receiptNo}  {id}  报名点={counter}  第{revision}版  {pages}页  {flags}{outcome}',
    duplicateFlag: '【重复】',
    voidedFlag: '【已作废：{reason}】',
    notReviewed: '未审核',
    duplicatesCount: '共 {count} 名儿童有重复报名 / children with more than one application',
    duplicateLine: '- {child}…: {applications}',
    duplicateEntry: '{receiptNo}（{counter}）',
    listSeparator: '，',
    onlineIdMissing: '请用 --id 给出儿童身份证号。',
    onlineApplied: '已模拟网上报名 {receiptNo}（{applicationId}）。{duplicates}',
    onlineDuplicates: '与 {receipts} 重复，已通知相关报名点。',
    onlineNoDuplicates: '无重复。',
    verifyUsage: '用法：receipt verify <回执编号> <核验码>',
    verifyFailed: '✗ {reason}',
    verifyReceipt: '✓ 核验通过：这是报名点 {counter} 出具的报名回执，内容与服务器一致。',
    verifyNotice: '✓ 核验通过：这是报名点 {counter} 出具的审核结果通知（第 {version} 次结果），内容与服务器一致。',
  },
  /** `backup` / `restore` (server/backupCli.ts). */
  backup: {
    usage: '用法：backup <目标文件夹>；restore <备份文件夹>',
    done: '已备份到 {dir}：数据库快照（{database}，{bytes} 字节），页面文件 {blobs} 个。请把整个文件夹复制到另一台机器或离线介质保存。',
    restored: '已从 {dir} 恢复：数据库（{database}），页面文件 {blobs} 个。现在可以启动服务器。',
    notBackup: '{dir} 不是县级服务器的备份（缺少 manifest.json 或格式不对）。请给出 backup 命令生成的文件夹。',
    otherDialect: '这份备份来自 {from} 数据库，而当前配置的是 {to}。请用相同类型的数据库恢复（DATABASE_URL 是否设置要与备份时一致）。',
    corrupt: '备份中的 {file} 已损坏（校验值不符）。请换一份完好的备份。',
    targetNotEmpty: '目标已有数据：{what}。恢复只写入空的数据目录或空的数据库，以免覆盖现有申请。请换一个空的 SERVER_DATA_DIR 或 DATABASE_SCHEMA，或先把现有数据另行备份后移走。',
    auditFileDiffers: '目标已有另一份控制台审计文件：{file}（与备份中的不同）。用它无法核验恢复后的审计日志。请先把该文件移到别处保存，再恢复。',
    toolFailed: '{tool} 运行失败（退出码 {code}）：{stderr}。请确认已安装与服务器版本相同的 PostgreSQL 客户端工具，且 DATABASE_URL 有权限。',
  },
  /** Messages of the protocol schemas (shared/sync/protocol.ts), in `errors[].message` of a 400. */
  protocol: {
    sha256: 'SHA-256 应为 64 位小写十六进制',
    safeText: '不能含控制字符或不完整的 Unicode 字符',
    manifest: '应为逗号分隔的“SHA-256:字节数”，最多 32 页',
    offset: '应为十进制字节数',
    length: '应为页面文件的总字节数（至少 1）',
    cursor: '游标应为十进制整数',
    cursorMax: '游标不能大于 {max}',
  },
} as const;
