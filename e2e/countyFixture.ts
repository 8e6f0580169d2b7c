// The county server process, enrolled desks and signed-in console staff, as a Playwright fixture: the set-up every
// console spec repeated (start the server, set up and enroll desks, create the first admin and sign in, clean up).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import type { TestDesk } from '../electron/core/testing/desk';
import { ROOT, enroll, signIn, startCountyServer, syncDesk, type CountyServer } from '../electron/core/testing/syncKit';
import { consoleSignIn, createAccount, signOut } from './consoleKit';

export interface County {
  server: CountyServer;
  /** A set-up, signed-in desk of the county, enrolled with the server under `counterCode` unless `enroll` is false. */
  desk(counterCode?: string, options?: { enroll?: boolean }): Promise<TestDesk>;
  /** Publishes the sample county's plan on the server (department verification judges under it). */
  loadSamplePlan(): Promise<void>;
  /** Creates the first admin with the CLI and signs in as them in `page` (initial password changed). */
  signInAdmin(page: Page, username?: string, name?: string): Promise<void>;
  /** The signed-in admin creates an account with `role` (its Chinese name; limited to `schools` by name), then `page` signs in as it. */
  signInAs(page: Page, username: string, name: string, role: string, schools?: readonly string[]): Promise<void>;
}

export const test = base.extend<{ county: County }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern; this one has none
  county: async ({}, use) => {
    const server = await startCountyServer();
    const desks: TestDesk[] = [];
    const county: County = {
      server,
      async desk(counterCode = 'A01', { enroll: enrolled = true } = {}) {
        const d = await syncDesk(undefined, counterCode);
        desks.push(d);
        await signIn(d);
        if (enrolled) await enroll(d, server, server.url, counterCode);
        return d;
      },
      async loadSamplePlan() {
        await server.cli(['plan', 'load', join(ROOT, 'resources', 'plans', 'sample-county-2026.json')]);
      },
      async signInAdmin(page, username = 'juadmin', name = '王局长') {
        const out = await server.cli(['staff', 'create-admin', '--username', username, '--name', name]);
        await consoleSignIn(page, server.url, username, /一次性初始密码：(\S+)/.exec(out)![1]!, 'Juzhang2026');
      },
      async signInAs(page, username, name, role, schools = []) {
        const pw = await createAccount(page, username, name, role, schools);
        await signOut(page);
        await consoleSignIn(page, server.url, username, pw, 'Shenhe2026');
      },
    };
    await use(county);
    for (const d of desks) {
      d.close();
      rmSync(d.dataDir, { recursive: true, force: true });
    }
    await server.stop('SIGTERM');
    rmSync(server.dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
