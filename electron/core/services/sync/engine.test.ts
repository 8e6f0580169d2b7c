import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDesk, setUpDesk, type TestDesk } from '../../testing/desk';
import { planUploads } from './blobUpload';
import { SyncEngine } from './engine';
import { MAX_BUNDLE_BYTES, MAX_BUNDLE_PAGE_BYTES, MAX_BUNDLE_PAGES } from '../../../../shared/sync/protocol';
import type { Ctx } from '../../context';
import type { CountyDriver } from './countyApi';

// The backoff schedule: exponential, capped, with jitter in [0.5, 1) of the step — so a county's counters
// do not all retry at the same instant after an outage.

describe('upload plan', () => {
  it('bundles small pages in order within the page and byte limits; a large page goes alone', () => {
    const sizes = new Map<string, number>([
      ...Array.from({ length: 40 }, (_, i) => [`s${i}`, 1_000] as [string, number]),
      ['big', MAX_BUNDLE_PAGE_BYTES + 1],
      ['m1', MAX_BUNDLE_BYTES / 2],
      ['m2', MAX_BUNDLE_BYTES / 2],
      ['m3', 1],
    ]);
    const plan = planUploads([...sizes.keys()], (s) => sizes.get(s)!);
    // 32 small pages; the large page alone; the last 8 small ones with m1 (m2 would pass 4 MiB); m2 with m3.
    expect(plan.map((g) => g.length)).toEqual([MAX_BUNDLE_PAGES, 1, 8 + 1, 2]);
    expect(plan[1]).toEqual(['big']);
    expect(plan[2]!.at(-1)).toBe('m1');
    expect(plan[3]).toEqual(['m2', 'm3']);
    expect(plan.flat().sort()).toEqual([...sizes.keys()].sort());
    for (const g of plan) expect(g.reduce((n, s) => n + sizes.get(s)!, 0) <= MAX_BUNDLE_BYTES || g.length === 1).toBe(true);
    expect(planUploads([], () => 0)).toEqual([]);
  });
});

describe('sync backoff', () => {
  const fakeCtx = { repos: { meta: { getJson: () => undefined } } } as unknown as Ctx;
  const noCounty: CountyDriver = () => {
    throw new Error('the backoff schedule reaches no server');
  };

  it('doubles per failure from the base, is capped, and jitters within [0.5, 1) of the step', () => {
    const low = new SyncEngine(fakeCtx, noCounty, { backoffBaseMs: 2_000, backoffMaxMs: 300_000, random: () => 0 });
    const high = new SyncEngine(fakeCtx, noCounty, { backoffBaseMs: 2_000, backoffMaxMs: 300_000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5].map((n) => low.backoffDelay(n))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect([1, 2, 3].map((n) => high.backoffDelay(n))).toEqual([2_000, 4_000, 8_000]);
    expect(low.backoffDelay(30)).toBe(150_000);
    expect(high.backoffDelay(30)).toBe(300_000);
    const spread = new Set(Array.from({ length: 200 }, () => new SyncEngine(fakeCtx, noCounty, { backoffBaseMs: 2_000 }).backoffDelay(4)));
    expect(Math.min(...spread)).toBeGreaterThanOrEqual(8_000);
    // Rounded to whole milliseconds, so a factor just under 1 can land on the step itself.
    expect(Math.max(...spread)).toBeLessThanOrEqual(16_000);
    expect(spread.size).toBeGreaterThan(50);
  });
});

describe('sync without a server', () => {
  let desk: TestDesk;
  beforeEach(async () => {
    desk = await openTestDesk();
    await setUpDesk(desk);
  });
  afterEach(() => desk.cleanup());

  it('a fresh desk is not configured, exports an empty log, and an unreachable server is reported, not thrown', async () => {
    const st = await desk.call('sync.getStatus', {});
    expect(st).toMatchObject({ phase: 'notConfigured', enrolled: false, serverUrl: null });
    expect((await desk.call('system.getStatus', {})).sync).toEqual({ configured: false, online: false, pendingUploads: 0, lastSuccessAt: null });
    const log = await desk.call('sync.exportLog', {});
    expect(log.entries).toBe(0);
    expect(log.content.startsWith('\ufeff时间,级别,代码')).toBe(true);
    // Port 9 on loopback: nothing listens there.
    await desk.call('sync.configure', { serverUrl: 'http://127.0.0.1:9', caPem: null });
    const err = await desk.fail('sync.enroll', { code: 'ABCD-EFGH', deviceName: '一号机' });
    expect(err.code).toBe('SYNC_UNREACHABLE');
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect((await desk.fail('sync.testConnection', {})).code).toBe('SYNC_NOT_ENROLLED');
    // Only scheme, host and port: the protocol signs absolute paths.
    expect((await desk.fail('sync.configure', { serverUrl: 'https://zsb.example.gov.cn/county/', caPem: null })).code).toBe('SYNC_URL_PATH');
    expect((await desk.call('sync.configure', { serverUrl: 'https://zsb.example.gov.cn:8443/', caPem: null })).serverUrl).toBe('https://zsb.example.gov.cn:8443');
  });

  it('pause and resume are recorded in the audit log', async () => {
    await desk.call('sync.pause', {});
    expect((await desk.call('sync.getStatus', {})).paused).toBe(true);
    await desk.call('sync.resume', {});
    expect((await desk.call('sync.getStatus', {})).paused).toBe(false);
    const audit = await desk.call('audit.list', { limit: 20 });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['sync.paused', 'sync.resumed']));
  });
});
