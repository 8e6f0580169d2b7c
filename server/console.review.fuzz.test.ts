import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleEndpointName } from '../shared/console';
import { type ApplicationDraft } from '../shared/contract/application';
import { makeItem, pageOf } from './testing/client';
import { ConsoleTestClient } from './testing/consoleClient';
import { type TestServer, startTestServer, testDialects } from './testing/harness';
import { type Rng, seededRng } from './testing/random';

// Fuzz of the console's foundation and review endpoints (issue 12), like console.ops.fuzz.test.ts for the
// operations: sign-in and sessions, CSRF, staff accounts, the queue, the application view, decisions and bulk
// approval, with generated bodies (wrong types, missing and extra keys, hostile and huge strings, deep nesting,
// near-valid values). Every answer is a documented status (never 5xx); every refusal is a problem document in
// Chinese and changes nothing that is stored (accounts, decisions, results, bulk tokens, sessions). A forged or
// missing CSRF token, or another origin, is refused on every state-changing endpoint.
//
// No seed can make a correct server fail: the fuzzing accounts are never a target (no generated body names them,
// their ids are not in any pool), sign-in, sign-out and password changes run on an account of their own whose
// lock-out or sign-out only turns its later answers into 401/423, and a generated body that happens to be valid
// may succeed (200 is always allowed). The seed is printed; TEST_SEED=<seed> repeats a run.

const PASSWORD = 'Kaoshi2026x';
const CASES = 360;
const PLAN = join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('page bytes')]);
const ALLOWED = [200, 400, 401, 403, 404, 409, 422, 423, 429];
const CJK = /[\u4e00-\u9fff]/;

/** Signed in as admin, reviewer or 复核人 (never signed out, never a target). */
const REVIEW: readonly ConsoleEndpointName[] = [
  'queue.list',
  'queue.counts',
  'applications.get',
  'decisions.templates',
  'decisions.approve',
  'decisions.requestMaterials',
  'decisions.reject',
  'decisions.confirmRejection',
  'decisions.returnRejection',
  'decisions.comment',
  'decisions.bulkPreview',
  'decisions.bulkApprove',
  'staff.list',
  'staff.create',
  'staff.update',
  'staff.setDisabled',
  'staff.resetPassword',
  'staff.unlock',
  'audit.list',
];
/** On the sacrificial account's client only. */
const AUTH: readonly ConsoleEndpointName[] = ['auth.signIn', 'auth.session', 'auth.signOut', 'auth.changePassword'];

const KEYS = ['applicationId', 'revision', 'items', 'deadline', 'place', 'note', 'reasonIds', 'reasonText', 'appealRoute', 'appealDeadline', 'decisionId', 'text', 'filter', 'token', 'count', 'limit', 'after', 'staffId', 'username', 'displayName', 'role', 'scope', 'disabled', 'password', 'currentPassword', 'newPassword', 'schoolIds', 'types', 'statuses', '__proto__', 'constructor'];

function value(r: Rng, pools: { ids: string[] }, depth = 0): unknown {
  switch (r.int(depth > 3 ? 10 : 13)) {
    case 0:
      return r.pick(['', ' ', 'reviewer', 'second_reviewer', 'school', 'readonly', 'pending', 'p-chengguan', 'hukou-booklet', '2026-13-45', '2026-07-01', 'house_hukou', 'fuzz.victim']);
    case 1:
      return 'x'.repeat(r.pick([1, 41, 201, 1001, 70_000]));
    case 2:
      return r.pick(['\u0000', '\u202e', '\ud800', "'; drop table staff; --", '<script>', '𠮷'.repeat(40), '%00', '../../etc/passwd']);
    case 3:
      return r.pick([0, -1, 1, 2, 2.5, 1e308, -0, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER]);
    case 4:
      return r.pick([true, false, null]);
    case 5:
      return r.pick([[], [1], ['a', 'b'], ['hukou-booklet'], ['p-chengguan', 'p-shiyan']]);
    case 6:
      return new Date(r.int(2 ** 42)).toISOString();
    case 7:
      return r.pick([randomUUIDFrom(r), ...pools.ids]);
    case 8:
      return r.pick(['{}', '{"filter":1}', '{\n  "a": [1, 2\n}']);
    case 9:
      return r.pick([{}, { text: '张' }, { statuses: ['pending'] }, { schoolIds: ['p-shiyan'] }, { submittedFrom: '2026-06-01', submittedTo: '2026-05-01' }]);
    default:
      return r.int(2)
        ? Object.fromEntries(Array.from({ length: r.int(4) }, () => [r.pick(KEYS), value(r, pools, depth + 1)]))
        : Array.from({ length: r.int(4) }, () => value(r, pools, depth + 1));
  }
}

/** A v4-shaped UUID from the seed (so a run repeats), not any row's id. */
function randomUUIDFrom(r: Rng): string {
  const hex = Array.from({ length: 32 }, () => '0123456789abcdef'[r.int(16)]).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

describe.each(testDialects())('console foundation and review fuzz (%s)', (dialect) => {
  let s: TestServer;
  let admin: ConsoleTestClient;
  let reviewer: ConsoleTestClient;
  let second: ConsoleTestClient;
  let sacrificial: ConsoleTestClient;
  const appIds: string[] = [];
  let victimId = '';
  let valid: Partial<Record<ConsoleEndpointName, Record<string, unknown>>> = {};

  const form = (name: string, id: string): ApplicationDraft => ({
    grade: 'primary1',
    child: { name, idType: 'resident_id', idNumber: id, birthDate: '2019-05-05', sex: 'M' },
    guardians: [{ relation: 'father', name: '张父', idType: 'resident_id', idNumber: '379901198001010011', mobile: '13800138000' }],
    school: { zoneEntryId: 'z1', schoolId: 'p-chengguan' },
    typeDecision: { derived: 'house_hukou', chosen: 'house_hukou' },
    materials: [{ itemId: 'hukou-booklet', state: 'missing' }],
  });

  /** What a refusal must leave as it was. */
  const stored = async (): Promise<string> => {
    const db = s.store.db;
    const staff = await db.selectFrom('staff').select(['id', 'username', 'display_name', 'role', 'scope', 'password_hash', 'must_change_password', 'disabled']).orderBy('id').execute();
    const count = async (table: 'review_decisions' | 'review_results' | 'bulk_approvals' | 'staff_sessions' | 'applications') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const used = await db.selectFrom('bulk_approvals').select('used_at').where('used_at', 'is not', null).execute();
    return JSON.stringify({
      staff,
      decisions: await count('review_decisions'),
      results: await count('review_results'),
      bulk: await count('bulk_approvals'),
      bulkUsed: used.length,
      sessions: await count('staff_sessions'),
      applications: await count('applications'),
    });
  };

  beforeAll(async () => {
    s = await startTestServer(dialect);
    expect((await s.cli(['plan', 'load', PLAN])).code).toBe(0);
    const desk = await s.device('A01');
    expect(await desk.upload(JPEG)).toBeTruthy();
    for (const [name, id] of [
      ['张三丰', '379901201905050017'],
      ['李四', '379901201906060028'],
    ] as const) {
      const item = makeItem(desk, {
        record: { form: form(name, id), receiptNo: 'x', planKey: 'sample-379901-2026@2026.1', submittedAt: '2026-06-15T02:00:00.000Z' },
        childId: id,
        pages: [pageOf(JPEG, 1, 'hukou-booklet')],
      });
      expect((await desk.batch(randomUUID(), [item])).body.items[0]?.result).toBe('accepted');
      appIds.push(item.applicationId);
    }
    const out = await s.cli(['staff', 'create-admin', '--username', 'admin', '--name', '王局长']);
    admin = new ConsoleTestClient(s.baseUrl);
    await admin.signIn('admin', /一次性初始密码：(\S+)/.exec(out.out)![1]!, PASSWORD);
    const account = async (role: 'reviewer' | 'second_reviewer' | 'viewer', username: string) => {
      const created = await admin.ok('staff.create', { username, displayName: `${username} 姓名`, role, scope: { schoolIds: [], types: [] } });
      const c = new ConsoleTestClient(s.baseUrl);
      await c.signIn(username, created.initialPassword, PASSWORD);
      return { client: c, id: created.account.staffId };
    };
    reviewer = (await account('reviewer', 'fuzz.reviewer')).client;
    second = (await account('second_reviewer', 'fuzz.second')).client;
    sacrificial = (await account('viewer', 'fuzz.target')).client;
    victimId = (await admin.ok('staff.create', { username: 'fuzz.victim', displayName: '被改的账号', role: 'viewer', scope: { schoolIds: [], types: [] } })).account.staffId;
    const [a, b] = appIds as [string, string];
    valid = {
      'queue.list': { filter: {}, limit: 5 },
      'queue.counts': { filter: {} },
      'applications.get': { applicationId: a },
      'decisions.templates': { applicationId: a },
      'decisions.approve': { applicationId: a, revision: 1 },
      'decisions.requestMaterials': { applicationId: b, revision: 1, items: ['hukou-booklet'], deadline: '2026-07-01', place: '城关第一小学' },
      'decisions.reject': { applicationId: b, revision: 1, reasonText: '材料不符', appealRoute: '县教育局基础教育科', appealDeadline: '2026-07-05' },
      'decisions.confirmRejection': { applicationId: b, decisionId: randomUUID() },
      'decisions.returnRejection': { applicationId: b, decisionId: randomUUID(), note: '请再核对' },
      'decisions.comment': { applicationId: a, text: '已电话联系家长' },
      'decisions.bulkPreview': { filter: { statuses: ['pending'] } },
      'decisions.bulkApprove': { token: 'x'.repeat(43), count: 1 },
      'staff.create': { username: 'fuzz.created', displayName: '新账号', role: 'viewer', scope: { schoolIds: [], types: [] } },
      'staff.update': { staffId: victimId, displayName: '改过的名字' },
      'staff.setDisabled': { staffId: victimId, disabled: true },
      'staff.resetPassword': { staffId: victimId },
      'staff.unlock': { staffId: victimId },
      'audit.list': { limit: 5 },
      'auth.signIn': { username: 'fuzz.target', password: PASSWORD },
      'auth.changePassword': { currentPassword: PASSWORD, newPassword: 'Kaoshi2026y' },
    };
  }, 120_000);
  afterAll(async () => s?.close());

  it(`${CASES} generated bodies: documented answers only, Chinese problem documents, nothing stored by a refusal`, async () => {
    const r = seededRng(`console review fuzz (${dialect})`);
    const pools = { ids: [...appIds, victimId] };
    const statuses = new Map<number, number>();
    let csrfChecked = 0;
    for (let i = 0; i < CASES; i++) {
      const onAuth = r.int(6) === 0;
      const name = onAuth ? r.pick(AUTH) : r.pick(REVIEW);
      const client = onAuth ? sacrificial : r.pick([admin, reviewer, second]);
      const base = valid[name] ?? {};
      let input: unknown;
      const shape = r.int(8);
      if (shape < 2) input = base;
      else if (shape < 5 && Object.keys(base).length > 0) input = { ...base, [r.pick(Object.keys(base))]: value(r, pools) };
      else if (shape === 5) input = { ...base, [r.pick(KEYS)]: value(r, pools) };
      else if (shape === 6) input = value(r, pools);
      else input = Object.fromEntries(Array.from({ length: r.int(5) }, () => [r.pick(KEYS), value(r, pools)]));
      // One in eight state-changing calls from a signed-in fuzzing client: forged, missing CSRF, or another origin.
      const forge = !onAuth && r.int(8) === 0 ? r.pick<{ csrf?: string | null; origin?: string }>([{ csrf: null }, { csrf: 'forged-token' }, { origin: 'https://evil.example' }]) : null;

      const before = await stored();
      const res = await client.call(name, input, forge ?? {});
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const what = `${name} ${JSON.stringify(input)?.slice(0, 200)}${forge ? ` ${JSON.stringify(forge)}` : ''} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
      expect(ALLOWED, what).toContain(res.status);
      if (forge) {
        expect(res.body.code, what).toBe('csrf_rejected');
        csrfChecked++;
      }
      if (res.status !== 200) {
        expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
        expect(typeof res.body.detail === 'string' && CJK.test(res.body.detail), what).toBe(true);
        // Sign-in failures count towards the lock-out (staff.failed_attempts, not compared) and are audited; nothing
        // else may change.
        expect(await stored(), what).toBe(before);
      }
    }
    console.log(`console review fuzz (${dialect}, seed ${r.seed}): statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${csrfChecked} forged`);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    // The fuzzing accounts were never a target: they still work.
    for (const c of [admin, reviewer, second]) expect((await c.call('auth.session', {})).status).toBe(200);
    // Two snapshots of the stored state per case: about 20 s alone, a minute on a busy 2-core machine.
  }, 300_000);
});
