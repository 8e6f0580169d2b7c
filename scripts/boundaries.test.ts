// Deliberate violations of each layer boundary, linted and typechecked as if they were files in the repo: each must
// be refused, and the same code where it is allowed must pass (so a broken check cannot pass for a working one).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..');

const eslint = new ESLint({
  cwd: ROOT,
  // Virtual files are not in any tsconfig: parse without type information and run only the boundary rules.
  overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parserOptions: { projectService: false, project: null } } }],
  ruleFilter: ({ ruleId }) => ['no-restricted-imports', 'no-restricted-globals', 'no-restricted-properties', 'no-restricted-syntax', 'boundaries/forbidden-imports'].includes(ruleId),
});

async function lintErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('lint boundaries', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['Node globals in shared/', 'shared/domain/probe.ts', "export const b = Buffer.from('x');", /no-restricted-globals.*Buffer/],
    ['process in shared/', 'shared/domain/probe.ts', 'export const e = process.env.HOME;', /no-restricted-globals.*process/],
    ['Node globals in the renderer', 'renderer/src/lib/probe.ts', "export const b = Buffer.from('x');", /no-restricted-globals.*Buffer/],
    ['process in the renderer', 'renderer/src/lib/probe.tsx', 'export const e = process.env.HOME;', /no-restricted-globals.*process/],
    ['the renderer importing the core', 'renderer/src/lib/probe.ts', "export { openDesk } from '../../../electron/core/desk';", /forbidden-imports/],
    ['shared/ importing nodelib', 'shared/domain/probe.ts', "export { GENESIS } from '../../nodelib/hashChain';", /forbidden-imports/],
    ['the core importing the harness', 'electron/core/services/probe.ts', "export { testPorts } from '../../harness/testPorts';", /forbidden-imports.*test transport/],
    ['the core importing the shell', 'electron/core/probe.ts', "export { registerIpc } from '../main/ipc';", /forbidden-imports/],
    ['the core importing the server', 'electron/core/services/sync/probe.ts', "import { buildApp } from '../../../../server/app'; export const a = buildApp;", /forbidden-imports.*county server/],
    ['a sync job importing the HTTP driver', 'electron/core/services/sync/probe.ts', "export { httpCounty } from './http';", /forbidden-imports.*CountyApi port/],
    ['a sync job importing the wire encoding', 'electron/core/services/sync/probe.ts', "export { countyApiOver } from './countyWire';", /forbidden-imports.*CountyApi port/],
    ['the core importing a test kit', 'electron/core/services/probe.ts', "export { openTestDesk } from '../testing/desk';", /forbidden-imports.*test kits/],
    ['the core importing a test file', 'electron/core/services/probe.ts', "export * from './audit.test';", /forbidden-imports.*test kits/],
    ['the core importing vitest', 'electron/core/services/probe.ts', "import { vi } from 'vitest'; export const v = vi;", /no-restricted-imports.*test framework/],
    ['the core using the system temp folder', 'electron/core/services/probe.ts', "import { tmpdir } from 'node:os'; export const t = tmpdir();", /no-restricted-imports.*PrivateTemp/],
    ['the core using os.tmpdir()', 'electron/core/services/probe.ts', "import os from 'node:os'; export const t = os.tmpdir();", /no-restricted-properties.*PrivateTemp/],
    ['the shell importing the harness', 'electron/main/probe.ts', "export { startBridge } from '../harness/server';", /forbidden-imports.*never packaged/],
    ['the shell importing a test kit', 'electron/main/probe.ts', "export { openTestDesk } from '../core/testing/desk';", /forbidden-imports.*test kits/],
    ['the shell writing print jobs to the system temp folder', 'electron/main/probe.ts', "import { tmpdir } from 'os'; export const t = tmpdir();", /no-restricted-imports.*PrivateTemp/],
    ['nodelib importing the core', 'nodelib/probe.ts', "export { openDesk } from '../electron/core/desk';", /no-restricted-imports.*nodelib/],
    ['Node globals in the county console', 'server/console/src/features/probe.tsx', 'export const e = process.env.HOME;', /no-restricted-globals.*process/],
    ['the county console importing the server', 'server/console/src/features/probe.ts', "export { buildApp } from '../../../app';", /forbidden-imports.*console/],
    ['the county console importing nodelib', 'server/console/src/probe.ts', "export { GENESIS } from '../../../nodelib/hashChain';", /forbidden-imports.*console/],
    ['nodelib importing a package', 'nodelib/probe.ts', "import { z } from 'zod'; export const s = z.string();", /no-restricted-imports.*nodelib/],
    ['a desk component calling the transport', 'renderer/src/features/sync/components/Probe.tsx', "import { deskClient } from '../../../transport'; export const c = deskClient;", /forbidden-imports.*never the transport/],
    ['a desk component reaching the client module', 'renderer/src/features/documents/components/parts/Probe.tsx', "import { createClient } from '../../../../transport/client'; export const c = createClient;", /forbidden-imports.*never the transport/],
    ['a desk component importing the core', 'renderer/src/features/sync/components/Probe.tsx', "export { openDesk } from '../../../../../electron/core/desk';", /forbidden-imports.*only through the client/],
    ['a console component calling the client', 'server/console/src/features/queue/components/Probe.tsx', "import { consoleClient } from '../../../transport/client'; export const c = consoleClient;", /no-restricted-imports.*never the transport/],
    ['a console component creating a client', 'server/console/src/features/review/components/Probe.tsx', "import { createClient } from '../../../transport/client'; export const c = createClient();", /no-restricted-imports.*never the transport/],
    ['a desk store importing a test kit', 'renderer/src/features/sync/probe.ts', "export { fakeDeskClient } from '../../testing/fakeDeskClient';", /forbidden-imports.*test kits/],
    ['a desk component importing a test kit', 'renderer/src/features/sync/components/Probe.tsx', "export { fakeDeskClient } from '../../../testing/fakeDeskClient';", /forbidden-imports.*test kits/],
    ['a desk page importing a test file', 'renderer/src/app/probe.tsx', "export * from '../features/sync/store.test';", /forbidden-imports.*test kits/],
    ['a console store importing a test kit', 'server/console/src/features/queue/probe.ts', "export { fakeConsoleClient } from '../../testing/fakeConsoleClient';", /forbidden-imports.*test kits/],
    ['a console component importing a test kit', 'server/console/src/features/staff/components/Probe.tsx', "export { fakeConsoleClient } from '../../../testing/fakeConsoleClient';", /forbidden-imports.*test kits/],
    // The six pages that once called the client themselves (an exception list, now gone) are held to the rule too.
    ...['audit/components/AuditPage', 'counters/components/CountersPage', 'lookup/components/LookupPage', 'plans/components/PlansPage', 'queue/components/BulkApprove', 'staff/components/StaffPage'].map(
      (page): [string, string, string, RegExp] => [`${page} calling the client`, `server/console/src/features/${page}.tsx`, "import { consoleClient } from '../../../transport/client'; export const c = consoleClient;", /no-restricted-imports.*never the transport/],
    ),
    ['a service building SQL with selectFrom', 'server/services/probe.ts', "import { type Kysely } from 'kysely'; export const f = (db: Kysely<never>) => db.selectFrom('plans' as never);", /no-restricted-syntax.*server\/db\/repos/],
    ['a route writing a sql template', 'server/routes/probe.ts', "import { sql } from 'kysely'; export const q = sql`select 1`;", /no-restricted-syntax.*server\/db\/repos/],
    ['a service importing a server test kit dynamically', 'server/services/probe.ts', "export const k = () => import('../testing/probe');", /no-restricted-syntax.*server\/testing/],
    ['a console component importing the server', 'server/console/src/features/queue/components/Probe.tsx', "import Fastify from 'fastify'; export const f = Fastify;", /no-restricted-imports.*console/],
  ];
  for (const [name, path, code, expected] of cases) {
    it(`refuses ${name}`, async () => {
      const errors = await lintErrors(path, code);
      expect(errors.some((e) => expected.test(e)), errors.join('\n') || 'no errors').toBe(true);
    });
  }

  const allowed: Array<[string, string, string]> = [
    ['a core test using the harness and test kits', 'electron/core/services/probe.test.ts', "import { testPorts } from '../../harness/testPorts'; import { openTestDesk } from '../testing/desk'; import { tmpdir } from 'node:os'; export const x = [testPorts, openTestDesk, tmpdir];"],
    ['a sync job using the CountyApi port', 'electron/core/services/sync/probe.ts', "export { CountyError } from './countyApi';"],
    ['the sync service choosing the HTTP driver', 'electron/core/services/sync/index.ts', "export { httpCounty } from './http';"],
    ['a test kit using the harness', 'electron/core/testing/probe.ts', "export { testPorts } from '../../harness/testPorts';"],
    ['the shell using the core and PrivateTemp', 'electron/main/probe.ts', "export { openDesk } from '../core/desk'; export { PrivateTemp } from '../core/privateTemp';"],
    ['nodelib using shared/ and Node', 'nodelib/probe.ts', "import { createHash } from 'node:crypto'; import { canonicalJson } from '../shared/sync/protocol'; export const h = [createHash, canonicalJson];"],
    ['the county console using shared/ and its own files', 'server/console/src/features/probe.ts', "export { consoleApi } from '../../../../shared/console'; export { createClient } from '../transport/client';"],
    ['shared/ using shared/', 'shared/domain/probe.ts', "export { canonicalJson } from '../sync/protocol';"],
    ['a desk store test using the test kit', 'renderer/src/features/sync/probe.test.ts', "export { fakeDeskClient } from '../../testing/fakeDeskClient';"],
    ['a console store test using the test kit', 'server/console/src/features/queue/probe.test.ts', "export { fakeConsoleClient } from '../../testing/fakeConsoleClient';"],
    ['a desk store using the transport', 'renderer/src/features/sync/probe.ts', "import { deskClient } from '../../transport'; export const c = deskClient;"],
    ['a console component using the transport\'s helpers and error type', 'server/console/src/features/queue/components/Probe.tsx', "import { localMinute, type ConsoleError } from '../../../transport/client'; export const x: [typeof localMinute, ConsoleError | null] = [localMinute, null];"],
    ['a repository building SQL', 'server/db/repos/probeRepo.ts', "import { sql, type Kysely } from 'kysely'; export const f = (db: Kysely<never>) => [db.selectFrom('plans' as never), sql`select 1`];"],
    ['a service test building SQL', 'server/services/probe.test.ts', "import { type Kysely } from 'kysely'; export const f = (db: Kysely<never>) => db.selectFrom('plans' as never);"],
  ];
  for (const [name, path, code] of allowed) {
    it(`allows ${name}`, async () => {
      expect(await lintErrors(path, code)).toEqual([]);
    });
  }
});

/** Type errors of one virtual file added to a project, as `tsc -p <config>` would report them. */
function typeErrors(config: string, path: string, code: string): string[] {
  const file = join(ROOT, path);
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, config), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!parsed) throw new Error(`cannot read ${config}`);
  const options = { ...parsed.options, noEmit: true, composite: false, emitDeclarationOnly: false, declaration: false };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => (name === file ? ts.createSourceFile(name, code, version) : getSourceFile(name, version, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram({ rootNames: [file, ...parsed.fileNames.filter((f) => f.endsWith('.d.ts'))], options, host });
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('typecheck boundaries', () => {
  // A pdfmake document type in the same file: @types/pdfmake references Node's types, which must not leak in.
  const probe = "import type { Content } from 'pdfmake/interfaces';\nexport const c: Content = 'x';\nexport const b = Buffer.from('x');\nexport const e = process.env.HOME;\n";

  it('Node globals are type errors in shared/, even beside pdfmake types', () => {
    const errors = typeErrors('tsconfig.shared.json', 'shared/print/probe.ts', probe);
    expect(errors.filter((e) => /Cannot find name '(Buffer|process)'/.test(e))).toHaveLength(2);
  }, 60_000);

  it('Node globals are type errors in the renderer, even beside pdfmake types', () => {
    const errors = typeErrors('tsconfig.web.json', 'renderer/src/lib/probe.ts', probe);
    expect(errors.filter((e) => /Cannot find name '(Buffer|process)'/.test(e))).toHaveLength(2);
  }, 60_000);

  it('Node globals are type errors in the county console', () => {
    const errors = typeErrors('tsconfig.web.json', 'server/console/src/probe.ts', probe);
    expect(errors.filter((e) => /Cannot find name '(Buffer|process)'/.test(e))).toHaveLength(2);
  }, 60_000);

  it('the same file type-checks where Node is allowed (the check itself works)', () => {
    expect(typeErrors('tsconfig.node.json', 'electron/core/probe.ts', probe)).toEqual([]);
  }, 60_000);
});
