import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { format } from '../../shared/i18n/zhCN';
import { serverText } from '../../shared/i18n/zhCN.server';
import { type ServerConfig } from '../config';
import { type Store } from '../db/open';
import { reposOf } from '../db/repos';
import { auditKeyFile, auditMarkFile } from './console/audit';

// Backup and restore of a county server: the database snapshot first, then the page files. Pages are
// content-addressed and never change once complete, so every page the snapshot refers to is already on disk when
// the copy of the page folder starts; pages stored after the snapshot are copied too and are harmless extras.
// The server may keep running during a backup; a restore writes only into an empty data directory or an empty
// database (schema), with the server stopped.
//
// Layout of a backup folder:
//   manifest.json            format, time, dialect, county, the database file's SHA-256, page count and bytes
//   database.sqlite          SQLite: `VACUUM INTO` (a consistent, compacted copy taken inside one read transaction)
//   database.pgdump          PostgreSQL: `pg_dump --format=custom` of the server's schema (one consistent snapshot)
//   blobs/ab/<sha256>        the page files; each is checked against its name when restored
//   console-audit.key        the console audit chain's key (without it the restored log cannot be verified), and
//   console-audit.mark       its outside mark, copied before the snapshot so it never points past the restored log

const t = serverText.backup;
export const BACKUP_FORMAT = 'enroll-county-backup/1';
const SQLITE_FILE = 'county.sqlite';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  dialect: Store['dialect'];
  countyCode: string;
  /** PostgreSQL: the schema the dump holds (restored under the same name). */
  pgSchema: string | null;
  database: { file: string; sha256: string; bytes: number };
  blobs: { count: number; bytes: number };
  /** The console audit key and mark files' SHA-256 (null: the server had none yet); absent in older backups. */
  consoleAudit?: { key: string | null; mark: string | null };
}

/** The console audit files a backup carries: name in the backup → where this configuration keeps it. */
function auditFiles(config: ServerConfig): { name: 'key' | 'mark'; file: string; at: string }[] {
  return [
    { name: 'key', file: 'console-audit.key', at: auditKeyFile(config.dataDir) },
    { name: 'mark', file: 'console-audit.mark', at: auditMarkFile(config.dataDir) },
  ];
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const data of createReadStream(path)) hash.update(data as Buffer);
  return hash.digest('hex');
}

function runTool(tool: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => reject(new Error(format(t.toolFailed, { tool, code: 'ENOENT', stderr: e.message }))));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(format(t.toolFailed, { tool, code: String(code), stderr: stderr.trim().slice(0, 500) })))));
  });
}

/** pg_dump/pg_restore take libpq URLs; the schema is passed separately. */
function pgSchemaOf(config: ServerConfig): string {
  return config.pgSchema ?? 'public';
}

/** Every complete page file under `root/blobs/`, as paths relative to root. */
async function blobFiles(root: string): Promise<string[]> {
  const base = join(root, 'blobs');
  if (!existsSync(base)) return [];
  const out: string[] = [];
  for (const prefix of (await readdir(base)).sort()) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const name of (await readdir(join(base, prefix))).sort()) if (/^[0-9a-f]{64}$/.test(name)) out.push(join('blobs', prefix, name));
  }
  return out;
}

/** Writes a backup into a new folder under `destRoot`; returns the folder and its manifest. */
export async function backupServer(store: Store, config: ServerConfig, countyCode: string, destRoot: string, now: Date): Promise<{ dir: string; manifest: BackupManifest }> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const dir = join(destRoot, `enroll-county-backup-${stamp}`);
  const partial = `${dir}.partial`;
  await mkdir(partial, { recursive: true });
  try {
    const manifest = await writeBackup(store, config, countyCode, partial, now);
    // Only a complete backup carries the final name.
    await rename(partial, dir);
    return { dir, manifest };
  } catch (e: unknown) {
    await rm(partial, { recursive: true, force: true });
    throw e;
  }
}

async function writeBackup(store: Store, config: ServerConfig, countyCode: string, partial: string, now: Date): Promise<BackupManifest> {
  // 0. The console audit key and mark, before the snapshot: the mark only moves forward after a commit, so a mark
  // copied first never names an entry the snapshot lacks (verify would call that a cut log).
  const consoleAudit: { key: string | null; mark: string | null } = { key: null, mark: null };
  for (const f of auditFiles(config)) {
    if (!existsSync(f.at)) continue;
    await copyFile(f.at, join(partial, f.file));
    consoleAudit[f.name] = await fileSha256(join(partial, f.file));
  }

  // 1. The database, as one consistent snapshot.
  let file: string;
  if (store.dialect === 'sqlite') {
    file = 'database.sqlite';
    await reposOf(store.db).snapshot.vacuumInto(join(partial, file));
  } else {
    file = 'database.pgdump';
    if (!config.databaseUrl) throw new Error('DATABASE_URL missing');
    await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--schema=${pgSchemaOf(config)}`, `--file=${join(partial, file)}`, config.databaseUrl]);
  }

  // 2. The page files, after the snapshot (see above).
  let bytes = 0;
  const blobs = await blobFiles(config.dataDir);
  for (const rel of blobs) {
    const to = join(partial, rel);
    await mkdir(join(to, '..'), { recursive: true });
    await copyFile(join(config.dataDir, rel), to);
    bytes += (await stat(to)).size;
  }

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: now.toISOString(),
    dialect: store.dialect,
    countyCode,
    pgSchema: store.dialect === 'postgres' ? pgSchemaOf(config) : null,
    database: { file, sha256: await fileSha256(join(partial, file)), bytes: (await stat(join(partial, file))).size },
    blobs: { count: blobs.length, bytes },
    consoleAudit,
  };
  await writeFile(join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

async function readManifest(dir: string): Promise<BackupManifest> {
  try {
    const m = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
    if (m.format !== BACKUP_FORMAT || !m.database?.file) throw new Error('format');
    return m;
  } catch {
    throw new Error(format(t.notBackup, { dir }));
  }
}

/** The restore's target database must hold nothing yet (SQLite: no file; PostgreSQL: an empty schema of the same name). */
async function assertEmptyDatabase(config: ServerConfig, dialect: Store['dialect'], manifest: BackupManifest): Promise<void> {
  if (dialect === 'sqlite') {
    const target = join(config.dataDir, SQLITE_FILE);
    if (existsSync(target)) throw new Error(format(t.targetNotEmpty, { what: target }));
    return;
  }
  const schema = manifest.pgSchema ?? 'public';
  if (pgSchemaOf(config) !== schema) throw new Error(format(t.otherDialect, { from: `PostgreSQL schema ${schema}`, to: `PostgreSQL schema ${pgSchemaOf(config)}` }));
  const client = new pg.Client({ connectionString: config.databaseUrl ?? '' });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>('select count(*) as n from information_schema.tables where table_schema = $1', [schema]);
    if (Number(r.rows[0]?.n ?? 0) > 0) throw new Error(format(t.targetNotEmpty, { what: `PostgreSQL schema ${schema}` }));
  } finally {
    await client.end();
  }
}

/**
 * Restores a backup into the configured data directory and database, which must hold no county data yet. The
 * database first (its file is checked against the manifest), then the page files (each checked against its name).
 */
export async function restoreServer(config: ServerConfig, dir: string): Promise<BackupManifest> {
  const manifest = await readManifest(dir);
  const dialect: Store['dialect'] = config.databaseUrl ? 'postgres' : 'sqlite';
  if (manifest.dialect !== dialect) throw new Error(format(t.otherDialect, { from: manifest.dialect, to: dialect }));
  const dbFile = join(dir, manifest.database.file);
  if (!existsSync(dbFile) || (await fileSha256(dbFile)) !== manifest.database.sha256) throw new Error(format(t.corrupt, { file: manifest.database.file }));
  const blobs = await blobFiles(dir);
  if (blobs.length !== manifest.blobs.count) throw new Error(format(t.corrupt, { file: 'blobs/' }));
  // Every page is checked against its name before anything is written: a damaged backup leaves the target as it was.
  for (const rel of blobs) if ((await fileSha256(join(dir, rel))) !== rel.split(/[\\/]/).pop()) throw new Error(format(t.corrupt, { file: rel }));

  const existing = await blobFiles(config.dataDir);
  if (existing.length) throw new Error(format(t.targetNotEmpty, { what: join(config.dataDir, 'blobs') }));

  await assertEmptyDatabase(config, dialect, manifest);
  const audit = auditFiles(config).filter((f) => manifest.consoleAudit?.[f.name]);
  for (const f of audit) {
    const sha = manifest.consoleAudit?.[f.name];
    const from = join(dir, f.file);
    if (!existsSync(from) || (await fileSha256(from)) !== sha) throw new Error(format(t.corrupt, { file: f.file }));
    // A key or mark already there (a server started once before the restore, or a shared key file) must be this one.
    if (existsSync(f.at) && (await fileSha256(f.at)) !== sha) throw new Error(format(t.auditFileDiffers, { file: f.at }));
  }

  // 1. The database.
  if (dialect === 'sqlite') {
    const target = join(config.dataDir, SQLITE_FILE);
    await mkdir(config.dataDir, { recursive: true });
    await copyFile(dbFile, `${target}.restoring`);
    await rename(`${target}.restoring`, target);
  } else {
    await runTool('pg_restore', ['--no-owner', '--no-privileges', '--clean', '--if-exists', '--exit-on-error', '--single-transaction', `--dbname=${config.databaseUrl ?? ''}`, dbFile]);
  }

  // 2. The page files (checked above).
  for (const rel of blobs) {
    const from = join(dir, rel);
    const to = join(config.dataDir, rel);
    await mkdir(join(to, '..'), { recursive: true });
    await copyFile(from, `${to}.restoring`);
    await rename(`${to}.restoring`, to);
  }

  // 3. The console audit key (owner-only, as the server makes it) and mark.
  for (const f of audit) {
    if (existsSync(f.at)) continue; // the same file (checked above)
    await mkdir(dirname(f.at), { recursive: true });
    await copyFile(join(dir, f.file), `${f.at}.restoring`);
    await chmod(`${f.at}.restoring`, 0o600);
    await rename(`${f.at}.restoring`, f.at);
  }
  return manifest;
}
