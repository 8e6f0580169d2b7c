import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestDesk } from '../../testing/desk';
import { COUNTY_DRIVERS, enroll, FaultProxy, ROOT, startCounty, startCountyServer, syncDesk, type CountyServer, type TestCounty } from '../../testing/syncKit';
import { sampleFamilies } from '../../../../server/testing/deptData';

// 零证明 at the ID field against the real county server: the sample county's department extracts imported with the
// CLI, a desk enrolled with it (over each CountyApi driver) asks for a child's flags; a county that does not answer
// in time, or a desk that is not enrolled, means paper as usual, quickly.

const SAMPLES = join(ROOT, 'resources', 'dept-samples');
const FILES: [string, string][] = [
  ['hukou', '示例-公安-常住人口.csv'],
  ['property', '示例-自然资源-不动产登记.xlsx'],
  ['birth_certificate', '示例-卫健-出生医学证明.csv'],
];

const desks: TestDesk[] = [];
const counties: TestCounty[] = [];
let http: Promise<CountyServer> | null = null;

afterAll(async () => {
  for (const d of desks) d.cleanup();
  for (const c of counties) {
    await c.stop('SIGTERM');
    rmSync(c.dataDir, { recursive: true, force: true });
  }
});

/** The county with the sample plan and the sample department extracts, imported with the CLI. */
async function withDeptData<T extends TestCounty>(started: Promise<T>): Promise<T> {
  const county = await started;
  counties.push(county);
  await county.cli(['plan', 'load', join(ROOT, 'resources', 'plans', 'sample-county-2026.json')]);
  for (const [source, file] of FILES) await county.cli(['dept', 'import', source, join(SAMPLES, file)]);
  return county;
}

/** The server process, started once for both blocks below. */
function httpServer(): Promise<CountyServer> {
  return (http ??= withDeptData(startCountyServer()));
}

async function newDesk(server: TestCounty, counter: string, url = server.url): Promise<TestDesk> {
  const d = await syncDesk(undefined, counter, server.deskOptions);
  desks.push(d);
  await enroll(d, server, url, counter);
  return d;
}

describe.each(COUNTY_DRIVERS)('零证明 at the ID field (sync.deptVerified, %s driver)', (driver) => {
  let server: TestCounty;
  beforeAll(async () => {
    server = await (driver === 'http' ? httpServer() : withDeptData(startCounty(driver)));
  }, 120_000);

  it('answers which materials department data verifies, and nothing for a child it does not know', async () => {
    const desk = await newDesk(server, 'D01');
    const zhang = await desk.call('sync.deptVerified', { idNumber: sampleFamilies.zhang.child.id });
    expect(zhang.state).toBe('answered');
    expect(zhang.planVersion).toBe(1);
    expect(zhang.itemIds).toEqual(expect.arrayContaining(['hukou-booklet', 'property-certificate', 'birth-certificate']));
    expect(zhang.itemIds).not.toContain('rental-registration');
    const unknown = await desk.call('sync.deptVerified', { idNumber: '37990120200101001X' });
    expect(unknown).toEqual({ state: 'answered', itemIds: [], planVersion: 1 });
  });
});

// HTTP driver only: a slow county is a request held on the wire (the fault proxy) until the desk's timeout; the
// in-process driver has no wire, and a delay faked inside it would not test the HTTP client's timeout.
describe('零证明 when the county is slow (HTTP driver)', () => {
  let server: CountyServer;
  let proxy: FaultProxy;
  beforeAll(async () => {
    server = await httpServer();
    proxy = new FaultProxy(() => server.port);
  }, 120_000);
  afterAll(() => proxy.close());

  it('falls back to paper within about 1.5 s when the county is slow, and at once when the desk is not enrolled', async () => {
    const url = await proxy.start();
    const desk = await newDesk(server, 'D02', url);
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
