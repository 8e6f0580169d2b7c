// Tracing school-age children who did not enrol (控辍保学): what county staff read.

export const tracingText = {
  stage: { no_application: '未报名', not_admitted: '已报名未录取', not_reported: '已录取未报到' },
  outcome: {
    moved_away: '已迁出本县',
    studying_elsewhere: '在外地就读',
    home_teaching: '送教上门',
    deferred: '缓学',
    dropped_out: '辍学（劝返中）',
    persuaded_back: '已劝返复学',
    enrolled: '已入学（比对到报到）',
  },
  status: { open: '跟踪中', closed: '已销号' },
  matchedBy: '系统比对',
  noSuchCase: '找不到第 {id} 号跟踪案件，请刷新工作清单后再试。',
  closedCase: '第 {id} 号案件已销号（{outcome}），不能再记录走访。如情况有变，请重新比对适龄儿童名单。',
  notOurAdmission: '本校的录取名单中没有回执编号为 {receiptNo} 的学生，请核对回执编号；录取到其他学校的学生请到录取学校报到。',
  noCohort: '还没有导入适龄儿童名单（公安 适龄儿童名单），无法比对。请先在“部门数据”导入该名单。',
  cli: {
    usage: `控辍保学（适龄儿童入学跟踪）
  npm run server -- tracing match --year 2026                     比对适龄儿童名单，生成未入学儿童工作清单
  npm run server -- tracing list [--year 2026] [--township 北山镇]   在跟踪的案件
  npm run server -- tracing show <案件编号>                        案件与走访记录
  npm run server -- tracing visit <案件编号> --date 2026-09-10 --note "…" [--outcome moved_away|studying_elsewhere|home_teaching|deferred|dropped_out|persuaded_back] [--by 张三]
  npm run server -- tracing report --month 2026-09 [--year 2026] [--xlsx 月报.xlsx]
  npm run server -- tracing report-in <回执编号> --school <学校编号> --date 2026-09-01 [--by 学校用户]   记录报到（学校用户也可在控制台接口 tracing.reportIn 记录）`,
    matched: '{year} 年适龄儿童 {cohort} 人：已入学或已录取 {matched} 人；新立案 {opened} 件，销号 {closed} 件，在跟踪 {open} 件。',
    township: '{township}：在跟踪 {open} 件，已销号 {closed} 件',
    caseLine: '#{id}\t{township}\t{name}\t{id6}\t{stage}\t监护人 {guardian} {phone}\t走访 {visits} 次',
    visitLine: '  {on} {note}（{outcome}，{by}）',
    visited: '已记录第 {id} 号案件的走访：{status}，结果 {outcome}。',
    visitArgs: '记录走访需写明日期和情况：--date 2026-09-10 --note "…"',
    badOutcome: '走访结果只能是：{outcomes}',
    reportLine: '{township}：累计立案 {total}，月末在跟踪 {openAtEnd}，本月新立案 {openedInMonth}，本月销号 {closedInMonth}，本月走访 {visitsInMonth}',
    wrote: '已写入 {file}',
    reportedIn: '已记录 {receiptNo} 于 {date} 到 {school} 报到。',
    reportInArgs: '记录报到需写明回执编号、学校和日期：tracing report-in <回执编号> --school <学校编号> --date 2026-09-01',
    noApplication: '找不到回执编号为 {receiptNo} 的申请。',
  },
  report: {
    sheet: '控辍保学月报',
    title: '{year} 年适龄儿童入学跟踪月报（{month}）',
    note: '数据来源：适龄儿童名单与报名、录取、报到比对；“本月销号”按销号原因分列。',
    columns: ['乡镇（街道）', '累计立案', '月末在跟踪', '本月新立案', '本月销号', '本月走访'],
    total: '合计',
    fileName: '控辍保学月报-{month}.xlsx',
  },
} as const;
