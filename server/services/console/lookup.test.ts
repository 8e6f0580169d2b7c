import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_API, LOOKUP_API, type LookupResult } from '../../../shared/console';
import { consoleApiText } from '../../../shared/i18n/zhCN.consoleApi';
import { receiptQrText } from '../../../shared/print/qr';
import { verificationCode } from '../../../nodelib/verification';
import { reposOf } from '../../db/repos';
import { type DeviceClient, makeItem } from '../../testing/client';
import { type TestServer, startTestServer, testDialects } from '../../testing/harness';
import { lookupCheck, takeLookup } from './lookup';

// The public lookup: a genuine receipt or notice shows the status with masked data; anything that does not match
// answers exactly `{ found: false }`; too many lookups from one address answer 429 with Retry-After.

const PLAN = join(import.meta.dirname, '..', '..', '..', 'resources', 'plans', 'sample-county-2026.json');

describe.each(testDialects())('public lookup (%s)', (dialect) => {
  let s: TestServer;
  let desk: DeviceClient;
  const key = randomBytes(32);
  // One fixed time: every HTTP lookup of this file falls in one rate-limit window.
  const t0 = new Date();
  beforeAll(async () => {
    s = await startTestServer(dialect, { now: () => t0 });
    desk = await s.device('L01', '查询报名点', key);
    expect((await s.cli(['plan', 'load', PLAN])).code).toBe(0);
  });
  afterAll(async () => s?.close());

  /** An application as a desk sends it, and the code printed on its receipt. */
  async function submit(name: string, idNumber: string, schoolId = 'p-chengguan', extra: Record<string, unknown> = {}) {
    const record = { form: { child: { name, idNumber }, school: { schoolId } }, submittedAt: '2026-06-15T01:02:03.000Z', planKey: 'sample@2026.1', ...extra };
    const item = makeItem(desk, { record, childId: idNumber });
    expect((await desk.batch(randomUUID(), [item])).body.items[0]?.result).toBe('accepted');
    const code = verificationCode(key, 'receipt', { receiptNo: item.receiptNo, childName: name, childIdNumber: idNumber, schoolId, submittedAt: record.submittedAt });
    return { item, code };
  }
  const lookup = (body: unknown) =>
    fetch(`${s.baseUrl}${LOOKUP_API}/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('a genuine receipt: status and masked data, by number + code or by the QR text; over HTTP without sign-in', async () => {
    const { item, code } = await submit('欧阳小明', '379901201906060014');
    const res = await lookup({ receiptNo: item.receiptNo.toLowerCase(), code: code.toLowerCase().replace('-', ' ') });
    expect(res.status).toBe(200);
    const body = (await res.json()) as LookupResult;
    expect(body).toEqual({
      found: true,
      document: 'receipt',
      current: true,
      receiptNo: item.receiptNo,
      childNameMasked: '欧**明',
      schoolName: '示例县城关第一小学',
      status: 'pending',
      statusText: consoleApiText.publicStatuses.pending,
      submittedAt: '2026-06-15T01:02:03.000Z',
      decidedAt: null,
    });
    // Nothing of the ID number, the guardians or the full name anywhere in the answer.
    const text = JSON.stringify(body);
    for (const secret of ['379901201906060014', '0014', '欧阳小明', '小明']) expect(text).not.toContain(secret);
    const byQr = await lookup({ receiptNo: receiptQrText(item.receiptNo, code), code: '' });
    expect(await byQr.json()).toEqual(body);
  });

  it('a pair that does not match says nothing: wrong code, unknown receipt, no receipt key, empty code, all the same answer', async () => {
    const { item, code } = await submit('李四', '379901201906060022');
    const other = await s.device('L02', '无密钥报名点'); // enrolled without a receipt key
    const noKey = makeItem(other, { record: { form: { child: { name: '王五', idNumber: '379901201906060030' } } }, childId: '379901201906060030' });
    await other.batch(randomUUID(), [noKey]);
    const answers = await Promise.all([
      lookup({ receiptNo: item.receiptNo, code: code.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }),
      lookup({ receiptNo: '379901-L01-260615-9999-0', code }),
      lookup({ receiptNo: noKey.receiptNo, code }),
      lookup({ receiptNo: item.receiptNo }),
    ]);
    const bodies = await Promise.all(answers.map((r) => r.text()));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(bodies)).toEqual(new Set(['{"found":false}']));
  });

  it('a notice: genuine, and out of date once the county decided again; status follows results, withdrawal and voiding', async () => {
    const { item, code } = await submit('张三丰', '379901201906060049');
    expect(await s.cli(['result', 'record', item.receiptNo, '--status', 'admitted', '--school-code', 'S01', '--school', '第一小学'])).toMatchObject({ code: 0 });
    const notice1 = verificationCode(key, 'notice', { receiptNo: item.receiptNo, childIdNumber: '379901201906060049', resultVersion: 1, outcome: 'admitted', schoolCode: 'S01' });
    const first = await lookupCheck(s.store.db, { receiptNo: item.receiptNo, code: notice1 });
    expect(first).toMatchObject({ found: true, document: 'notice', current: true, status: 'admitted', childNameMasked: '张*丰', decidedAt: expect.any(String) as string });
    expect(await s.cli(['result', 'record', item.receiptNo, '--status', 'awaiting_reassignment'])).toMatchObject({ code: 0 });
    expect(await lookupCheck(s.store.db, { receiptNo: item.receiptNo, code: notice1 })).toMatchObject({ found: true, document: 'notice', current: false, status: 'awaiting_reassignment' });
    // The receipt stays genuine whatever happens after.
    expect(await lookupCheck(s.store.db, { receiptNo: item.receiptNo, code })).toMatchObject({ document: 'receipt', current: true });

    await reposOf(s.store.db).duplicates.withdraw({ application_id: item.applicationId, group_id: 'g', kept_application_id: randomUUID(), reason: '重复', withdrawn_at: t0.toISOString(), withdrawn_by: '审核员' });
    expect(await lookupCheck(s.store.db, { receiptNo: item.receiptNo, code })).toMatchObject({ status: 'withdrawn', statusText: consoleApiText.publicStatuses.withdrawn });
    // Voided at the desk (the record says so) outranks everything.
    const voided = await submit('赵六', '379901201906060057', 'p-chengguan', { voided: { reason: '家长撤回' } });
    expect(await lookupCheck(s.store.db, { receiptNo: voided.item.receiptNo, code: voided.code })).toMatchObject({ status: 'voided', statusText: consoleApiText.publicStatuses.voided });
  });

  it('too many lookups from one address: 429 rate_limited with Retry-After; the limit holds across processes sharing the database', async () => {
    const results: Response[] = [];
    for (let i = 0; i < 12; i++) results.push(await lookup({ receiptNo: `379901-L01-260615-${String(i).padStart(4, '0')}-0`, code: 'AAAAA-AAAAA' }));
    const limited = results.filter((r) => r.status === 429);
    // Earlier tests of this file made 6 lookups in this window: 4 more pass, the rest are refused.
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    expect(limited).toHaveLength(8);
    const p = (await limited[0]!.json()) as { code: string; detail: string };
    expect(p.code).toBe('rate_limited');
    expect(p.detail).toMatch(/请 \d+ 秒后再试/);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // The count is in the database: another replica (here: the service on the same database) sees it too.
    expect(await takeLookup(s.store.db, '127.0.0.1', t0)).not.toBeNull();
    // Another address has its own allowance; the next window starts afresh (and the old windows are deleted).
    expect(await takeLookup(s.store.db, '10.1.2.3', t0)).toBeNull();
    const next = new Date(t0.getTime() + 60_000);
    expect(await takeLookup(s.store.db, '127.0.0.1', next)).toBeNull();
    const rows = await s.store.db.selectFrom('lookup_hits').select(['client', 'window_start']).execute();
    expect(rows.every((r) => r.window_start >= new Date(Math.floor(next.getTime() / 60_000) * 60_000).toISOString())).toBe(true);
    // The console API prefix is not where the lookup lives.
    expect((await fetch(`${s.baseUrl}${CONSOLE_API}/lookup.check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
  });
});
