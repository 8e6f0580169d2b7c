import { beforeEach, describe, expect, it } from 'vitest';
import type { DeskStatus } from '../../../../shared/contract';
import { setDeskClient } from '../../transport';
import { fakeDeskClient, flush } from '../../testing/fakeDeskClient';
import { useSessionStore } from './store';

const status = (phase: DeskStatus['phase'], bootError: DeskStatus['bootError'] = null) =>
  ({ phase, bootError, counter: null, session: null, idleLockMinutes: 10, appVersion: 't', sync: { configured: false, online: false, pendingUploads: 0, lastSuccessAt: null }, insecureKeyStorage: false, auditAlert: null }) as DeskStatus;

describe('session store, 重新启动 on the boot-error screen (issue 10)', () => {
  let fake: ReturnType<typeof fakeDeskClient>;
  beforeEach(() => {
    fake = fakeDeskClient();
    setDeskClient(fake.client);
    useSessionStore.setState({ status: status('bootError', { code: 'DB_UNREADABLE', message: '数据无法读取' }), connectionError: null, restarting: false });
  });

  it('asks the core to restart, then reads the status: the desk leaves the boot-error screen', async () => {
    const done = useSessionStore.getState().restart();
    await flush();
    expect(useSessionStore.getState().restarting).toBe(true);
    expect(fake.callsTo('system.restart')).toHaveLength(1);
    // A second press while it restarts asks nothing more.
    await useSessionStore.getState().restart();
    expect(fake.callsTo('system.restart')).toHaveLength(1);
    expect(fake.callsTo('system.getStatus')).toHaveLength(0);
    fake.answer('system.restart', { done: true });
    await flush();
    fake.answer('system.getStatus', status('needsSetup'));
    expect(await done).toBeNull();
    expect(useSessionStore.getState().status?.phase).toBe('needsSetup');
    expect(useSessionStore.getState().restarting).toBe(false);
  });

  it('still in boot error after the restart: the screen stays, with the new cause', async () => {
    const done = useSessionStore.getState().restart();
    await flush();
    fake.answer('system.restart', { done: true });
    await flush();
    fake.answer('system.getStatus', status('bootError', { code: 'KEY_UNREADABLE', message: '密钥无法读取' }));
    expect(await done).toBeNull();
    expect(useSessionStore.getState().status?.bootError?.code).toBe('KEY_UNREADABLE');
    expect(useSessionStore.getState().restarting).toBe(false);
  });

  it('a refused restart is returned for the screen to show', async () => {
    const done = useSessionStore.getState().restart();
    await flush();
    fake.open('system.restart').fail({ code: 'INTERNAL', message: '内部错误' });
    await flush();
    fake.answer('system.getStatus', status('bootError', { code: 'DB_UNREADABLE', message: '数据无法读取' }));
    expect((await done)?.code).toBe('INTERNAL');
    expect(useSessionStore.getState().restarting).toBe(false);
  });
});
