// The core behind a message port (ADR 0017), tested without Electron: a child_process.fork child stands in for the
// utilityProcess and runs the same core process code (utilityCore.ts → the real openDesk); this process plays main,
// lending its secret store, printer and open dialog through the same CoreSupervisor main uses.
import { fork } from 'node:child_process';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker } from './testing/bundleWorker';
import { ADMIN, tempDataDir } from './testing/desk';
import { CoreSupervisor, type CoreChild, type HostPorts } from './portBridge';
import { DB_FILE } from './desk';
import type { CoreProcessOptions } from './utilityCore';
import { TestSecretStore } from '../harness/testPorts';
import { FakePrinter } from '../harness/fakePrinter';
import { readKeyFile, unwrapWithStore } from './services/backup/masterKey';
import type { DeskStatus, RpcResult } from '../../shared/contract';

const ROOT = join(import.meta.dirname, '..', '..');
const CHILD = join(ROOT, '.tmp', 'core-child.mjs');

beforeAll(async () => {
  await bundleWorker(join(import.meta.dirname, 'testing', 'coreChild.ts'), CHILD);
}, 120_000);

const children: Array<ReturnType<typeof fork>> = [];
const dirs: string[] = [];
const supervisors: Array<CoreSupervisor<CoreProcessOptions>> = [];

afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((s) => s.close()));
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function spawnChild(): CoreChild {
  const child = fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: ROOT });
  // A send racing the child's death reports here, not as an uncaught error; the exit below is what counts.
  child.on('error', () => undefined);
  children.push(child);
  return {
    endpoint: {
      send: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => {
        child.on('message', listener);
      },
    },
    onExit: (listener) => {
      child.once('exit', (code) => listener(code));
    },
    kill: () => child.kill('SIGKILL'),
  };
}

interface Started {
  core: CoreSupervisor<CoreProcessOptions>;
  stopped: string[];
  dataDir: string;
}

function startCore(ports: HostPorts, dataDir = tempDataDir()): Started {
  if (!dirs.includes(dataDir)) dirs.push(dataDir);
  const stopped: string[] = [];
  const core = new CoreSupervisor<CoreProcessOptions>({
    spawn: spawnChild,
    ports,
    options: { dataDir, appVersion: 'bridge-test', allowInsecureKeyStorage: false },
    appVersion: 'bridge-test',
    onStopped: (reason) => stopped.push(reason),
  });
  supervisors.push(core);
  return { core, stopped, dataDir };
}

function hostPorts(secret = 'bridge', fileDialog?: HostPorts['fileDialog']): HostPorts & { secretStore: TestSecretStore } {
  return { secretStore: new TestSecretStore(secret), printer: new FakePrinter(), ...(fileDialog ? { fileDialog } : {}) };
}

async function value<T>(result: Promise<RpcResult<unknown>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`call failed: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function setUp(core: CoreSupervisor<CoreProcessOptions>): Promise<void> {
  await value(core.call('setup.initialize', { counterName: '东港区政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '371102', admin: ADMIN }));
}

describe('the core in a child process behind the message port', () => {
  it('opens its data with keys wrapped by the parent’s secret store; calls round-trip', async () => {
    const ports = hostPorts();
    const { core, dataDir } = startCore(ports);
    expect(await core.ready).toBeNull();
    expect((await value<DeskStatus>(core.call('system.getStatus', {}))).phase).toBe('needsSetup');
    await setUp(core);
    expect((await value<DeskStatus>(core.call('system.getStatus', {}))).counter?.counterCode).toBe('A01');

    // The key file the child wrote opens only with the parent's store: the wrap went through the port.
    expect(existsSync(join(dataDir, 'desk.key.json'))).toBe(true);
    expect(await unwrapWithStore(readKeyFile(dataDir), ports.secretStore)).not.toBeNull();
    expect(await unwrapWithStore(readKeyFile(dataDir), new TestSecretStore('another PC'))).toBeNull();
    await core.close();

    // Reopened by a parent whose store cannot unwrap it: the child reports the key, it does not open.
    const other = startCore(hostPorts('another PC'), dataDir);
    expect((await other.core.ready)?.code).toBe('KEY_UNREADABLE');
    const status = await value<DeskStatus>(other.core.call('system.getStatus', {}));
    expect(status.phase).toBe('bootError');
  }, 120_000);

  it('forwards the core’s events to the parent', async () => {
    const { core } = startCore(hostPorts());
    await core.ready;
    await setUp(core);
    const events: Array<[string, unknown]> = [];
    core.onEvent((event, payload) => events.push([event, payload]));
    await value(core.call('auth.logout', {}));
    await value(core.call('auth.login', { username: ADMIN.username, password: ADMIN.password }));
    expect(events).toContainEqual(['session.changed', { reason: 'logout' }]);
    expect(events).toContainEqual(['session.changed', { reason: 'login' }]);
    expect(events.findIndex(([, p]) => (p as { reason: string }).reason === 'logout')).toBeLessThan(
      events.findIndex(([, p]) => (p as { reason: string }).reason === 'login'),
    );
  }, 120_000);

  it('answers concurrent calls each with its own result', async () => {
    const { core } = startCore(hostPorts());
    await core.ready;
    // Unknown methods answer with their own name; status calls in between answer with the status.
    const calls = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? core.call('system.getStatus', {}) : core.call(`no.such${i}`, {})));
    const results = await Promise.all(calls);
    results.forEach((r, i) => {
      if (i % 3 === 0) {
        expect(r.ok && (r.value as DeskStatus).appVersion).toBe('bridge-test');
      } else {
        expect(r.ok).toBe(false);
        if (!r.ok) expect([r.error.code, r.error.details?.method]).toEqual(['UNKNOWN_METHOD', `no.such${i}`]);
      }
    });
  }, 120_000);

  it('a child that dies mid-call answers CORE_STOPPED (no hang), reports the stop, and restarts on its data', async () => {
    let dialogAsked!: () => void;
    const asked = new Promise<void>((resolve) => {
      dialogAsked = resolve;
    });
    // The open dialog never answers: the call waits in the parent's port while the child is killed.
    const ports = hostPorts('bridge', {
      chooseFolder: () => {
        dialogAsked();
        return new Promise<string | null>(() => undefined);
      },
      chooseFile: () => Promise.resolve(null),
    });
    const { core, stopped } = startCore(ports);
    await core.ready;
    await setUp(core);
    const pending = core.call('backup.chooseFolder', {});
    await asked;
    const child = children.at(-1)!;
    child.kill('SIGKILL');

    const started = Date.now();
    const r = await pending;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CORE_STOPPED');
      expect(r.error.message).toMatch(/后台处理进程意外停止.*重新启动后台/);
    }
    expect(stopped).toHaveLength(1);
    expect(core.isStopped).toBe(true);
    // The window's next status is the boot-error screen; every other call is refused at once.
    const status = await value<DeskStatus>(core.call('system.getStatus', {}));
    expect([status.phase, status.bootError?.code]).toEqual(['bootError', 'CORE_STOPPED']);
    expect(((await core.call('staff.list', {})) as { ok: false; error: { code: string } }).error.code).toBe('CORE_STOPPED');

    // 重新启动 on that screen (issue 10): the renderer asks through the contract; main starts a new process.
    expect(await value(core.call('system.restart', {}))).toEqual({ done: true });
    expect((await value<DeskStatus>(core.call('system.getStatus', {}))).counter?.counterCode).toBe('A01');
    await value(core.call('auth.login', { username: ADMIN.username, password: ADMIN.password }));
    expect(stopped).toHaveLength(1);
  }, 120_000);

  it('system.restart starts a new process for a core in boot error, and leaves a working core alone', async () => {
    const ports = hostPorts();
    const { core, dataDir } = startCore(ports);
    await core.ready;
    await setUp(core);
    await core.close();
    const db = join(dataDir, DB_FILE);
    for (const side of ['-wal', '-shm']) if (existsSync(db + side)) rmSync(db + side);
    renameSync(db, `${db}.kept`);
    writeFileSync(db, Buffer.alloc(8192, 0x5a));

    const again = startCore(ports, dataDir).core;
    expect(await again.ready).not.toBeNull();
    expect((await value<DeskStatus>(again.call('system.getStatus', {}))).phase).toBe('bootError');
    rmSync(db);
    renameSync(`${db}.kept`, db);
    const before = children.length;
    expect(await value(again.call('system.restart', {}))).toEqual({ done: true });
    expect(children.length).toBe(before + 1);
    expect((await value<DeskStatus>(again.call('system.getStatus', {}))).counter?.counterCode).toBe('A01');
    // A working desk: nothing is restarted.
    expect(await value(again.call('system.restart', {}))).toEqual({ done: true });
    expect(children.length).toBe(before + 1);
  }, 120_000);
});
