import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApplicationDraft } from '../shared/contract/application';
import { type Change, paths } from '../shared/sync/protocol';
import { type DeviceClient, makeItem, pageOf } from './testing/client';
import { ConsoleTestClient } from './testing/consoleClient';
import { type TestServer, startTestServer, testDialects } from './testing/harness';

// The review over HTTP on a real server: a desk uploads applications with pages, reviewers find them in the queue
// (filters, search, counts, keyset pages, scope), open one (record, pages, materials, audit), decide, and the desk
// pulls each decision from the change feed it already reads; a rejection waits for a second reviewer; a record
// changed at the desk after a decision comes back flagged; bulk approval takes a count and a token.

const PASSWORD = 'Kaoshi2026x';
const PLAN = join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('page bytes')]);

const form = (name: string, id: string, school = 'p-chengguan'): ApplicationDraft => ({
  grade: 'primary1',
  child: { name, idType: 'resident_id', idNumber: id, birthDate: '2019-05-05', sex: 'M' },
  guardians: [{ relation: 'father', name: '张父', idType: 'resident_id', idNumber: '379901198001010011', mobile: '13800138000' }],
  school: { zoneEntryId: 'z1', schoolId: school },
  typeDecision: { derived: 'house_hukou', chosen: 'house_hukou' },
  materials: [{ itemId: 'hukou-booklet', state: 'missing' }],
});

describe.each(testDialects())('console review (%s)', (dialect) => {
  let s: TestServer;
  let desk: DeviceClient;
  let admin: ConsoleTestClient;
  const reviewer = () => new ConsoleTestClient(s.baseUrl);
  let r1: ConsoleTestClient;
  let r2: ConsoleTestClient;
  let scoped: ConsoleTestClient;
  const apps: { id: string; receipt: string; item: ReturnType<typeof makeItem> }[] = [];
  let cursor = 0;

  const account = async (role: 'reviewer' | 'second_reviewer', username: string, scope = { schoolIds: [] as string[], types: [] as never[] }) => {
    const created = await admin.ok('staff.create', { username, displayName: `${username} 姓名`, role, scope });
    const c = reviewer();
    await c.signIn(username, created.initialPassword, PASSWORD);
    return c;
  };
  const pull = async (): Promise<Change[]> => {
    const r = await desk.send<{ items: { seq: number; change: Change }[]; nextCursor: string }>(desk.sign('GET', `${paths.changes}?cursor=${cursor}`));
    expect(r.status).toBe(200);
    cursor = Number(r.body.nextCursor);
    return r.body.items.map((i) => i.change);
  };
  const results = async () => (await pull()).flatMap((c) => (c.kind === 'review_result' ? [c.result] : []));

  beforeAll(async () => {
    s = await startTestServer(dialect);
    expect((await s.cli(['plan', 'load', PLAN])).code).toBe(0);
    desk = await s.device('A01');
    const up = await desk.upload(JPEG);
    expect(up).toBeTruthy();
    const people: [string, string, string][] = [
      ['张三丰', '379901201905050017', 'p-chengguan'],
      ['李四', '379901201906060028', 'p-chengguan'],
      ['王五', '379901201907070039', 'p-shiyan'],
      ['赵六', '379901201908080040', 'p-shiyan'],
    ];
    for (const [name, id, school] of people) {
      const item = makeItem(desk, {
        record: { form: form(name, id, school), receiptNo: 'x', planKey: 'sample-379901-2026@2026.1', submittedAt: '2026-06-15T02:00:00.000Z' },
        childId: id,
        pages: [pageOf(JPEG, 1, 'hukou-booklet')],
      });
      const r = await desk.batch(randomUUID(), [item]);
      expect(r.body.items[0]?.result).toBe('accepted');
      apps.push({ id: item.applicationId, receipt: item.receiptNo, item });
    }
    await pull();
    const out = await s.cli(['staff', 'create-admin', '--username', 'admin', '--name', '王局长']);
    admin = new ConsoleTestClient(s.baseUrl);
    await admin.signIn('admin', /一次性初始密码：(\S+)/.exec(out.out)![1]!, PASSWORD);
    r1 = await account('reviewer', 'reviewer1');
    r2 = await account('second_reviewer', 'second1');
    scoped = await account('reviewer', 'scoped1', { schoolIds: ['p-shiyan'], types: [] });
  });
  afterAll(async () => s?.close());

  it('lists the queue with filters, search by name, pinyin, ID part and receipt, counts and keyset pages; a reviewer sees only their scope', async () => {
    const all = await r1.ok('queue.list', { filter: {}, limit: 3 });
    expect(all.rows).toHaveLength(3);
    expect(all.rows[0]).toMatchObject({ childName: '张三丰', idNumberMasked: '3799**********0017', status: 'pending', pages: 1, missingMaterials: 1, schoolName: '示例县城关第一小学' });
    const next = await r1.ok('queue.list', { filter: {}, limit: 3, after: all.nextCursor! });
    expect(next.rows.map((r) => r.childName)).toEqual(['赵六']);
    expect(next.nextCursor).toBeNull();
    const search = async (text: string) => (await r1.ok('queue.list', { filter: { text } })).rows.map((r) => r.childName);
    expect(await search('三丰')).toEqual(['张三丰']);
    expect(await search('zsf')).toEqual(['张三丰']);
    expect(await search('0028')).toEqual(['李四']);
    expect(await search(apps[2]!.receipt)).toEqual(['王五']);
    expect(await search(apps[2]!.receipt.replace(/-/g, '').slice(-6))).toEqual(['王五']);
    expect((await r1.ok('queue.list', { filter: { schoolIds: ['p-shiyan'] } })).rows).toHaveLength(2);
    const counts = await r1.ok('queue.counts', { filter: { schoolIds: ['p-shiyan'] } });
    expect(counts).toMatchObject({ total: 2, missingMaterials: 2, statuses: [{ value: 'pending', count: 2 }] });
    expect(counts.schools.map((f) => [f.value, f.count]).sort()).toEqual([
      ['p-chengguan', 2],
      ['p-shiyan', 2],
    ]);
    // The scoped reviewer: only p-shiyan, and the others are unknown to them.
    expect((await scoped.ok('queue.list', { filter: {} })).rows.map((r) => r.childName)).toEqual(['王五', '赵六']);
    expect((await scoped.call('applications.get', { applicationId: apps[0]!.id })).status).toBe(404);
  });

  it('meta.reference: schools, types and materials of the published plan and the counters, narrowed to the caller\'s scope', async () => {
    await admin.ok('counters.create', { code: 'B09', name: '城东报名点' });
    const all = await r1.ok('meta.reference', {});
    expect(all.planKey).toBe('sample-379901-2026@2026.1');
    expect(all.planVersion).toBe(1);
    expect(all.schools.map((x) => x.id)).toEqual(expect.arrayContaining(['p-chengguan', 'p-shiyan']));
    expect(all.schools.find((x) => x.id === 'p-chengguan')).toMatchObject({ name: '示例县城关第一小学', level: 'primary' });
    expect(all.types.map((t) => t.id)).toContain('house_hukou');
    expect(all.materials.find((m) => m.id === 'hukou-booklet')).toMatchObject({ required: expect.any(Boolean) as boolean });
    expect(all.counters.map((c) => c.code).sort()).toEqual(['A01', 'B09']);
    // The scoped reviewer (p-shiyan): that school only, and only the counters that took applications for it.
    const mine = await scoped.ok('meta.reference', {});
    expect(mine.schools.map((x) => x.id)).toEqual(['p-shiyan']);
    expect(mine.counters.map((c) => c.code)).toEqual(['A01']);
    expect(mine.types.length).toBe(all.types.length);
    const typed = await account('reviewer', 'typed1', { schoolIds: [], types: ['house_hukou'] as never[] });
    const t = await typed.ok('meta.reference', {});
    expect(t.types.map((x) => x.id)).toEqual(['house_hukou']);
    expect(t.materials.every((m) => m.appliesTo.every((a) => a === 'house_hukou'))).toBe(true);
    expect((await new ConsoleTestClient(s.baseUrl).call('meta.reference', {})).status).toBe(401);
  });

  it('opens an application: the record by the shared mapping, the page bytes, the plan materials; both views audited', async () => {
    const view = await r1.ok('applications.get', { applicationId: apps[0]!.id });
    expect(view.planKnown).toBe(true);
    expect(JSON.stringify(view.sections)).toContain('张三丰');
    expect(view.pages).toHaveLength(1);
    expect(view.pages[0]).toMatchObject({ contentType: 'image/jpeg', materialKey: 'hukou-booklet' });
    expect(view.materials.find((m) => m.itemId === 'hukou-booklet')).toMatchObject({ deskState: 'missing', pages: 1 });
    expect(view.can).toMatchObject({ approve: true, reject: true, confirmRejection: false });
    const res = await fetch(s.baseUrl + view.pages[0]!.url, { headers: { cookie: `console_session=${r1.cookie}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(Buffer.from(await res.arrayBuffer()).equals(JPEG)).toBe(true);
    expect((await fetch(s.baseUrl + view.pages[0]!.url)).status).toBe(401);
    const audit = await admin.ok('audit.list', { target: apps[0]!.id });
    expect(audit.entries.map((e) => [e.action, e.actorName])).toEqual(
      expect.arrayContaining([
        ['application.viewed', 'reviewer1 姓名'],
        ['page.viewed', 'reviewer1 姓名'],
      ]),
    );
  });

  it('需补充材料 reaches the desk through the change feed with every item, the deadline and the place; a stale revision is refused', async () => {
    const a = apps[0]!;
    expect((await r1.call('decisions.requestMaterials', { applicationId: a.id, revision: 2, items: ['hukou-booklet'], deadline: '2026-07-20', place: '城关教育办' })).body).toMatchObject({ code: 'stale_revision' });
    expect((await r1.call('decisions.requestMaterials', { applicationId: a.id, revision: 1, items: ['no-such-item'], deadline: '2026-07-20', place: '城关教育办' })).status).toBe(422);
    const done = await r1.ok('decisions.requestMaterials', { applicationId: a.id, revision: 1, items: ['hukou-booklet', 'property-certificate'], deadline: '2026-07-20', place: '城关教育办' });
    expect(done).toMatchObject({ status: 'needs_materials', resultVersion: 1 });
    expect(await results()).toEqual([
      expect.objectContaining({ applicationId: a.id, outcome: 'needs_materials', missingMaterials: ['hukou-booklet', 'property-certificate'], reportDate: '2026-07-20', reportPlace: '城关教育办', decidedBy: 'reviewer1 姓名' }),
    ]);
  });

  it('a record changed at the desk after the decision re-enters the queue flagged, with what changed', async () => {
    const a = apps[0]!;
    const f = form('张三丰', '379901201905050017');
    f.guardians![0]!.mobile = '13900139000';
    const item = makeItem(desk, { applicationId: a.id, revision: 2, baseRevision: 1, record: { ...a.item.record, form: f }, childId: '379901201905050017', pages: a.item.pages });
    const r = await desk.batch(randomUUID(), [{ ...item, receiptNo: a.receipt }]);
    expect(r.body.items[0]?.result).toBe('accepted');
    const rows = (await r1.ok('queue.list', { filter: { reentered: true } })).rows;
    expect(rows.map((x) => [x.applicationId, x.status, x.reentered, x.revision])).toEqual([[a.id, 'pending', true, 2]]);
    const view = await r1.ok('applications.get', { applicationId: a.id });
    expect(view.changedSinceDecision?.map((c) => c.after)).toContain('13900139000');
    await r1.ok('decisions.approve', { applicationId: a.id, revision: 2 });
    expect((await results()).map((x) => x.outcome)).toEqual(['approved']);
    expect((await r1.ok('queue.list', { filter: { reentered: true } })).rows).toEqual([]);
  });

  it('审核不通过 waits for a different 复核人; nothing reaches the desk until confirmed', async () => {
    const a = apps[1]!;
    const proposed = await r2.ok('decisions.reject', { applicationId: a.id, revision: 1, reasonIds: ['zone'], reasonText: '房产地址在城东片区。', appealRoute: '向县教育局招生办书面申请复核', appealDeadline: '2026-07-30' });
    expect(proposed).toMatchObject({ status: 'rejection_pending', resultVersion: null });
    expect(await results()).toEqual([]);
    const view = await r2.ok('applications.get', { applicationId: a.id });
    const decisionId = view.pendingRejection!.decisionId;
    expect(view.can.confirmRejection).toBe(false);
    expect((await r2.call('decisions.confirmRejection', { applicationId: a.id, decisionId })).body).toMatchObject({ code: 'four_eyes' });
    // A reviewer is not a 复核人.
    expect((await r1.call('decisions.confirmRejection', { applicationId: a.id, decisionId })).body).toMatchObject({ code: 'forbidden' });
    const r3 = await account('second_reviewer', 'second2');
    const confirmed = await r3.ok('decisions.confirmRejection', { applicationId: a.id, decisionId });
    expect(confirmed).toMatchObject({ status: 'rejected', resultVersion: 1 });
    const [result] = await results();
    expect(result).toMatchObject({ outcome: 'rejected', reportDate: '2026-07-30' });
    expect(result!.reasons.join('\n')).toContain('房产地址在城东片区。');
    expect(result!.reasons.join('\n')).toContain('向县教育局招生办书面申请复核');
    const history = (await r1.ok('applications.get', { applicationId: a.id })).decisions.map((x) => x.kind);
    expect(history).toEqual(['propose_rejection', 'confirm_rejection']);
  });

  it('the decisions that reach the desk queue the guardian\'s SMS in their transaction, audited (skipped with the reason: SMS is off here)', async () => {
    const [materials] = await admin.ok('sms.list', { applicationId: apps[0]!.id, limit: 200 }).then((l) => l.filter((m) => m.template === 'needs_materials'));
    expect(materials).toMatchObject({ status: 'skipped', toMasked: '138****8000', error: expect.stringMatching(/\S/) as string });
    expect(materials!.text).toContain('城关教育办');
    const rejected = await admin.ok('sms.list', { applicationId: apps[1]!.id });
    // Only the confirmed 不通过 is told, once (the proposal alone sends nothing).
    expect(rejected.map((m) => [m.template, m.status])).toEqual([['result', 'skipped']]);
    const audit = await admin.ok('audit.list', { target: apps[1]!.id });
    expect(audit.entries.filter((e) => e.action === 'sms.skipped').map((e) => e.actorName)).toEqual(['second2 姓名']);
  });

  it('bulk approval: a count and a token for the filtered 待审核 set within scope, used once, by the same person, with the count confirmed', async () => {
    const preview = await scoped.ok('decisions.bulkPreview', { filter: {} });
    expect(preview.count).toBe(2);
    expect((await r1.call('decisions.bulkApprove', { token: preview.token, count: 2 })).body).toMatchObject({ code: 'bulk_token_invalid' });
    expect((await scoped.call('decisions.bulkApprove', { token: preview.token, count: 3 })).body).toMatchObject({ code: 'bulk_token_invalid' });
    // One of them changes status meanwhile: it is skipped.
    await r1.ok('decisions.comment', { applicationId: apps[3]!.id, text: '电话核实过户籍。' });
    await r1.ok('decisions.requestMaterials', { applicationId: apps[3]!.id, revision: 1, items: ['hukou-booklet'], deadline: '2026-07-20', place: '城关教育办' });
    expect(await scoped.ok('decisions.bulkApprove', { token: preview.token, count: 2 })).toEqual({ approved: 1, skipped: 1 });
    expect((await scoped.call('decisions.bulkApprove', { token: preview.token, count: 2 })).body).toMatchObject({ code: 'bulk_token_invalid' });
    expect((await results()).map((x) => [x.applicationId, x.outcome])).toEqual([
      [apps[3]!.id, 'needs_materials'],
      [apps[2]!.id, 'approved'],
    ]);
    const verified = await admin.ok('audit.verify', {});
    expect(verified.ok).toBe(true);
  });
});
