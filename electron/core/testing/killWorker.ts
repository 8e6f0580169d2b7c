// A desk process that saves drafts and submits applications as fast as it can, printing an
// acknowledgement line after each call returns. The crash test kills it at random moments.
import { openTestDesk, ADMIN } from './desk';
import { houseHukouApplication } from './fixtures';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  const salt = Number(process.argv[3] ?? '0');
  const max = Number(process.argv[4] ?? 'Infinity');
  if (!dataDir) throw new Error('usage: killWorker <dataDir> <salt>');
  const desk = openTestDesk(dataDir);
  await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
  const { plan, info } = await desk.call('plans.getActive', {});
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out('READY');
  for (let i = 0; i < max; i++) {
    const day = String(1 + ((salt * 31 + i) % 28)).padStart(2, '0');
    const month = String(1 + ((salt + i) % 8)).padStart(2, '0');
    const data = houseHukouApplication(plan, { name: `测试${salt}号${i}`, birthDate: `2020-${month}-${day}` });
    const { id } = await desk.call('applications.saveDraft', { data: { grade: 'primary1', child: data.child } });
    out(`DRAFT ${id} ${data.child?.name}`);
    await desk.call('applications.saveDraft', { id, data });
    out(`DRAFT2 ${id}`);
    const r = await desk.call('applications.submit', { id, data, planKey: info.planKey, confirmNearMatches: true });
    out(`ACK ${id} ${r.receiptNo}`);
  }
  desk.close();
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
