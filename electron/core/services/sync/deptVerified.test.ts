import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestDesk } from '../../testing/desk';
import { enroll, FaultProxy, ROOT, startCountyServer, syncDesk, type CountyServer } from '../../testing/syncKit';
import { sampleFamilies } from '../../../../server/testing/deptData';

// 零证明 at the ID field against the real county server process: the sample county's department extracts imported
// with the CLI, a desk enrolled over HTTP asks for a child's flags; a county that does not answer in time, or a
// desk that is not enrolled, means paper as usual, quickly.

const SAMPLES = join(ROOT, 'resources', 'dept-samples');
const FILES: [string, string][] = [
  ['hukou', '示例-公安-常住人口.csv'],
  ['property', '示例-自然资源-不动产登记.xlsx'],
  ['birth_certificate', '示例-卫健-出生医学证明.csv'],
];

let server: CountyServer;
let proxy: FaultProxy;
const desks: TestDesk[] = [];

beforeAll(async () => {
  server = await startCountyServer();
  await server.cli(['plan', 'load', join(ROOT, 'resources', 'plans', 'sample-county-2026.json')]);
  for (const [source, file] of FILES) await server.cli(['dept', 'import', source, join(SAMPLES, file)]);
  proxy = new FaultProxy(() => server.port);
}, 120_000);
afterAll(async () => {
  for (const d of desks) d.cleanup();
  await proxy.close();
  await server.stop('SIGTERM');
  rmSync(server.dataDir, { recursive: true, force: true });
});

async function newDesk(counter: string, url: string): Promise<TestDesk> {
  const d = await syncDesk(undefined, counter);
  desks.push(d);
  await enroll(d, server, url, counter);
  return d;
}

describe('零证明 at the ID field (sync.deptVerified)', () => {
  it('answers which materials department data verifies, and nothing for a child it does not know', async () => {
    const desk = await newDesk('D01', server.url);
    const zhang = await desk.call('sync.deptVerified', { idNumber: sampleFamilies.zhang.child.id });
    expect(zhang.state).toBe('answered');
    expect(zhang.planVersion).toBe(1);
    expect(zhang.itemIds).toEqual(expect.arrayContaining(['hukou-booklet', 'property-certificate', 'birth-certificate']));
    expect(zhang.itemIds).not.toContain('rental-registration');
    const unknown = await desk.call('sync.deptVerified', { idNumber: '37990120200101001X' });
    expect(unknown).toEqual({ state: 'answered', itemIds: [], planVersion: 1 });
  });

  it('falls back to paper within about 1.5 s when the county is slow, and at once when the desk is not enrolled', async () => {
    const url = await proxy.start();
    const desk = await newDesk('D02', url);
    proxy.rule = ({ url: u }) => (u.startsWith('/v1/dept/') ? { kind: 'hang' } : { kind: 'pass' });
    const started = Date.now();
    const slow = await desk.call('sync.deptVerified', { idNumber: sampleFamilies.zhang.child.id });
    const waited = Date.now() - started;
    expect(slow).toEqual({ state: 'unavailable', itemIds: [], planVersion: null });
    expect(waited).toBeGreaterThanOrEqual(1_400);
    expect(waited).toBeLessThan(4_000);
    expect(proxy.count('hang')).toBe(1);

    proxy.rule = () => ({ kind: 'pass' });
    expect((await desk.call('sync.deptVerified', { idNumber: sampleFamilies.zhang.child.id })).state).toBe('answered');

    const lone = await syncDesk(undefined, 'D03');
    desks.push(lone);
    const t0 = Date.now();
    expect((await lone.call('sync.deptVerified', { idNumber: sampleFamilies.zhang.child.id })).state).toBe('unavailable');
    expect(Date.now() - t0).toBeLessThan(500);
  });
});
