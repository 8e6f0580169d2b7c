import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChangesResponse, paths } from '../../../shared/sync/protocol';
import { type DeviceClient, makeItem } from '../../testing/client';
import { type TestServer, startTestServer, testDialects } from '../../testing/harness';
import { TEST_ADMIN as REVIEWER, recordingAudit } from '../../testing/opsAudit';
import { getDuplicateGroup, groupRecords, groupRows, listDuplicateGroups, resolveDuplicateGroup } from './duplicates';

// Duplicates in the console: the same child at two counters and online, resolved by keeping one; both desks learn
// it from their feed; the group re-opens when the child applies again.

describe.each(testDialects())('duplicates in the console (%s)', (dialect) => {
  let s: TestServer;
  let a: DeviceClient;
  let b: DeviceClient;
  const audit = recordingAudit();
  beforeAll(async () => {
    s = await startTestServer(dialect);
    [a, b] = [await s.device('D01'), await s.device('D02')];
  });
  afterAll(async () => s?.close());

  const send = async (desk: DeviceClient, childId: string) => {
    const item = makeItem(desk, { childId });
    expect((await desk.batch(randomUUID(), [item])).body.items[0]?.result).toBe('accepted');
    return item;
  };
  const feed = async (desk: DeviceClient) => (await desk.json<ChangesResponse>('GET', `${paths.changes}?limit=500`)).body.items.map((i) => i.change);

  it('lists a group side by side, keeps one and withdraws the others; both desks are told at their next pull', async () => {
    const child = '379901202001010011';
    const [x, y] = [await send(a, child), await send(b, child)];
    const online = await s.cli(['online', 'apply', '--id', child]);
    expect(online.code).toBe(0);
    await send(a, '379901202001010020'); // another child, alone: no group

    const open = await listDuplicateGroups(s.store.db, { state: 'open', limit: 50 });
    expect(open.groups).toHaveLength(1);
    const group = open.groups[0]!;
    expect(group.groupId).toBe(a.childHash(child));
    expect(group.applications.map((m) => [m.receiptNo, m.source])).toEqual([
      [x.receiptNo, 'counter'],
      [y.receiptNo, 'counter'],
      [expect.stringMatching(/^WS-/) as string, 'online'],
    ]);
    expect(group).toMatchObject({ open: true, resolution: null });

    // Errors first: unknown group, keeping an application of another group.
    await expect(getDuplicateGroup(s.store.db, 'f'.repeat(64))).rejects.toMatchObject({ status: 404, problemCode: 'not_found' });
    await expect(resolveDuplicateGroup(s.store.db, { groupId: group.groupId, keepApplicationId: randomUUID(), reason: '家长确认' }, REVIEWER, audit, new Date())).rejects.toMatchObject({
      status: 409,
      problemCode: 'state_conflict',
    });

    const resolved = await resolveDuplicateGroup(s.store.db, { groupId: group.groupId, keepApplicationId: y.applicationId, reason: '家长确认在 D02 报名' }, REVIEWER, audit, new Date());
    expect(resolved).toMatchObject({ open: false, resolution: { keptApplicationId: y.applicationId, reason: '家长确认在 D02 报名', resolvedBy: 'wang.admin' } });
    expect(resolved.applications.map((m) => m.withdrawn)).toEqual([true, false, true]);
    expect(audit.entries.at(-1)).toMatchObject({ action: 'duplicates.resolve', target: group.groupId, details: { kept: y.applicationId } });
    expect((audit.entries.at(-1)!.details.withdrawn as string[]).sort()).toEqual([x.applicationId, group.applications[2]!.applicationId].sort());

    // Each desk's feed: its own application with the resolution (withdrawn at D01, kept at D02).
    const fa = (await feed(a)).filter((c) => c.kind === 'duplicate' && c.resolution);
    const fb = (await feed(b)).filter((c) => c.kind === 'duplicate' && c.resolution);
    expect(fa).toEqual([expect.objectContaining({ applicationId: x.applicationId, resolution: expect.objectContaining({ withdrawn: true, keptReceiptNo: y.receiptNo }) as object })]);
    expect(fb).toEqual([expect.objectContaining({ applicationId: y.applicationId, resolution: expect.objectContaining({ withdrawn: false }) as object })]);

    // Side by side: rows with the status each now has (masked ID numbers), and each record in labelled sections.
    const rows = await groupRows(s.store.db, resolved);
    expect(rows.map((r) => [r.receiptNo, r.status, r.duplicate])).toEqual([
      [x.receiptNo, 'withdrawn', true],
      [y.receiptNo, 'pending', true],
      [group.applications[2]!.receiptNo, 'withdrawn', true],
    ]);
    expect(rows.every((r) => !r.idNumberMasked.includes(child.slice(4, 14)))).toBe(true);
    const records = await groupRecords(s.store.db, resolved);
    expect(records.map((r) => r.applicationId)).toEqual(resolved.applications.map((m) => m.applicationId));
    expect(records.every((r) => Array.isArray(r.sections))).toBe(true);

    expect((await listDuplicateGroups(s.store.db, { state: 'open', limit: 50 })).groups).toEqual([]);
    expect((await listDuplicateGroups(s.store.db, { state: 'resolved', limit: 50 })).groups.map((g) => g.groupId)).toEqual([group.groupId]);
    // A withdrawn application cannot be the one kept.
    await expect(resolveDuplicateGroup(s.store.db, { groupId: group.groupId, keepApplicationId: x.applicationId, reason: '改为保留' }, REVIEWER, audit, new Date())).rejects.toMatchObject({
      problemCode: 'state_conflict',
      message: expect.stringContaining(x.receiptNo) as string,
    });

    // The child applies again at D01: the group is open again, the earlier resolution still shown.
    await send(a, child);
    const again = await listDuplicateGroups(s.store.db, { state: 'open', limit: 50 });
    expect(again.groups.map((g) => [g.groupId, g.applications.length, g.resolution?.keptApplicationId])).toEqual([[group.groupId, 4, y.applicationId]]);
  });

  it('pages through groups with a cursor', async () => {
    for (let i = 0; i < 5; i++) {
      const child = `37990120200202${String(i).padStart(4, '0')}`;
      await send(a, child);
      await send(b, child);
    }
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listDuplicateGroups(s.store.db, { state: 'all', after, limit: 2 });
      seen.push(...page.groups.map((g) => g.groupId));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect([...seen].sort()).toEqual(seen);
  });
});
