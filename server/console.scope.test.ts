import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleRole, limitedScope } from '../shared/console';
import { type ApplicationDraft } from '../shared/contract/application';
import { makeItem } from './testing/client';
import { hukouLines } from './testing/deptData';
import { type ConsoleAnswer, ConsoleTestClient } from './testing/consoleClient';
import { type TestServer, startTestServer, testDialects } from './testing/harness';
import { scopeWhere } from './services/console/queue';

// Scope attacks on the console API (issue 12): a reviewer limited to one school and a school user try to learn
// anything about an application outside their scope (its existence, count, status) through every endpoint their
// role may call. Each answer must be the one a non-existent application gets: same status, same body.

const PASSWORD = 'Kaoshi2026x';
const PLAN = join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json');

const form = (name: string, id: string, school: string): ApplicationDraft => ({
  grade: 'primary1',
  child: { name, idType: 'resident_id', idNumber: id, birthDate: '2019-05-05', sex: 'M' },
  guardians: [{ relation: 'father', name: '张父', idType: 'resident_id', idNumber: '379901198001010011', mobile: '13800138000' }],
  school: { zoneEntryId: 'z1', schoolId: school },
  typeDecision: { derived: 'house_hukou', chosen: 'house_hukou' },
  materials: [],
});

/** The answer without what differs between any two calls (the trace id of a problem document). */
const shape = (a: ConsoleAnswer) => {
  const { instance: _i, traceId: _t, ...body } = a.body;
  return { status: a.status, body };
};

it('the console hides county-wide acts from exactly the accounts whose queue the server limits (limitedScope = scopeWhere)', () => {
  const roles: ConsoleRole[] = ['admin', 'reviewer', 'second_reviewer', 'school', 'viewer'];
  const scopes = [{ schoolIds: [], types: [] }, { schoolIds: ['p-shiyan'], types: [] }, { schoolIds: [], types: ['house_hukou' as const] }];
  for (const role of roles) {
    for (const scope of scopes) {
      const limited = Object.values(scopeWhere({ role, scope })).some((list) => list !== undefined && list.length > 0);
      expect(limitedScope({ role, scope }), `${role} ${JSON.stringify(scope)}`).toBe(limited);
    }
  }
});

describe.each(testDialects())('console scope (%s)', (dialect) => {
  let s: TestServer;
  let admin: ConsoleTestClient;
  let wide: ConsoleTestClient;
  let scoped: ConsoleTestClient;
  let school: ConsoleTestClient;
  /** 王五 at p-shiyan (in scope), 张三 at p-chengguan (out), 李四 at both (a duplicate across the scope's edge), 赵六 twice at p-shiyan. */
  const apps: Record<string, { id: string; receipt: string }> = {};

  const account = async (role: 'reviewer' | 'second_reviewer' | 'school' | 'viewer', username: string, schoolIds: string[] = []) => {
    const created = await admin.ok('staff.create', { username, displayName: `${username} 姓名`, role, scope: { schoolIds, types: [] } });
    const c = new ConsoleTestClient(s.baseUrl);
    await c.signIn(username, created.initialPassword, PASSWORD);
    return c;
  };

  beforeAll(async () => {
    s = await startTestServer(dialect);
    expect((await s.cli(['plan', 'load', PLAN])).code).toBe(0);
    const desk = await s.device('A01');
    const people: [string, string, string, string][] = [
      ['wang', '王五', '379901201907070039', 'p-shiyan'],
      ['zhang', '张三', '379901201905050017', 'p-chengguan'],
      ['liIn', '李四', '379901201906060028', 'p-shiyan'],
      ['liOut', '李四', '379901201906060028', 'p-chengguan'],
      ['zhao1', '赵六', '379901201908080040', 'p-shiyan'],
      ['zhao2', '赵六', '379901201908080040', 'p-shiyan'],
    ];
    for (const [key, name, id, sch] of people) {
      const item = makeItem(desk, { record: { form: form(name, id, sch), receiptNo: 'x', planKey: 'sample-379901-2026@2026.1', submittedAt: '2026-06-15T02:00:00.000Z' }, childId: id });
      const r = await desk.batch(randomUUID(), [item]);
      expect(r.body.items[0]?.result).toBe('accepted');
      apps[key] = { id: item.applicationId, receipt: item.receiptNo };
    }
    const out = await s.cli(['staff', 'create-admin', '--username', 'admin', '--name', '王局长']);
    admin = new ConsoleTestClient(s.baseUrl);
    await admin.signIn('admin', /一次性初始密码：(\S+)/.exec(out.out)![1]!, PASSWORD);
    wide = await account('reviewer', 'wide1');
    scoped = await account('reviewer', 'scoped1', ['p-shiyan']);
    school = await account('school', 'school1', ['p-shiyan']);
  });
  afterAll(async () => s?.close());

  it('applications.get: the other applications of the same child are listed only when in scope', async () => {
    const all = await wide.ok('applications.get', { applicationId: apps.liIn!.id });
    expect(all.duplicates.map((x) => x.applicationId)).toEqual([apps.liOut!.id]);
    for (const c of [scoped, school]) {
      expect((await c.ok('applications.get', { applicationId: apps.liIn!.id })).duplicates).toEqual([]);
      expect((await c.ok('applications.get', { applicationId: apps.zhao1!.id })).duplicates.map((x) => x.applicationId)).toEqual([apps.zhao2!.id]);
      expect(shape(await c.call('applications.get', { applicationId: apps.liOut!.id }))).toEqual(shape(await c.call('applications.get', { applicationId: randomUUID() })));
    }
  });

  it('the duplicate flag, its filter and its count show only another application of the child in scope', async () => {
    const flags = async (c: ConsoleTestClient) => Object.fromEntries((await c.ok('queue.list', { filter: {} })).rows.map((r) => [r.applicationId, r.duplicate]));
    expect((await flags(wide))[apps.liIn!.id]).toBe(true);
    for (const c of [scoped, school]) {
      const f = await flags(c);
      expect(f).toEqual({ [apps.wang!.id]: false, [apps.liIn!.id]: false, [apps.zhao1!.id]: true, [apps.zhao2!.id]: true });
      expect((await c.ok('queue.list', { filter: { duplicate: true } })).rows.map((r) => r.applicationId).sort()).toEqual([apps.zhao1!.id, apps.zhao2!.id].sort());
      expect((await c.ok('queue.list', { filter: { duplicate: false } })).rows.map((r) => r.applicationId).sort()).toEqual([apps.wang!.id, apps.liIn!.id].sort());
      expect((await c.ok('queue.counts', { filter: {} })).duplicate).toBe(2);
      expect((await c.ok('queue.counts', { filter: { duplicate: true } })).total).toBe(2);
      expect((await c.ok('applications.get', { applicationId: apps.liIn!.id })).row.duplicate).toBe(false);
      expect((await c.ok('applications.get', { applicationId: apps.zhao1!.id })).row.duplicate).toBe(true);
    }
    expect((await wide.ok('queue.counts', { filter: {} })).duplicate).toBe(4);
  });

  it('receipts.verify: a receipt outside the scope is answered as an unknown one', async () => {
    const unknownReceipt = apps.zhang!.receipt.replace(/-\d{4}-/, '-9999-');
    const answer = async (c: ConsoleTestClient, receiptNo: string) => {
      const r = await c.call('receipts.verify', { receiptNo, code: 'ABCD1234' });
      return { status: r.status, body: JSON.stringify(r.body).replaceAll(receiptNo, '#') };
    };
    // The unscoped reviewer learns the receipt exists (a code mismatch); the scoped one cannot tell it from none.
    expect(await answer(wide, apps.zhang!.receipt)).not.toEqual(await answer(wide, unknownReceipt));
    expect(await answer(scoped, apps.zhang!.receipt)).toEqual(await answer(scoped, unknownReceipt));
    expect(await answer(scoped, apps.wang!.receipt)).toEqual(await answer(wide, apps.wang!.receipt));
  });

  it('duplicates: a group reaching outside the scope shows only its part in scope, flagged, and only an unscoped reviewer resolves it', async () => {
    const groupsOf = async (c: ConsoleTestClient) => (await c.ok('duplicates.list', { state: 'all' })).groups;
    const all = await groupsOf(wide);
    const cross = all.find((g) => g.applications.some((a) => a.applicationId === apps.liOut!.id))!;
    const inside = all.find((g) => g.applications.some((a) => a.applicationId === apps.zhao1!.id))!;
    expect(cross && inside).toBeTruthy();
    expect([cross.outsideScope, inside.outsideScope]).toEqual([false, false]);
    // Nothing of the other school's application reaches the scoped reviewer: not its id, receipt, school or count.
    const secrets = [apps.liOut!.id, apps.liOut!.receipt, 'p-chengguan', cross.applications.find((a) => a.applicationId === apps.liOut!.id)!.schoolName!];
    const leaks = (body: unknown) => secrets.filter((x) => JSON.stringify(body).includes(x));
    const mine = await groupsOf(scoped);
    expect(mine.map((g) => g.groupId).sort()).toEqual([cross.groupId, inside.groupId].sort());
    const mineCross = mine.find((g) => g.groupId === cross.groupId)!;
    expect(mineCross).toMatchObject({ outsideScope: true, resolution: null });
    expect(mineCross.applications.map((a) => a.applicationId)).toEqual([apps.liIn!.id]);
    expect(mine.find((g) => g.groupId === inside.groupId)!.outsideScope).toBe(false);
    expect(leaks(mine)).toEqual([]);
    expect((await scoped.ok('duplicates.list', { state: 'open' })).groups.map((g) => g.groupId).sort()).toEqual([cross.groupId, inside.groupId].sort());
    const shown = await scoped.ok('duplicates.get', { groupId: cross.groupId });
    expect(shown.outsideScope).toBe(true);
    expect(shown.records.map((r) => r.applicationId)).toEqual([apps.liIn!.id]);
    expect(leaks(shown)).toEqual([]);
    // Resolving it is refused with what to do (a 403 in Chinese), whichever application the reviewer keeps.
    const resolve = (c: ConsoleTestClient, groupId: string, keep: string) => c.call('duplicates.resolve', { groupId, keepApplicationId: keep, reason: '保留本校申请' });
    for (const keep of [apps.liIn!.id, apps.liOut!.id]) {
      const refused = await resolve(scoped, cross.groupId, keep);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'forbidden' });
      expect(String(refused.body.detail)).toMatch(/不限学校和类别的审核员/);
      expect(leaks(refused.body)).toEqual([]);
    }
    expect((await wide.ok('applications.get', { applicationId: apps.liOut!.id })).row.status).toBe('pending');
    expect((await wide.ok('applications.get', { applicationId: apps.liIn!.id })).row.status).toBe('pending');
    // The unscoped reviewer resolves it; closed, with nothing of it left active in scope, it is unknown to the scoped one.
    expect((await resolve(wide, cross.groupId, apps.liOut!.id)).status).toBe(200);
    expect((await wide.ok('applications.get', { applicationId: apps.liIn!.id })).row.status).toBe('withdrawn');
    expect((await groupsOf(scoped)).map((g) => g.groupId)).toEqual([inside.groupId]);
    const none = 'f'.repeat(64);
    expect(shape(await scoped.call('duplicates.get', { groupId: cross.groupId }))).toEqual(shape(await scoped.call('duplicates.get', { groupId: none })));
    expect(shape(await resolve(scoped, cross.groupId, apps.liIn!.id))).toEqual(shape(await resolve(scoped, none, apps.liIn!.id)));
    // Inside the scope it all works.
    expect((await scoped.ok('duplicates.get', { groupId: inside.groupId })).records).toHaveLength(2);
    expect((await resolve(scoped, inside.groupId, apps.zhao1!.id)).status).toBe(200);
  });

  it('dept: importing and withdrawing (county-wide) are refused to a scoped reviewer; collecting enquiries adds and counts only its scope', async () => {
    const csv = Buffer.from([...hukouLines(3)].join('\n'), 'utf8').toString('base64');
    const file = { source: 'hukou' as const, fileName: '户籍.csv', contentBase64: csv };
    const countyWideOnly = async (r: Promise<ConsoleAnswer>) => {
      const a = await r;
      expect(a.status).toBe(403);
      expect(a.body).toMatchObject({ code: 'forbidden' });
      expect(String(a.body.detail)).toMatch(/局管理员或不限学校和类别的审核员/);
    };
    await countyWideOnly(scoped.call('dept.preview', file));
    await countyWideOnly(scoped.call('dept.import', file));
    expect((await admin.ok('dept.imports', {})).imports).toEqual([]);
    const imported = await admin.ok('dept.import', file);
    if (!imported.ok) throw new Error('admin import refused');
    await countyWideOnly(scoped.call('dept.withdraw', { importId: imported.import.id, reason: '数据有误' }));
    // An import that does not exist gets the same answer: the scoped reviewer cannot probe import numbers either.
    await countyWideOnly(scoped.call('dept.withdraw', { importId: 999_999, reason: '数据有误' }));
    expect((await admin.ok('dept.imports', {})).imports.map((i) => i.status)).toEqual(['active']);
    // Every child has a hukou material without a record: the scoped reviewer's collection adds (and counts) only those in scope.
    const inScope = new Set([apps.wang!.id, apps.liIn!.id, apps.zhao1!.id, apps.zhao2!.id]);
    const { added } = await scoped.ok('dept.collectEnquiries', {});
    const enquiries = (await wide.ok('dept.enquiries', { state: 'all', limit: 500 })).enquiries;
    expect(enquiries.filter((e) => !inScope.has(e.applicationId))).toEqual([]);
    expect(enquiries.length).toBe(added);
    expect(added).toBeGreaterThan(0);
    // An unscoped reviewer and an admin still import and withdraw.
    const again = await wide.ok('dept.import', file);
    if (!again.ok) throw new Error('unscoped import refused');
    expect((await admin.ok('dept.withdraw', { importId: again.import.id, reason: '重复导入' })).import.status).toBe('withdrawn');
  });

  it('dept 函调: enquiries about applications outside the scope are neither listed, exported nor answerable', async () => {
    // An extract holding none of these children: every hukou material has no record, so each gets an enquiry.
    const csv = Buffer.from([...hukouLines(3)].join('\n'), 'utf8').toString('base64');
    expect((await admin.ok('dept.import', { source: 'hukou', fileName: '户籍.csv', contentBase64: csv })).ok).toBe(true);
    expect((await wide.ok('dept.collectEnquiries', {})).added).toBeGreaterThan(0);
    const all = (await wide.ok('dept.enquiries', { state: 'all', limit: 500 })).enquiries;
    const out = all.find((e) => e.applicationId === apps.zhang!.id)!;
    expect(out).toBeTruthy();
    const inScope = new Set([apps.wang!.id, apps.liIn!.id, apps.zhao1!.id, apps.zhao2!.id]);
    const mine = (await scoped.ok('dept.enquiries', { state: 'all', limit: 500 })).enquiries;
    expect(mine.map((e) => e.id).sort()).toEqual(all.filter((e) => inScope.has(e.applicationId)).map((e) => e.id).sort());
    expect(mine.length).toBeGreaterThan(0);
    const answer = async (enquiryId: number) => {
      const r = shape(await scoped.call('dept.answerEnquiry', { enquiryId, answer: 'confirmed', note: '电话核实无误' }));
      return JSON.stringify(r).replaceAll(String(enquiryId), '#');
    };
    expect(await answer(out.id)).toEqual(await answer(999_999));
    const file = await scoped.ok('dept.exportEnquiries', { source: out.source });
    expect(file.count).toBe(mine.filter((e) => e.source === out.source && e.state !== 'answered').length);
    const after = (await wide.ok('dept.enquiries', { state: 'all', limit: 500 })).enquiries.find((e) => e.id === out.id)!;
    expect(after).toMatchObject({ answer: null, exportedAt: null });
  });
});
