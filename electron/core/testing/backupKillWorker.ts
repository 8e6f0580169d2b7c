// A desk process that backs up (or restores) once and reports each step on stdout; the backup kill test SIGKILLs
// it at random moments. Not used by production code.
//   backupKillWorker backup <dataDir> <folder>
//   backupKillWorker restore <dataDir> <folder holding the archive>
import { openDesk } from '../desk';
import { testPorts } from '../../harness/testPorts';
import { ADMIN } from './desk';

const [mode, dataDir, folder] = process.argv.slice(2);
if ((mode !== 'backup' && mode !== 'restore') || !dataDir || !folder) throw new Error('usage: backupKillWorker backup|restore <dataDir> <folder>');
const out = (line: string) => process.stdout.write(`${line}\n`);
const pause = new Int32Array(new SharedArrayBuffer(4));
const opening = openDesk({
  dataDir,
  ports: testPorts({ dialogFolder: folder }),
  appVersion: 'test',
  log: { error: (m, e) => console.error(m, e) },
  // A short pause after each rename of a swap, so kills land between them as well as during staging.
  onRestoreStep: (step) => {
    out(`SWAP ${step}`);
    Atomics.wait(pause, 0, 0, 5);
  },
  onBackupStep: (step) => {
    out(`WROTE ${step}`);
    Atomics.wait(pause, 0, 0, 2);
  },
});
async function main(): Promise<void> {
  const core = await opening;
  if (core.bootError) {
    console.error(core.bootError);
    process.exit(1);
  }
  core.onEvent((event, payload) => {
    if (event === 'backup.progress') {
      const p = payload as { phase: string; done: number };
      out(`STEP ${p.phase} ${p.done}`);
    }
  });
  const call = async (method: string, input: unknown): Promise<unknown> => {
    const r = await core.call(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  await call('auth.login', { username: ADMIN.username, password: ADMIN.password });
  out('READY');
  const started = Date.now();
  if (mode === 'backup') {
    await call('backup.run', {});
  } else {
    const picked = (await call('backup.chooseArchive', {})) as { token: string };
    await call('backup.restore', { token: picked.token });
  }
  out(`DONE ${Date.now() - started}`);
  core.close();
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
