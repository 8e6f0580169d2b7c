// A desk process that saves drafts and submits applications as fast as it can, printing an
// acknowledgement line after each call returns. The crash test kills it at random moments.
import { openTestDesk, ADMIN, approveIfOutsideWindow } from './desk';
import { houseHukouApplication, makeId } from './fixtures';

const CHARS = '安邦春德恩芳国浩佳杰康乐明宁琪睿思婷伟欣雪雅宇泽志';
/** A distinct all-Han name per number (names may not contain digits). */
function chineseName(n: number): string {
  let s = '测';
  do {
    s += CHARS[n % CHARS.length] ?? '';
    n = Math.floor(n / CHARS.length);
  } while (n > 0);
  return s;
}

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  const salt = Number(process.argv[3] ?? '0');
  const max = Number(process.argv[4] ?? 'Infinity');
  if (!dataDir) throw new Error('usage: killWorker <dataDir> <salt>');
  // The cause of an INTERNAL answer goes to stderr, which the test shows when the worker exits on its own.
  const desk = await openTestDesk(dataDir, { log: { error: (message, err) => console.error(message, err) } });
  if (desk.core.bootError) throw new Error(`desk did not open: ${desk.core.bootError.code} ${desk.core.bootError.message}`);
  await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
  const { plan, info } = await desk.call('plans.getActive', {});
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out('READY');
  for (let i = 0; i < max; i++) {
    const day = String(1 + ((salt * 31 + i) % 28)).padStart(2, '0');
    const month = String(1 + ((salt + i) % 8)).padStart(2, '0');
    const birthDate = `2020-${month}-${day}`;
    // Unique per (process, iteration): several workers share one database. Odd sequence = male, as the fixture says.
    const idNumber = makeId(`37${String(salt % 10_000).padStart(4, '0')}`, birthDate, String((i * 2 + 1) % 1000).padStart(3, '0'));
    const data = houseHukouApplication(plan, { name: chineseName(salt * 100_000 + i), birthDate, idNumber });
    const { id } = await desk.call('applications.saveDraft', { data: { grade: 'primary1', child: data.child } });
    out(`DRAFT ${id} ${data.child?.name}`);
    await desk.call('applications.saveDraft', { id, data });
    out(`DRAFT2 ${id}`);
    await approveIfOutsideWindow(desk, id);
    const r = await desk.call('applications.submit', { id, data, planKey: info.planKey, confirmNearMatches: true });
    out(`ACK ${id} ${r.receiptNo}`);
  }
  desk.close();
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
