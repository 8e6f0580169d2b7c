// `npm run desk:export -- <archive.edbak> <empty output folder>`: county IT opens a desk's backup with the
// recovery passphrase (asked for on the terminal, or DESK_RECOVERY_PASSPHRASE). See README "County IT".
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { DeskError } from '../../../../shared/contract/result';
import { format, zhCN } from '../../../../shared/i18n/zhCN';
import { exportArchive } from './exportArchive';

const E = zhCN.backup.export;

function askHidden(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function main(): Promise<number> {
  const [archive, outDir] = process.argv.slice(2);
  if (!archive || !outDir) {
    console.error(E.usage);
    return 1;
  }
  const passphrase = process.env.DESK_RECOVERY_PASSPHRASE ?? (process.stdin.isTTY ? await askHidden(E.passphrase) : '');
  try {
    const r = await exportArchive(archive, passphrase, outDir);
    console.log(format(E.done, { applications: r.applications, pages: r.pages, printouts: r.printouts, outDir: r.outDir }));
    console.log(format(E.database, { database: r.database, missing: r.missing ? format(E.missing, { n: r.missing }) : '' }));
    console.log(E.personalData);
    return 0;
  } catch (e: unknown) {
    console.error(e instanceof DeskError ? e.message : e instanceof Error ? e.message : String(e));
    return 2;
  }
}

void main().then((code) => process.exit(code));
