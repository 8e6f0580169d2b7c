import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StaffAccount } from '../../../../../shared/console';
import { consoleText } from '../../../../../shared/i18n/zhCN.console';
import { fakeConsoleClient } from '../../testing/fakeConsoleClient';
import { setConsoleClient } from '../../transport/client';
import { useStaffStore } from './store';

// 账号与角色 store: a new account's initial password shown once, a change to an account followed by the list read
// again, and a refusal kept as its Chinese message (on the page, or handed back to the form).

const account = (username: string, patch: Partial<StaffAccount> = {}): StaffAccount => ({
  staffId: `00000000-0000-4000-8000-${username.padStart(12, '0')}`,
  username,
  displayName: `${username} 老师`,
  role: 'reviewer',
  scope: { schoolIds: [], types: [] },
  disabled: false,
  lockedUntil: null,
  mustChangePassword: false,
  createdAt: '2026-06-01T00:00:00.000Z',
  createdBy: null,
  lastSignInAt: null,
  ...patch,
});
const scope = { schoolIds: ['S01'], types: [] };

describe('staff store', () => {
  let fake: ReturnType<typeof fakeConsoleClient>;
  beforeEach(() => {
    fake = fakeConsoleClient();
    setConsoleClient(fake.client);
    useStaffStore.setState({ accounts: [account('old')], error: null, password: { name: 'old', password: 'x' } });
  });

  it('opens without what an earlier visit showed and lists the accounts', async () => {
    const opened = useStaffStore.getState().open();
    expect(useStaffStore.getState()).toMatchObject({ accounts: null, password: null, error: null });
    fake.open('staff.list').answer([account('wang')]);
    await opened;
    expect(useStaffStore.getState().accounts?.map((a) => a.username)).toEqual(['wang']);
  });

  it('creates an account with trimmed names, shows its initial password once and reads the list again', async () => {
    useStaffStore.setState({ password: null });
    const saved = useStaffStore.getState().save(null, { username: ' li ', displayName: ' 李老师 ', role: 'reviewer', scope });
    expect(fake.open('staff.create').input).toEqual({ username: 'li', displayName: '李老师', role: 'reviewer', scope });
    fake.open('staff.create').answer({ account: account('li', { displayName: '李老师' }), initialPassword: 'Kq7-pX2m-9Rta' });
    expect(await saved).toBeNull();
    expect(useStaffStore.getState().password).toEqual({ name: '李老师', password: 'Kq7-pX2m-9Rta' });
    fake.open('staff.list').answer([account('li')]);
    await vi.waitFor(() => expect(useStaffStore.getState().accounts?.map((a) => a.username)).toEqual(['li']));
    useStaffStore.getState().closePassword();
    expect(useStaffStore.getState().password).toBeNull();
  });

  it('hands a refused change back to the form as its Chinese message, leaving the page as it was', async () => {
    const li = account('li');
    const saved = useStaffStore.getState().save(li, { username: 'li', displayName: '李老师', role: 'admin', scope: { schoolIds: [], types: [] } });
    expect(fake.open('staff.update').input).toEqual({ staffId: li.staffId, displayName: '李老师', role: 'admin', scope: { schoolIds: [], types: [] } });
    fake.open('staff.update').fail('forbidden', 403);
    expect(await saved).toMatchObject({ code: 'forbidden', message: consoleText.errors.forbidden });
    expect(useStaffStore.getState()).toMatchObject({ error: null, password: { name: 'old' } });
    expect(fake.calls).toHaveLength(1);
  });

  it('resets a password (shown once), and shows a refused unlock on the page until it is closed', async () => {
    useStaffStore.setState({ password: null });
    const zhang = account('zhang', { displayName: '张老师', lockedUntil: '2026-06-15T03:00:00.000Z' });
    const reset = useStaffStore.getState().resetPassword(zhang);
    fake.open('staff.resetPassword').answer({ account: zhang, initialPassword: 'Zr8-aa2m-1Qwe' });
    await reset;
    expect(useStaffStore.getState().password).toEqual({ name: '张老师', password: 'Zr8-aa2m-1Qwe' });
    expect(fake.open('staff.list')).toBeDefined();

    const unlocked = useStaffStore.getState().unlock(zhang);
    fake.open('staff.unlock').fail('HTTP_503', 503);
    expect(await unlocked).toBe(false);
    expect(useStaffStore.getState().error).toMatchObject({ message: consoleText.errors.HTTP_503 });
    useStaffStore.getState().clearError();
    expect(useStaffStore.getState().error).toBeNull();

    const disabled = useStaffStore.getState().setDisabled(zhang, true);
    expect(fake.open('staff.setDisabled').input).toEqual({ staffId: zhang.staffId, disabled: true });
    fake.open('staff.setDisabled').answer({ ...zhang, disabled: true });
    expect(await disabled).toBe(true);
    expect(fake.calls.filter((c) => c.name === 'staff.list')).toHaveLength(2);
  });
});
