// Helpers for core tests: a real desk on a temp dir with test ports. Not used by production code.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDesk, type DeskCore, type DeskOptions } from '../desk';
import { testPorts, type TestPortsOptions } from '../../harness/testPorts';
import type { MethodInput, MethodName, MethodOutput, RpcError } from '../../../shared/contract';
import type { CountyPlan } from '../../../shared/plan/schema';

export interface TestDesk {
  core: DeskCore;
  dataDir: string;
  ports: ReturnType<typeof testPorts>;
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  fail(method: string, input: unknown): Promise<RpcError>;
  reopen(): TestDesk;
  close(): void;
  cleanup(): void;
}

export const ADMIN = { username: 'admin', displayName: '王管理', password: 'Desk2026ok' };

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'desk-core-'));
}

export function openTestDesk(
  dataDir: string = tempDataDir(),
  options: TestPortsOptions & Partial<Pick<DeskOptions, 'allowInsecureKeyStorage'>> = {},
): TestDesk {
  const ports = testPorts(options);
  const core = openDesk({
    dataDir,
    ports,
    appVersion: 'test',
    allowInsecureKeyStorage: options.allowInsecureKeyStorage === true,
    log: { error: () => undefined },
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
    reopen() {
      core.close();
      return openTestDesk(dataDir, options);
    },
    close: () => core.close(),
    cleanup() {
      core.close();
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
  const desk = openTestDesk();
  await setUpDesk(desk);
  const active = await desk.call('plans.getActive', {});
  return { desk, plan: active.plan, planKey: active.info.planKey };
}
