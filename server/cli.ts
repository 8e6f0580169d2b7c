import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { reviewOutcomeSchema } from '../shared/contract/reviewResult';
import { type ServerConfig } from './config';
import { createCounter, loadCounty, revokeCounter } from './counters';
import { openStore } from './db/open';
import { listApplications, listDuplicates, loadPlan, recordResult, simulateOnlineApplication } from './feed';
import { verifyPrintedCode } from './verify';

const USAGE = `县级服务器管理命令 (county server admin)
  npm run server                                  启动服务器 start the server
  npm run server -- counter create --code A01 --name "城关街道报名点"   新建报名点并打印一次性注册码
  npm run server -- counter revoke A01            停用报名点及其全部设备
  npm run server -- plan load <file.json>         发布新版招生方案
  npm run server -- result record <申请编号|回执编号> --status admitted --school-code S01 --school "第一小学"
                    --report-date 2026-08-28 [--report-place …] [--reason …]… [--missing <材料键>]… [--by 张三]
                    status: ${reviewOutcomeSchema.options.join(' | ')}
  npm run server -- applications list
  npm run server -- duplicates list
  npm run server -- online apply --id <儿童身份证号> [--name 张小明]   模拟网上报名（用于检测重复报名）
  npm run server -- receipt verify <回执编号> <核验码>   核验回执或通知书上的核验码
环境变量: HOST PORT SERVER_DATA_DIR DATABASE_URL DATABASE_SCHEMA COUNTY_CODE`;

/** Runs one admin command; returns the exit code. Output goes to stdout, problems to stderr. */
export async function runCli(argv: string[], config: ServerConfig, out: (s: string) => void = console.log, err: (s: string) => void = console.error): Promise<number> {
  const [group = '', verb = '', ...rest] = argv;
  const command = `${group} ${verb}`;
  const known = ['counter create', 'counter revoke', 'plan load', 'result record', 'applications list', 'duplicates list', 'online apply', 'receipt verify'];
  if (!known.includes(command)) {
    err(group === 'help' || group === '--help' ? USAGE : `未知命令 “${argv.join(' ')}”。\n\n${USAGE}`);
    return group === 'help' || group === '--help' ? 0 : 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      code: { type: 'string' },
      name: { type: 'string' },
      status: { type: 'string' },
      reason: { type: 'string', multiple: true },
      missing: { type: 'string', multiple: true },
      'school-code': { type: 'string' },
      school: { type: 'string' },
      'report-date': { type: 'string' },
      'report-place': { type: 'string' },
      by: { type: 'string' },
      id: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const store = await openStore(config);
  const now = new Date();
  try {
    const county = await loadCounty(store.db, config.countyCode);
    switch (command) {
      case 'counter create': {
        const { enrollmentCode, expiresAt } = await createCounter(store.db, values.code ?? '', values.name ?? '', now);
        out(`报名点 ${values.code}（${values.name}）的一次性注册码 / one-time enrollment code:\n\n    ${enrollmentCode}\n\n有效期至 ${expiresAt}。在报名台“县级服务器”设置中输入此码完成注册；每个码只能用一次。`);
        return 0;
      }
      case 'counter revoke': {
        const code = positionals[0] ?? values.code ?? '';
        const n = await revokeCounter(store.db, code, now);
        out(`已停用报名点 ${code} 及其 ${n} 台设备；它们的同步请求将被拒绝。重新启用：counter create --code ${code} --name …（会发新的注册码）。`);
        return 0;
      }
      case 'plan load': {
        const file = positionals[0];
        if (!file) throw new Error('请给出招生方案文件：plan load <file.json>');
        let json: unknown;
        try {
          json = JSON.parse(readFileSync(file, 'utf8'));
        } catch (e: unknown) {
          throw new Error(`读不了招生方案文件 ${file}：${e instanceof Error ? e.message : String(e)}`);
        }
        const r = await loadPlan(store.db, county, json, now);
        if ('problems' in r) {
          err(`招生方案有 ${r.problems.length} 处问题，未发布：\n${r.problems.map((p) => `  - ${p}`).join('\n')}`);
          return 1;
        }
        out(`已发布招生方案第 ${r.version} 版；各报名台下次同步时收到。`);
        return 0;
      }
      case 'result record': {
        const ref = positionals[0];
        if (!ref || !values.status) throw new Error('用法：result record <申请编号|回执编号> --status <结果> …');
        const result = await recordResult(
          store.db,
          {
            ref,
            outcome: values.status,
            reasons: values.reason ?? [],
            missingMaterials: values.missing ?? [],
            schoolCode: values['school-code'] ?? null,
            schoolName: values.school ?? null,
            reportDate: values['report-date'] ?? null,
            reportPlace: values['report-place'] ?? null,
            decidedBy: values.by ?? null,
          },
          now,
        );
        out(`已记录申请 ${result.applicationId} 的审核结果（第 ${result.resultVersion} 次）：${result.outcome}。报名台下次同步时收到。`);
        return 0;
      }
      case 'applications list': {
        const rows = await listApplications(store.db);
        if (values.json) out(JSON.stringify(rows, null, 2));
        else {
          out(`共 ${rows.length} 条申请 / applications`);
          for (const r of rows) {
            out(`${r.receiptNo}  ${r.id}  报名点=${r.counterCode}  第${r.revision}版  ${r.pages}页  ${r.duplicate ? '【重复】' : ''}${r.voided ? `【已作废：${r.voided}】` : ''}${r.latestOutcome ?? '未审核'}`);
          }
        }
        return 0;
      }
      case 'duplicates list': {
        const groups = await listDuplicates(store.db);
        if (values.json) out(JSON.stringify(groups, null, 2));
        else {
          out(`共 ${groups.length} 名儿童有重复报名 / children with more than one application`);
          for (const g of groups) out(`- ${g.childIdHash.slice(0, 12)}…: ${g.applications.map((a) => `${a.receiptNo}（${a.counterCode}）`).join('，')}`);
        }
        return 0;
      }
      case 'online apply': {
        if (!values.id) throw new Error('请用 --id 给出儿童身份证号。');
        const r = await simulateOnlineApplication(store.db, county, values.id, values.name ?? '网上报名儿童', now);
        out(`已模拟网上报名 ${r.receiptNo}（${r.applicationId}）。${r.duplicates.length ? `与 ${r.duplicates.map((d) => d.receiptNo).join('，')} 重复，已通知相关报名点。` : '无重复。'}`);
        return 0;
      }
      case 'receipt verify': {
        const [receiptNo, code] = positionals;
        if (!receiptNo || !code) throw new Error('用法：receipt verify <回执编号> <核验码>');
        const v = await verifyPrintedCode(store.db, receiptNo, code);
        if (!v.ok) {
          err(`✗ ${v.reason}`);
          return 1;
        }
        out(`✓ 核验通过：这是报名点 ${v.counterCode} 出具的${v.document === 'receipt' ? '报名回执' : `审核结果通知（第 ${v.resultVersion} 次结果）`}，内容与服务器一致。`);
        return 0;
      }
      default:
        return 2;
    }
  } catch (e: unknown) {
    err(e instanceof Error ? e.message : String(e));
    return 1;
  } finally {
    await store.close();
  }
}
