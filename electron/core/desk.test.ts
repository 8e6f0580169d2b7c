import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, openTestDesk, setUpDesk, type TestDesk } from './testing/desk';

let desk: TestDesk;
afterEach(() => desk?.cleanup());

async function auditCount(d: TestDesk): Promise<number> {
  return (await d.call('audit.verify', {})).checked;
}

describe('first run', () => {
  it('allows only status and setup before setup, then signs the admin in', async () => {
    desk = await openTestDesk();
    const status = await desk.call('system.getStatus', {});
    expect(status.phase).toBe('needsSetup');
    expect((await desk.fail('auth.login', { username: 'admin', password: 'x' })).code).toBe('INVALID_CREDENTIALS');
    expect((await desk.fail('staff.list', {})).code).toBe('NOT_AUTHENTICATED');
    await setUpDesk(desk);
    const after = await desk.call('system.getStatus', {});
    expect(after.phase).toBe('ready');
    expect(after.session?.role).toBe('admin');
    expect(after.counter).toEqual({ counterName: '东港区政务服务中心 1 号窗口', counterCode: 'A01', countyCode: '371102' });
    expect((await desk.fail('setup.initialize', { counterName: 'x', counterCode: 'B02', countyCode: '371102', admin: ADMIN })).code).toBe('ALREADY_SET_UP');
  });

  it('rejects a weak admin password with a Chinese message and writes nothing', async () => {
    desk = await openTestDesk();
    const err = await desk.fail('setup.initialize', {
      counterName: '一号窗口',
      counterCode: 'A01',
      countyCode: '371102',
      admin: { ...ADMIN, password: 'abcdefgh' },
    });
    expect(err.code).toBe('WEAK_PASSWORD');
    expect(err.message).toMatch(/至少 8 位/);
    expect((await desk.call('system.getStatus', {})).phase).toBe('needsSetup');
  });

  it('reports each bad setup field at its path', async () => {
    desk = await openTestDesk();
    const err = await desk.fail('setup.initialize', {
      counterName: '',
      counterCode: 'a-1',
      countyCode: '37110',
      admin: { username: '1x', displayName: '王', password: 'Admin2026' },
    });
    expect(err.code).toBe('VALIDATION_FAILED');
    const paths = (err.details?.issues ?? []).map((i) => i.path).sort();
    expect(paths).toEqual(['admin.username', 'counterCode', 'counterName', 'countyCode']);
    for (const issue of err.details?.issues ?? []) expect(issue.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('sign-in and lockout', () => {
  it('locks an account after 5 wrong passwords for 30 minutes, audited', async () => {
    desk = await openTestDesk();
    await setUpDesk(desk);
    await desk.call('staff.create', { username: 'clerk1', displayName: '李受理', role: 'clerk', password: 'Clerk2026a' });
    await desk.call('auth.logout', {});
    for (let i = 1; i <= 4; i++) {
      expect((await desk.fail('auth.login', { username: 'clerk1', password: 'wrong-pass-1' })).code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await desk.fail('auth.login', { username: 'clerk1', password: 'wrong-pass-1' });
    expect(locked.code).toBe('ACCOUNT_LOCKED');
    expect(locked.message).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    // The right password is refused while locked.
    expect((await desk.fail('auth.login', { username: 'clerk1', password: 'Clerk2026a' })).code).toBe('ACCOUNT_LOCKED');
    desk.ports.clock.advance(29 * 60_000);
    expect((await desk.fail('auth.login', { username: 'clerk1', password: 'Clerk2026a' })).code).toBe('ACCOUNT_LOCKED');
    desk.ports.clock.advance(2 * 60_000);
    const session = await desk.call('auth.login', { username: 'clerk1', password: 'Clerk2026a' });
    expect(session.mustChangePassword).toBe(true);
    await desk.call('auth.logout', {});
    await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    const actions = (await desk.call('audit.list', { limit: 100 })).map((e) => e.action);
    expect(actions.filter((a) => a === 'auth.loginFailed')).toHaveLength(5);
    expect(actions).toContain('auth.accountLocked');
    expect(actions).toContain('auth.loginRefused');
    expect(actions).toContain('staff.created');
  });

  it('an unknown user gets the same message as a wrong password', async () => {
    desk = await openTestDesk();
    await setUpDesk(desk);
    await desk.call('auth.logout', {});
    const unknown = await desk.fail('auth.login', { username: 'nobody', password: 'Whatever1' });
    const wrong = await desk.fail('auth.login', { username: 'admin', password: 'Whatever1' });
    expect(unknown.message).toBe(wrong.message);
  });

  it('a disabled account cannot sign in; the last admin cannot be disabled or demoted', async () => {
    desk = await openTestDesk();
    await setUpDesk(desk);
    const clerk = await desk.call('staff.create', { username: 'clerk1', displayName: '李受理', role: 'clerk', password: 'Clerk2026a' });
    await desk.call('staff.setDisabled', { staffId: clerk.id, disabled: true });
    const admin = (await desk.call('staff.list', {})).find((s) => s.username === 'admin');
    expect((await desk.fail('staff.setDisabled', { staffId: admin!.id, disabled: true })).code).toBe('SELF_CHANGE_FORBIDDEN');
    const admin2 = await desk.call('staff.create', { username: 'admin2', displayName: '赵管理', role: 'admin', password: 'Zhao2027bb' });
    await desk.call('staff.setRole', { staffId: admin2.id, role: 'supervisor' });
    await desk.call('auth.logout', {});
    expect((await desk.fail('auth.login', { username: 'clerk1', password: 'Clerk2026a' })).code).toBe('ACCOUNT_DISABLED');
  });
});

describe('forced password change', () => {
  it('does not ask again for the temporary password just typed at sign-in; later or for others it does, and the change is audited', async () => {
    desk = await openTestDesk();
    await setUpDesk(desk);
    await desk.call('staff.create', { username: 'clerk1', displayName: '李受理', role: 'clerk', password: 'Clerk2026a' });
    await desk.call('auth.logout', {});
    // Signed in with the temporary password: the session carries the proof and the change needs only the new one.
    const session = await desk.call('auth.login', { username: 'clerk1', password: 'Clerk2026a' });
    expect(session).toMatchObject({ mustChangePassword: true, passwordProven: true });
    expect((await desk.call('system.getStatus', {})).session?.passwordProven).toBe(true);
    const changed = await desk.call('auth.changePassword', { newPassword: 'MyOwnPass9' });
    expect(changed).toMatchObject({ mustChangePassword: false, passwordProven: false });
    // Only once: a voluntary change afterwards needs the current password.
    expect((await desk.fail('auth.changePassword', { newPassword: 'Another2026x' })).code).toBe('CURRENT_PASSWORD_REQUIRED');
    await desk.call('auth.logout', {});
    await desk.call('auth.login', { username: 'clerk1', password: 'MyOwnPass9' });
    await desk.call('auth.logout', {});

    // The admin resets it again; after ten minutes the sign-in no longer counts.
    await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    const clerk = (await desk.call('staff.list', {})).find((s) => s.username === 'clerk1');
    await desk.call('staff.resetPassword', { staffId: clerk!.id, newPassword: 'Reset2026b' });
    await desk.call('auth.logout', {});
    await desk.call('auth.login', { username: 'clerk1', password: 'Reset2026b' });
    desk.ports.clock.advance(10 * 60_000 + 1);
    expect((await desk.call('system.getStatus', {})).session?.passwordProven).toBe(false);
    const err = await desk.fail('auth.changePassword', { newPassword: 'MyOwnPass10' });
    expect(err.code).toBe('CURRENT_PASSWORD_REQUIRED');
    expect(err.message).toMatch(/当前密码/);
    expect((await desk.fail('auth.changePassword', { currentPassword: 'wrong-pass-1', newPassword: 'MyOwnPass10' })).code).toBe('WRONG_CURRENT_PASSWORD');
    await desk.call('auth.changePassword', { currentPassword: 'Reset2026b', newPassword: 'MyOwnPass10' });
    await desk.call('auth.logout', {});

    await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    const audit = (await desk.call('audit.list', { limit: 100 })).filter((e) => e.action === 'auth.passwordChanged');
    expect(audit.map((e) => e.details)).toEqual(expect.arrayContaining([expect.objectContaining({ proof: 'signIn' }), expect.objectContaining({ proof: 'currentPassword' })]));
    expect(audit).toHaveLength(2);
  });
});

describe('roles are enforced by the core', () => {
  it('a clerk cannot call admin or supervisor methods, and the refusal is audited', async () => {
    desk = await openTestDesk();
    await setUpDesk(desk);
    await desk.call('staff.create', { username: 'clerk1', displayName: '李受理', role: 'clerk', password: 'Clerk2026a' });
    await desk.call('auth.logout', {});
    await desk.call('auth.login', { username: 'clerk1', password: 'Clerk2026a' });
    // Temporary password first.
    expect((await desk.fail('settings.get', {})).code).toBe('PASSWORD_CHANGE_REQUIRED');
    await desk.call('auth.changePassword', { currentPassword: 'Clerk2026a', newPassword: 'MyOwnPass9' });
    const before = await desk.call('settings.get', {});
    for (const [method, input] of [
      ['staff.list', {}],
      ['staff.create', { username: 'evil', displayName: '坏人', role: 'admin', password: 'Evil20266' }],
      ['settings.update', { idleLockMinutes: 120 }],
      ['audit.list', { limit: 10 }],
      ['audit.verify', {}],
    ] as const) {
      const err = await desk.fail(method, input);
      expect(err.code, method).toBe('FORBIDDEN');
      expect(err.message).toMatch(/无权/);
    }
    expect(await desk.call('settings.get', {})).toEqual(before);
    await desk.call('auth.logout', {});
    await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    const staff = await desk.call('staff.list', {});
    expect(staff.map((s) => s.username).sort()).toEqual(['admin', 'clerk1']);
    const forbidden = (await desk.call('audit.list', { limit: 100 })).filter((e) => e.action === 'auth.forbidden');
    expect(forbidden).toHaveLength(5);
  });
});

describe('idle lock', () => {
  it('locks after the idle time, keeps the session, and unlocks with the password', async () => {
    desk = await openTestDesk();
    await setUpDesk(desk);
    await desk.call('settings.update', { idleLockMinutes: 5 });
    desk.ports.clock.advance(4 * 60_000);
    await desk.call('auth.touchSession', {});
    desk.ports.clock.advance(4 * 60_000);
    // Background status polling does not count as activity and is allowed while locked.
    await desk.call('system.getStatus', {});
    desk.ports.clock.advance(2 * 60_000 + 30_000);
    expect((await desk.fail('staff.list', {})).code).toBe('SESSION_LOCKED');
    const status = await desk.call('system.getStatus', {});
    expect(status.session?.locked).toBe(true);
    expect((await desk.fail('auth.unlockSession', { password: 'nope-nope-1' })).code).toBe('INVALID_CREDENTIALS');
    const s = await desk.call('auth.unlockSession', { password: ADMIN.password });
    expect(s.locked).toBe(false);
    expect((await desk.call('staff.list', {})).length).toBe(1);
  });

  it('five wrong unlock passwords lock the account and end the session', async () => {
    desk = await openTestDesk();
    await setUpDesk(desk);
    await desk.call('auth.lockSession', {});
    for (let i = 0; i < 4; i++) await desk.fail('auth.unlockSession', { password: 'nope-nope-1' });
    expect((await desk.fail('auth.unlockSession', { password: 'nope-nope-1' })).code).toBe('ACCOUNT_LOCKED');
    expect((await desk.call('system.getStatus', {})).session).toBeNull();
  });
});

describe('bad input at the boundary', () => {
  it('rejects unknown methods, wrong types, extra fields and huge strings; writes nothing', async () => {
    desk = await openTestDesk();
    await setUpDesk(desk);
    const before = await auditCount(desk);
    expect((await desk.fail('staff.dropAll', {})).code).toBe('UNKNOWN_METHOD');
    expect((await desk.fail('__proto__', {})).code).toBe('UNKNOWN_METHOD');
    expect((await desk.fail(42 as unknown as string, {})).code).toBe('UNKNOWN_METHOD');
    const wrongType = await desk.fail('staff.create', { username: 123, displayName: ['x'], role: 'god', password: null });
    expect(wrongType.code).toBe('VALIDATION_FAILED');
    expect(wrongType.details?.issues?.map((i) => i.path).sort()).toEqual(['displayName', 'password', 'role', 'username']);
    const extra = await desk.fail('settings.update', { idleLockMinutes: 10, isAdmin: true });
    expect(extra.code).toBe('VALIDATION_FAILED');
    expect(extra.details?.issues?.[0]?.message).toMatch(/isAdmin/);
    const huge = await desk.fail('staff.create', { username: 'clerk9', displayName: '名'.repeat(1_000_000), role: 'clerk', password: 'Clerk2026a' });
    expect(huge.code).toBe('VALIDATION_FAILED');
    expect(huge.details?.issues?.[0]).toEqual({ path: 'displayName', message: '内容过长，最多 40 个字符。' });
    const control = await desk.fail('staff.create', { username: 'clerk9', displayName: '李\u0000四', role: 'clerk', password: 'Clerk2026a' });
    expect(control.details?.issues?.[0]?.message).toMatch(/控制字符/);
    expect((await desk.fail('staff.list', 'not-an-object')).code).toBe('VALIDATION_FAILED');
    expect(await auditCount(desk)).toBe(before);
    expect((await desk.call('staff.list', {})).length).toBe(1);
  });

  it('keeps rare characters and middle dots in names exactly', async () => {
    desk = await openTestDesk();
    await setUpDesk(desk);
    const name = '𠮷野·阿依古丽';
    const s = await desk.call('staff.create', { username: 'clerk2', displayName: name, role: 'clerk', password: 'Rare2026aa' });
    expect(s.displayName).toBe(name);
    const reopened = await desk.reopen();
    desk = reopened;
    await desk.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
    expect((await desk.call('staff.list', {})).find((x) => x.username === 'clerk2')?.displayName).toBe(name);
  });
});
