import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { TestDesk } from '../../testing/desk';
import {
  attachPages,
  enroll,
  FaultProxy,
  serverApplications,
  serverHasBlob,
  startCountyServer,
  syncDesk,
  takeApplications,
  withDeskDb,
  type CountyServer,
  type Fault,
} from '../../testing/syncKit';
import { MAX_BUNDLE_PAGE_BYTES } from '../../../../shared/sync/protocol';

// Network and server faults between a real desk and the real county server process, injected by a loopback
// proxy. Every case: the faulty round fails or half-succeeds, nothing is marked acknowledged without the
// server's signed answer, and after healing the server holds each application exactly once with all its
// pages (blob hashes verified on the server's disk) and the desk shows every record acknowledged.
//
// HTTP driver only: every fault here is on the wire (a proxy that drops, delays, corrupts or cuts requests) or is
// the server process dying. The in-process driver has neither a wire nor a process of its own; faults faked inside
// it would test the fake, not the HTTP client's timeouts, resets and answer checks that these cases are about.

const PAGE = 64 * 1024;
/** Over MAX_BUNDLE_PAGE_BYTES: such a page goes through the resumable upload (PATCH), not a bundle. */
const LARGE_PAGE = MAX_BUNDLE_PAGE_BYTES + 100_000;
let server: CountyServer;
let proxy: FaultProxy;
let desk: TestDesk;
let proxyUrl: string;
const taken = new Map<string, string[]>(); // application id → page hashes

beforeAll(async () => {
  server = await startCountyServer();
  proxy = new FaultProxy(() => server.port);
  proxyUrl = await proxy.start();
  desk = await syncDesk(undefined, 'F01');
  await enroll(desk, server, proxyUrl, 'F01', 2);
});
afterAll(async () => {
  desk.cleanup();
  await proxy.close();
  await server.stop('SIGTERM');
  rmSync(server.dataDir, { recursive: true, force: true });
});

async function takeWithPages(n: number, pageBytes = PAGE, pagesEach = 3): Promise<string[]> {
  const apps = await takeApplications(desk, n);
  const pages = await attachPages(desk, apps.map((a) => a.id), pagesEach, pageBytes);
  for (const [id, shas] of pages) taken.set(id, shas);
  return apps.map((a) => a.id);
}

/** Fault the first `times` requests matching `match`, pass everything else. */
function faultOnce(match: (m: string, url: string) => boolean, fault: Fault, times = 1): void {
  let left = times;
  proxy.rule = ({ method, url }) => {
    if (left > 0 && match(method, url)) {
      left--;
      return fault;
    }
    return { kind: 'pass' };
  };
}
const batch = (m: string, url: string) => m === 'POST' && url === '/v1/batches';
const patch = (m: string) => m === 'PATCH';
const bundle = (m: string, url: string) => m === 'POST' && url === '/v1/blobs';

async function healAndCheck(): Promise<void> {
  proxy.rule = () => ({ kind: 'pass' });
  let st = await desk.call('sync.syncNow', { wait: true });
  for (let i = 0; i < 3 && (st.counts.unsynced > 0 || st.counts.uploading > 0); i++) st = await desk.call('sync.syncNow', { wait: true });
  expect(st.lastError).toBeNull();
  expect(st.counts).toMatchObject({ unsynced: 0, uploading: 0, conflict: 0, quarantined: 0, confirmed: taken.size });
  const onServer = (await serverApplications(server)).filter((a) => a.counterCode === 'F01');
  expect(onServer).toHaveLength(taken.size);
  expect(new Set(onServer.map((a) => a.id))).toEqual(new Set(taken.keys()));
  for (const a of onServer) expect(a.pages).toBe(taken.get(a.id)?.length);
  for (const shas of taken.values()) for (const sha of shas) expect(serverHasBlob(server, sha)).toBe(true);
}

/** The faulty round must not report success, nor mark anything acknowledged that the server did not sign for. */
async function faultyRound(newIds: string[]): Promise<string> {
  const st = await desk.call('sync.syncNow', { wait: true });
  expect(st.lastError).not.toBeNull();
  for (const id of newIds) expect((await desk.call('applications.get', { id })).syncState).not.toBe('confirmed');
  return st.lastError ?? '';
}

describe('sync under faults (HTTP driver: real server process, fault-injecting proxy)', () => {
  it('500 from a proxy: retried, nothing lost', async () => {
    const ids = await takeWithPages(3);
    faultOnce(batch, { kind: 'status500' }, 2);
    expect(await faultyRound(ids)).toMatch(/县级服务器出错|无法连接/);
    await healAndCheck();
  });

  it('a request that never answers times out and is retried', async () => {
    const ids = await takeWithPages(2);
    faultOnce(batch, { kind: 'hang' });
    expect(await faultyRound(ids)).toMatch(/timeout|无法连接/);
    await healAndCheck();
  });

  it('a captive portal answering 200 HTML is not taken for the server', async () => {
    const ids = await takeWithPages(2);
    proxy.rule = () => ({ kind: 'captive' });
    expect(await faultyRound(ids)).toMatch(/不是县级服务器/);
    await healAndCheck();
  });

  it('seconds of latency on every request: slow but complete', async () => {
    await takeWithPages(2);
    proxy.rule = () => ({ kind: 'latency', ms: 1_200 });
    const st = await desk.call('sync.syncNow', { wait: true });
    expect(st.lastError).toBeNull();
    expect(proxy.count('latency')).toBeGreaterThan(3);
    await healAndCheck();
  });

  it('a page corrupted on the way is refused by its hash and re-sent in the same round', async () => {
    await takeWithPages(2);
    faultOnce(bundle, { kind: 'corruptRequest' });
    const st = await desk.call('sync.syncNow', { wait: true });
    expect(proxy.count('corruptRequest')).toBe(1);
    expect(st.lastError).toBeNull();
    expect((await desk.call('sync.exportLog', {})).content).toContain('blob_resent');
    await healAndCheck();
  });

  it('the next batch\'s pages fail while the current batch is still in flight: the round reports it, the first batch stays acknowledged', async () => {
    // 101 applications: a batch of 100, then one more whose pages upload while the first batch is answered.
    const ids = await takeWithPages(101, 2_000);
    // The batch of 100 is held 1 s at the proxy and then stored by the server: on a loaded machine that can pass the
    // 2 s timeout the other cases use (a timeout is not what this case is about).
    await desk.call('sync.configure', { serverUrl: proxyUrl, caPem: null, timeoutSeconds: 30 });
    let batchSeen = false;
    proxy.rule = ({ method, url }) => {
      if (batch(method, url) && !batchSeen) {
        batchSeen = true;
        return { kind: 'latency', ms: 1_000 };
      }
      return bundle(method, url) && batchSeen ? { kind: 'status500' } : { kind: 'pass' };
    };
    const st = await desk.call('sync.syncNow', { wait: true });
    expect(proxy.count('status500')).toBeGreaterThan(0);
    expect(st.lastError).toMatch(/HTTP 500/);
    const states = await Promise.all(ids.map(async (id) => (await desk.call('applications.get', { id })).syncState));
    expect(states.filter((s) => s === 'confirmed')).toHaveLength(100);
    await desk.call('sync.configure', { serverUrl: proxyUrl, caPem: null, timeoutSeconds: 2 });
    await healAndCheck();
  });

  it('after a page upload fails, no further bundles start in that round', async () => {
    // 60 applications × 3 pages of 64 KB: 6 bundles of 32 pages; 4 go out at once, all refused.
    const ids = await takeWithPages(60);
    const before = proxy.seen.length;
    proxy.rule = ({ method, url }) => (bundle(method, url) ? { kind: 'status500' } : { kind: 'pass' });
    expect(await faultyRound(ids)).toMatch(/HTTP 500/);
    expect(proxy.seen.slice(before).filter((r) => r.fault === 'status500')).toHaveLength(4);
    await healAndCheck();
  });

  it('a county server without page bundles (404): every page goes through the resumable upload', async () => {
    await takeWithPages(2);
    const before = proxy.seen.length;
    proxy.rule = ({ method, url }) => (bundle(method, url) ? { kind: 'notFound' } : { kind: 'pass' });
    const st = await desk.call('sync.syncNow', { wait: true });
    expect(st.lastError).toBeNull();
    const during = proxy.seen.slice(before);
    // One bundle is refused; then the engine stops trying bundles with this server.
    expect(during.filter((r) => r.fault === 'notFound')).toHaveLength(1);
    expect(during.filter((r) => r.method === 'PATCH').length).toBeGreaterThanOrEqual(6);
    await healAndCheck();
  });

  it('a large page or a batch corrupted on the way fails its signature and is re-sent next round', async () => {
    const ids = await takeWithPages(1, LARGE_PAGE, 1);
    faultOnce(patch, { kind: 'corruptRequest' });
    expect(await faultyRound(ids)).toMatch(/签名|身份/);
    faultOnce(batch, { kind: 'corruptRequest' });
    await faultyRound(ids);
    await healAndCheck();
  });

  it('an answer corrupted on the way back fails the signed acknowledgement; the replay is acknowledged', async () => {
    const ids = await takeWithPages(2);
    faultOnce(batch, { kind: 'corruptResponse' });
    await faultyRound(ids);
    await healAndCheck();
  });

  it('connection cut after the server committed, before the desk got the answer: exactly once', async () => {
    const ids = await takeWithPages(3);
    const before = proxy.seen.length;
    faultOnce(batch, { kind: 'cutAfterCommit' });
    const st = await desk.call('sync.syncNow', { wait: true });
    const batchesSent = proxy.seen.slice(before).filter((r) => batch(r.method, r.url)).length;
    // A cut on a kept-alive connection looks like a connection closed while idle: the desk sends the batch again at
    // once, signed afresh, and the server answers with the stored answer (2 batch requests, round succeeds). On a
    // fresh connection the round fails and the next round's replay is acknowledged.
    if (st.lastError === null) expect(batchesSent).toBe(2);
    else for (const id of ids) expect((await desk.call('applications.get', { id })).syncState).not.toBe('confirmed');
    // Either way the server holds each application once.
    const onServer = (await serverApplications(server)).filter((a) => ids.includes(a.id));
    expect(onServer).toHaveLength(3);
    await healAndCheck();
  });

  it('connection cut in the middle of a page bundle: the bundle is sent again', async () => {
    const ids = await takeWithPages(2);
    faultOnce(bundle, { kind: 'cutMidRequest' }, 2);
    await faultyRound(ids);
    await healAndCheck();
  });

  it('connection cut in the middle of a large page: the resumable upload continues', async () => {
    const ids = await takeWithPages(1, LARGE_PAGE, 2);
    faultOnce(patch, { kind: 'cutMidRequest' }, 2);
    await faultyRound(ids);
    await healAndCheck();
  });

  it('when the server comes back the desk syncs by itself (backoff retry, no 立即同步)', async () => {
    await server.stop('SIGKILL');
    const ids = await takeWithPages(2);
    const down = await desk.call('sync.syncNow', { wait: true });
    expect(down.phase).toBe('offline');
    expect(down.nextAttemptAt).not.toBeNull();
    await server.restart();
    let confirmed = 0;
    for (let i = 0; i < 100 && confirmed < ids.length; i++) {
      await new Promise((r) => setTimeout(r, 200));
      confirmed = 0;
      for (const id of ids) if ((await desk.call('applications.get', { id })).syncState === 'confirmed') confirmed++;
    }
    expect(confirmed).toBe(ids.length);
    await healAndCheck();
  });

  it('server killed mid-batch and mid-upload, then restarted', async () => {
    const ids = await takeWithPages(3);
    faultOnce(batch, { kind: 'killServer', server, afterMs: 0 });
    await faultyRound(ids);
    // While the server is down the desk stays offline and keeps everything.
    const down = await desk.call('sync.syncNow', { wait: true });
    expect(down.phase).toBe('offline');
    expect(down.online).toBe(false);
    await server.restart();
    const more = await takeWithPages(2);
    faultOnce(bundle, { kind: 'killServer', server, afterMs: 0 });
    await faultyRound(more);
    await server.restart();
    await healAndCheck();
  });

  // Last: it leaves a quarantined record behind, which the other cases' final check would count.
  it('pages whose files outgrew their recorded size still go up (no oversized bundle); the server refuses the record, naming the sizes', async () => {
    const [id] = await takeWithPages(1, 1_500_000, 3);
    await withDeskDb(desk, (db) => db.prepare('UPDATE document_pages SET bytes = 1000 WHERE application_id = ?').run(id!));
    const st = await desk.call('sync.syncNow', { wait: true });
    expect(st.lastError).toBeNull();
    for (const sha of taken.get(id!)!) expect(serverHasBlob(server, sha)).toBe(true);
    const app = await desk.call('applications.get', { id: id! });
    expect(app.syncState).toBe('quarantined');
    const attention = await desk.call('sync.listAttention', {});
    expect(JSON.stringify(attention.find((a) => a.applicationId === id))).toContain('页面大小 1000 字节');
  });
});
