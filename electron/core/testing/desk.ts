// Helpers for core tests: a real desk on a temp dir with test ports. Not used by production code.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DB_FILE, openDesk, type DeskCore, type DeskOptions } from '../desk';
import { openEncrypted } from '../db/connection';
import { loadOrCreateKeys } from '../services/keys';
import { testPorts, type TestPortsOptions } from '../../harness/testPorts';
import type { MethodInput, MethodName, MethodOutput, RpcError } from '../../../shared/contract';
import type { ApplicationStatus } from '../../../shared/contract/application';
import type { CountyPlan } from '../../../shared/plan/schema';

export interface TestDesk {
  core: DeskCore;
  dataDir: string;
  ports: ReturnType<typeof testPorts>;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  fail(method: string, input: unknown): Promise<RpcError>;
  reopen(): Promise<TestDesk>;
  close(): void;
  cleanup(): void;
}

export const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'desk-core-'));
}

export async function openTestDesk(
  dataDir: string = tempDataDir(),
  options: TestPortsOptions & Partial<Pick<DeskOptions, 'allowInsecureKeyStorage' | 'backupCheckMs' | 'log' | 'sync'>> = {},
): Promise<TestDesk> {
  const ports = testPorts(options);
  const core = await openDesk({
    dataDir,
    ports,
    appVersion: 'test',
    allowInsecureKeyStorage: options.allowInsecureKeyStorage === true,
    ...(options.backupCheckMs !== undefined ? { backupCheckMs: options.backupCheckMs } : {}),
    ...(options.sync ? { sync: options.sync } : {}),
    // Quiet by default (many tests provoke failures on purpose); a test process that must explain an INTERNAL passes one.
    log: options.log ?? { error: () => undefined },
  });
  const desk: TestDesk = {
    core,
    dataDir,
    ports,
    async call(method, input) {
      const r = await core.call(method, input);
      if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.details ?? {})}`);
      return r.value as never;
    },
    async fail(method, input) {
      const r = await core.call(method, input);
      if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
      return r.error;
    },
    async reopen() {
      core.close();
      return openTestDesk(dataDir, options);
    },
    close: () => {
      core.close();
      ports.ocr?.close();
    },
    cleanup() {
      core.close();
      ports.ocr?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return desk;
}

export async function setUpDesk(desk: TestDesk): Promise<void> {
  await desk.call('setup.initialize', {
    counterName: '东港区政务服务中心 1 号窗口',
    counterCode: 'A01',
    countyCode: '371102',
    admin: ADMIN,
  });
}

/** A fresh desk, set up with the admin signed in, and the county plan it takes applications under. */
export async function openPlannedDesk(): Promise<{ desk: TestDesk; plan: CountyPlan; planKey: string }> {
  const desk = await openTestDesk();
  await setUpDesk(desk);
  const active = await desk.call('plans.getActive', {});
  return { desk, plan: active.plan, planKey: active.info.planKey };
}

/**
 * Tests run on the real date, usually outside the sample plan's registration window (2026-06-15 to 07-10), where a
 * counter needs a supervisor's recorded approval before submitting (issue 10). This gives it for a saved draft as the
 * admin would (their own password, for when a clerk is signed in); inside the window the core answers that none is
 * needed and nothing is recorded.
 */
export async function approveIfOutsideWindow(desk: Pick<TestDesk, 'core'>, id: string): Promise<void> {
  const r = await desk.core.call('applications.approveOutsideWindow', {
    id,
    reason: '测试：报名时间外受理',
    supervisorUsername: ADMIN.username,
    supervisorPassword: ADMIN.password,
  });
  if (!r.ok && r.error.code !== 'OUTSIDE_WINDOW_NOT_NEEDED') throw new Error(`approveOutsideWindow failed: ${r.error.code} ${r.error.message}`);
}

/** Run `fn` on a second handle on the desk's encrypted database file (what changes a record behind the core's back). */
export async function withDeskFile<T>(desk: Pick<TestDesk, 'dataDir' | 'ports'>, fn: (db: ReturnType<typeof openEncrypted>) => T): Promise<T> {
  const keys = await loadOrCreateKeys(desk.dataDir, desk.ports.secretStore, false);
  const db = openEncrypted(join(desk.dataDir, DB_FILE), keys.db);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** What the sync does when the county decides: the application's status is set from the result, behind the core. */
export async function setStatusBehindCore(desk: Pick<TestDesk, 'dataDir' | 'ports'>, id: string, status: ApplicationStatus): Promise<void> {
  await withDeskFile(desk, (db) => db.prepare('UPDATE applications SET status = ? WHERE id = ?').run(status, id));
}
