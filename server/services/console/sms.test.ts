import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeviceClient, makeItem } from '../../testing/client';
import { type TestServer, startTestServer, testDialects } from '../../testing/harness';
import { TEST_ADMIN, recordingAudit } from '../../testing/opsAudit';
import { recordResult } from '../results';
import { type SmsConfig, CountyGatewayDriver, LogSmsDriver, SmsSender, listSms, smsConfigFromEnv, smsStatus } from './sms';

// SMS behind its port: a result queues the guardian's message in its own transaction (or records why none went),
// the sender delivers after commit through the log driver or the county gateway (here a stand-in gateway over
// real HTTP), retries what the gateway could not take, and every step is audited. Numbers leave the table once sent.

const config = (over: Partial<SmsConfig> = {}): SmsConfig => ({ ...smsConfigFromEnv({ SMS_DRIVER: 'log' }), lookupUrl: 'https://zsb.example.gov.cn/lookup', ...over });

describe.each(testDialects())('SMS to guardians (%s)', (dialect) => {
  let s: TestServer;
  let desk: DeviceClient;
  const dir = mkdtempSync(join(tmpdir(), 'sms-'));
  beforeAll(async () => {
    s = await startTestServer(dialect);
    desk = await s.device('S01');
  });
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const submit = async (mobile: string | null) => {
    const record = { form: { child: { name: '欧阳小明', idNumber: '379901201906060014' }, guardians: mobile ? [{ name: '欧阳大明', mobile }] : [] } };
    const item = makeItem(desk, { record });
    await desk.batch(randomUUID(), [item]);
    return item;
  };
  const result = (ref: string, outcome: string, over: Record<string, unknown> = {}) => ({
    ref,
    outcome,
    reasons: [],
    missingMaterials: [],
    schoolCode: null,
    schoolName: null,
    reportDate: null,
    reportPlace: null,
    decidedBy: null,
    ...over,
  });

  it('log driver: queued with the result, sent after commit, masked, audited; no number or SMS off → skipped with the reason', async () => {
    const audit = recordingAudit();
    const file = join(dir, 'sms.log');
    const ctx = { config: config({ logFile: file }), audit, actor: TEST_ADMIN };
    const app = await submit('138 0013 1234');
    await recordResult(s.store.db, result(app.receiptNo, 'needs_materials', { reportDate: '2026-07-10', reportPlace: '城关报名点' }), new Date(), ctx);
    await recordResult(s.store.db, result(app.receiptNo, 'under_review'), new Date(), ctx); // tells the family nothing new
    let [m] = await listSms(s.store.db, { applicationId: app.applicationId, limit: 10 });
    expect(m).toMatchObject({ status: 'queued', template: 'needs_materials', toMasked: '138****1234', receiptNo: app.receiptNo });
    expect(m!.text).toContain('欧**明');
    expect(m!.text).toContain('2026-07-10 前到 城关报名点');
    expect(m!.text).not.toContain('欧阳小明');
    expect(await smsStatus(s.store.db, ctx.config, null)).toMatchObject({ driver: 'log', queued: 1 });

    const logged: object[] = [];
    const sender = new SmsSender(s.store.db, new LogSmsDriver((o) => logged.push(o), file), audit);
    expect(await sender.flush()).toBe(1);
    expect(await sender.flush()).toBe(0);
    [m] = await listSms(s.store.db, { applicationId: app.applicationId, limit: 10 });
    expect(m).toMatchObject({ status: 'sent', sentAt: expect.any(String) as string, error: null });
    expect(readFileSync(file, 'utf8')).toContain('138****1234');
    expect(JSON.stringify(logged) + readFileSync(file, 'utf8')).not.toContain('13800131234');
    const stored = await s.store.db.selectFrom('sms_messages').select('to_number').where('id', '=', m!.id).executeTakeFirstOrThrow();
    expect(stored.to_number).toBeNull();
    expect(audit.entries.map((e) => [e.action, e.target])).toEqual([
      ['results.record', app.applicationId],
      ['sms.queued', app.applicationId],
      ['results.record', app.applicationId],
      ['sms.sent', app.applicationId],
    ]);

    const none = await submit(null);
    await recordResult(s.store.db, result(none.applicationId, 'approved'), new Date(), ctx);
    const off = await submit('13900001111');
    await recordResult(s.store.db, result(off.applicationId, 'admitted', { schoolName: '城关第一小学' }), new Date(), { ...ctx, config: config({ mode: 'off' }) });
    const [skippedNone] = await listSms(s.store.db, { applicationId: none.applicationId, limit: 10 });
    const [skippedOff] = await listSms(s.store.db, { applicationId: off.applicationId, limit: 10 });
    expect(skippedNone).toMatchObject({ status: 'skipped', template: 'accepted', error: expect.stringContaining('没有监护人手机号') as string });
    expect(skippedOff).toMatchObject({ status: 'skipped', template: 'result', error: expect.stringContaining('SMS_DRIVER') as string });
    expect(skippedOff!.text).toContain('已录取，学校：城关第一小学');
    expect(audit.entries.filter((e) => e.action === 'sms.skipped')).toHaveLength(2);
  });

  it('county gateway: bearer token and JSON over HTTP; retried after a 503, refused for good after a 400 or the last attempt', async () => {
    const got: { auth: string | undefined; body: { id: string; to: string; text: string } }[] = [];
    const answers = [503, 200, 400];
    const gateway = createServer((req: IncomingMessage, res: ServerResponse) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString('utf8')));
      req.on('end', () => {
        got.push({ auth: req.headers.authorization, body: JSON.parse(data) as { id: string; to: string; text: string } });
        res.writeHead(answers.shift() ?? 503).end('busy');
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const address = gateway.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/send`;
    try {
      const cfg = smsConfigFromEnv({ SMS_DRIVER: 'gateway', SMS_GATEWAY_URL: url, SMS_GATEWAY_TOKEN: 'tok-1', SMS_SIGN: '示例县教育局' });
      const audit = recordingAudit();
      const ctx = { config: cfg, audit, actor: TEST_ADMIN };
      const driver = new CountyGatewayDriver(cfg);
      expect(driver.describe).toBe(new URL(url).origin);
      const sender = new SmsSender(s.store.db, driver, audit);
      const first = await submit('13700001234');
      await recordResult(s.store.db, result(first.applicationId, 'approved'), new Date(), ctx);
      expect(await sender.flush()).toBe(0); // 503: stays queued with the gateway's answer
      expect((await listSms(s.store.db, { applicationId: first.applicationId, limit: 1 }))[0]).toMatchObject({ status: 'queued', error: expect.stringContaining('HTTP 503') as string });
      expect(await sender.flush()).toBe(1);
      expect(got.map((g) => [g.auth, g.body.to])).toEqual([
        ['Bearer tok-1', '13700001234'],
        ['Bearer tok-1', '13700001234'],
      ]);
      expect(got[0]!.body.text).toMatch(/^【示例县教育局】/);
      expect(got[0]!.body.id).toBe(got[1]!.body.id);

      const second = await submit('13700005678');
      await recordResult(s.store.db, result(second.applicationId, 'rejected'), new Date(), ctx);
      await sender.flush(); // 400: refused for good
      expect((await listSms(s.store.db, { applicationId: second.applicationId, limit: 1 }))[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('HTTP 400') as string });
      expect(audit.entries.filter((e) => e.action === 'sms.failed').map((e) => e.target)).toEqual([second.applicationId]);

      const third = await submit('13700009999');
      await recordResult(s.store.db, result(third.applicationId, 'reassigned'), new Date(), ctx);
      for (let i = 0; i < 4; i++) await sender.flush(); // 503 every time: failed after the last attempt
      expect((await listSms(s.store.db, { applicationId: third.applicationId, limit: 1 }))[0]).toMatchObject({ status: 'failed' });
      expect(got.filter((g) => g.body.to === '13700009999')).toHaveLength(3);
    } finally {
      await new Promise((resolve) => gateway.close(resolve));
    }
    expect(() => smsConfigFromEnv({ SMS_DRIVER: 'gateway' })).toThrow('SMS_GATEWAY_URL');
    expect(() => smsConfigFromEnv({ SMS_DRIVER: 'carrier-pigeon' })).toThrow('SMS_DRIVER 应为');
  });
});
