// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'worker_threads', 'zlib', 'events', 'buffer'];

/** Where code may run is decided by its folder; these rules enforce it. */
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'release/', '.tsbuild/', '.electron-native/', 'test-results/', 'playwright-report/', 'e2e/artifacts/', 'server-data/', '.tmp/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict([...nodeBuiltins, 'electron', 'react', 'react-dom', 'antd', 'better-sqlite3*', '**/electron/**', '**/renderer/**'], 'shared/ is pure: no Node, DOM, Electron or app-layer imports.'),
    languageOptions: { globals: {} },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: restrict(['electron', '**/electron/main/**', '**/renderer/**', 'react', 'antd'], "electron/core/ runs under plain Node: never import 'electron' or the renderer."),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict([...nodeBuiltins, 'electron', 'better-sqlite3*', '**/electron/**', 'ws'], 'renderer/ runs in the browser: no Node or Electron imports; talk to the core through the client.'),
  },
);
