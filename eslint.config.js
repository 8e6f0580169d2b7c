// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { boundaries } from './scripts/eslint-boundaries.mjs';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads', 'zlib', 'events', 'buffer'];

const testFiles = ['**/*.test.ts', '**/*.test.tsx'];
/** Test kits: a `testing/` folder or a `*.test` file. Production code imports neither. */
const testModules = ['**/testing/**', '**/*.test'];
const testPackages = ['vitest', 'vitest/*', '@playwright/test', 'fast-check'];

/** Node's globals, refused where code must also run without Node. */
const nodeGlobals = (why) =>
  ['Buffer', 'process', 'global', '__dirname', '__filename', 'require', 'module', 'exports', 'setImmediate', 'clearImmediate'].map((name) => ({
    name,
    message: `${why}: no Node globals (${name}).`,
  }));

/** Files with personal data never go to the shared system temp folder: PrivateTemp (electron/core/privateTemp.ts). */
const tempMessage = 'Scratch files hold personal data: use PrivateTemp (a private folder in the data dir), never the system temp folder.';
const noSystemTemp = ['os', 'node:os'].map((name) => ({ name, importNames: ['tmpdir'], message: tempMessage }));
const noSystemTempProperty = [{ object: 'os', property: 'tmpdir', message: tempMessage }];

/** Where code may run is decided by its folder; these rules enforce it. */
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

/** The same for `import('…')` (no-restricted-imports does not see dynamic imports): folders as path fragments. */
const restrictDynamic = (folders, message) => ({
  'no-restricted-syntax': ['error', ...folders.map((f) => ({ selector: `ImportExpression[source.value=/(^|\\/)${f}\\//]`, message }))],
});

/** Services and routes call repositories (server/db/repos, via reposOf): they never build SQL themselves. */
const repoMessage = 'Services and routes never build SQL: add a method to the fitting repository in server/db/repos and call it via reposOf(db or trx).';
const noQueryBuilders = [
  { selector: 'MemberExpression[property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)$/]', message: repoMessage },
  { selector: "ImportDeclaration[source.value='kysely'][importKind!='type'] > ImportSpecifier[imported.name='sql'][importKind!='type']", message: repoMessage },
  { selector: "TaggedTemplateExpression[tag.name='sql']", message: repoMessage },
];

/** Test files and test kits: they may reach across the boundaries (start a server, use the harness). */
const testsAndKits = ['**/*.test.ts', '**/testing/**', '**/testKit.ts', '**/*KillWorker.ts', '**/migrationKit.ts'];
/** What the core's production code never imports. */
const coreZones = [
  { from: testModules, message: 'Production code never imports test kits (they live in testing/ folders or *.test files)' },
  { from: ['electron/main/**', 'electron/preload/**', 'electron/harness/**', 'electron/utility/**'], message: 'The core knows no shell and no test transport: what it needs from outside is a port (ports.ts)' },
  { from: ['renderer/**', 'server/**'], message: 'The core imports neither the renderer nor the county server (share code through shared/ or nodelib/)' },
];
/** The sync engine reaches the county only through the CountyApi port; sync/index.ts alone picks the HTTP driver. */
const countyDriverZone = {
  from: ['electron/core/services/sync/http', 'electron/core/services/sync/countyWire'],
  message: 'Sync code reaches the county server only through the CountyApi port (sync/countyApi.ts); the driver is chosen in sync/index.ts',
};
const serverRule = 'server/ never imports the desk (electron/, renderer/): code both need goes in shared/ (pure) or nodelib/ (Node)';

const rendererZones = [{ from: ['electron/**', 'server/**', 'nodelib/**'], message: 'renderer/ runs in the browser: it reaches the core only through the client' }];
/** Production code of the browser bundles (renderer/src, the console) never imports test kits. */
const testKitZone = { from: testModules, message: 'Production code never imports test kits (they live in testing/ folders or *.test files)' };
/** STYLE rule 8: a feature's store owns every call; its components call the store's actions, never the transport. */
const componentsMessage = "Components call their feature store's actions, never the transport: move the call into the feature's store.ts";
const consoleRestricted = [...nodeBuiltins, 'electron', 'better-sqlite3*', '**/electron/**', '**/renderer/**', 'ws', 'fastify', 'pg', 'kysely', '**/server/db/**', '**/server/services/**', '**/server/routes/**', '**/nodelib/**'];
const consoleMessage = 'server/console/src runs in the browser: no Node, server or desk code; talk to the server through transport/client.ts.';
export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'server/dist/', 'release/', '.tsbuild/', '.electron-native/', 'test-results/', 'playwright-report/', 'e2e/artifacts/', 'server-data/', '.tmp/', 'types/pure/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    plugins: { boundaries },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // STYLE rule 4: a switch over a union lists every member (a `default` does not stand in for the missing
      // ones), so a new member fails lint at each switch that forgets it; end such a switch with assertNever.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, allowDefaultCaseForExhaustiveSwitch: true, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      ...restrict([...nodeBuiltins, 'electron', 'react', 'react-dom', 'antd', 'better-sqlite3*'], 'shared/ is pure: no Node, DOM, Electron or app-layer imports.'),
      'boundaries/forbidden-imports': ['error', { zones: [{ from: ['electron/**', 'renderer/**', 'server/**', 'nodelib/**'], message: 'shared/ is pure: it imports only shared/' }] }],
    },
  },
  {
    // Tests run under Node (vitest) and may read an environment seed.
    files: ['shared/**/*.ts'],
    ignores: testFiles,
    rules: { 'no-restricted-globals': ['error', ...nodeGlobals('shared/ is pure')] },
  },
  {
    // Node-only code the desk core and the county server share: shared/ and Node builtins, nothing else.
    files: ['nodelib/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!node:|\\./|\\.\\./shared/)', message: 'nodelib/ may import only shared/, Node builtins (node:*) and its own files.' }] },
      ],
    },
  },
  {
    // The core's production code: plain Node, reached only through its ports and the contract.
    files: ['electron/core/**/*.ts'],
    ignores: [...testFiles, 'electron/core/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'react', 'react-dom', 'antd'], message: "electron/core/ runs under plain Node: never import 'electron' or the renderer." },
            { group: testPackages, message: 'Production code never imports a test framework.' },
          ],
          paths: noSystemTemp,
        },
      ],
      'no-restricted-properties': ['error', ...noSystemTempProperty],
      'boundaries/forbidden-imports': ['error', { zones: [...coreZones, countyDriverZone] }],
    },
  },
  {
    // The one place that picks the county server's driver, and the driver itself (see countyDriverZone).
    files: ['electron/core/services/sync/index.ts', 'electron/core/services/sync/http.ts'],
    rules: { 'boundaries/forbidden-imports': ['error', { zones: coreZones }] },
  },
  {
    // The Electron shell and the core's process: production code, never the test transport or test kits.
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts', 'electron/utility/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: testPackages, message: 'Production code never imports a test framework.' }], paths: noSystemTemp }],
      'no-restricted-properties': ['error', ...noSystemTempProperty],
      'boundaries/forbidden-imports': [
        'error',
        {
          zones: [
            { from: testModules, message: 'Production code never imports test kits (they live in testing/ folders or *.test files)' },
            { from: ['electron/harness/**'], message: 'The browser harness is a test transport and is never packaged' },
            { from: ['renderer/**', 'server/**'], message: 'The shell talks to the renderer only over IPC and never embeds the county server' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: { ...restrict(['electron', '**/electron/**', '**/renderer/**'], `${serverRule}.`), ...restrictDynamic(['electron', 'renderer'], `${serverRule}.`) },
  },
  {
    // The server's production code does not use its own test kits either.
    files: ['server/**/*.ts'],
    ignores: testsAndKits,
    rules: {
      ...restrict(['electron', '**/electron/**', '**/renderer/**', '**/testing/**'], `${serverRule}; production code never imports server/testing/.`),
      ...restrictDynamic(['electron', 'renderer', 'testing'], `${serverRule}; production code never imports server/testing/.`),
    },
  },
  {
    // Production services and routes: SQL lives in the repositories. This block replaces the no-restricted-syntax
    // list of the one above for these files, so it repeats the dynamic-import checks.
    files: ['server/services/**/*.ts', 'server/routes/**/*.ts'],
    ignores: testsAndKits,
    rules: {
      'no-restricted-syntax': ['error', ...restrictDynamic(['electron', 'renderer', 'testing'], `${serverRule}; production code never imports server/testing/.`)['no-restricted-syntax'].slice(1), ...noQueryBuilders],
    },
  },
  {
    // Dynamic imports too (the allow-list above covers static ones).
    files: ['nodelib/**/*.ts'],
    ignores: ['nodelib/**/*.test.ts'],
    rules: restrictDynamic(['electron', 'server', 'renderer'], 'nodelib/ may import only shared/, Node builtins (node:*) and its own files.'),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...restrict([...nodeBuiltins, 'electron', 'better-sqlite3*', 'ws'], 'renderer/ runs in the browser: no Node or Electron imports; talk to the core through the client.'),
      'boundaries/forbidden-imports': ['error', { zones: rendererZones }],
    },
  },
  {
    // The renderer's production code: its test kits (renderer/src/testing) are for store tests only.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: [...testFiles, 'renderer/src/testing/**'],
    rules: { 'boundaries/forbidden-imports': ['error', { zones: [...rendererZones, testKitZone] }] },
  },
  {
    files: ['renderer/src/features/*/components/**/*.ts', 'renderer/src/features/*/components/**/*.tsx'],
    ignores: testFiles,
    rules: {
      'boundaries/forbidden-imports': ['error', { zones: [...rendererZones, testKitZone, { from: ['renderer/src/transport', 'renderer/src/transport/**'], message: componentsMessage }] }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: testFiles,
    rules: { 'no-restricted-globals': ['error', ...nodeGlobals('renderer/ runs in the browser')] },
  },
  {
    // The county console runs in the browser and reaches the server only through its client (transport/).
    files: ['server/console/src/**/*.ts', 'server/console/src/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(consoleRestricted, consoleMessage),
  },
  {
    // The console's transport also exports helpers components may use (localMinute, the ConsoleError type); the client is not one.
    files: ['server/console/src/features/*/components/**/*.ts', 'server/console/src/features/*/components/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...consoleRestricted.map((group) => ({ group: [group], message: consoleMessage })),
            { group: ['**/transport/client', '**/transport/client.ts'], importNames: ['consoleClient', 'createClient', 'setConsoleClient'], message: `${componentsMessage}.` },
          ],
        },
      ],
    },
  },
  {
    files: ['server/console/src/**/*.ts', 'server/console/src/**/*.tsx'],
    ignores: testFiles,
    rules: {
      'no-restricted-globals': ['error', ...nodeGlobals('server/console/src runs in the browser')],
      'boundaries/forbidden-imports': [
        'error',
        {
          zones: [
            testKitZone,
            { from: ['**'], except: ['shared/**', 'server/console/src/**', 'resources/**'], message: 'server/console/src runs in the browser: it imports only shared/ and its own files, and reaches the server through its client' },
          ],
        },
      ],
    },
  },
);
