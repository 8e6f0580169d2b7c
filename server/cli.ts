import { parseArgs } from 'node:util';
import { reviewOutcomeSchema } from '../shared/contract/reviewResult';
import { format } from '../shared/i18n/zhCN';
import { consoleRoleSchema } from '../shared/console';
import { consoleOpsText } from '../shared/i18n/zhCN.consoleOps';
import { serverText } from '../shared/i18n/zhCN.server';
import { type ServerConfig } from './config';
import { runBackupCli } from './backupCli';
import { DEPT_USAGE, runDeptCli } from './deptCli';
import { runTracingCli } from './tracingCli';
import { type Store, openStore } from './db/open';
import { reposOf } from './db/repos';
import { OPS_COMMANDS, commandError, runOpsCommand } from './opsCli';
import { type Actor, openConsoleAudit } from './services/console/audit';
import { smsConfigFromEnv } from './services/console/sms';
import { loadCounty } from './services/counters';
import { STAFF_USAGE, cliActor, runStaffCli } from './staffCli';

const t = serverText.cli;
const USAGE = format(t.usage, { statuses: reviewOutcomeSchema.options.join(' | ') });

/** Runs one admin command; returns the exit code. Output goes to stdout, problems to stderr. */
export async function runCli(argv: string[], config: ServerConfig, out: (s: string) => void = console.log, err: (s: string) => void = console.error): Promise<number> {
  const [group = '', verb = '', ...rest] = argv;
  const command = `${group} ${verb}`;
  if (group === 'backup' || group === 'restore') return runBackupCli(group, verb || undefined, config, out, err);
  if (group === 'dept') {
    const store = await openStore(config);
    try {
      return await runDeptCli(verb, rest, store, await loadCounty(store.db, config.countyCode), new Date(), out, err);
    } catch (e: unknown) {
      err(e instanceof Error ? e.message : String(e));
      return 1;
    } finally {
      await store.close();
    }
  }
  if (group === 'tracing') {
    const store = await openStore(config);
    try {
      return await runTracingCli(verb, rest, store, new Date(), out, err);
    } catch (e: unknown) {
      err(e instanceof Error ? e.message : String(e));
      return 1;
    } finally {
      await store.close();
    }
  }
  if (group === 'staff') {
    const store = await openStore(config);
    try {
      return await runStaffCli(verb, rest, store, config.dataDir, new Date(), out, err);
    } catch (e: unknown) {
      err(e instanceof Error ? e.message : String(e));
      return 1;
    } finally {
      await store.close();
    }
  }
  const command_ = OPS_COMMANDS.find((c) => c === command);
  if (!command_) {
    err(group === 'help' || group === '--help' ? `${USAGE}\n\n${STAFF_USAGE()}\n\n${DEPT_USAGE()}` : `${format(t.unknownCommand, { command: argv.join(' ') })}\n\n${USAGE}`);
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
      as: { type: 'string' },
      by: { type: 'string' },
      id: { type: 'string' },
      keep: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const store = await openStore(config);
  const now = new Date();
  try {
    if (values.by !== undefined) throw new Error(consoleOpsText.cli.byReplaced);
    const county = await loadCounty(store.db, config.countyCode);
    const actor = await operatorOf(store, values.as);
    const audit = openConsoleAudit(store.db, store.dialect, config.dataDir);
    const serverUrl = process.env.PUBLIC_URL || `http://${config.host}:${config.port}`;
    const code = await runOpsCommand(command_, values, positionals, { store, county, now, actor, audit, sms: smsConfigFromEnv(), serverUrl, out, err });
    await audit.settle();
    return code;
  } catch (e: unknown) {
    err(commandError(e));
    return 1;
  } finally {
    await store.close();
  }
}

/**
 * Who runs a command, for the audit: the console account named with --as (it must exist and be active), or the
 * operating-system user (labelled 系统用户 … （命令行）).
 */
async function operatorOf(store: Store, username: string | undefined): Promise<Actor> {
  if (username === undefined) return cliActor();
  const row = await reposOf(store.db).staff.byUsername(username);
  if (!row) throw new Error(format(consoleOpsText.cli.noSuchStaff, { username }));
  if (row.disabled) throw new Error(format(consoleOpsText.cli.staffDisabled, { username }));
  const role = consoleRoleSchema.safeParse(row.role).data ?? null;
  return { id: row.id, name: row.username, role, via: 'cli', ip: null };
}
