import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeItem } from './testing/client';
import { type TestServer, startTestServer, testDialects } from './testing/harness';
import { TEST_CLI, recordingAudit } from './testing/opsAudit';
import { type OpsCommand, type OpsCliValues, runOpsCommand } from './opsCli';
import { smsConfigFromEnv } from './services/console/sms';

// The admin commands the console also offers: the same services, each audited with the operator of the command.

const PLAN = join(import.meta.dirname, '..', 'resources', 'plans', 'sample-county-2026.json');

describe.each(testDialects())('admin commands audited with the operator (%s)', (dialect) => {
  let s: TestServer;
  const dir = mkdtempSync(join(tmpdir(), 'opscli-'));
  const audit = recordingAudit();
  beforeAll(async () => {
    s = await startTestServer(dialect);
  });
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (command: OpsCommand, values: OpsCliValues = {}, positionals: string[] = []) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runOpsCommand(command, values, positionals, {
      store: s.store,
      county: s.county,
      now: new Date(),
      actor: TEST_CLI,
      audit,
      sms: smsConfigFromEnv({}),
      serverUrl: 'https://zsb.example.gov.cn',
      out: (x) => out.push(x),
      err: (x) => err.push(x),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('every command leaves an audit entry naming the operator; plan problems come with file:line:column', async () => {
    const created = await run('counter create', { code: 'K01', name: '命令行报名点' });
    expect(created.out).toMatch(/ED-ENROLL1\|https:\/\/zsb\.example\.gov\.cn\|[A-Z0-9-]+/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "planId": "x",\n  "version": 2026\n}');
    const bad = await run('plan load', {}, [broken]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`${broken}:3:3 version:`);
    expect((await run('plan load', {}, [PLAN])).code).toBe(0);

    const a = await s.device('K02');
    const b = await s.device('K03');
    const child = '379901202003030033';
    const [x, y] = [makeItem(a, { childId: child }), makeItem(b, { childId: child })];
    await a.batch(randomUUID(), [x]);
    await b.batch(randomUUID(), [y]);
    expect((await run('result record', { status: 'approved' }, [x.receiptNo])).code).toBe(0);
    expect((await run('applications list')).code).toBe(0);
    expect((await run('duplicates list')).code).toBe(0);
    await expect(run('duplicates resolve', { reason: ['太短'] })).rejects.toThrow('用法：duplicates resolve');
    const resolved = await run('duplicates resolve', { keep: y.receiptNo, reason: ['家长选择 K03'] });
    expect(resolved.out).toContain(`已撤回 ${x.receiptNo}`);
    expect((await run('online apply', { id: '379901202003030041' })).code).toBe(0);
    expect((await run('receipt verify', {}, [x.receiptNo, 'AAAAA-AAAAA'])).code).toBe(1);
    expect((await run('counter revoke', {}, ['K01'])).code).toBe(0);

    expect(audit.entries.map((e) => e.action)).toEqual([
      'counters.create',
      'plans.publish',
      'results.record',
      'sms.skipped',
      'applications.listed',
      'duplicates.listed',
      'duplicates.resolve',
      'online.apply',
      'receipts.verified',
      'counters.revoke',
    ]);
    expect(audit.entries.every((e) => e.actor === TEST_CLI)).toBe(true);
    // Stored beside the data: who published the plan, who decided, who resolved — the OS user, labelled.
    const label = '系统用户 root（命令行）';
    expect((await s.store.db.selectFrom('plans').select('published_by').executeTakeFirstOrThrow()).published_by).toBe(label);
    expect((await s.store.db.selectFrom('duplicate_resolutions').select('resolved_by').executeTakeFirstOrThrow()).resolved_by).toBe(label);
    const result = await s.store.db.selectFrom('review_results').select('payload').where('application_id', '=', x.applicationId).executeTakeFirstOrThrow();
    expect(JSON.parse(result.payload)).toMatchObject({ decidedBy: label });
  });
});
