// The county enrollment plan file (招生方案, shared/plan): what validation says about a field, the cross-checks
// between sections, the placement rules' checks (issue 13), and the notes a format migration leaves for the
// administrator. Placeholders `{name}` are filled with `format` (zhCN.ts). Part of the catalogue in ./zhCN.

/** Messages of the plan's field schema (shared/plan/schema.ts and placementRules.ts). */
export const planFieldText = {
  id: {
    type: '编号应为文字。',
    pattern: '编号应为 1–64 位小写字母、数字、连字符或下划线，以字母或数字开头，例如 p-chengguan。',
  },
  isoDate: { type: '日期应为文字，格式 YYYY-MM-DD。', invalid: '应为 YYYY-MM-DD 格式的有效日期，例如 2026-05-31。' },
  phone: {
    type: '电话号码应为文字。',
    pattern: '电话号码格式不正确：固定电话写作“区号-号码”（如 0633-1234567），也可为手机号、400 电话或 12345 等短号。',
  },
  /** A count (`what` is one of countOf). */
  count: { integer: '{what}应为整数。', negative: '{what}不能为负数。', max: '{what}不能超过 {max}。' },
  countOf: { plannedPlaces: '计划招生人数', plannedClasses: '计划班数' },
  aliasesMax: '别名最多 20 个。',
  zoneSchoolsMin: '每个片区至少对口 1 所学校。',
  zoneSchoolsMax: '一个片区最多对口 6 所学校。',
  order: { integer: '顺序应为整数。', min: '顺序从 1 开始。', max: '顺序不能超过 99。' },
  allowedOwnersMin: '至少认可一种产权人。',
  countedKindsMin: '至少认可一种房产类型。',
  appliesToMin: '至少适用于一种招生类型。',
  requiredBoolean: 'required 应为 true 或 false。',
  verifiedByMin: '至少列出一个部门数据来源。',
  verifiedByMax: '最多列出 3 个部门数据来源。',
  pointsPerMonth: { number: '每月分值应为数字。', positive: '每月分值应大于 0。', max: '每月分值不能超过 100。' },
  sumGuardiansBoolean: 'sumGuardians 应为 true 或 false。',
  countedRelationsMin: '至少指定一种计分的监护人关系。',
  unbrokenOnly: 'unbrokenOnly 只能为 true：登记表记录的是截至计分日往前连续的月数，无法按累计月数计分。',
  capMonths: { integer: '封顶月数应为整数。', min: '封顶月数至少为 1。', max: '封顶月数不能超过 600。' },
  email: '电子邮箱格式不正确。',
  supplementDeadlineDays: { integer: '补充材料期限应为整数天数。', min: '补充材料期限至少 1 天。', max: '补充材料期限不能超过 30 天。' },
  appealDeadlineDays: { integer: '申请复核期限应为整数天数。', min: '申请复核期限至少 1 天。', max: '申请复核期限不能超过 60 天。' },
  schemaVersion: '方案格式版本应为 {version}。',
  version: { type: '版本号应为文字。', pattern: '版本号应为“年份.序号”，例如 2026.1。' },
  sampleBoolean: 'sample 应为 true 或 false。',
  countyCode: { type: '行政区划代码应为文字。', pattern: '县级行政区划代码应为 6 位数字（GB/T 2260），例如 371102。' },
  year: { integer: '招生年度应为整数。', min: '招生年度不早于 2020。', max: '招生年度不晚于 2100。' },
  gradesMin: '至少开放一个年级。',
  ageCutoff: { type: '年龄计算截止日应为文字。', invalid: '年龄计算截止日应为 MM-DD 格式的有效日期（不可为 02-29），例如 08-31。' },
  outside: 'registrationWindow.outside 应为 "approval"（须经主管批准后受理）或 "refuse"（不予受理）。',
  schoolsMin: '至少列出 1 所学校。',
  zonesMin: '至少列出 1 个片区。',
  enrollmentTypesMin: '至少列出 1 种招生类型。',
  materialsMin: '至少列出 1 项材料。',
  hotlinesMin: '至少公布 1 个咨询电话（seed 001 §9）。',
  // Placement rules (placementRules.ts).
  batchTypesMin: '每个批次至少包含 1 种招生类型。',
  batchTypesMax: '一个批次最多包含 6 种招生类型。',
  tieBreakersMin: '每个批次至少有 1 条排序规则（最后一条为 lottery）。',
  tieBreakersMax: '排序规则最多 4 条。',
  specialSchoolPlaces: {
    integer: '特教学校计划人数应为整数。',
    negative: '特教学校计划人数不能为负数。',
    max: '特教学校计划人数不能超过 1000。',
  },
  reassignToMin: '至少列出 1 所调剂学校。',
  reassignToMax: '调剂学校最多 20 所。',
  batchesMin: '至少列出 1 个录取批次。',
  batchesMax: '录取批次最多 10 个。',
} as const;

/** The cross-checks between a plan's sections (shared/plan/schema.ts crossCheck). */
export const planCheckText = {
  /** What a sample plan's county name must contain (matched in the file), so it is never taken for a real plan. */
  sampleWord: '示例',
  sampleName: '示例方案的县名必须含“（示例）”，以免被当作真实方案使用。',
  versionYear: '版本号应以招生年度 {year} 开头，例如 {year}.1。',
  windowOrder: '报名截止日 {end} 早于开始日 {start}。',
  gradeRepeated: '年级“{grade}”重复。',
  schoolRepeated: '学校编号“{id}”与 schools.{first} 重复。',
  noClasses: '学校“{school}”计划招生 {places} 人，班数不能为 0。',
  classSize:
    '学校“{school}”计划招生 {places} 人、{classes} 个班，平均每班超过 {max} 人；56 人及以上为大班额（鲁教基函〔2021〕9号第 10 条），请核对。',
  zoneRepeated: '片区编号“{id}”与 zones.{first} 重复。',
  zoneIndistinct: '与 zones.{first} 的名称、类别、所属街道和学段都相同，无法区分；请在名称中注明门牌或楼号范围。',
  zoneSchoolRepeated: '片区“{zone}”重复列出学校“{school}”。',
  zoneSchoolUnknown: '片区“{zone}”对口的学校编号“{school}”在 schools 中不存在。',
  zoneLevel: '片区“{zone}”是{zoneLevel}片区，但学校“{school}”是{schoolLevel}，学段不一致。',
  schoolUnzoned: '学校“{school}”按片区招生，但没有任何片区对口该校，群众无法报名。请在 zones 中补充，或把 scope 设为 county。',
  gradeNoSchool: '开放了{grade}，但没有{level}学校。',
  gradeNoZone: '开放了{grade}，但没有{level}片区。',
  typeRepeated: '招生类型“{code}”与 enrollmentTypes.{first} 重复。',
  orderRepeated: '顺序 {order} 与 enrollmentTypes.{first} 重复；每种招生类型的顺序必须不同。',
  otherMissing: '招生类型中必须包含“其他”（other）：不符合前列类型的儿童由教育部门统筹安排，仍须能登记。',
  preferentialMissing: '列出了优待对象类别，但招生类型中没有“优待对象”（preferential）。',
  materialRepeated: '材料编号“{id}”与 materials.{first} 重复。',
  materialType: '材料“{material}”适用的招生类型“{code}”不在本方案的 enrollmentTypes 中。',
  materialAnyOf: '材料“{material}”属于可替代组“{group}”，可替代组只用于必需材料，required 应为 true。',
  pointsItemRepeated: '积分项编号“{id}”与 migrantPoints.items.{first} 重复。',
  categoryRepeated: '优待类别编号“{id}”与 preferentialCategories.{first} 重复。',
} as const;

/** The placement rules' labels and cross-checks (shared/plan/placementRules.ts, issue 13). */
export const planPlacementText = {
  tieBreaker: {
    hukou_move_in: '户籍迁入（落户）日期早者优先',
    property_registration: '房产登记日期早者优先',
    points: '积分高者优先',
    lottery: '电脑随机派位',
  },
  /** An enrollment type named in a message: its label and its code. */
  typeName: '{label}（{code}）',
  batchTypeUnknown: '批次“{batch}”中的招生类型 {type} 不在本方案的 enrollmentTypes 中。',
  preferentialAhead: '优待对象已按 special.preferential = "ahead" 在各批次之前安排，不能再列入批次；如要随批次录取，请把它改为 "batch"。',
  typeInTwoBatches: '招生类型 {type} 已列入第 {batch} 批次，每种类型只能属于一个批次。',
  tieBreakerRepeated: '批次“{batch}”的排序规则“{rule}”重复。',
  lotteryLast:
    '批次“{batch}”的排序规则最后一条必须是 lottery（电脑随机派位）：前面各项都相同的儿童只能由公开派位决定，不能按报名先后或由工作人员决定。',
  typeNoBatch: '招生类型 {type} 没有列入任何录取批次；每种招生类型都必须属于一个批次。',
  batchOrder: '批次顺序与招生类型顺序不一致：{type} 的顺位在 {previous} 之后，却排在更靠前的第 {batch} 批次。请调整批次或 enrollmentTypes 的 order。',
  specialSchoolId: '特教学校编号“{id}”与 schools 中的学校重复，请换一个编号。',
  homeTeachingNoSchool:
    '送教上门由特教学校承担（special_school），但方案没有设置特教学校（specialSchool 为 null）。请设置特教学校，或改为 zone_school。',
  reassignFromRepeated: '学校“{id}”的调剂顺序与 order.{first} 重复。',
  reassignFromUnknown: '调剂顺序中的学校编号“{id}”在 schools 中不存在。',
  reassignToUnknown: '调剂学校编号“{id}”在 schools 中不存在。',
  reassignSelf: '学校“{school}”不能调剂到本校。',
  reassignToRepeated: '学校“{from}”的调剂顺序重复列出“{to}”。',
  reassignLevel: '“{from}”与“{to}”学段不同，不能互相调剂。',
  reassignPrivate: '“{to}”是民办学校，调剂只安排到公办学校（以公办学校为主，鲁教基函〔2021〕9号第 7 条）。',
} as const;

/** Format migrations of plan files (shared/plan/migrate.ts): the notes say what a step assumed. */
export const planMigrationText = {
  v1to2: [
    '此方案为旧格式（第 1 版），没有录取规则，已按常见做法补全：每种招生类型一个批次（按方案中的顺位），优待对象和随班就读儿童在各批次之前安排；' +
      '房户一致按落户日期、房产登记日期，有房无户按房产登记日期，有户无房按落户日期，随迁子女按积分，最后均以电脑随机派位决定。',
    '旧格式没有调剂顺序：未能录取的儿童将列为待调剂，由县教育和体育局统筹安排；拒绝调剂的同样由教育局统筹。没有设置特教学校，送教上门由片区学校承担。',
    '如本县规则不同，请在方案文件中补充 placement 一节（含 schemaVersion: 2）后重新导入。',
  ],
  v2to3: [
    '此方案为旧格式（第 2 版），没有规定报名时间以外的申请如何处理，已按“须经主管批准后受理”补全（registrationWindow.outside: "approval"）。' +
      '如本县规定报名时间以外一律不予受理，请改为 "refuse"（含 schemaVersion: 3）后重新导入。',
  ],
  v3to4: [
    '此方案为旧格式（第 3 版），没有写明本县所属的市和省（county.city、county.province）。户籍地址写了其他县（市、区）的，不再按本县片区匹配；' +
      '只写了市或省而没有写县（市、区）的，无法判断是否在本县，仍按片区名称匹配。请在 county 中补充 city（如“日照市”）和 province（如“山东省”）（含 schemaVersion: 4）后重新导入。',
  ],
  placementWithoutVersion: '方案含 placement（录取规则）一节，但缺少 "schemaVersion": {version}。请在文件开头补上后重新导入。',
  versionNotInteger: '方案格式版本应为正整数（本程序使用 {version}）。',
  versionTooNew: '方案格式版本 {version} 比本程序支持的版本 {supported} 新，无法读取。请升级帮办台/县级系统后再导入。',
} as const;
