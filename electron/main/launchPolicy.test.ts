import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { launchPlan, type LaunchInput } from './launchPolicy';

const USER_DATA = join('/home', 'clerk', '.config', '入学报名帮办台');

function input(over: Partial<LaunchInput> = {}): LaunchInput {
  return { isPackaged: true, argv: ['/opt/desk/enroll-desk'], env: {}, hasSwitch: () => false, userData: USER_DATA, ...over };
}

describe('launch policy', () => {
  it('an installed desk keeps its data in the user-data folder and the key protected', () => {
    expect(launchPlan(input())).toEqual({ dataDir: join(USER_DATA, 'data'), shellUserData: null, allowInsecureKeyStorage: false, ignored: [] });
  });

  it('an installed desk ignores the environment: neither the data folder nor the insecure key can be set there', () => {
    const plan = launchPlan(input({ env: { ENROLL_DESK_DATA_DIR: '/tmp/elsewhere', ENROLL_DESK_ALLOW_INSECURE_KEY: '1' } }));
    expect(plan).toEqual({
      dataDir: join(USER_DATA, 'data'),
      shellUserData: null,
      allowInsecureKeyStorage: false,
      ignored: ['ENROLL_DESK_DATA_DIR', 'ENROLL_DESK_ALLOW_INSECURE_KEY'],
    });
  });

  it('the insecure key is chosen only by the explicit switch, in any build', () => {
    expect(launchPlan(input({ argv: ['/opt/desk/enroll-desk', '--allow-insecure-key-storage'] })).allowInsecureKeyStorage).toBe(true);
    expect(launchPlan(input({ hasSwitch: (name) => name === 'allow-insecure-key-storage' })).allowInsecureKeyStorage).toBe(true);
    expect(launchPlan(input({ isPackaged: false, env: { ENROLL_DESK_ALLOW_INSECURE_KEY: '1' } })).allowInsecureKeyStorage).toBe(false);
    expect(launchPlan(input({ argv: ['/opt/desk/enroll-desk', '--allow-insecure-key-storage=0', 'allow-insecure-key-storage'] })).allowInsecureKeyStorage).toBe(false);
  });

  it('a development build may move the data folder (tests do), with Chromium’s profile beside it', () => {
    const plan = launchPlan(input({ isPackaged: false, env: { ENROLL_DESK_DATA_DIR: 'run/data' } }));
    expect(plan).toEqual({ dataDir: resolve('run/data'), shellUserData: resolve('run/data-shell'), allowInsecureKeyStorage: false, ignored: [] });
  });
});
