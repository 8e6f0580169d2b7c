// `npm run desk:export -- <archive.edbak> <empty output folder>`: county IT opens a desk's backup with the
// recovery passphrase (asked for on the terminal, or DESK_RECOVERY_PASSPHRASE). See README "County IT".
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { DeskError } from '../../../../shared/contract/result';
import { exportArchive } from './exportArchive';

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
    console.error('用法 / usage: npm run desk:export -- <备份文件.edbak> <空的输出文件夹>');
    return 1;
  }
  const passphrase = process.env.DESK_RECOVERY_PASSPHRASE ?? (process.stdin.isTTY ? await askHidden('恢复口令 / recovery passphrase: ') : '');
  try {
    const r = await exportArchive(archive, passphrase, outDir);
    console.log(`已导出 ${r.applications} 份申请、${r.pages} 个页面、${r.printouts} 份打印文书到 ${r.outDir}`);
    console.log(`数据库：${r.database}（用 sqlite3 打开）；说明见 README.txt。${r.missing ? `有 ${r.missing} 个文件在备份中缺失，见 index.csv。` : ''}`);
    console.log('这些文件含个人信息且未加密，核查完毕请删除。');
    return 0;
  } catch (e: unknown) {
    console.error(e instanceof DeskError ? e.message : e instanceof Error ? e.message : String(e));
    return 2;
  }
}

void main().then((code) => process.exit(code));
