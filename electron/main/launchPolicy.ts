// What the command line and environment may change at start, decided without Electron so it is unit-tested.
import { basename, dirname, join, resolve } from 'node:path';

export const INSECURE_KEY_SWITCH = 'allow-insecure-key-storage';
/** Development and tests only: ignored by packaged builds. */
export const DATA_DIR_ENV = 'ENROLL_DESK_DATA_DIR';
/** No longer read anywhere: named so a packaged desk can say it ignored it. */
export const RETIRED_INSECURE_KEY_ENV = 'ENROLL_DESK_ALLOW_INSECURE_KEY';

export interface LaunchInput {
  /** `app.isPackaged`: an installed build rather than `electron .` from a checkout. */
  isPackaged: boolean;
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** `app.commandLine.hasSwitch` (Chromium's own parse of the command line). */
  hasSwitch(name: string): boolean;
  /** `app.getPath('userData')`. */
  userData: string;
}

export interface LaunchPlan {
  dataDir: string;
  /** Where Chromium's profile goes when the data dir was moved (beside it, never inside), or null for the default. */
  shellUserData: string | null;
  /** The admin's explicit, recorded opt-in to keep the key without OS protection. */
  allowInsecureKeyStorage: boolean;
  /** Settings that were present and ignored, to say so in the log. */
  ignored: string[];
}

/**
 * An installed desk keeps its data in the user-data folder and protects its key with the OS store. Nothing in the
 * environment can change that: an environment variable is easily set for a process without anyone noticing (a
 * shortcut, a logon script, another program), so the insecure-key choice exists only as a switch the admin types,
 * and the data folder can be moved only in development builds (tests point it at temporary folders).
 */
export function launchPlan(input: LaunchInput): LaunchPlan {
  const ignored: string[] = [];
  const envDataDir = input.env[DATA_DIR_ENV];
  let dataDir = join(input.userData, 'data');
  let shellUserData: string | null = null;
  if (envDataDir && !input.isPackaged) {
    dataDir = resolve(envDataDir);
    // Chromium's profile (and the single-instance lock) beside an explicit data dir, so tests and a running desk
    // never share one. Outside the data dir: the core owns that folder.
    shellUserData = join(dirname(dataDir), `${basename(dataDir)}-shell`);
  } else if (envDataDir) {
    ignored.push(DATA_DIR_ENV);
  }
  if (input.env[RETIRED_INSECURE_KEY_ENV] !== undefined) ignored.push(RETIRED_INSECURE_KEY_ENV);
  const allowInsecureKeyStorage = input.argv.includes(`--${INSECURE_KEY_SWITCH}`) || input.hasSwitch(INSECURE_KEY_SWITCH);
  return { dataDir, shellUserData, allowInsecureKeyStorage, ignored };
}
