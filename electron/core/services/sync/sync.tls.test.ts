import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { TestDesk } from '../../testing/desk';
import { enrollmentCode, FaultProxy, makeCertificates, serverApplications, startCountyServer, syncDesk, takeApplications, type CountyServer } from '../../testing/syncKit';

// County networks with their own CA: the desk reaches the server through a real TLS endpoint whose
// certificate only the county's CA vouches for. Without that CA the desk refuses; with it, it syncs.
// HTTP driver only: TLS exists only on the wire.

let server: CountyServer;
let proxy: FaultProxy;
let url: string;
const ca = makeCertificates();
const otherCa = makeCertificates();
const desks: TestDesk[] = [];

beforeAll(async () => {
  server = await startCountyServer();
  proxy = new FaultProxy(() => server.port, { key: ca.key, cert: ca.cert });
  url = await proxy.start();
});
afterAll(async () => {
  for (const d of desks) d.cleanup();
  await proxy.close();
  await server.stop('SIGTERM');
  rmSync(server.dataDir, { recursive: true, force: true });
});

describe('TLS with a county CA', () => {
  it('refuses a server its trust store does not vouch for, and syncs once the county CA is set', async () => {
    const desk = await syncDesk(undefined, 'T01');
    desks.push(desk);
    await takeApplications(desk, 2);
    const code = await enrollmentCode(server, 'T01');

    // No custom CA: the certificate is not trusted; the code is not spent.
    await desk.call('sync.configure', { serverUrl: url, caPem: null });
    const untrusted = await desk.fail('sync.enroll', { code, deviceName: 'T01 测试机' });
    expect(untrusted.code).toBe('SYNC_UNREACHABLE');
    expect(untrusted.message).toMatch(/certificate/i);

    // Another CA's certificate does not help either.
    await desk.call('sync.configure', { serverUrl: url, caPem: otherCa.caPem });
    expect((await desk.fail('sync.enroll', { code, deviceName: 'T01 测试机' })).code).toBe('SYNC_UNREACHABLE');

    // A certificate that is not a CA is refused when saved.
    expect((await desk.fail('sync.configure', { serverUrl: url, caPem: ca.cert })).code).toBe('SYNC_BAD_CA');

    await desk.call('sync.configure', { serverUrl: url, caPem: ca.caPem });
    await desk.call('sync.enroll', { code, deviceName: 'T01 测试机' });
    expect((await desk.call('sync.testConnection', {})).ok).toBe(true);
    const st = await desk.call('sync.syncNow', { wait: true });
    expect(st.hasCustomCa).toBe(true);
    expect(st.counts).toMatchObject({ confirmed: 2, unsynced: 0 });
    expect((await serverApplications(server)).filter((a) => a.counterCode === 'T01')).toHaveLength(2);
  });
});
