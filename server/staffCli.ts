import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { username as usernameSchema, text } from '../shared/contract/fields';
import { format } from '../shared/i18n/zhCN';
import { consoleAuthText } from '../shared/i18n/zhCN.consoleAuth';
import { type Store } from './db/open';
import { ProblemError } from './http/problems';
import { type Actor, openConsoleAudit } from './services/console/audit';
import { StaffAccounts } from './services/console/auth';

// `npm run server -- staff create-admin --username <name> --name <姓名>`: the first bureau admin (everyone else is
// created in the console). Audited with the OS user who ran it.

const t = consoleAuthText.cli;

export const STAFF_USAGE = () => t.usage;

/** The operator of a CLI command, as the audit log names them. */
export function cliActor(): Actor {
  let name = 'cli';
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry (containers): keep 'cli'
  }
  return { id: null, name, role: null, via: 'cli', ip: null };
}

export async function runStaffCli(verb: string, args: string[], store: Store, dataDir: string, now: Date, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  if (verb !== 'create-admin') {
    err(t.usage);
    return 2;
  }
  const { values } = parseArgs({ args, options: { username: { type: 'string' }, name: { type: 'string' } } });
  const username = usernameSchema.safeParse(values.username ?? '');
  const displayName = text(40).safeParse(values.name ?? values.username ?? '');
  if (!username.success || !displayName.success) {
    err(`${t.usernameMissing}\n${[...(username.error?.issues ?? []), ...(displayName.error?.issues ?? [])].map((i) => i.message).join('\n')}`);
    return 2;
  }
  const audit = openConsoleAudit(store.db, store.dialect, dataDir);
  try {
    const r = await new StaffAccounts(store.db, audit).create({ username: username.data, displayName: displayName.data, role: 'admin', scope: { schoolIds: [], types: [] } }, cliActor(), now);
    await audit.settle();
    out(format(t.created, { username: r.account.username, name: r.account.displayName, password: r.initialPassword }));
    return 0;
  } catch (e: unknown) {
    if (e instanceof ProblemError) {
      err(e.message);
      return 1;
    }
    throw e;
  }
}
