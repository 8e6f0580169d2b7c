// `npm run package`: build, then electron-builder. electron-builder rebuilds native modules for
// Electron *in place* in node_modules; afterwards the Node build is restored so `npm test` keeps working.
import { spawnSync } from 'node:child_process';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;

let status = run('npm', ['run', 'build']);
if (status === 0) status = run('npx', ['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)]);
const restore = run('npm', ['rebuild', 'better-sqlite3-multiple-ciphers']);
if (restore !== 0) console.error('could not restore the Node build of better-sqlite3-multiple-ciphers: run `npm rebuild better-sqlite3-multiple-ciphers`');
process.exit(status || restore);
