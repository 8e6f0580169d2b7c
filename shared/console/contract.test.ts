import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { consoleApi, consoleBinary, consoleRoleSchema, CONSOLE_API, LOOKUP_API } from './index';
import { consoleApiText } from '../i18n/zhCN.consoleApi';
import { consoleOnlyProblemCodeSchema } from './problems';

describe('console contract', () => {
  const entries = Object.entries(consoleApi);

  it('gives every endpoint its own path under the console or lookup prefix', () => {
    const paths = entries.map(([, e]) => e.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const [name, e] of entries) {
      expect(e.path.startsWith(`${CONSOLE_API}/`) || e.path.startsWith(`${LOOKUP_API}/`), name).toBe(true);
      expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]+$/);
    }
    for (const b of Object.values(consoleBinary)) expect(b.path.startsWith(`${CONSOLE_API}/`)).toBe(true);
  });

  it('names only real roles and never leaves an endpoint without an access rule', () => {
    for (const [name, e] of entries) {
      if (e.access === 'public' || e.access === 'signedIn') continue;
      expect(e.access.length, name).toBeGreaterThan(0);
      for (const role of e.access) expect(consoleRoleSchema.options, name).toContain(role);
    }
  });

  it('keeps CSRF checks on everything except sign-in, the session read and public calls', () => {
    const exempt = entries.filter(([, e]) => e.csrf === false).map(([n]) => n).sort();
    expect(exempt).toEqual(['auth.session', 'auth.signIn', 'lookup.check', 'meta.info']);
  });

  it('has inputs that are strict objects (unknown keys refused) and outputs that convert to JSON Schema', () => {
    for (const [name, e] of entries) {
      expect(e.input.safeParse({ surely_not_a_field: 1 }).success, name).toBe(false);
      expect(() => z.toJSONSchema(e.output, { io: 'output', unrepresentable: 'any' }), name).not.toThrow();
    }
  });

  it('names every role and problem code in Chinese', () => {
    for (const role of consoleRoleSchema.options) expect(consoleApiText.roles[role]).toMatch(/\p{Script=Han}/u);
    for (const code of consoleOnlyProblemCodeSchema.options) expect(consoleApiText.titles[code]).toMatch(/\p{Script=Han}/u);
  });
});
