// A desk process whose sync engine starts by itself on open (it is enrolled) and reports each sync step on
// stdout. The sync crash test SIGKILLs it at random steps. Not used by production code.
import { openDesk } from '../desk';
import { testPorts } from '../../harness/testPorts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: syncKillWorker <dataDir>');
const out = (line: string) => process.stdout.write(`${line}\n`);
void openDesk({
  dataDir,
  ports: testPorts(),
  appVersion: 'test',
  log: { error: (m, e) => console.error(m, e) },
  sync: { batchSize: 5, onStep: (step) => out(`STEP ${step}`) },
}).then((core) => {
  if (core.bootError) {
    console.error(core.bootError);
    process.exit(1);
  }
  out('READY');
  // Stay alive until killed (or for a while if the round ends first).
  setTimeout(() => {
    core.close();
    process.exit(0);
  }, 20_000);
});
